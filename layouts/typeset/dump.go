package typeset

import (
	"fmt"
	"io"
	"math"
	"strconv"
)

// Dump writes pages in a readable form, lengths rounded to 0.01 pt, one
// frame item a line, a text with the structure element it is content of
// ("artifact" when none, "header" for the running header):
//
//	page 2 (595.35 x 842.00)
//	  mark 56.70 "MOD WGPL/149/2 — RESOLUTION 64 (REV. BUSAN, 2014)"
//	  text 56.70 70.26 B 12.00 "MOD WGPL/149/2" H1
//	  rule 56.70 80.10 200.70 80.10 0.50
//	  link 56.70 80.10 200.70 94.00 "https://www.itu.int"
//	  footnote 1
func Dump(w io.Writer, pages []Page) error {
	for _, p := range pages {
		if _, err := fmt.Fprintf(w, "page %d (%s x %s)\n", p.Number, f2(p.Width), f2(p.Height)); err != nil {
			return err
		}
		for _, m := range p.Marks {
			fmt.Fprintf(w, "  mark %s %s\n", f2(m.Y), strconv.Quote(m.Title))
		}
		for _, it := range p.Items {
			switch it := it.(type) {
			case *Text:
				t := it.Text
				if it.Space {
					t += " "
				}
				fmt.Fprintf(w, "  text %s %s %s %s %s %s\n", f2(it.X), f2(it.Y), it.Face, f2(it.Size), strconv.Quote(t), roleOf(it.Node))
			case *Rule:
				fmt.Fprintf(w, "  rule %s %s %s %s %s\n", f2(it.X1), f2(it.Y1), f2(it.X2), f2(it.Y2), f2(it.Width))
			case *LinkArea:
				fmt.Fprintf(w, "  link %s %s %s %s %s\n", f2(it.X1), f2(it.Y1), f2(it.X2), f2(it.Y2), strconv.Quote(it.Node.URI))
			default:
				panic("typeset: unknown item type")
			}
		}
		for _, id := range p.Footnotes {
			if _, err := fmt.Fprintf(w, "  footnote %d\n", id); err != nil {
				return err
			}
		}
	}
	return nil
}

// roleOf names the element a text is content of, for Dump.
func roleOf(n *Node) string {
	switch {
	case n == PageHeader:
		return "header"
	case Element(n) == nil:
		return "artifact"
	}
	return string(Element(n).Role)
}

// f2 formats a length rounded to 0.01 pt, with no negative zero.
func f2(x float64) string {
	r := math.Round(x*100) / 100
	if r == 0 {
		r = 0
	}
	return strconv.FormatFloat(r, 'f', 2, 64)
}
