package doc

import (
	"fmt"
	"strings"
)

// Outline renders the document as readable text, one line per paragraph,
// for case files and reviews: the cover's Meta, then every block with its
// style, level and label; proposals with their action, id, number and
// title, their paragraphs indented under them. Revisions are written
// {+inserted+} and {-deleted-}, a revised paragraph mark ¶+ or ¶-, bold
// **text**, real links [text](target), footnote references [^N], tabs ⇥
// and line breaks ↵.
func (d *Document) Outline() string {
	var sb strings.Builder
	m := d.Meta
	fields := []struct{ name, value string }{
		{"conference", m.Conference}, {"place", m.Place}, {"committee", m.Committee}, {"agenda", m.Agenda},
		{"number", m.Number}, {"revision", m.Revision}, {"reference", m.Reference()},
		{"date", m.ISODate}, {"original", m.Original}, {"source", m.Source}, {"title", m.Title},
		{"signature", strings.Join(m.Signature, " / ")},
	}
	for _, f := range fields {
		if f.value != "" {
			fmt.Fprintf(&sb, "meta %s: %s\n", f.name, f.value)
		}
	}
	if m.AnnexPages > 0 {
		fmt.Fprintf(&sb, "meta annex pages: %d\n", m.AnnexPages)
	}
	outlineBlocks(&sb, d.Blocks, "")
	for _, fn := range d.Footnotes {
		fmt.Fprintf(&sb, "footnote %d (%s): %s\n", fn.ID, fn.Mark, OutlineInlines(fn.Inlines))
	}
	return sb.String()
}

func outlineBlocks(sb *strings.Builder, blocks []Block, indent string) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *Paragraph:
			sb.WriteString(indent + outlineParagraph(b) + "\n")
		case *Table:
			fmt.Fprintf(sb, "%stable\n", indent)
			for _, r := range b.Rows {
				var cells []string
				for _, c := range r.Cells {
					cells = append(cells, OutlineInlines(c.Inlines))
				}
				style := StyleTableText
				if len(r.Cells) > 0 {
					style = r.Cells[0].Style
				}
				fmt.Fprintf(sb, "%s  %s | %s\n", indent, style, strings.Join(cells, " | "))
			}
		case *Proposal:
			fmt.Fprintf(sb, "%sproposal %s %s", indent, b.Action, b.ID)
			if b.Number != "" {
				fmt.Fprintf(sb, " number=%q", b.Number)
			}
			if b.Title != "" {
				fmt.Fprintf(sb, " title=%q", b.Title)
			}
			sb.WriteString("\n")
			outlineBlocks(sb, b.Blocks, indent+"  ")
		default:
			panic(fmt.Sprintf("doc: unknown block type %T", b))
		}
	}
}

func outlineParagraph(p *Paragraph) string {
	s := string(p.Style)
	if s == "" {
		s = "(unstyled)"
	}
	if p.Level > 0 {
		s += fmt.Sprintf(" %d", p.Level)
	}
	switch p.Mark.Shown() {
	case Inserted:
		s += " ¶+"
	case Deleted:
		s += " ¶-"
	}
	s += " | "
	if len(p.Label) > 0 {
		s += OutlineInlines(p.Label) + "⇥"
	}
	return s + OutlineInlines(p.Inlines)
}

// OutlineInlines renders inlines as Outline does.
func OutlineInlines(in []Inline) string {
	var sb strings.Builder
	for _, il := range in {
		var text string
		switch il := il.(type) {
		case *Run:
			text = strings.NewReplacer("\t", "⇥", "\n", "↵").Replace(il.Text)
			if il.Format&Bold != 0 && strings.TrimSpace(text) != "" {
				text = "**" + text + "**"
			}
			if il.Link != "" {
				text = "[" + text + "](" + il.Link + ")"
			}
		case *FootnoteRef:
			text = fmt.Sprintf("[^%d]", il.ID)
		default:
			panic(fmt.Sprintf("doc: unknown inline type %T", il))
		}
		// A deletion nested in an insertion shows both: {+{-text-}+}.
		if rev := il.Revision(); rev.Del != 0 {
			text = "{-" + text + "-}"
		}
		if rev := il.Revision(); rev.Ins != 0 {
			text = "{+" + text + "+}"
		}
		sb.WriteString(text)
	}
	return sb.String()
}
