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
func Text(inlines []Inline) string {
	var sb strings.Builder
	for _, in := range inlines {
		if r, ok := in.(*Run); ok {
			sb.WriteString(r.Text)
		}
	}
	return sb.String()
}

// CleanText is the text of inlines with every change accepted: deleted
// runs left out.
func CleanText(inlines []Inline) string {
	var sb strings.Builder
	for _, in := range inlines {
		if r, ok := in.(*Run); ok && r.Rev.Del == 0 {
			sb.WriteString(r.Text)
		}
	}
	return sb.String()
}

// OriginalText is the text of inlines with every change rejected:
// inserted runs left out.
func OriginalText(inlines []Inline) string {
	var sb strings.Builder
	for _, in := range inlines {
		if r, ok := in.(*Run); ok && r.Rev.Ins == 0 {
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
