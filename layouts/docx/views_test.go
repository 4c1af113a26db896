package docx

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// viewWords gives the words of a view of d in the order the writer emits
// them: the cover table (left column, then right), source, title, the cover
// body (labels, paragraph text, table cells row by row), signature, annex
// line, the proposals, and last the footnote bodies, where pandoc's plain
// writer puts them.
func viewWords(d *doc.Document, v revise.View) []string {
	vd := revise.Apply(d, v)
	m := vd.Meta
	var parts []string
	add := func(s string) {
		if s != "" {
			parts = append(parts, s)
		}
	}
	prefixed := func(prefix, s string) {
		if s != "" {
			add(prefix + s)
		}
	}
	add(m.Conference)
	add(m.Place)
	add(m.Committee)
	prefixed("Document ", m.Number)
	add(m.Date)
	prefixed("Original: ", m.Original)
	add(m.Source)
	add(m.Title)
	para := func(p *doc.Paragraph) {
		add(doc.Text(p.Label))
		add(doc.Text(p.Inlines))
	}
	doc.Paragraphs(vd.Cover(), para)
	for _, l := range m.Signature {
		add(l)
	}
	if m.AnnexPages > 0 {
		add("Annex: " + strconv.Itoa(m.AnnexPages) + " pages")
	}
	doc.Paragraphs(vd.Blocks[len(vd.Cover()):], para)
	for _, fn := range vd.Footnotes {
		add(doc.Text(fn.Inlines))
	}
	return normWords(strings.Join(parts, " "))
}

var (
	// pandoc's plain writer marks a footnote "[1]" at the reference and
	// before its body at the end.
	noteMark = regexp.MustCompile(`\[[0-9]+\]`)
	// and writes superscripts it cannot spell in Unicode as ^(text).
	superMark = regexp.MustCompile(`\^\(([^)]*)\)`)
	// Unicode superscript digits, which pandoc uses for superscript digits.
	superDigits = strings.NewReplacer("⁰", "0", "¹", "1", "²", "2", "³", "3", "⁴", "4",
		"⁵", "5", "⁶", "6", "⁷", "7", "⁸", "8", "⁹", "9")
)

// normWords splits text into words after removing what pandoc's plain
// writer adds (footnote marks, superscript notation). It is applied to both
// sides of a comparison.
func normWords(s string) []string {
	s = noteMark.ReplaceAllString(s, "")
	s = superMark.ReplaceAllString(s, "$1")
	s = superDigits.Replace(s)
	return strings.Fields(s)
}

// firstDiff gives the index of the first word where a and b differ, or -1.
func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

// around gives the words around index i, for failure messages.
func around(w []string, i int) string {
	lo, hi := max(0, i-8), min(len(w), i+8)
	return strings.Join(w[lo:hi], " ")
}
