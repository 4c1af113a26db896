package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// superscript maps superscript digits to digits.
var superscript = map[rune]rune{'⁰': '0', '¹': '1', '²': '2', '³': '3', '⁴': '4', '⁵': '5', '⁶': '6', '⁷': '7', '⁸': '8', '⁹': '9'}

// supPrefix is the length in bytes of the superscript digits s starts with,
// and their value as digits.
func supPrefix(s string) (int, string) {
	n, mark := 0, ""
	for _, r := range s {
		d, ok := superscript[r]
		if !ok {
			break
		}
		n += utf8.RuneLen(r)
		mark += string(d)
	}
	return n, mark
}

// takeFootnoteBodies takes out of the flow every paragraph that is a
// footnote body: superscript digits, a space, text. The Word export puts
// them where the page ended, often in the middle of a list.
func takeFootnoteBodies(d *doc.Document, paras []*doc.Paragraph) ([]*doc.Paragraph, []*doc.Footnote) {
	var bodies []*doc.Footnote
	out := paras[:0]
	for _, p := range paras {
		text := doc.Text(p.Inlines)
		n, mark := supPrefix(text)
		if n == 0 || p.List != nil || !strings.HasPrefix(text[n:], " ") {
			out = append(out, p)
			continue
		}
		_, rest := splitAt(p.Inlines, n)
		bodies = append(bodies, &doc.Footnote{Mark: mark, Pos: p.Pos, Inlines: trimSpace(rest)})
	}
	return out, bodies
}

// bindFootnotes turns superscript digits in the text into footnote
// references, each bound to the first body with its mark that follows it in
// the source (else the nearest one before it); a mark with no body stays
// text, with a warning. Footnotes are numbered in order of reference.
func bindFootnotes(d *doc.Document, bodies []*doc.Footnote) {
	bound := make([]bool, len(bodies))
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		var out []doc.Inline
		for _, il := range p.Inlines {
			r, ok := il.(*doc.Run)
			if !ok || !hasSuperscript(r.Text) {
				out = append(out, il)
				continue
			}
			out = append(out, splitRefs(d, r, bodies, bound)...)
		}
		p.Inlines = out
	})
	for i, b := range bodies {
		if !bound[i] {
			d.Report(b.Pos, doc.Warning, "footnote %s is cited nowhere: dropped from the flow, kept as a footnote", supString(b.Mark))
			b.ID = len(d.Footnotes) + 1
			d.Footnotes = append(d.Footnotes, b)
		}
	}
}

// splitRefs cuts the superscript marks out of a run as footnote references.
func splitRefs(d *doc.Document, r *doc.Run, bodies []*doc.Footnote, bound []bool) []doc.Inline {
	var out []doc.Inline
	text, col, start := r.Text, r.Pos.Col, 0
	emit := func(s string, at int) {
		if s != "" {
			c := *r
			c.Text, c.Pos.Col = s, col+utf8.RuneCountInString(text[:at])
			out = append(out, &c)
		}
	}
	for i := 0; i < len(text); {
		n, mark := supPrefix(text[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			continue
		}
		pos := doc.Pos{Line: r.Pos.Line, Col: col + utf8.RuneCountInString(text[:i])}
		body := pickBody(bodies, bound, mark, pos)
		if body < 0 {
			d.Report(pos, doc.Warning, "footnote mark %s has no footnote text: kept as text", supString(mark))
			i += n
			continue
		}
		emit(text[start:i], start)
		fn := bodies[body]
		if fn.ID == 0 {
			fn.ID = len(d.Footnotes) + 1
			d.Footnotes = append(d.Footnotes, fn)
		}
		out = append(out, &doc.FootnoteRef{Pos: pos, ID: fn.ID, Mark: mark, Rev: r.Rev, Span: r.Span})
		i += n
		start = i
	}
	emit(text[start:], start)
	return out
}

// pickBody chooses the body a mark at pos cites: the first unbound one with
// the mark after pos, else the last one before it; -1 if none.
func pickBody(bodies []*doc.Footnote, bound []bool, mark string, pos doc.Pos) int {
	before := -1
	for i, b := range bodies {
		if b.Mark != mark || bound[i] {
			continue
		}
		if b.Pos.Line > pos.Line {
			bound[i] = true
			return i
		}
		before = i
	}
	if before >= 0 {
		bound[before] = true
	}
	return before
}

func supString(mark string) string {
	const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var sb strings.Builder
	for _, c := range mark {
		sb.WriteRune([]rune(sup)[c-'0'])
	}
	return sb.String()
}

// hasSuperscript reports whether s holds a superscript digit.
func hasSuperscript(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0xc2 || c == 0xe2 { // lead bytes of U+00B9.. and U+2070..
			for _, r := range s[i:] {
				if _, ok := superscript[r]; ok {
					return true
				}
			}
			return false
		}
	}
	return false
}
