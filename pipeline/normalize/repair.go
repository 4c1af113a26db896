package normalize

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/parse"
)

// proposalLine matches a proposal heading: "MOD WGPL/149/2", "ADD* X/1/2".
var proposalLine = regexp.MustCompile(`^(SUP\*|ADD\*|\(MOD\)|SUP|MOD|ADD|NOC)[ \t]+([A-Z][A-Za-z0-9-]*(?:/[A-Za-z0-9-]+)+)$`)

// isProposalLine reports whether text is a proposal heading; a cheap test
// comes before the regexp, which every paragraph meets.
func isProposalLine(text string) bool {
	text = strings.TrimSpace(text)
	if len(text) > 80 || len(text) < 5 || !strings.ContainsRune("SMANA(", rune(text[0])) {
		return false
	}
	return proposalLine.MatchString(text)
}

// firstProposal is the index of the first proposal heading, or -1.
func firstProposal(paras []*doc.Paragraph) int {
	for i, p := range paras {
		if p.List == nil && isProposalLine(doc.Text(p.Inlines)) {
			return i
		}
	}
	return -1
}

// repair mends the annex's paragraphs: joins those split at page ends,
// splits calls merged into the paragraph before them, and turns soft line
// breaks into spaces.
func repair(d *doc.Document, paras []*doc.Paragraph) []*doc.Paragraph {
	var out []*doc.Paragraph
	for _, p := range paras {
		joinLines(d, p)
		if n := len(out); n > 0 && continues(out[n-1], p) {
			prev := out[n-1]
			d.Report(p.Pos, doc.Note, "paragraph split at a page end joined to the one before it (line %d)", prev.Pos.Line)
			prev.Inlines = append(append(trimSpace(prev.Inlines), &doc.Run{Pos: p.Pos, Text: " "}), trimSpace(p.Inlines)...)
			continue
		}
		out = append(out, splitCall(d, p)...)
	}
	return out
}

// joinLines turns soft line breaks into spaces (a tab after one too: Markdown
// keeps it for tables only) and hard breaks into line breaks.
func joinLines(d *doc.Document, p *doc.Paragraph) {
	soft := false
	p.Inlines = mapText(p.Inlines, func(s string) string {
		if strings.Contains(s, "\n") {
			soft = true
			s = strings.ReplaceAll(s, "\n\t", " ")
			s = strings.ReplaceAll(s, "\n", " ")
		}
		return strings.ReplaceAll(s, parse.HardBreak, "\n")
	})
	if soft && p.List == nil {
		d.Report(p.Pos, doc.Note, "line breaks inside the paragraph read as spaces")
	}
}

// continues reports whether next is the rest of prev, cut by a page end in
// the export: prev ends without punctuation, next starts in lower case, and
// neither is a heading, a call or a list item.
func continues(prev, next *doc.Paragraph) bool {
	if next.List != nil || isCall(prev) || isCall(next) {
		return false
	}
	// A wholly inserted or deleted paragraph is a paragraph of its own.
	for _, rev := range []doc.Rev{doc.Inserted, doc.Deleted} {
		if allRev(rev, prev.Inlines) != allRev(rev, next.Inlines) {
			return false
		}
	}
	pt := strings.TrimSpace(doc.Text(prev.Inlines))
	nt := strings.TrimSpace(doc.Text(next.Inlines))
	if pt == "" || nt == "" || proposalLine.MatchString(pt) || isCaps(pt) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(pt)
	if strings.ContainsRune(".;:,!?)]\"”", last) {
		return false
	}
	first, _ := utf8.DecodeRuneInString(nt)
	if !unicode.IsLower(first) {
		return false
	}
	_, _, ok := findLabel(nt)
	return !ok
}

// mergedCall finds a call that the export ran into the end of the paragraph
// before it: "..., further instructs the Director of ...".
var mergedCall = regexp.MustCompile(`,[ \t]+((?:further[ \t]+)?(?:instructs|invites|resolves|requests|decides|encourages|urges|calls upon)[ \t][^.;:,]*)$`)

// splitCall splits a call merged into the end of p into a paragraph of its
// own.
func splitCall(d *doc.Document, p *doc.Paragraph) []*doc.Paragraph {
	text := strings.TrimRight(doc.Text(p.Inlines), " ")
	if last, _ := utf8.DecodeLastRuneInString(text); strings.ContainsRune(".;:,!?", last) || !strings.Contains(text, ", ") {
		return []*doc.Paragraph{p} // the regexp below is costly: most paragraphs end in punctuation
	}
	m := mergedCall.FindStringSubmatchIndex(text)
	if m == nil || isCall(p) {
		return []*doc.Paragraph{p}
	}
	head, tail := splitAt(p.Inlines, m[2])
	call := &doc.Paragraph{Pos: p.Pos, Inlines: trimSpace(tail)}
	if len(call.Inlines) > 0 {
		call.Pos = call.Inlines[0].Position()
	}
	if !isCall(call) {
		return []*doc.Paragraph{p}
	}
	p.Inlines = trimSpace(head)
	d.Report(call.Pos, doc.Note, "call %q was run into the paragraph before it: made a paragraph of its own", strings.TrimSpace(cleanText(call.Inlines)))
	return []*doc.Paragraph{p, call}
}

// callWords are the words that open the operative and preambular parts of a
// resolution ("recalling", "resolves", "instructs the Secretary-General").
var callWords = map[string]bool{
	"recalling": true, "recognizing": true, "recognising": true, "considering": true, "noting": true,
	"resolves": true, "instructs": true, "invites": true, "requests": true, "taking": true,
	"bearing": true, "aware": true, "emphasizing": true, "emphasising": true, "endorsing": true,
	"further": true, "decides": true, "encourages": true, "urges": true, "calls": true,
	"having": true, "mindful": true, "convinced": true, "acknowledging": true, "reaffirming": true,
	"expressing": true, "welcoming": true, "observing": true, "concerned": true, "highlighting": true,
	"underlining": true, "stressing": true, "affirming": true, "recommends": true, "appeals": true,
	"approves": true, "agrees": true, "charges": true, "welcomes": true, "notes": true,
}

// isCall reports whether p is a call: a short line opened by a call word,
// with no punctuation at its end ("taking into account further",
// "instructs the Secretary-General, in close cooperation with ...").
func isCall(p *doc.Paragraph) bool {
	if p.List != nil || len(p.Label) > 0 {
		return false
	}
	text := strings.TrimSpace(cleanText(p.Inlines))
	if text == "" {
		text = strings.TrimSpace(doc.Text(p.Inlines))
	}
	text = strings.TrimLeft(text, "[*")
	if text == "" || len(text) > 400 {
		return false // a call is a line, not a paragraph
	}
	firstWord, _, _ := strings.Cut(text, " ")
	first := strings.ToLower(strings.SplitN(firstWord, "/", 2)[0])
	if !callWords[first] || strings.Count(text, " ") > 23 {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(text)
	return !strings.ContainsRune(".;:,!?", last)
}
