package edit

import (
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// visibleClean tells the inlines the clean view shows: not deleted.
func visibleClean(r doc.Revision) bool { return r.Del == 0 }

// textIndex maps a view's text of a paragraph (the text of the inlines a
// view shows) to the inlines: starts[i] is where inline i starts in it.
type textIndex struct {
	text    string
	starts  []int
	lens    []int // 0 for inlines the view does not show, and references
	visible []bool
}

func index(in []doc.Inline, visible func(doc.Revision) bool) *textIndex {
	ix := &textIndex{starts: make([]int, len(in)), lens: make([]int, len(in)), visible: make([]bool, len(in))}
	var sb strings.Builder
	for i, il := range in {
		ix.starts[i] = sb.Len()
		ix.visible[i] = visible(il.Revision())
		if r, ok := il.(*doc.Run); ok && ix.visible[i] {
			sb.WriteString(r.Text)
			ix.lens[i] = len(r.Text)
		}
	}
	ix.text = sb.String()
	return ix
}

// match is a stretch [a, b) of a paragraph's clean text.
type match struct {
	site *site
	a, b int
}

// text is the clean text the match covers.
func (m match) text() string { return doc.CleanText(m.site.p.Inlines)[m.a:m.b] }

// find gives the non-overlapping matches of text in the view's text of
// st, quotes, spaces and dashes folded.
func (ix *textIndex) find(st *site, text string) []match {
	if text == "" {
		return nil
	}
	hay, back := foldMap(ix.text)
	needle := fold(text)
	var out []match
	for from := 0; from <= len(hay); {
		i := strings.Index(hay[from:], needle)
		if i < 0 {
			break
		}
		a, b := from+i, from+i+len(needle)
		out = append(out, match{st, back[a], back[b]})
		from = b
	}
	return out
}

// find gives the matches of text in the clean view of every site.
func (ed *editor) find(scope []*site, text string) []match {
	var out []match
	for _, st := range scope {
		out = append(out, index(st.p.Inlines, visibleClean).find(st, text)...)
	}
	return out
}

// splitAt cuts the visible runs that straddle a or b, so that both fall
// between inlines; in is not changed.
func (ix *textIndex) splitAt(in []doc.Inline, cuts ...int) []doc.Inline {
	out := make([]doc.Inline, 0, len(in)+2)
	for i, il := range in {
		r, ok := il.(*doc.Run)
		if !ok || ix.lens[i] == 0 {
			out = append(out, il)
			continue
		}
		start, end := ix.starts[i], ix.starts[i]+ix.lens[i]
		pieces := []int{0}
		for _, c := range cuts {
			if c > start && c < end {
				pieces = append(pieces, c-start)
			}
		}
		pieces = append(pieces, len(r.Text))
		if len(pieces) == 2 {
			out = append(out, il)
			continue
		}
		dedup := pieces[:1]
		for _, p := range pieces[1:] {
			if p > dedup[len(dedup)-1] {
				dedup = append(dedup, p)
			}
		}
		for k := 0; k+1 < len(dedup); k++ {
			c := *r
			c.Text = r.Text[dedup[k]:dedup[k+1]]
			if c.Pos.IsValid() {
				c.Pos.Col += utf8.RuneCountInString(r.Text[:dedup[k]])
			}
			out = append(out, &c)
		}
	}
	return out
}

// span gives the inlines [first, last) that the stretch [a, b) covers,
// once splitAt made a and b fall between inlines: for an empty stretch,
// the place where an insertion goes (before the next shown inline).
func (ix *textIndex) span(a, b int) (first, last int) {
	n := len(ix.starts)
	first = n
	for i := 0; i < n; i++ {
		if !ix.visible[i] {
			continue
		}
		if ix.lens[i] == 0 { // a reference: inside only when strictly so
			if ix.starts[i] > a && ix.starts[i] < b {
				first = min(first, i)
				last = i + 1
			}
			continue
		}
		if ix.starts[i] >= a && ix.starts[i] < b {
			first = min(first, i)
			last = i + 1
		}
		if a == b && ix.starts[i] >= a && first == n {
			return i, i
		}
	}
	if first == n {
		if a == b && a >= len(ix.text) {
			return n, n
		}
		return n, n
	}
	return first, last
}

// runs gives the shown inlines of in that [a, b) covers.
func (ix *textIndex) runs(in []doc.Inline, a, b int) []doc.Inline {
	var out []doc.Inline
	for i, il := range in {
		if ix.lens[i] > 0 && ix.starts[i] < b && ix.starts[i]+ix.lens[i] > a {
			out = append(out, il)
		}
	}
	return out
}

// folds are the characters matching treats as alike: quotes, spaces,
// dashes. Each folds to one ASCII byte.
var folds = map[rune]byte{
	'‘': '\'', '’': '\'', '‚': '\'', '′': '\'', '`': '\'', '´': '\'',
	'“': '"', '”': '"', '„': '"', '″': '"', '«': '"', '»': '"',
	'\u00a0': ' ', '\u202f': ' ', '\u2009': ' ', '\u2002': ' ', '\u2007': ' ', '\t': ' ',
	'–': '-', '—': '-', '‑': '-', '−': '-',
}

func fold(s string) string {
	f, _ := foldMap(s)
	return f
}

// foldMap folds s and gives, for each byte offset of the folded text (and
// its end), the offset in s it came from.
func foldMap(s string) (string, []int) {
	var sb strings.Builder
	back := make([]int, 0, len(s)+1)
	for i, r := range s {
		if c, ok := folds[r]; ok {
			sb.WriteByte(c)
			back = append(back, i)
			continue
		}
		n := utf8.RuneLen(r)
		if r == utf8.RuneError {
			n = 1
		}
		sb.WriteString(s[i : i+n])
		for k := 0; k < n; k++ {
			back = append(back, i)
		}
	}
	back = append(back, len(s))
	return sb.String(), back
}
