package normalize

import (
	"strings"
	"unicode"
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
		if !startsWithSuperscript(p.Inlines) {
			out = append(out, p) // most paragraphs: no need to join their text
			continue
		}
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

// startsWithSuperscript reports whether the text of inlines (markedText)
// starts with a superscript digit, from its first run with text.
func startsWithSuperscript(in []doc.Inline) bool {
	for _, il := range in {
		if r, ok := il.(*doc.Run); ok && r.Text != "" {
			n, _ := supPrefix(r.Text)
			return n > 0
		}
	}
	return false
}

// markSite is a superscript mark found in the text: a candidate
// footnote reference.
type markSite struct {
	run  *doc.Run
	at   int // byte offset in run.Text
	n    int // bytes of the mark
	mark string
	pos  doc.Pos
	body int // index of the body it is bound to, -1 if none
}

// bindFootnotes turns superscript digits in the text into footnote
// references: each body is bound to the last unbound mark with its digits
// before it in the source (the export puts a body at the end of the page
// its mark is on), else to the first one after it. A superscript after a
// unit of measure ("km²") is an exponent; any other mark with no body stays
// text, with a warning. Footnotes are numbered in order of reference. The
// cost is linear in the marks and bodies.
func bindFootnotes(d *doc.Document, bodies []*doc.Footnote) {
	var sites []*markSite
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		var prev string // text before the run, for the unit test
		for _, il := range p.Inlines {
			if r, ok := il.(*doc.Run); ok {
				if hasSuperscript(r.Text) {
					sites = append(sites, findMarks(r, prev)...)
				}
				prev = r.Text
			}
		}
	})
	bindBodies(sites, bodies)
	bound := make([]bool, len(bodies))
	bySite := make(map[*doc.Run][]*markSite)
	for _, s := range sites {
		bySite[s.run] = append(bySite[s.run], s)
		if s.body >= 0 {
			bound[s.body] = true
		}
	}
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		var out []doc.Inline
		changed := false
		for _, il := range p.Inlines {
			r, ok := il.(*doc.Run)
			if !ok || bySite[r] == nil {
				out = append(out, il)
				continue
			}
			out = append(out, splitRefs(d, r, bySite[r], bodies)...)
			changed = true
		}
		if changed {
			p.Inlines = out
		}
	})
	for i, b := range bodies {
		if !bound[i] {
			d.Report(b.Pos, doc.Warning, "footnote %s is cited nowhere: dropped from the flow, kept as a footnote", supString(b.Mark))
			b.ID = len(d.Footnotes) + 1
			d.Footnotes = append(d.Footnotes, b)
		}
	}
}

// findMarks finds the superscript marks of a run; prev is the text of the
// run before it.
func findMarks(r *doc.Run, prev string) []*markSite {
	var out []*markSite
	text := r.Text
	col := 0 // runes before i: counted as the scan goes, not again per mark
	for i := 0; i < len(text); {
		n, mark := supPrefix(text[i:])
		if n == 0 {
			_, size := utf8.DecodeRuneInString(text[i:])
			i += size
			col++
			continue
		}
		if !afterUnit(lastWord(prev, text[:i])) {
			pos := r.Pos
			if pos.IsValid() {
				pos.Col += col
			}
			out = append(out, &markSite{run: r, at: i, n: n, mark: mark, pos: pos, body: -1})
		}
		i += n
		col += utf8.RuneCountInString(mark)
	}
	return out
}

// lastWord is the end of prev+text that afterUnit needs: a bounded tail,
// so that a run of many marks is not read again for each.
func lastWord(prev, text string) string {
	const tail = 24 // "1 000 km": longer than any number and unit
	if len(text) >= tail {
		return text[len(text)-tail:]
	}
	if len(prev) > tail {
		prev = prev[len(prev)-tail:]
	}
	return prev + text
}

// afterUnit reports whether text ends with a unit of measure ("5 km"), so
// that a superscript after it is an exponent.
func afterUnit(text string) bool {
	i := len(text)
	for i > 0 {
		r, size := utf8.DecodeLastRuneInString(text[:i])
		if !unicode.IsLetter(r) {
			break
		}
		i -= size
	}
	word := text[i:]
	if word == "" || !units[word] {
		return false
	}
	// "5 km", "5km": a number before the unit; "dB(W/m²)": a unit of a
	// compound unit.
	before := strings.TrimRight(text[:i], " \u00a0\u202f\u2009")
	r, _ := utf8.DecodeLastRuneInString(before)
	return unicode.IsDigit(r) || r == '/' || r == '·'
}

// bindBodies binds each body to the last unbound site with its mark before
// it, then the bodies left to the first unbound site after them: one pass
// over sites and bodies in source order, with a stack per mark.
func bindBodies(sites []*markSite, bodies []*doc.Footnote) {
	before := func(a, b doc.Pos) bool { return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col }
	stacks := map[string][]*markSite{}
	var left []int
	next := 0
	for bi, b := range bodies {
		for next < len(sites) && before(sites[next].pos, b.Pos) {
			s := sites[next]
			stacks[s.mark] = append(stacks[s.mark], s)
			next++
		}
		st := stacks[b.Mark]
		if len(st) == 0 {
			left = append(left, bi)
			continue
		}
		st[len(st)-1].body = bi
		stacks[b.Mark] = st[:len(st)-1]
	}
	if len(left) == 0 {
		return
	}
	// Bodies standing before any mark of theirs: the first unbound site
	// after each, in order.
	queues := map[string][]*markSite{}
	for _, s := range sites {
		if s.body < 0 {
			queues[s.mark] = append(queues[s.mark], s)
		}
	}
	for _, bi := range left {
		q := queues[bodies[bi].Mark]
		for len(q) > 0 && before(q[0].pos, bodies[bi].Pos) {
			q = q[1:]
		}
		if len(q) > 0 {
			q[0].body = bi
			q = q[1:]
		}
		queues[bodies[bi].Mark] = q
	}
}

// splitRefs cuts the marks of a run into footnote references, numbering
// footnotes in order of reference; a mark with no body stays text.
func splitRefs(d *doc.Document, r *doc.Run, sites []*markSite, bodies []*doc.Footnote) []doc.Inline {
	var out []doc.Inline
	start := 0
	counted, col := 0, r.Pos.Col // runes counted up to counted, as the cuts go forward
	emit := func(end int) {
		if end > start {
			c := *r
			c.Text = r.Text[start:end]
			if c.Pos.IsValid() {
				col += utf8.RuneCountInString(r.Text[counted:start])
				counted = start
				c.Pos.Col = col
			}
			out = append(out, &c)
		}
	}
	for _, s := range sites {
		if s.body < 0 {
			d.Report(s.pos, doc.Warning, "footnote mark %s has no footnote text: kept as text", supString(s.mark))
			continue
		}
		emit(s.at)
		fn := bodies[s.body]
		if fn.ID == 0 {
			fn.ID = len(d.Footnotes) + 1
			d.Footnotes = append(d.Footnotes, fn)
		}
		out = append(out, &doc.FootnoteRef{Pos: s.pos, ID: fn.ID, Mark: s.mark, Rev: r.Rev})
		start = s.at + s.n
	}
	emit(len(r.Text))
	return out
}

func supString(mark string) string {
	const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	var sb strings.Builder
	for _, c := range mark {
		sb.WriteRune([]rune(sup)[c-'0'])
	}
	return sb.String()
}

// hasSuperscript reports whether s holds a superscript digit: it looks for
// their UTF-8 forms, ¹²³ (C2 B9, B2, B3) and ⁰⁴…⁹ (E2 81 B0, B4…B9),
// byte by byte (TestHasSuperscript holds it to the table superscript).
func hasSuperscript(s string) bool {
	for rest := s; ; {
		i := strings.IndexByte(rest, 0xc2)
		if i < 0 || i+1 >= len(rest) {
			break
		}
		if c := rest[i+1]; c == 0xb9 || c == 0xb2 || c == 0xb3 {
			return true
		}
		rest = rest[i+1:]
	}
	for rest := s; ; {
		i := strings.IndexByte(rest, 0xe2)
		if i < 0 || i+2 >= len(rest) {
			return false
		}
		if rest[i+1] == 0x81 && (rest[i+2] == 0xb0 || rest[i+2] >= 0xb4 && rest[i+2] <= 0xb9) {
			return true
		}
		rest = rest[i+1:]
	}
}
