package normalize

import (
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// classify groups the annex's paragraphs into proposals and gives every
// paragraph its style; the heading of a proposal is read in order:
// Proposal, ResNo, Restitle, then the preamble line (Normalaftertitle).
func classify(d *doc.Document, paras []*doc.Paragraph) []doc.Block {
	var out []doc.Block
	var cur *doc.Proposal
	var prevLabel *labelled
	next := doc.Style("") // the heading style expected next, if any
	for _, p := range paras {
		text := strings.TrimSpace(doc.Text(p.Inlines))
		if m := proposalHeading(text); m != nil && p.List == nil {
			p.Style = doc.StyleProposal
			p.Inlines = tabAfterAction(p.Inlines, len(m[1]))
			cur = &doc.Proposal{Pos: p.Pos, Action: doc.Action(m[1]), ID: m[2], Blocks: []doc.Block{p}}
			out = append(out, cur)
			next, prevLabel = doc.StyleResNo, nil
			continue
		}
		switch next {
		case doc.StyleResNo:
			if isCaps(strings.TrimSpace(cleanText(p.Inlines))) && p.List == nil {
				p.Style, next = doc.StyleResNo, doc.StyleRestitle
				cur.Number = oneLine(strings.Fields(cleanText(p.Inlines)))
				break
			}
			d.Report(p.Pos, doc.Warning, "proposal %s has no resolution number line (such as \"RESOLUTION 64 (REV. BUSAN, 2014)\")", cur.ID)
			next = ""
		case doc.StyleRestitle:
			if p.List == nil && !isCall(p) {
				p.Style, next = doc.StyleRestitle, doc.StyleNormalAfterTitle
				cur.Title = oneLine(strings.Fields(cleanText(p.Inlines)))
				break
			}
			d.Report(p.Pos, doc.Warning, "proposal %s has no title after its resolution number", cur.ID)
			next = ""
		case doc.StyleNormalAfterTitle:
			next = ""
			if p.List == nil && !isCall(p) {
				if _, _, ok := findLabel(text); !ok {
					p.Style = doc.StyleNormalAfterTitle
				}
			}
		}
		if p.Style == "" {
			prevLabel = classifyBody(d, p, prevLabel)
		}
		cur.Blocks = append(cur.Blocks, p)
	}
	return out
}

// labelled is what classify remembers of the last labelled paragraph, to
// give the next one its level.
type labelled struct {
	kind  labelKind
	unit  string // last unit of the label, "h" in "h)"
	level int
	colon bool // its text ends with ':', announcing sub-items
}

// classifyBody styles a paragraph of a proposal's body and cuts its label.
func classifyBody(d *doc.Document, p *doc.Paragraph, prev *labelled) *labelled {
	text := strings.TrimSpace(doc.Text(p.Inlines))
	switch {
	case isCall(p):
		p.Style = doc.StyleCall
		return nil
	case strings.HasPrefix(text, "Reasons:"):
		p.Style = doc.StyleReasons
		return nil
	}
	label, sepEnd, ok := findLabel(doc.Text(p.Inlines))
	if !ok && p.List == nil {
		p.Style = doc.StyleNormal
		return nil
	}
	if ok {
		head, tail := splitAt(p.Inlines, len(label))
		_, tail = splitAt(tail, sepEnd-len(label))
		p.Label, p.Inlines = trimSpace(head), tail
		if strings.HasSuffix(label, "*") {
			// "ec)*": the export broke an italic label.
			p.Label = mapText(p.Label, func(s string) string { return strings.ReplaceAll(s, "*", "") })
			label = strings.TrimRight(label, "*")
			d.Report(p.Pos, doc.Note, "stray '*' after label %q dropped", label)
		}
	} else if p.List.Ordered > 0 {
		p.Label = []doc.Inline{&doc.Run{Pos: p.Pos, Text: strconv.Itoa(p.List.Ordered) + "."}}
		label = strconv.Itoa(p.List.Ordered) + "."
	} else {
		// A bullet with no label of its own: ITU writes an en dash.
		// The dash has no source position: the stage made it.
		p.Label = []doc.Inline{&doc.Run{Text: "–"}}
		label = "–"
	}
	if len(p.Inlines) == 0 || strings.TrimSpace(doc.Text(p.Inlines)) == "" {
		d.Report(p.Pos, doc.Warning, "label %q has no text after it", label)
	}
	cur := &labelled{kind: kindOf(label, prev), unit: lastUnit(label)}
	cur.colon = strings.HasSuffix(strings.TrimSpace(cleanText(p.Inlines)), ":")
	cur.level = levelOf(cur, p.List, prev)
	p.Level = cur.level
	p.Style = doc.EnumlevStyle(cur.level)
	return cur
}

type labelKind int

const (
	letterLabel labelKind = iota // a), b), fg)
	numberLabel                  // 1, 1., 3.2
	romanLabel                   // i), ii)
	dashLabel                    // –
)

// labelStart matches a label at the start of a paragraph's text: letters or
// numbers closed by ')' (several when the export flattened a renumbering,
// "d)e)"), a number with or without a full stop, or a dash. A stray '*'
// after ')' is an italic marker the export broke.
var labelStart = regexp.MustCompile(`^(?:(?:(?:[a-z]{1,3}|\d{1,3})\)\*?)+|\d{1,3}(?:\.\d{1,2})*\.?|[–—-])`)

// labelSep is what separates a label from its text: white space, and the em
// dash the export writes for a tab in deleted items ("e) — that ...").
var labelSep = regexp.MustCompile(`^[ \t\x{a0}]+(?:—[ \t\x{a0}]+)?`)

// findLabel finds the label text starts with: it gives the label and the
// end of the separator after it.
func findLabel(text string) (label string, sepEnd int, ok bool) {
	// Labels are short: the regexps see a prefix, as their cost grows with
	// the length of their input.
	label = labelStart.FindString(prefix(text, 64))
	if label == "" {
		return "", 0, false
	}
	rest := text[len(label):]
	if strings.TrimSpace(rest) == "" && label != "-" && label != "–" && label != "—" {
		return label, len(text), true // a label with no text: reported by the caller
	}
	sep := labelSep.FindString(prefix(rest, 16))
	if sep == "" {
		return "", 0, false
	}
	return label, len(label) + len(sep), true
}

func prefix(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// lastUnit is the last label unit: "e" for "d)e)", "3.2" for "3.2".
func lastUnit(label string) string {
	s := strings.TrimRight(label, ".*)")
	i := len(s)
	for i > 0 && (s[i-1] >= 'a' && s[i-1] <= 'z' || s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == '.') {
		i--
	}
	if i == len(s) {
		return label
	}
	return s[i:]
}

var romanRe = regexp.MustCompile(`^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)$`)

// kindOf tells the kind of a label; "i)" after "h)" is a letter, not a
// roman numeral.
func kindOf(label string, prev *labelled) labelKind {
	u := lastUnit(label)
	switch {
	case label == "–" || label == "—" || label == "-":
		return dashLabel
	case u != "" && unicode.IsDigit(rune(u[0])):
		return numberLabel
	case romanRe.MatchString(u):
		if len(u) == 1 && prev != nil && prev.kind == letterLabel && len(prev.unit) > 0 {
			r, _ := utf8.DecodeLastRuneInString(prev.unit)
			if r+1 == rune(u[0]) {
				return letterLabel
			}
		}
		if prev != nil && prev.kind == romanLabel {
			return romanLabel
		}
		if u == "i" || len(u) > 1 {
			return romanLabel
		}
	}
	return letterLabel
}

// levelOf gives a labelled paragraph its level, 1..3: letters and numbers
// are items of the text (1), roman numerals and dashes their sub-items (2);
// an item under one that announced sub-items with ':' (or written indented
// under an item of another kind) goes one level deeper.
func levelOf(cur *labelled, list *doc.ListMarker, prev *labelled) int {
	level := 1
	switch cur.kind {
	case romanLabel:
		level = 2
	case dashLabel:
		if prev != nil {
			level = 2
		}
	}
	if prev != nil {
		indented := list != nil && list.Indent > 0
		switch {
		case prev.kind == cur.kind && (indented || prev.level > level):
			level = prev.level
		case prev.kind != cur.kind && (indented || prev.colon) && prev.level >= level:
			level = prev.level + 1
		}
	}
	if level > 3 {
		level = 3
	}
	return level
}

// tabAfterAction separates a proposal's action from its id with a tab, as
// ITU texts do ("MOD<TAB>WGPL/149/2"); the export wrote a space.
func tabAfterAction(in []doc.Inline, n int) []doc.Inline {
	head, tail := splitAt(in, n)
	tail = trimSpace(tail)
	tab := &doc.Run{Text: "\t"}
	if r, ok := last(head).(*doc.Run); ok {
		tab.Pos, tab.Format, tab.Rev, tab.Span = r.Pos, r.Format, r.Rev, r.Span
		tab.Pos.Col += utf8.RuneCountInString(r.Text)
	}
	return coalesce(append(append(head, tab), tail...))
}

func last(in []doc.Inline) doc.Inline {
	if len(in) == 0 {
		return nil
	}
	return in[len(in)-1]
}

// proposalHeading gives the submatches of a proposal heading, or nil.
func proposalHeading(text string) []string {
	if !isProposalLine(text) {
		return nil
	}
	return proposalLine.FindStringSubmatch(strings.TrimSpace(text))
}
