package wml

import (
	"fmt"
	"strings"
)

// Stories gives every block sequence of the document with its part: the
// body, each footnote, endnote and comment, each header and footer.
func (d *Docx) storiesAll(fn func(blocks []Block)) {
	fn(d.Body)
	for _, n := range d.Footnotes {
		fn(n.Blocks)
	}
	for _, n := range d.Endnotes {
		fn(n.Blocks)
	}
	for _, c := range d.Comments {
		fn(c.Blocks)
	}
	for _, s := range d.Stories {
		fn(s.Blocks)
	}
}

// walkAll calls fn for every paragraph of the document, table cells
// included, in part and reading order.
func (d *Docx) walkAll(fn func(*Paragraph)) {
	d.storiesAll(func(blocks []Block) { Paragraphs(blocks, fn) })
}

// walkBlocks calls fn for every block of the document, those in table
// cells included.
func (d *Docx) walkBlocks(fn func(Block)) {
	var walk func(blocks []Block)
	walk = func(blocks []Block) {
		for _, b := range blocks {
			fn(b)
			if t, ok := b.(*Table); ok {
				for _, r := range t.Rows {
					for _, c := range r.Cells {
						walk(c.Blocks)
					}
				}
			}
		}
	}
	d.storiesAll(walk)
}

// Paragraphs calls fn for every paragraph in blocks, in reading order,
// descending into table cells.
func Paragraphs(blocks []Block, fn func(*Paragraph)) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *Paragraph:
			fn(b)
		case *Table:
			for _, r := range b.Rows {
				for _, c := range r.Cells {
					Paragraphs(c.Blocks, fn)
				}
			}
		case *RangeMark, *Unsupported:
		default:
			panic(fmt.Sprintf("wml: unknown block %T", b))
		}
	}
}

// Inlines calls fn for every inline in in and inside it (revisions,
// hyperlinks, fields' results and codes), in order, parents first.
func Inlines(in []Inline, fn func(Inline)) {
	for _, x := range in {
		fn(x)
		switch x := x.(type) {
		case *Revision:
			Inlines(x.Inlines, fn)
		case *Hyperlink:
			Inlines(x.Inlines, fn)
		case *Field:
			Inlines(x.Code, fn)
			Inlines(x.Inlines, fn)
		case *Run, *FieldChar, *RangeMark, *Unsupported:
		default:
			panic(fmt.Sprintf("wml: unknown inline %T", x))
		}
	}
}

// InlineText is the text of inlines as a reader sees it with every
// revision shown: text and deleted text, tabs as '\t', breaks as '\n',
// hyphens and symbols as their characters; fields give their result, the
// text of unsupported content is left out.
func InlineText(in []Inline) string {
	var sb strings.Builder
	Inlines(in, func(x Inline) {
		if r, ok := x.(*Run); ok {
			for _, e := range r.Content {
				sb.WriteString(e.String())
			}
		}
	})
	return sb.String()
}

// String gives the text an element shows.
func (e Elem) String() string {
	switch e.Kind {
	case Text, DelText, Sym:
		return e.Text
	case Tab:
		return "\t"
	case Break, PageBreak, ColumnBreak:
		return "\n"
	case NoBreakHyphen:
		return "\u2011"
	case SoftHyphen:
		return "\u00AD"
	}
	return ""
}

// BlocksText is the text of blocks, paragraphs separated by '\n'.
func BlocksText(blocks []Block) string {
	var parts []string
	Paragraphs(blocks, func(p *Paragraph) { parts = append(parts, InlineText(p.Inlines)) })
	return strings.Join(parts, "\n")
}
