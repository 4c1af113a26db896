package normalize

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// headingState is where classify stands in the heading sequence of a
// proposal or an annex: which heading paragraph it expects next.
type headingState int

const (
	inBody            headingState = iota // no heading expected
	wantResNo                             // after the Proposal line
	wantRestitle                          // after ResNo
	wantPreamble                          // after Restitle: Normalaftertitle
	wantAnnexTitle                        // after AnnexNo
	wantAppendixTitle                     // after AppendixNo
)

// headingStep is one transition of the heading sequence: in state from, a
// paragraph that fits takes style and moves to next; one that does not is
// reported with miss (if any) and read as body text.
type headingStep struct {
	from  headingState
	fits  func(p *doc.Paragraph, text string) bool
	style doc.Style
	next  headingState
	miss  string // warning when the expected heading is missing; %s is the proposal id
}

// headingSteps is the heading sequence: Proposal, ResNo, Restitle, the
// preamble line; AnnexNo and AppendixNo, each with its title.
var headingSteps = []headingStep{
	{wantResNo, func(p *doc.Paragraph, text string) bool {
		return p.List == nil && isResolutionLine(text) && annexKind(text) == ""
	},
		doc.StyleResNo, wantRestitle, "proposal %s has no resolution number line (such as \"RESOLUTION 64 (REV. BUSAN, 2014)\")"},
	{wantRestitle, isTitle, doc.StyleRestitle, wantPreamble, "proposal %s has no title after its resolution number"},
	{wantPreamble, func(p *doc.Paragraph, text string) bool {
		_, _, labelled := findLabel(text)
		return p.List == nil && !labelled && !isCall(p) && !isReasons(text)
	}, doc.StyleNormalAfterTitle, inBody, ""},
	{wantAnnexTitle, isTitle, doc.StyleAnnextitle, inBody, ""},
	{wantAppendixTitle, isTitle, doc.StyleAppendixtitle, inBody, ""},
}

// isTitle: a title is a line that is neither a list item, a call, a
// labelled item nor a Reasons statement.
func isTitle(p *doc.Paragraph, text string) bool {
	_, _, labelled := findLabel(text)
	return p.List == nil && !labelled && !isCall(p) && !isReasons(text) && p.Heading == 0 &&
		!isResolutionLine(text) && annexKind(text) == ""
}

func startsUpper(text string) bool {
	r, _ := utf8.DecodeRuneInString(text)
	return unicode.IsUpper(r)
}

func isReasons(text string) bool { return strings.HasPrefix(strings.TrimLeft(text, "*"), "Reasons:") }

// classifier walks the annex in order.
type classifier struct {
	d         *doc.Document
	cur       *doc.Proposal
	state     headingState
	inAnnex   bool        // after an AnnexNo or AppendixNo: numbered headings are headings
	ancestors []*labelled // the labelled items the next one may nest under
}

// classify groups the annex's blocks into proposals and gives every
// paragraph its style; headings are read by the sequence in headingSteps.
func classify(d *doc.Document, blocks []doc.Block) []doc.Block {
	var out []doc.Block
	c := &classifier{d: d}
	for _, b := range blocks {
		if c.cur == nil && !isProposalBlock(b) {
			// An annex without proposal lines (firstHeading): one section
			// with no symbol holds it.
			c.cur = &doc.Proposal{Pos: b.Position()}
			out = append(out, c.cur)
		}
		p, ok := b.(*doc.Paragraph)
		if !ok { // a table: its cells are styled already
			c.cur.Blocks = append(c.cur.Blocks, b)
			c.ancestors = nil
			continue
		}
		marked := doc.Text(p.Inlines)
		text := strings.TrimSpace(marked)
		if m := proposalHeading(text); m != nil && p.List == nil {
			p.Style = doc.StyleProposal
			p.Inlines = tabAfterAction(p.Inlines, len(m[1]))
			c.cur = &doc.Proposal{Pos: p.Pos, Action: doc.Action(m[1]), ID: m[2], Blocks: []doc.Block{p}}
			out = append(out, c.cur)
			c.state, c.ancestors, c.inAnnex = wantResNo, nil, false
			continue
		}
		// The heading steps do not change the text: the body rules read
		// the same line.
		line := lineOf(p.Inlines)
		c.heading(p, line)
		if p.Style == "" {
			c.body(p, line, marked)
		}
		c.cur.Blocks = append(c.cur.Blocks, p)
	}
	return out
}

func isProposalBlock(b doc.Block) bool {
	p, ok := b.(*doc.Paragraph)
	return ok && p.List == nil && isProposalLine(doc.Text(p.Inlines))
}

// heading styles p, whose clean text is clean (lineOf), if it is the
// heading the sequence expects.
func (c *classifier) heading(p *doc.Paragraph, clean string) {
	if c.state == wantResNo && p.List == nil && annexKind(clean) != "" {
		// A proposal that modifies an annex or an appendix starts at its
		// number line: the body rules take it.
		c.state = inBody
		return
	}
	for _, st := range headingSteps {
		if st.from != c.state {
			continue
		}
		if st.fits(p, clean) {
			p.Style, c.state = st.style, st.next
			// A section without a proposal line may hold several
			// resolutions: it is named by its first.
			switch {
			case st.style == doc.StyleResNo && c.cur.Number == "":
				c.cur.Number = foldSpaces(doc.CleanText(p.Inlines))
			case st.style == doc.StyleRestitle && c.cur.Title == "":
				c.cur.Title = foldSpaces(doc.CleanText(p.Inlines))
			}
			return
		}
		if st.miss != "" {
			c.d.Report(p.Pos, doc.Warning, st.miss, c.cur.ID)
		}
		c.state = inBody
		return
	}
}

// bodyRule styles a body paragraph whose clean text fits; the first rule
// that fits wins, so their order is the dialect's precedence: headings
// before calls (a bold "Notes" is a heading), calls before labels.
type bodyRule struct {
	name  string
	fits  func(c *classifier, p *doc.Paragraph, text string) bool
	apply func(c *classifier, p *doc.Paragraph, text string)
}

var bodyRules = []bodyRule{
	{"annex or appendix line", func(c *classifier, p *doc.Paragraph, text string) bool {
		return p.List == nil && annexKind(text) != ""
	}, func(c *classifier, p *doc.Paragraph, text string) {
		if annexKind(text) == "appendix" {
			p.Style, c.state = doc.StyleAppendixNo, wantAppendixTitle
		} else {
			p.Style, c.state = doc.StyleAnnexNo, wantAnnexTitle
		}
		c.inAnnex = true
	}},
	{"resolution line", func(c *classifier, p *doc.Paragraph, text string) bool {
		return p.List == nil && p.Heading == 0 && isResolutionLine(text)
	}, func(c *classifier, p *doc.Paragraph, text string) {
		p.Style, c.state = doc.StyleResNo, wantRestitle
		if c.cur.Number == "" {
			c.cur.Number = text
		}
	}},
	{"Markdown heading", func(c *classifier, p *doc.Paragraph, text string) bool { return p.Heading > 0 },
		func(c *classifier, p *doc.Paragraph, text string) {
			level := p.Heading
			if l := headingLevel(text); l > 0 {
				level = l
			}
			p.Style = doc.HeadingStyle(level)
		}},
	{"bold heading", func(c *classifier, p *doc.Paragraph, text string) bool {
		return p.List == nil && isBoldHeading(text, allBold(p.Inlines)) && !isReasons(text)
	}, func(c *classifier, p *doc.Paragraph, text string) { p.Style = doc.StyleHeadingB }},
	{"numbered heading", func(c *classifier, p *doc.Paragraph, text string) bool {
		return c.inAnnex && p.List == nil && headingLevel(text) > 0
	}, func(c *classifier, p *doc.Paragraph, text string) { p.Style = doc.HeadingStyle(headingLevel(text)) }},
	{"Reasons", func(c *classifier, p *doc.Paragraph, text string) bool { return isReasons(text) },
		func(c *classifier, p *doc.Paragraph, text string) { p.Style = doc.StyleReasons; boldReasons(p) }},
	{"call", func(c *classifier, p *doc.Paragraph, text string) bool {
		// In an annex a capitalised line is a heading's or a sentence's
		// start ("Notes", "Requests for assistance"), not a call.
		return isCall(p) && !(c.inAnnex && startsUpper(text))
	},
		func(c *classifier, p *doc.Paragraph, text string) {
			p.Style = doc.StyleCall
			if callKind(callText(p), allBold(p.Inlines)) == "shape" {
				c.d.Report(p.Pos, doc.Note, "%q read as a call by its shape (a short line in lower case, no final punctuation); its first word is not a known call word", callText(p))
			}
		}},
}

// body styles a paragraph of a proposal's body, whose clean text is clean
// (lineOf) and marked text marked, and cuts its label.
func (c *classifier) body(p *doc.Paragraph, clean, marked string) {
	for _, r := range bodyRules {
		if r.fits(c, p, clean) {
			r.apply(c, p, clean)
			c.ancestors = nil
			return
		}
	}
	c.item(p, marked)
}

// boldReasons sets "Reasons:" in bold, as ITU texts do whether or not the
// source bolds it.
func boldReasons(p *doc.Paragraph) {
	i := strings.Index(doc.Text(p.Inlines), "Reasons:")
	if i < 0 {
		return
	}
	lead, rest := splitAt(p.Inlines, i)
	word, rest := splitAt(rest, len("Reasons:"))
	for _, il := range word {
		if r, ok := il.(*doc.Run); ok {
			r.Format |= doc.Bold
		}
	}
	p.Inlines = append(append(lead, word...), rest...)
}

// item styles a labelled paragraph (or a plain one), whose marked text is
// marked, and cuts its label.
func (c *classifier) item(p *doc.Paragraph, marked string) {
	d := c.d
	label, sepEnd, ok := findLabel(marked)
	if !ok && p.List == nil {
		p.Style = doc.StyleNormal
		c.ancestors = nil
		return
	}
	if ok {
		head, tail := cutOut(p.Inlines, len(label), sepEnd)
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
	var prev *labelled
	if n := len(c.ancestors); n > 0 {
		prev = c.ancestors[n-1]
	}
	cur := &labelled{kind: kindOf(label, prev), unit: lastUnit(label)}
	if p.List != nil {
		cur.indent = p.List.Indent
	}
	cur.colon = strings.HasSuffix(strings.TrimSpace(doc.CleanText(p.Inlines)), ":")
	c.ancestors = nest(c.ancestors, cur)
	p.Level = cur.level
	p.Style = doc.EnumlevStyle(cur.level)
}

// nest places cur among the labelled items before it and gives it its level:
// an item of a kind already open continues that list (at its level); an
// item of another kind under one that announced sub-items (':'), that is
// indented deeper, or that is a sub-item kind (roman numerals, dashes)
// opens a level below; anything else starts again at level 1. A level-2
// item never stands without a parent.
func nest(ancestors []*labelled, cur *labelled) []*labelled {
	for i := len(ancestors) - 1; i >= 0; i-- {
		if a := ancestors[i]; a.kind == cur.kind && !deeper(cur, a) {
			cur.level = a.level
			return append(ancestors[:i:i], cur)
		}
	}
	if n := len(ancestors); n > 0 {
		top := ancestors[n-1]
		sub := cur.kind == romanLabel || cur.kind == dashLabel
		if top.colon || deeper(cur, top) || (sub && top.kind != romanLabel && top.kind != dashLabel) {
			cur.level = min(top.level+1, 3)
			return append(ancestors, cur)
		}
	}
	cur.level = 1
	return []*labelled{cur}
}

// labelled is what classify remembers of a labelled paragraph, to give the
// next one its level.
type labelled struct {
	kind   labelKind
	unit   string // last unit of the label, "h" in "h)"
	level  int
	indent int  // leading spaces of its list marker
	colon  bool // its text ends with ':', announcing sub-items
}

// deeper reports whether cur is written indented under a: by two spaces or
// more, as Markdown nests list items (one space is a sloppy export).
func deeper(cur, a *labelled) bool { return cur.indent >= a.indent+2 }

type labelKind int

const (
	letterLabel labelKind = iota // a), b), fg)
	numberLabel                  // 1, 1., 3.2
	romanLabel                   // i), ii)
	dashLabel                    // –
)

// IsLabel reports whether label is, whole, a label form of the dialect
// ("a)", "ii)", "1", "1.", "3.2", "–"): what a paragraph "LABEL<TAB>text"
// is cut at. The DOCX reader asks it of the numbers Word shows for list
// items before it writes them as labels.
func IsLabel(label string) bool {
	l, _, ok := findLabel(label + "	x")
	return ok && l == label
}

// findLabel finds the label text starts with: it gives the label and the
// end of the separator after it.
func findLabel(text string) (label string, sepEnd int, ok bool) {
	// Labels are short: the regexps see a prefix, as their cost grows with
	// the length of their input. labelStart matches no blank, so the text
	// up to the first one gives the same match.
	if !mayStartLabel(text) {
		return "", 0, false
	}
	head := prefix(text, 64)
	if i := strings.IndexAny(head, " \t"); i >= 0 {
		head = head[:i]
	}
	label = labelStart.FindString(head)
	if label == "" {
		return "", 0, false
	}
	rest := text[len(label):]
	if strings.TrimSpace(rest) == "" && label != "-" && label != "–" && label != "—" {
		return label, len(text), true // a label with no text: reported by the caller
	}
	if !strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, "\t") && !strings.HasPrefix(rest, "\u00a0") {
		return "", 0, false // labelSep starts with one of them
	}
	sep := labelSep.FindString(prefix(rest, 16))
	if sep == "" {
		return "", 0, false
	}
	return label, len(label) + len(sep), true
}

// mayStartLabel is a cheap test of text's first bytes that labelStart
// needs: most paragraphs fail it, and the regexp is not run on them. A
// label starts with a digit, a dash, or one to three letters and ')'.
func mayStartLabel(text string) bool {
	if text == "" {
		return false
	}
	switch c := text[0]; {
	case c >= '0' && c <= '9', c == '-':
		return true
	case c >= 'a' && c <= 'z':
		return strings.IndexByte(prefix(text, 4), ')') > 0
	}
	return strings.HasPrefix(text, "–") || strings.HasPrefix(text, "—")
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

// tabAfterAction separates a proposal's action from its id with a tab, as
// ITU texts do ("MOD<TAB>WGPL/149/2"); the export wrote a space.
func tabAfterAction(in []doc.Inline, n int) []doc.Inline {
	head, tail := splitAt(in, n)
	tail = trimSpace(tail)
	tab := &doc.Run{Text: "\t"}
	if r, ok := last(head).(*doc.Run); ok {
		tab.Pos, tab.Format, tab.Rev = r.Pos, r.Format, r.Rev
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
