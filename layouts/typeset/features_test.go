package typeset

import (
	"strings"
	"testing"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset/typesettest"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// bodyTexts gives the texts of a page that are content (not the header).
func bodyTexts(p Page) []*Text {
	var out []*Text
	for _, it := range p.Items {
		if t, ok := it.(*Text); ok && t.Node != PageHeader {
			out = append(out, t)
		}
	}
	return out
}

// TestPageBreakBefore checks itu.Spec.PageBreak: an annex (AnnexNo) and
// an appendix (AppendixNo) start a new page, their titles with them, even
// with room left on the page before; and a document whose annex is first
// gets no blank page before it.
func TestPageBreakBefore(t *testing.T) {
	p := proposal(1, append(fillers(2),
		typesettest.Para(doc.StyleAnnexNo, "Annex to Resolution 1"),
		typesettest.Para(doc.StyleAnnextitle, "The annex's title"),
		typesettest.Para(doc.StyleNormal, "The annex's text."),
		typesettest.Para(doc.StyleAppendixNo, "Appendix 1 to the annex"),
		typesettest.Para(doc.StyleNormal, "The appendix's text."))...)
	res := layout(t, document(p), Defaults)
	if len(res.Pages) != 3 {
		t.Fatalf("%d pages, want 3: the proposal, the annex, the appendix", len(res.Pages))
	}
	for i, first := range []string{"MOD", "ANNEX TO RESOLUTION 1", "APPENDIX 1 TO THE ANNEX"} {
		body := bodyTexts(res.Pages[i])
		if len(body) == 0 || body[0].Text != first {
			t.Errorf("page %d starts with %v, want %q", i+2, body[:min(1, len(body))], first)
		}
	}
	if pg, _ := where(res.Pages, "The annex's title"); pg != 1 {
		t.Errorf("the annex title is on page index %d, want 1 (with its AnnexNo)", pg)
	}
	// An annex at the top of the first page: no blank page before it.
	first := &doc.Proposal{Action: doc.ActionADD, ID: "A/1/1", Blocks: []doc.Block{
		typesettest.Para(doc.StyleAnnexNo, "Annex"), typesettest.Para(doc.StyleNormal, "Text.")}}
	res = layout(t, document(first), Defaults)
	if len(res.Pages) != 1 || len(bodyTexts(res.Pages[0])) == 0 {
		t.Errorf("an annex first: %d pages, the first with %d texts; want one page with the annex", len(res.Pages), len(bodyTexts(res.Pages[0])))
	}
}

// TestSpecialSpaces checks the spaces of ITU texts: each is drawn (not
// dropped) at the width of its glyph in the face; the no-break ones
// (U+00A0, U+202F, U+2007) keep the words on either side in one text on
// one line however narrow the measure, and the others (U+2009, U+2002)
// may end a line, where they are not drawn.
func TestSpecialSpaces(t *testing.T) {
	f := fonts.Metrics(fonts.Regular)
	for _, c := range []struct {
		r       rune
		noBreak bool
	}{{'\u00a0', true}, {'\u202f', true}, {'\u2007', true}, {'\u2009', false}, {'\u2002', false}} {
		// No-break: 60 "96 per" between plain spaces; breakable: 60 words
		// joined by the space alone, so that lines must break at some.
		tok := "96" + string(c.r) + "per"
		text := strings.TrimSpace(strings.Repeat(tok+" ", 60))
		if !c.noBreak {
			text = strings.Repeat("word", 60)
			text = strings.Join(strings.SplitAfter(text, "word"), string(c.r))
			text = strings.TrimSuffix(text, string(c.r))
		}
		l := &layouter{p: Defaults, d: &doc.Document{}}
		bl := l.setParagraph(typesettest.Para(doc.StyleNormal, text), marginL, 70, &Node{Role: RoleP})
		drawn := 0
		for li, ln := range bl.lines {
			var ts []*Text
			for _, it := range ln.items {
				if t, ok := it.(*Text); ok {
					ts = append(ts, t)
				}
			}
			for i, tx := range ts {
				if !strings.ContainsRune(tx.Text, c.r) {
					continue
				}
				drawn += strings.Count(tx.Text, string(c.r))
				if c.noBreak {
					if strings.Count(tx.Text, tok) != strings.Count(tx.Text, string(c.r)) {
						t.Errorf("U+%04X: text %q: the space is not between its words", c.r, tx.Text)
					}
					continue
				}
				// Breakable: drawn on its own between two words of its line.
				if tx.Text != string(c.r) || i == 0 || i == len(ts)-1 {
					t.Errorf("U+%04X: line %d: %q at %d of %d texts", c.r, li, tx.Text, i, len(ts))
					continue
				}
				if got, want := ts[i+1].X-tx.X, f.Em(f.Advance(c.r), 12); !near(got, want) {
					t.Errorf("U+%04X is %.3f pt wide, its glyph %.3f", c.r, got, want)
				}
			}
		}
		if len(bl.lines) < 10 {
			t.Errorf("U+%04X: %d lines, want the narrow measure to break often", c.r, len(bl.lines))
		}
		if c.noBreak && drawn != 60 {
			t.Errorf("U+%04X drawn %d times, want 60", c.r, drawn)
		}
		if !c.noBreak && (drawn == 0 || drawn+len(bl.lines)-1 != 59) {
			t.Errorf("U+%04X drawn %d times in %d lines: want each of the 59 drawn but where a line broke", c.r, drawn, len(bl.lines))
		}
	}
}

// noSpaces is a face with Liberation Serif's metrics but none of the
// special spaces.
type noSpaces struct{ *fonts.Face }

func (f noSpaces) Has(r rune) bool {
	if _, special := specialSpaces[r]; special {
		return false
	}
	return f.Face.Has(r)
}

// TestSpaceFallbackWidth checks the widths of special spaces a face
// lacks: thin 1/5 em, en 1/2 em, figure as '0', no-break as ' ', each
// drawn as a plain space set apart.
func TestSpaceFallbackWidth(t *testing.T) {
	f := noSpaces{fonts.Metrics(fonts.Regular)}
	for r, want := range map[rune]float64{'\u2009': 12.0 / 5, '\u202f': 12.0 / 5, '\u2002': 6, '\u2003': 12, '\u2007': f.Em(f.Advance('0'), 12), '\u00a0': f.SpaceWidth(12)} {
		w, draw, fixed := spaceWidth(f, r, 12)
		if !near(w, want) || draw != ' ' || !fixed {
			t.Errorf("U+%04X: width %.3f, draw %q, fixed %v; want %.3f, ' ', fixed", r, w, draw, fixed, want)
		}
	}
	g := fonts.Metrics(fonts.Regular)
	if w, draw, fixed := spaceWidth(g, '\u2009', 12); draw != '\u2009' || fixed || !near(w, g.Em(g.Advance('\u2009'), 12)) {
		t.Errorf("with the glyph: width %.3f, draw %q, fixed %v", w, draw, fixed)
	}
}

// TestLinks checks Run.Link: the link's words are content of a Link
// element, and each line the link is set on has one link area over its
// words, with the target.
func TestLinks(t *testing.T) {
	uri := "https://www.itu.int/en/plenipotentiary/"
	par := &doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{
		&doc.Run{Text: "See "},
		&doc.Run{Text: "the web pages of the " + strings.Repeat("Plenipotentiary Conference ", 8), Link: uri},
		&doc.Run{Text: "for more.", Format: doc.Italic},
	}}
	res := layout(t, document(proposal(1, par)), Defaults)
	var areas []*LinkArea
	var linkTexts []*Text
	for _, it := range res.Pages[0].Items {
		switch it := it.(type) {
		case *LinkArea:
			areas = append(areas, it)
		case *Text:
			if el := Element(it.Node); el != nil && el.Role == RoleLink {
				linkTexts = append(linkTexts, it)
			}
		}
	}
	if len(areas) < 2 {
		t.Fatalf("%d link areas, want one per line of a link set on several", len(areas))
	}
	words := 0
	for _, a := range areas {
		if a.Node.URI != uri || a.Node.Role != RoleLink {
			t.Errorf("link area to %q (%s)", a.Node.URI, a.Node.Role)
		}
		in := 0
		for _, tx := range linkTexts {
			if tx.Y > a.Y1 && tx.Y < a.Y2 {
				in++
				if tx.X < a.X1-0.01 || right(tx) > a.X2+0.01 {
					t.Errorf("link text %q at %.2f–%.2f outside its area %.2f–%.2f", tx.Text, tx.X, right(tx), a.X1, a.X2)
				}
			}
		}
		if in == 0 {
			t.Errorf("a link area with no link text: %+v", a)
		}
		words += in
	}
	if words != len(linkTexts) {
		t.Errorf("%d link texts in areas, %d in all", words, len(linkTexts))
	}
	for _, tx := range bodyTexts(res.Pages[0]) {
		if strings.HasPrefix(tx.Text, "See") || strings.HasPrefix(tx.Text, "for") {
			if el := Element(tx.Node); el == nil || el.Role != RoleP {
				t.Errorf("%q is content of %v, want the P", tx.Text, el)
			}
		}
	}
	var links int
	var walk func(n *Node)
	walk = func(n *Node) {
		if n.Role == RoleLink {
			links++
		}
		for _, k := range n.Kids {
			walk(k)
		}
	}
	walk(res.Struct)
	if links != 1 {
		t.Errorf("%d Link elements, want 1", links)
	}
}
