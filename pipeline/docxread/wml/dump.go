package wml

import (
	"fmt"
	"strings"
)

// Dump prints the document as an indented tree, one node a line, for
// goldens, case files and debugging: the body, then each note, comment and
// story, then the reports. Positions print as §PARA and :RUN.
func (d *Docx) Dump() string {
	var sb strings.Builder
	sb.WriteString(d.Main + "\n")
	dumpBlocks(&sb, d.Body, 1)
	for _, n := range d.Footnotes {
		fmt.Fprintf(&sb, "footnote %s %s\n", n.ID, n.Pos)
		dumpBlocks(&sb, n.Blocks, 1)
	}
	for _, n := range d.Endnotes {
		fmt.Fprintf(&sb, "endnote %s %s\n", n.ID, n.Pos)
		dumpBlocks(&sb, n.Blocks, 1)
	}
	for _, c := range d.Comments {
		fmt.Fprintf(&sb, "comment %s %q %s %s anchor=%s\n", c.ID, c.Author, c.Date, c.Pos, c.Anchor)
		dumpBlocks(&sb, c.Blocks, 1)
	}
	for _, s := range d.Stories {
		kind := "header"
		if s.Footer {
			kind = "footer"
		}
		fmt.Fprintf(&sb, "%s %s\n", kind, s.Part)
		dumpBlocks(&sb, s.Blocks, 1)
	}
	for _, r := range d.Reports {
		sb.WriteString(r.String() + "\n")
	}
	return sb.String()
}

// DumpBlocks prints blocks as Dump does.
func DumpBlocks(blocks []Block) string {
	var sb strings.Builder
	dumpBlocks(&sb, blocks, 0)
	return sb.String()
}

func indent(sb *strings.Builder, depth int) {
	for range depth {
		sb.WriteString("  ")
	}
}

func (c Change) String() string {
	s := "#" + c.ID + " " + fmt.Sprintf("%q", c.Author)
	if c.Date != "" {
		s += " " + c.Date
	}
	return s
}

func (r Rev) String() string { return r.Kind.String() + "(" + r.Change.String() + ")" }

func revs(rs []Rev) string {
	var parts []string
	for _, r := range rs {
		parts = append(parts, r.String())
	}
	return strings.Join(parts, " ")
}

func dumpBlocks(sb *strings.Builder, blocks []Block, depth int) {
	for _, b := range blocks {
		indent(sb, depth)
		switch b := b.(type) {
		case *Paragraph:
			fmt.Fprintf(sb, "p §%d", b.Pos.Para)
			if b.Style != "" {
				fmt.Fprintf(sb, " style=%s", b.Style)
			}
			if b.Num != nil {
				fmt.Fprintf(sb, " num=%s/%d", b.Num.NumID, b.Num.Level)
			}
			if len(b.Mark) > 0 {
				fmt.Fprintf(sb, " mark=[%s]", revs(b.Mark))
			}
			if b.MarkChange != nil {
				fmt.Fprintf(sb, " markChange(%s)", b.MarkChange)
			}
			if c := b.Change; c != nil {
				fmt.Fprintf(sb, " pPrChange(%s style=%s", c.Change, c.Style)
				if c.Num != nil {
					fmt.Fprintf(sb, " num=%s/%d", c.Num.NumID, c.Num.Level)
				}
				sb.WriteString(")")
			}
			if b.PageBreakBefore {
				sb.WriteString(" pageBreakBefore")
			}
			if b.SectionEnd {
				sb.WriteString(" sectionEnd")
			}
			sb.WriteString("\n")
			dumpInlines(sb, b.Inlines, depth+1)
		case *Table:
			fmt.Fprintf(sb, "table §%d", b.Pos.Para)
			if b.Style != "" {
				fmt.Fprintf(sb, " style=%s", b.Style)
			}
			if len(b.Grid) > 0 {
				fmt.Fprintf(sb, " grid=%v", b.Grid)
			}
			if b.Change != nil {
				fmt.Fprintf(sb, " change(%s)", b.Change)
			}
			sb.WriteString("\n")
			for _, r := range b.Rows {
				indent(sb, depth+1)
				fmt.Fprintf(sb, "row §%d", r.Pos.Para)
				if r.Header {
					sb.WriteString(" header")
				}
				if len(r.Revs) > 0 {
					fmt.Fprintf(sb, " %s", revs(r.Revs))
				}
				if r.Change != nil {
					fmt.Fprintf(sb, " change(%s)", r.Change)
				}
				sb.WriteString("\n")
				for _, c := range r.Cells {
					indent(sb, depth+2)
					fmt.Fprintf(sb, "cell §%d", c.Pos.Para)
					if c.Span > 1 {
						fmt.Fprintf(sb, " span=%d", c.Span)
					}
					if c.VMerge != "" {
						fmt.Fprintf(sb, " vMerge=%s", c.VMerge)
					}
					if len(c.Revs) > 0 {
						fmt.Fprintf(sb, " %s", revs(c.Revs))
					}
					if c.Change != nil {
						fmt.Fprintf(sb, " change(%s)", c.Change)
					}
					sb.WriteString("\n")
					dumpBlocks(sb, c.Blocks, depth+3)
				}
			}
		case *RangeMark:
			dumpRange(sb, b)
		case *Unsupported:
			fmt.Fprintf(sb, "unsupported §%d %s %q\n", b.Pos.Para, b.What, b.Text)
		default:
			panic(fmt.Sprintf("wml: unknown block %T", b))
		}
	}
}

func dumpRange(sb *strings.Builder, m *RangeMark) {
	fmt.Fprintf(sb, "%s id=%s", m.Kind, m.ID)
	if m.Name != "" {
		fmt.Fprintf(sb, " name=%s", m.Name)
	}
	if m.Kind == MoveFromStart || m.Kind == MoveToStart {
		fmt.Fprintf(sb, " (%s)", m.Change)
	}
	sb.WriteString("\n")
}

func dumpInlines(sb *strings.Builder, in []Inline, depth int) {
	for _, x := range in {
		indent(sb, depth)
		switch x := x.(type) {
		case *Run:
			fmt.Fprintf(sb, "r:%d", x.Pos.Run)
			if p := x.Props.String(); p != "" {
				sb.WriteString(" " + p)
			}
			for _, e := range x.Content {
				sb.WriteString(" " + e.dump())
			}
			sb.WriteString("\n")
		case *Revision:
			fmt.Fprintf(sb, "%s(%s)\n", x.Kind, x.Change)
			dumpInlines(sb, x.Inlines, depth+1)
		case *Hyperlink:
			fmt.Fprintf(sb, "link target=%q", x.Target)
			if x.Anchor != "" {
				fmt.Fprintf(sb, " anchor=%q", x.Anchor)
			}
			sb.WriteString("\n")
			dumpInlines(sb, x.Inlines, depth+1)
		case *Field:
			fmt.Fprintf(sb, "field %q", x.Instr)
			if x.Simple {
				sb.WriteString(" simple")
			}
			sb.WriteString("\n")
			if len(x.Code) > 0 {
				indent(sb, depth+1)
				sb.WriteString("code\n")
				dumpInlines(sb, x.Code, depth+2)
			}
			dumpInlines(sb, x.Inlines, depth+1)
		case *FieldChar:
			fmt.Fprintf(sb, "fldChar:%d %s %q\n", x.Pos.Run, x.Kind, x.Field.Instr)
		case *RangeMark:
			dumpRange(sb, x)
		case *Unsupported:
			fmt.Fprintf(sb, "unsupported:%d %s %q\n", x.Pos.Run, x.What, x.Text)
		default:
			panic(fmt.Sprintf("wml: unknown inline %T", x))
		}
	}
}

// String prints the properties that are set: "b -i style=X super".
func (p RunProps) String() string {
	var parts []string
	if p.Style != "" {
		parts = append(parts, "style="+p.Style)
	}
	for _, t := range []struct {
		name string
		v    Toggle
	}{{"b", p.Bold}, {"i", p.Italic}, {"strike", p.Strike}, {"dstrike", p.DoubleStrike},
		{"caps", p.Caps}, {"smallCaps", p.SmallCaps}, {"hidden", p.Hidden}} {
		switch t.v {
		case On:
			parts = append(parts, t.name)
		case Off:
			parts = append(parts, "-"+t.name)
		}
	}
	if p.Underline != "" {
		parts = append(parts, "u="+p.Underline)
	}
	if p.VertAlign != "" {
		parts = append(parts, p.VertAlign)
	}
	if c := p.Change; c != nil {
		parts = append(parts, fmt.Sprintf("rPrChange(%s old=[%s])", c.Change, c.Old))
	}
	return strings.Join(parts, " ")
}

func (e Elem) dump() string {
	switch e.Kind {
	case Text:
		return fmt.Sprintf("%q", e.Text)
	case DelText:
		return fmt.Sprintf("del%q", e.Text)
	case Sym:
		return fmt.Sprintf("<sym %q %s>", e.Text, e.Font)
	case FootnoteRef, EndnoteRef, CommentRef:
		return "<" + e.Kind.String() + " " + e.Text + ">"
	}
	return "<" + e.Kind.String() + ">"
}
