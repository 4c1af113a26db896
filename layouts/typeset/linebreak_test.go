package typeset

import (
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// knuthPlassReference is the breaker as it was before its fast paths and
// pruning: every candidate line of every breakpoint costed, back to the
// first overfull one. knuthPlass must choose the same breaks, with the
// same ratios, bit for bit. It shares with knuthPlass what the pruning
// does not touch: a line's demerits (lineDemerits) and the rule of which
// way into a (breakpoint, class) is kept (kpNode.offer).
func knuthPlassReference(l *layouter, p *para) []line {
	items := p.items
	s := prefix(items)
	bps := []int{-1}
	for i := range items {
		if isBreak(items, i) {
			bps = append(bps, i)
		}
	}
	best := make([][4]kpNode, len(bps))
	best[0][1] = kpNode{ok: true, prev: -1}
	starts := make([]int, len(bps))
	hard := make([]bool, len(bps))
	for ai, a := range bps {
		starts[ai] = startAfter(items, a)
		hard[ai] = a >= 0 && forcedAt(items, a)
	}
	adj := l.p.AdjacentDemerits
	for bi := 1; bi < len(bps); bi++ {
		b := bps[bi]
		pen := 0.0
		if items[b].kind == penalty {
			pen = items[b].penalty
		}
		cur := &best[bi]
		for ai := bi - 1; ai >= 0; ai-- {
			w, st, sh, fill := s.measure(items, min(starts[ai], b), b)
			W := p.measureOf(ai == 0)
			r := ratio(w, st, sh, fill, W)
			overfull := r < -1
			d := l.lineDemerits(r, w, sh, W, pen)
			fc := fitness(r)
			c := &cur[fc]
			for af, an := range best[ai] {
				if !an.ok {
					continue
				}
				dd := an.dem + d
				if ai > 0 && absInt(af-fc) > 1 {
					dd += adj
				}
				c.offer(dd, ai, af)
			}
			if overfull || hard[ai] {
				break
			}
		}
		if forcedAt(items, b) {
			bf := -1
			for f := 0; f < 4; f++ {
				if cur[f].ok && (bf < 0 || cur[f].dem < cur[bf].dem) {
					bf = f
				}
			}
			for f := 0; f < 4; f++ {
				if f != bf {
					cur[f].ok = false
				}
			}
		}
	}
	last := len(bps) - 1
	bf := -1
	for f := 0; f < 4; f++ {
		if best[last][f].ok && (bf < 0 || best[last][f].dem < best[last][bf].dem) {
			bf = f
		}
	}
	var rev []line
	for bi, f := last, bf; bi > 0; {
		n := best[bi][f]
		a, b := bps[n.prev], bps[bi]
		start := min(starts[n.prev], b)
		w, st, sh, fill := s.measure(items, start, b)
		r := ratio(w, st, sh, fill, p.measureOf(n.prev == 0))
		rev = append(rev, line{start: startAfter(items, a), end: b, ratio: r, first: a < 0, forced: forcedAt(items, b)})
		bi, f = int(n.prev), int(n.prevF)
	}
	lines := make([]line, len(rev))
	for i := range rev {
		lines[i] = rev[len(rev)-1-i]
		if lines[i].start > lines[i].end {
			lines[i].start = lines[i].end
		}
	}
	return lines
}

// testDocuments loads the seed and the corpus, each in its clean and its
// marked view.
func testDocuments(tb testing.TB) []*doc.Document {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "*.md"))
	if err != nil {
		tb.Fatal(err)
	}
	files = append(files, testtool.Seed())
	var out []*doc.Document
	for _, f := range files {
		if filepath.Base(f) == "README.md" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		d, err := pipeline.Load(filepath.Base(f), src)
		if err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		out = append(out, revise.Apply(d, revise.Clean), revise.Apply(d, revise.Marked))
	}
	return out
}

// paragraphsOf gives the paragraphs of d's proposals, table cells and
// footnotes included.
func paragraphsOf(d *doc.Document) []*doc.Paragraph {
	var out []*doc.Paragraph
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Paragraph:
				out = append(out, b)
			case *doc.Table:
				for _, r := range b.Rows {
					out = append(out, r.Cells...)
				}
			case *doc.Proposal:
				walk(b.Blocks)
			}
		}
	}
	for _, p := range d.Proposals() {
		walk(p.Blocks)
	}
	for _, fn := range d.Footnotes {
		out = append(out, &doc.Paragraph{Pos: fn.Pos, Style: doc.StyleFootnoteText, Inlines: fn.Inlines})
	}
	return out
}

// sameLines reports whether two sets of lines are the same, ratios bit for
// bit.
func sameLines(a, b []line) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		x, y := a[i], b[i]
		if x.start != y.start || x.end != y.end || x.forced != y.forced || x.first != y.first ||
			math.Float64bits(x.ratio) != math.Float64bits(y.ratio) {
			return false
		}
	}
	return true
}

// TestKnuthPlassMatchesReference checks that the breaker chooses the
// breaks of the reference on every paragraph of the seed and the corpus,
// in both views, set in the text width and in narrower and wider measures,
// and with parameters that turn the fast paths off.
func TestKnuthPlassMatchesReference(t *testing.T) {
	params := []Params{Defaults}
	neg := Defaults
	neg.SlashPenalty = -50 // a negative penalty: demerits below a line's
	params = append(params, neg)
	zero := Defaults
	zero.LinePenalty, zero.AdjacentDemerits = 0, 0
	params = append(params, zero)
	n, oneLine := 0, 0
	for _, d := range testDocuments(t) {
		for _, par := range paragraphsOf(d) {
			for _, width := range []float64{textWidth, textWidth / 3, 90, textWidth * 1.7} {
				for pi, pr := range params {
					l := &layouter{p: pr, d: d, ranks: authorRanks(d)}
					p := l.collect(par, width, nil)
					want := knuthPlassReference(l, p)
					got := l.knuthPlass(p)
					if !sameLines(got, want) {
						t.Fatalf("%s, width %.1f, params %d: breaks\n%+v\nwant\n%+v", par.Pos, width, pi, got, want)
					}
					n++
					if l.fitsOneLine(p, l.kp.bps) {
						oneLine++
					}
				}
			}
		}
	}
	t.Logf("%d paragraphs broken alike, %d by the one-line shortcut", n, oneLine)
	if oneLine == 0 {
		t.Error("no paragraph took the one-line shortcut")
	}
}

// seedParas gives the seed's paragraphs collected, for the breaker's
// benchmark.
func seedParas(b testing.TB) (*layouter, []*para) {
	d := seedClean(b)
	var ps []*para
	for _, par := range paragraphsOf(d) {
		l := &layouter{p: Defaults, d: d, ranks: authorRanks(d)}
		ps = append(ps, l.collect(par, textWidth, nil))
	}
	return &layouter{p: Defaults, d: d}, ps
}

// BenchmarkKnuthPlass breaks every paragraph of the seed.
func BenchmarkKnuthPlass(b *testing.B) {
	l, ps := seedParas(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, p := range ps {
			l.knuthPlass(p)
		}
	}
}

// TestSlashCut checks that slashCut says whether splitSlash cuts a word,
// its fragments split anywhere.
func TestSlashCut(t *testing.T) {
	for _, w := range []string{"and/or", "WGPL/149/2", "telecommunication/ICT", "/ICT", "ICT/", "a/b/c", "1/a", "a/1", "é/ü", "//", "a//b", "x"} {
		for cut := 0; cut <= len(w); cut++ {
			var word []frag
			for _, s := range []string{w[:cut], w[cut:]} {
				if s != "" {
					word = append(word, frag{text: s})
				}
			}
			if got, want := slashCut(word), len(splitSlash(word)) > 1; got != want {
				t.Errorf("%q cut at %d: slashCut %v, splitSlash cuts %v", w, cut, got, want)
			}
		}
	}
}
