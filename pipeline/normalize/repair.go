package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/parse"
)

// firstProposal is the index of the first proposal heading, or -1.
func firstProposal(paras []*doc.Paragraph) int {
	for i, p := range paras {
		if p.List == nil && isProposalLine(doc.Text(p.Inlines)) {
			return i
		}
	}
	return -1
}

// firstHeading is the index of the first annex or resolution number line,
// or -1.
func firstHeading(paras []*doc.Paragraph) int {
	for i, p := range paras {
		clean := lineOf(p.Inlines)
		if p.List == nil && (annexKind(clean) != "" || isResolutionLine(clean)) {
			return i
		}
	}
	return -1
}

// repair mends the annex's paragraphs: reads tables, joins paragraphs
// split at page ends, splits calls merged into the paragraph before them,
// and turns soft line breaks into spaces. It gives paragraphs and tables
// (those a reader gave put back where they stood).
func repair(d *doc.Document, paras []*doc.Paragraph, given givenTables) []doc.Block {
	var out []doc.Block
	var prev *doc.Paragraph // the last paragraph out, if it is the last block
	for _, p := range paras {
		if t := given[p]; t != nil {
			out, prev = append(out, t), nil
			continue
		}
		if t := tableOf(d, p); t != nil {
			out, prev = append(out, t), nil
			continue
		}
		joinLines(d, p)
		if prev != nil && continues(prev, p) {
			d.Report(p.Pos, doc.Note, "paragraph split at a page end joined to the one before it (line %d)", prev.Pos.Line)
			prev.Inlines = append(append(trimSpace(prev.Inlines), &doc.Run{Pos: p.Pos, Text: " "}), trimSpace(p.Inlines)...)
			continue
		}
		first, call := splitCall(d, p)
		out, prev = append(out, first), first
		if call != nil {
			out, prev = append(out, call), call
		}
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
// the export: prev ends without final punctuation, neither is a heading, a
// call, a proposal line or a list item, and next goes on with prev's
// sentence: in lower case, or with a number after a reference word
// ("… in particular Resolution" / "71 (Rev. Bucharest, 2022), …"), or with
// a capital after a function word ("… adopted by the" / "Council …").
func continues(prev, next *doc.Paragraph) bool {
	if next.List != nil || next.Heading > 0 || prev.Heading > 0 {
		return false
	}
	// A wholly inserted or deleted paragraph is a paragraph of its own.
	for _, kind := range []doc.ChangeKind{doc.Insertion, doc.Deletion} {
		_, a := wholly(kind, prev.Inlines)
		_, b := wholly(kind, next.Inlines)
		if a != b {
			return false
		}
	}
	pt := strings.TrimSpace(doc.Text(prev.Inlines))
	nt := strings.TrimSpace(doc.Text(next.Inlines))
	if pt == "" || nt == "" {
		return false
	}
	if last, _ := utf8.DecodeLastRuneInString(pt); strings.ContainsRune(finalPunctuation+")]\"”", last) {
		return false
	}
	// The cheap tests on the seam come first: most paragraphs fail them, and
	// isStructural reads the whole of both paragraphs.
	lastWord := pt
	if i := strings.LastIndexFunc(pt, unicode.IsSpace); i >= 0 {
		_, size := utf8.DecodeRuneInString(pt[i:])
		lastWord = pt[i+size:]
	}
	lastWord = strings.ToLower(lastWord)
	first, _ := utf8.DecodeRuneInString(nt)
	seam := false
	switch {
	case unicode.IsLower(first):
		_, _, labelled := findLabel(nt)
		seam = !labelled
	case unicode.IsDigit(first):
		seam = referenceWords[lastWord]
	case unicode.IsUpper(first):
		seam = functionWords[lastWord]
	}
	return seam && !isStructural(prev, pt) && !isStructural(next, nt)
}

// isStructural reports whether a paragraph with text is one that page
// splits never cut: a proposal, resolution, annex or heading line, a call,
// a line in capitals, a bold heading or a Reasons statement.
func isStructural(p *doc.Paragraph, text string) bool {
	clean := lineOf(p.Inlines)
	return isProposalLine(text) || isResolutionLine(clean) || annexKind(clean) != "" || isCall(p) ||
		isCaps(text) || isBoldHeading(clean, allBold(p.Inlines)) || isReasons(clean) || headingLevel(clean) > 0 && allBold(p.Inlines)
}

// splitCall splits a call merged into the end of p into a paragraph of its
// own: it gives p and the call, or p and nil.
func splitCall(d *doc.Document, p *doc.Paragraph) (*doc.Paragraph, *doc.Paragraph) {
	text := strings.TrimRight(doc.Text(p.Inlines), " ")
	if last, _ := utf8.DecodeLastRuneInString(text); strings.ContainsRune(".;:,!?", last) || !strings.Contains(text, ", ") {
		return p, nil // the regexp below is costly: most paragraphs end in punctuation
	}
	m := mergedCall.FindStringSubmatchIndex(text)
	if m == nil || isCall(p) {
		return p, nil
	}
	head, tail := splitAt(p.Inlines, m[2])
	call := &doc.Paragraph{Pos: p.Pos, Inlines: trimSpace(tail)}
	if len(call.Inlines) > 0 {
		call.Pos = call.Inlines[0].Position()
	}
	if !isCall(call) {
		return p, nil
	}
	p.Inlines = trimSpace(head)
	d.Report(call.Pos, doc.Note, "call %q was run into the paragraph before it: made a paragraph of its own", strings.TrimSpace(doc.CleanText(call.Inlines)))
	return p, call
}

// isCall reports whether p is a call: a line standing alone, not bold, in
// lower case, without final punctuation, opened by a call word or short
// ("taking into account further", "instructs the Secretary-General, in
// close cooperation with ...", "commends the efforts").
func isCall(p *doc.Paragraph) bool {
	if p.List != nil || len(p.Label) > 0 || p.Heading > 0 {
		return false
	}
	text := callText(p)
	// callKind refuses most paragraphs at once (by their final
	// punctuation): it comes before the label regexp.
	if callKind(text, allBold(p.Inlines)) == "" {
		return false
	}
	_, _, labelled := findLabel(text)
	return !labelled
}

// callText is the text a call is judged by: the clean text, or the marked
// text of a call deleted whole ("~~noting~~").
func callText(p *doc.Paragraph) string {
	text := strings.TrimSpace(doc.CleanText(p.Inlines))
	if text == "" {
		text = strings.TrimSpace(doc.Text(p.Inlines))
	}
	text = strings.TrimLeft(text, "[*")
	if len(text) > maxLineBytes {
		return text // no call: callKind refuses it by its length
	}
	return foldSpaces(text)
}
