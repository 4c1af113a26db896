package doc

import "strings"

// Paragraphs calls fn for every paragraph in blocks, in reading order,
// descending into proposals and table cells.
func Paragraphs(blocks []Block, fn func(*Paragraph)) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *Paragraph:
			fn(b)
		case *Table:
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					fn(c)
				}
			}
		case *Proposal:
			Paragraphs(b.Blocks, fn)
		default:
			panic("doc: unknown block type")
		}
	}
}

// Text is the text of inlines as marked: every run, whatever its revision.
// Footnote references are left out.
func Text(inlines []Inline) string { return joinRuns(inlines, allRuns) }

// CleanText is the text of inlines with every change accepted: deleted
// runs left out.
func CleanText(inlines []Inline) string { return joinRuns(inlines, cleanRuns) }

// OriginalText is the text of inlines with every change rejected:
// inserted runs left out.
func OriginalText(inlines []Inline) string { return joinRuns(inlines, originalRuns) }

// Which runs joinRuns joins.
const (
	allRuns      = iota
	cleanRuns    // not deleted
	originalRuns // not inserted
)

// joinRuns concatenates the texts of the runs of in that which takes. The
// stages read a paragraph's text many times over, and a paragraph is most
// often one run: one run's text is given as it is, several are joined in
// one allocation.
func joinRuns(in []Inline, which int) string {
	takes := func(r *Run) bool {
		switch which {
		case cleanRuns:
			return r.Rev.Del == 0
		case originalRuns:
			return r.Rev.Ins == 0
		}
		return true
	}
	n, count, only := 0, 0, ""
	for _, il := range in {
		if r, ok := il.(*Run); ok && r.Text != "" && takes(r) {
			n += len(r.Text)
			count++
			only = r.Text
		}
	}
	if count <= 1 {
		return only
	}
	var sb strings.Builder
	sb.Grow(n)
	for _, il := range in {
		if r, ok := il.(*Run); ok && takes(r) {
			sb.WriteString(r.Text)
		}
	}
	return sb.String()
}

// FullText is a paragraph's label, a tab when it has one, and its text, as
// marked.
func (p *Paragraph) FullText() string {
	if len(p.Label) == 0 {
		return Text(p.Inlines)
	}
	return Text(p.Label) + "\t" + Text(p.Inlines)
}

// Coalesce merges adjacent runs alike in format, revision and link
// into one, the first one's position kept; it is the one "merge alike runs"
// of every stage (a Coalescer for a whole document). The merged texts are
// built once (linear in the text, even for a paragraph of a million
// pieces); in is not changed.
func Coalesce(in []Inline) []Inline {
	c := Coalescer{exact: true}
	return c.Coalesce(in)
}

func alike(a, b *Run) bool {
	return a.Format == b.Format && a.Rev == b.Rev && a.Link == b.Link
}
