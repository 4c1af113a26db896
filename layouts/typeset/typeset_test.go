package typeset

import (
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/layouts/typeset/typesettest"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// bruteForce gives the least total demerits over every choice of breaks,
// computed independently of knuthPlass's dynamic programme.
func bruteForce(l *layouter, p *para) float64 {
	items := p.items
	var bps []int
	for i := range items {
		if isBreak(items, i) {
			bps = append(bps, i)
		}
	}
	last := len(bps) - 1
	best := math.Inf(1)
	for mask := 0; mask < 1<<last; mask++ {
		var chosen []int
		for k := 0; k < last; k++ {
			if mask&(1<<k) != 0 {
				chosen = append(chosen, bps[k])
			}
		}
		chosen = append(chosen, bps[last])
		lines := make([]line, 0, len(chosen))
		a := -1
		for _, b := range chosen {
			lines = append(lines, line{start: startAfter(items, a), end: b, first: a < 0})
			a = b
		}
		best = math.Min(best, demerits(l, p, lines))
	}
	return best
}

// demerits computes the total demerits of lines from the definitions,
// independently of knuthPlass.
func demerits(l *layouter, p *para, lines []line) float64 {
	items := p.items
	s := prefix(items)
	total, prevF := 0.0, 1
	for i, ln := range lines {
		W := p.width
		if ln.first {
			W = p.firstWidth
		}
		w, st, sh, fill := s.measure(items, ln.start, ln.end)
		r := ratio(w, st, sh, fill, W)
		var bad float64
		switch {
		case r < -1:
			bad = l.p.OverfullDemerits + l.p.OverfullPerPt*(w-sh-W)
		case math.IsInf(r, 1):
			bad = l.p.RigidBadness
		default:
			bad = 100 * math.Pow(math.Abs(r), 3)
		}
		d := (l.p.LinePenalty + bad) * (l.p.LinePenalty + bad)
		if pen := items[ln.end].penalty; items[ln.end].kind == penalty && pen > 0 && pen < infinity {
			d += pen * pen
		}
		f := fitness(r)
		if i > 0 && absInt(f-prevF) > 1 {
			d += l.p.AdjacentDemerits
		}
		total += d
		prevF = f
	}
	return total
}

// TestKnuthPlassIsOptimal checks, on known paragraphs set in a narrow
// measure, that the breaker finds the least demerits that any choice of
// breaks has.
func TestKnuthPlassIsOptimal(t *testing.T) {
	texts := []string{
		"the outcomes of the Geneva (2003) and Tunis (2005) phases of the World Summit",
		"Resolution 64 (Rev. Antalya, 2006) of the Plenipotentiary Conference on telecommunication/ICT",
		"that ITU plays an essential role in the promotion of global development of telecommunications/ICTs",
		"to refrain from taking any unilateral and/or discriminatory actions that could impede",
	}
	for _, width := range []float64{120, 160, 230} {
		for _, txt := range texts {
			l := &layouter{p: Defaults}
			p := l.collect(typesettest.Labelled(1, "a)", txt), width+39.7, nil)
			lines := l.knuthPlass(p)
			got := demerits(l, p, lines)
			want := bruteForce(l, p)
			if math.Abs(got-want) > 1e-6*math.Max(1, want) {
				t.Errorf("width %v, %q: demerits %.1f, optimum %.1f", width, txt, got, want)
			}
			// Lines cover the paragraph in order.
			if lines[0].start != 0 || lines[len(lines)-1].end != len(p.items)-1 {
				t.Errorf("lines do not cover the paragraph: %+v", lines)
			}
		}
	}
}

// TestGreedyIsFirstFit checks that every greedy line but the last takes as
// many words as fit at natural width.
func TestGreedyIsFirstFit(t *testing.T) {
	l := &layouter{p: Defaults}
	l.p.LineBreak = Greedy
	p := l.collect(typesettest.Para(doc.StyleNormal, words("word", 120)), textWidth, nil)
	lines := l.breakLines(p)
	if len(lines) < 3 {
		t.Fatalf("only %d lines", len(lines))
	}
	s := prefix(p.items)
	for i, ln := range lines[:len(lines)-1] {
		w, _, _, _ := s.measure(p.items, ln.start, ln.end)
		if w > p.width+1e-9 {
			t.Errorf("line %d: natural width %.2f over the measure %.2f", i, w, p.width)
		}
		// The next break point, one word further.
		next := ln.end + 1
		for next < len(p.items) && !isBreak(p.items, next) {
			next++
		}
		if wn, _, _, _ := s.measure(p.items, ln.start, next); wn <= p.width {
			t.Errorf("line %d: one more word would fit (%.2f ≤ %.2f)", i, wn, p.width)
		}
		if ln.ratio < 0 {
			t.Errorf("line %d: greedy line shrunk (r = %.3f)", i, ln.ratio)
		}
	}
}

// TestJustifiedLines checks that a justified paragraph's lines run from the
// indent to the right margin, the last line left at natural spacing, and
// that words follow each other with a space between.
func TestJustifiedLines(t *testing.T) {
	for _, lb := range []string{KnuthPlass, Greedy} {
		p := Defaults
		p.LineBreak = lb
		d := document(proposal(1, typesettest.Para(doc.StyleNormal, "JUST "+words("jw", 150))))
		res := layout(t, d, p)
		ys := lineYs(res.Pages, "jw")[0]
		if len(ys) < 4 {
			t.Fatalf("%s: %d lines", lb, len(ys))
		}
		for i, y := range ys {
			var first, last *Text
			for _, tx := range texts(res.Pages[0]) {
				if tx.Y != y {
					continue
				}
				if first == nil || tx.X < first.X {
					first = tx
				}
				if last == nil || tx.X > last.X {
					last = tx
				}
			}
			if !near(first.X, marginL) {
				t.Errorf("%s line %d starts at %.2f", lb, i, first.X)
			}
			if i < len(ys)-1 && !near(right(last), marginL+textWidth) {
				t.Errorf("%s line %d ends at %.2f, not at the margin %.2f", lb, i, right(last), marginL+textWidth)
			}
			if i == len(ys)-1 && right(last) >= marginL+textWidth-1 {
				t.Errorf("%s: last line justified", lb)
			}
		}
	}
}

// TestHangingIndent checks enumlev labels at Left-Hanging and their text,
// first line and the rest, at Left.
func TestHangingIndent(t *testing.T) {
	for level := 1; level <= 3; level++ {
		spec := itu.Lookup(doc.EnumlevStyle(level))
		left, hang := marginL+itu.Pt(spec.Left), itu.Pt(spec.Hanging)
		d := document(proposal(1, typesettest.Labelled(level, "b)", "HANG "+words("hw", 80))))
		res := layout(t, d, Defaults)
		_, label := where(res.Pages, "b)")
		if label == nil || !near(label.X, left-hang) {
			t.Fatalf("level %d: label at %v, want %.2f", level, label, left-hang)
		}
		_, first := where(res.Pages, "HANG")
		if !near(first.X, left) || first.Y != label.Y {
			t.Errorf("level %d: text starts at (%.2f, %.2f), want (%.2f, %.2f)", level, first.X, first.Y, left, label.Y)
		}
		ys := lineYs(res.Pages, "hw")[0]
		if len(ys) < 3 {
			t.Fatalf("level %d: %d lines", level, len(ys))
		}
		for _, y := range ys[1:] {
			minX := math.Inf(1)
			for _, tx := range texts(res.Pages[0]) {
				if tx.Y == y {
					minX = math.Min(minX, tx.X)
				}
			}
			if !near(minX, left) {
				t.Errorf("level %d: line at %.2f starts at %.2f, want %.2f", level, y, minX, left)
			}
		}
	}
}

// TestKeepWithNext moves a proposal's heading down the page line by line:
// Proposal, ResNo, Restitle and the first lines of the preamble always share
// a page, and so do a Call and its first paragraph.
func TestKeepWithNext(t *testing.T) {
	pushed := false
	for n := 20; n < 50; n++ {
		second := proposal(2,
			typesettest.Para(doc.StyleNormalAfterTitle, "PREAMBLE "+words("pw", 40)),
			typesettest.Para(doc.StyleCall, "resolves"))
		second.Blocks = append(second.Blocks, typesettest.Para(doc.StyleNormal, "RESOLVED "+words("rw", 30)))
		d := document(proposal(1, fillers(n)...), second)
		res := layout(t, d, Defaults)
		pp, prop := where(res.Pages, "WGPL/1/2")
		pr, _ := where(res.Pages, "RESOLUTION 2")
		pt, _ := where(res.Pages, "Title number 2")
		pa := lineYs(res.Pages, "pw")
		if pp != pr || pr != pt || len(pa[pt]) < 2 {
			t.Errorf("n=%d: Proposal on page %d, ResNo %d, Restitle %d, preamble lines there %d", n, pp, pr, pt, len(pa[pt]))
		}
		pc, _ := where(res.Pages, "resolves")
		if rw := lineYs(res.Pages, "rw"); len(rw[pc]) < 2 {
			t.Errorf("n=%d: Call on page %d without its paragraph", n, pc)
		}
		// The heading went to a new page although its own line would fit.
		if pp > 0 && texts(res.Pages[pp])[0].Y == prop.Y {
			last := texts(res.Pages[pp-1])
			if last[len(last)-1].Y < pageH-marginB-40 {
				pushed = true
			}
		}
	}
	if !pushed {
		t.Error("no case pushed the heading to the next page: the test shows nothing")
	}
}

// TestWidowsAndOrphans moves a long paragraph down the page: whenever it is
// split, at least two of its lines are at each side of the break.
func TestWidowsAndOrphans(t *testing.T) {
	splits := 0
	for n := 20; n < 45; n++ {
		bs := append(fillers(n), typesettest.Para(doc.StyleNormal, words("ww", 95)))
		res := layout(t, document(proposal(1, bs...)), Defaults)
		ys := lineYs(res.Pages, "ww")
		if len(ys) > 1 {
			splits++
		}
		total := 0
		for pg, lines := range ys {
			total += len(lines)
			if len(ys) > 1 && len(lines) < 2 {
				t.Errorf("n=%d: page %d holds %d line(s) of the paragraph", n, pg, len(lines))
			}
		}
		if total < 5 {
			t.Fatalf("paragraph has %d lines; the test needs at least 5", total)
		}
	}
	if splits == 0 {
		t.Error("the paragraph was never split: the test shows nothing")
	}
}

// TestFootnotePlacement moves a citing paragraph down the page: its
// footnote is always at the foot of the page holding the citing line, below
// the body text, under a separator.
func TestFootnotePlacement(t *testing.T) {
	for n := 20; n < 45; n++ {
		cite := &doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{
			&doc.Run{Text: "CITING developing countries"},
			&doc.FootnoteRef{ID: 1, Mark: "1"},
			&doc.Run{Text: " in achieving sustainable development."},
		}}
		bs := append(fillers(n), cite)
		d := document(proposal(1, bs...))
		d.Footnotes = []*doc.Footnote{{ID: 1, Mark: "1", Inlines: typesettest.Runs("FOOTBODY These include the least developed countries, small island developing states, landlocked developing countries and countries with economies in transition.")}}
		res := layout(t, d, Defaults)
		pc, citing := where(res.Pages, "CITING")
		pf, body := where(res.Pages, "FOOTBODY")
		if pc != pf {
			t.Fatalf("n=%d: cited on page %d, footnote on page %d", n, pc, pf)
		}
		pg := res.Pages[pc]
		if len(pg.Footnotes) != 1 || pg.Footnotes[0] != 1 {
			t.Errorf("n=%d: page footnotes %v", n, pg.Footnotes)
		}
		for p, other := range res.Pages {
			if p != pc && len(other.Footnotes) > 0 {
				t.Errorf("n=%d: page %d has footnotes %v", n, p, other.Footnotes)
			}
		}
		// The mark is raised and small, right after "countries".
		_, mark := where(res.Pages, "1")
		for _, tx := range texts(pg) {
			if tx.Text == "1" && tx.Size == float64(itu.FootnoteRefSize)/2 && tx.Y < citing.Y {
				mark = tx
			}
		}
		if mark == nil || mark.Y >= citing.Y || mark.Size != float64(itu.FootnoteRefSize)/2 {
			t.Errorf("n=%d: footnote mark %+v not raised above %.2f", n, mark, citing.Y)
		}
		// Below every body line, within the bottom margin.
		for _, tx := range texts(pg) {
			if tx.Y > body.Y && tx.Size > 10 {
				t.Errorf("n=%d: body text %q below the footnote", n, tx.Text)
			}
		}
		if body.Y > pageH-marginB {
			t.Errorf("n=%d: footnote in the bottom margin", n)
		}
		sep := false
		for _, it := range pg.Items {
			if r, ok := it.(*Rule); ok && r.Y1 < body.Y && r.Y1 > citing.Y && near(r.X2-r.X1, Defaults.FootnoteRule) {
				sep = true
			}
		}
		if !sep {
			t.Errorf("n=%d: no footnote separator", n)
		}
	}
}

// TestHeaderAndNumbering checks the running header and page numbers.
func TestHeaderAndNumbering(t *testing.T) {
	d := document(proposal(1, fillers(120)...))
	for _, first := range []int{0, 1, 5} {
		p := Defaults
		p.FirstPage = first
		res := layout(t, d, p)
		want := first
		if want == 0 {
			want = 2
		}
		if len(res.Pages) < 3 {
			t.Fatalf("%d pages", len(res.Pages))
		}
		for i, pg := range res.Pages {
			if pg.Number != want+i {
				t.Errorf("page %d numbered %d, want %d", i, pg.Number, want+i)
			}
			var head []string
			for _, it := range pg.Items {
				if tx, ok := it.(*Text); ok && tx.Y < marginT {
					head = append(head, tx.Text)
					if !near(tx.X+fonts.Metrics(tx.Face).Width(tx.Text, tx.Size)/2, marginL+textWidth/2) {
						t.Errorf("header %q not centred", tx.Text)
					}
				}
			}
			if pg.Number == 1 {
				if len(head) != 0 {
					t.Errorf("page 1 has a header %q", head)
				}
				continue
			}
			if len(head) != 2 || head[0] != "- "+itoa(pg.Number)+" -" || head[1] != "PP14/149-E" {
				t.Errorf("page %d header %q", pg.Number, head)
			}
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestGlyphCoverage checks that characters the font lacks are mapped or
// replaced with a warning, and that no text item holds an uncovered one.
func TestGlyphCoverage(t *testing.T) {
	d := document(proposal(1, typesettest.Para(doc.StyleNormal, "ITU\u2011T non\u00adbreaking 😀 done")))
	res, diags := Layout(d, Defaults)
	if len(diags) != 1 || diags[0].Severity != doc.Warning {
		t.Errorf("diagnostics %v, want one warning for the emoji", diags)
	}
	for _, pg := range res.Pages {
		for _, it := range pg.Items {
			if tx, ok := it.(*Text); ok {
				for _, r := range tx.Text {
					if !fonts.Metrics(tx.Face).Has(r) {
						t.Errorf("%q holds %q, which %v lacks", tx.Text, r, tx.Face)
					}
				}
			}
		}
	}
	if _, tx := where(res.Pages, "ITU"); tx == nil || tx.Text != "ITU\u2010T nonbreaking ? done" {
		t.Errorf("text %+v", tx)
	}
}

// TestRevisionRules checks the marked view: insertions underlined (a rule
// below the baseline), deletions struck through (above it).
func TestRevisionRules(t *testing.T) {
	par := &doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{
		&doc.Run{Text: "kept "},
		&doc.Run{Text: "INSERTED words", Rev: doc.Revision{Ins: 1}},
		&doc.Run{Text: " and "},
		&doc.Run{Text: "DELETED", Rev: doc.Revision{Del: 1}},
	}}
	res := layout(t, document(proposal(1, par)), Defaults)
	_, tx := where(res.Pages, "INSERTED")
	reg := fonts.Metrics(fonts.Regular)
	insW, delW := reg.Width("INSERTED words", 12), reg.Width("DELETED", 12)
	var under, strike bool
	for _, it := range res.Pages[0].Items {
		r, ok := it.(*Rule)
		if !ok {
			continue
		}
		if r.Y1 > tx.Y && r.Y1 < tx.Y+3 && near(r.X2-r.X1, insW) {
			under = true // spans "INSERTED words", the space included
		}
		if r.Y1 < tx.Y && r.Y1 > tx.Y-6 && near(r.X2-r.X1, delW) {
			strike = true
		}
	}
	if !under || !strike {
		t.Errorf("underline %v, strike-through %v", under, strike)
	}
}

// TestOverfullIsCosted sets a word wider than the measure: the breakers
// still give lines, one of them overfull.
func TestOverfullIsCosted(t *testing.T) {
	long := "Supercalifragilisticexpialidocious-" + "x"
	for i := 0; i < 5; i++ {
		long += long[:20]
	}
	for _, lb := range []string{KnuthPlass, Greedy} {
		l := &layouter{p: Defaults}
		l.p.LineBreak = lb
		p := l.collect(typesettest.Para(doc.StyleNormal, "a few words "+long+" and more words after it"), 150, nil)
		lines := l.breakLines(p)
		if len(lines) < 2 {
			t.Errorf("%s: %d lines", lb, len(lines))
		}
		over := 0
		for _, ln := range lines {
			if ln.ratio < -1 {
				over++
			}
		}
		if over != 1 {
			t.Errorf("%s: %d overfull lines, want 1", lb, over)
		}
	}
}

// TestTable sets a small table: cells in their columns, rules around them,
// the rows kept together.
func TestTable(t *testing.T) {
	tb := &doc.Table{Rows: []*doc.Row{
		{Header: true, Cells: []*doc.Paragraph{typesettest.Para(doc.StyleTableHead, "Action"), typesettest.Para(doc.StyleTableHead, "Heading")}},
		{Cells: []*doc.Paragraph{typesettest.Para(doc.StyleTableText, "SUP"), typesettest.Para(doc.StyleTableText, "RESOLUTION 35 "+words("tw", 20))}},
	}}
	res := layout(t, document(proposal(1, tb)), Defaults)
	_, sup := where(res.Pages, "SUP")
	_, title := where(res.Pages, "Heading")
	col := textWidth / 2
	if sup == nil || sup.X < marginL || sup.X > marginL+col/2 {
		t.Errorf("SUP at %+v", sup)
	}
	if title == nil || title.X < marginL+col || title.Size != 11 || title.Face != fonts.Bold {
		t.Errorf("Title head at %+v", title)
	}
	for _, tx := range texts(res.Pages[0]) {
		if tx.Y > sup.Y-12 && right(tx) > marginL+textWidth+0.01 {
			t.Errorf("%q sticks out of the table", tx.Text)
		}
	}
	var h, v int
	for _, it := range res.Pages[0].Items {
		if r, ok := it.(*Rule); ok {
			if r.Y1 == r.Y2 && near(r.X2-r.X1, textWidth) {
				h++
			}
			if r.X1 == r.X2 {
				v++
			}
		}
	}
	if h != 3 || v != 6 {
		t.Errorf("%d horizontal and %d vertical rules, want 3 and 6", h, v)
	}
}

// TestTabStops checks that a tab goes to the style's stops, inherited from
// Normal (794 twips first): "MOD<tab>WGPL/1/1" puts the id at 39.7 pt.
func TestTabStops(t *testing.T) {
	res := layout(t, document(proposal(1, typesettest.Para(doc.StyleNormal, "x\tafter a tab"))), Defaults)
	_, id := where(res.Pages, "WGPL/1/1")
	if id == nil || !near(id.X, marginL+itu.Pt(794)) {
		t.Errorf("id at %+v, want x = %.2f", id, marginL+itu.Pt(794))
	}
	_, after := where(res.Pages, "after a tab")
	if after == nil || !near(after.X, marginL+itu.Pt(794)) {
		t.Errorf("text after tab at %+v", after)
	}
}

// lineTexts gives the words of each line, boxes split at a slash joined.
func lineTexts(p *para, lines []line) []string {
	var out []string
	for _, ln := range lines {
		var sb strings.Builder
		for i := ln.start; i < ln.end; i++ {
			switch it := p.items[i]; it.kind {
			case box:
				for _, f := range p.frags[it.f0:p.fragEnd(i)] {
					sb.WriteString(f.text)
				}
			case glue:
				if !it.fill {
					sb.WriteByte(' ')
				}
			}
		}
		out = append(out, sb.String())
	}
	return out
}

// TestBreaksKnownParagraph sets a known paragraph in a 160 pt measure: first
// fit runs to six lines, leaving "Internet" alone; optimum fit finds five
// even ones.
func TestBreaksKnownParagraph(t *testing.T) {
	txt := "to refrain from taking any unilateral and/or discriminatory actions that could impede technically another Member State from full access to the Internet"
	want := map[string][]string{
		KnuthPlass: {"to refrain from taking any", "unilateral and/or discriminatory", "actions that could impede", "technically another Member State", "from full access to the Internet"},
		Greedy:     {"to refrain from taking any", "unilateral and/or discriminatory", "actions that could impede", "technically another Member", "State from full access to the", "Internet"},
	}
	for lb, w := range want {
		l := &layouter{p: Defaults}
		l.p.LineBreak = lb
		p := l.collect(typesettest.Para(doc.StyleNormal, txt), 160, nil)
		got := lineTexts(p, l.breakLines(p))
		if strings.Join(got, "|") != strings.Join(w, "|") {
			t.Errorf("%s:\n got %q\nwant %q", lb, got, w)
		}
	}
}
