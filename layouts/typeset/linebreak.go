package typeset

import "math"

// line is one line of a paragraph: items [start, end) where end is the
// break (a glue or penalty item, not drawn), its adjustment ratio and
// whether the break was forced (the line is not justified).
type line struct {
	start, end int
	ratio      float64
	forced     bool
	first      bool
}

// sums are prefix sums over items, so a line's measures are differences:
// at[i] sums the items before i. The four sums of an index lie together,
// since the line breaker reads them together, at the two ends of every
// line it tries.
type sums struct{ at []sum }

type sum struct {
	w, st, sh float64
	fill      int32
}

func prefix(items []item) sums {
	var s sums
	s.fillFrom(items)
	return s
}

// fillFrom sets s to the prefix sums of items, reusing s's slice.
func (s *sums) fillFrom(items []item) {
	at := grow(s.at, len(items)+1)
	s.at = at
	var cur sum
	at[0] = cur
	for i, it := range items {
		switch it.kind {
		case box:
			cur.w += it.width
		case glue:
			if it.fill {
				cur.fill++
			} else {
				cur.w += it.width
				cur.st += it.stretch
				cur.sh += it.shrink
			}
		}
		at[i+1] = cur
	}
}

// grow gives s resliced to n elements, reallocated when too small (with
// an eighth to spare, for the next paragraph); the elements' values are
// not kept.
func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/8)
	}
	return s[:n]
}

// kpNode is the best way found to reach a breakpoint in a fitness class.
// It is kept small, the inner loop writing it often; the line's ratio is
// computed again when the breaks are traced back.
type kpNode struct {
	dem   float64
	prev  int32 // index into bps
	prevF uint8
	ok    bool
}

// kpStart is what the inner loop reads of a breakpoint as the start of a
// line: the line's first item (start, the first box after the break), and
// minDem, the demerits of the cheapest way into the breakpoint. (It is
// kept small: a paragraph of a million words has that many.)
type kpStart struct {
	minDem float64
	start  int32
}

// kpScratch is knuthPlass's working memory, kept from one paragraph to
// the next.
type kpScratch struct {
	s      sums
	bps    []int
	best   [][4]kpNode
	starts []kpStart
	rev    []line
	lines  []line
}

// isBreak reports whether items[i] is a legal breakpoint: a glue after a
// box, or a penalty below infinity.
func isBreak(items []item, i int) bool {
	switch items[i].kind {
	case glue:
		return i > 0 && items[i-1].kind == box
	case penalty:
		return items[i].penalty < infinity
	}
	return false
}

// forcedAt reports whether items[i] is a forced break (a penalty of -∞).
func forcedAt(items []item, i int) bool {
	return items[i].kind == penalty && items[i].penalty <= -infinity
}

// measureOf is the width a line fills: the first line's is shorter by the
// first-line indent.
func (p *para) measureOf(first bool) float64 {
	if first {
		return p.firstWidth
	}
	return p.width
}

// lineStart is the first item of the line that breaks after a and at b:
// startAfter(a), but never past b (a line may be empty before a forced
// break).
func lineStart(items []item, a, b int) int {
	return min(startAfter(items, a), b)
}

// startAfter is the first item of a line after a break at b (-1 for the
// paragraph's start): glue and penalties after a break are discarded.
func startAfter(items []item, b int) int {
	if b < 0 {
		return 0
	}
	i := b + 1
	for i < len(items) && items[i].kind != box {
		if forcedAt(items, i) {
			break // an empty line before a forced break
		}
		i++
	}
	return i
}

// measure gives the natural width, stretch, shrink and fill count of items
// [start, end), plus the width of the penalty at end.
func (s sums) measure(items []item, start, end int) (w, st, sh float64, fill int) {
	e, s0 := s.at[end], s.at[start]
	w, st, sh, fill = e.w-s0.w, e.st-s0.st, e.sh-s0.sh, int(e.fill-s0.fill)
	if end < len(items) && items[end].kind == penalty {
		w += items[end].width
	}
	return
}

// ratio is the adjustment ratio of a line of natural width w in measure W;
// ±Inf when it cannot stretch or shrink at all.
func ratio(w, st, sh float64, fill int, W float64) float64 {
	switch {
	case w < W:
		if fill > 0 {
			return 0
		}
		if st > 0 {
			return (W - w) / st
		}
		return math.Inf(1)
	case w > W:
		if sh > 0 {
			return (W - w) / sh
		}
		return math.Inf(-1)
	}
	return 0
}

// fitness is TeX's fitness class of a ratio: tight, decent, loose, very loose.
func fitness(r float64) int {
	switch {
	case r < -0.5:
		return 0
	case r <= 0.5:
		return 1
	case r <= 1:
		return 2
	}
	return 3
}

// breakLines chooses the breaks of a paragraph.
func (l *layouter) breakLines(p *para) []line {
	if l.p.LineBreak == Greedy {
		return l.greedy(p)
	}
	return l.knuthPlass(p)
}

// lineDemerits gives the demerits of a line of ratio r, natural width w,
// shrink sh and measure W, ending at a break of penalty pen: the badness
// (100|r|³, RigidBadness for a line that cannot stretch, OverfullDemerits
// plus OverfullPerPt a point for one overfull at full shrink) plus the line
// penalty, squared, plus or minus the break's penalty squared.
func (l *layouter) lineDemerits(r, w, sh, W, pen float64) float64 {
	var bad float64
	switch {
	case r < -1:
		bad = l.p.OverfullDemerits + l.p.OverfullPerPt*(w-sh-W)
	case math.IsInf(r, 1):
		bad = l.p.RigidBadness
	case r > 0:
		bad = 100 * r * r * r
	default:
		bad = 100 * -r * -r * -r
	}
	lp := l.p.LinePenalty
	d := (lp + bad) * (lp + bad)
	switch {
	case pen > 0:
		d += pen * pen
	case pen > -infinity:
		d -= pen * pen
	}
	return d
}

// offer keeps the way into n's (breakpoint, class) from candidate ai,
// class af, of demerits dd if it beats the one kept: the least demerits,
// then the nearest start, then the least class, so that the way kept does
// not depend on the order the candidates come in.
func (n *kpNode) offer(dd float64, ai, af int) {
	if !n.ok || dd < n.dem || dd == n.dem && (int32(ai) > n.prev || int32(ai) == n.prev && uint8(af) < n.prevF) {
		*n = kpNode{dem: dd, prev: int32(ai), prevF: uint8(af), ok: true}
	}
}

// knuthPlass is optimum fit: the breaks minimizing the sum of demerits over
// the paragraph, by dynamic programming over (breakpoint, fitness class).
// A line overfull even at full shrink is costed (OverfullDemerits plus
// OverfullPerPt per point) rather than forbidden, so there is always a
// solution; candidates further back than the first overfull one are not
// looked at, since their lines are wider still.
//
// The candidate starts of the lines ending at a breakpoint are the window
// from that first overfull one (or the last forced break) to the
// breakpoint before. They are looked at from the far end, the tight lines,
// to the near end, ever looser lines of ever greater demerits; once
// those demerits exceed the best way found into the very loose class, no
// nearer start can do better and the rest of the window is not looked at.
// That is most of it: nearly nine candidates in ten are very loose lines.
// The way kept into each (breakpoint, class) is the least (demerits, then
// nearest start, then least class), which does not depend on the order
// the candidates are looked at.
func (l *layouter) knuthPlass(p *para) []line {
	items := p.items
	sc := &l.kp
	sc.s.fillFrom(items)
	s := sc.s
	bps := append(sc.bps[:0], -1) // breakpoint item indices; -1 is the paragraph's start
	for i := range items {
		if isBreak(items, i) {
			bps = append(bps, i)
		}
	}
	sc.bps = bps
	best := grow(sc.best, len(bps))
	clear(best)
	sc.best = best
	best[0][1] = kpNode{ok: true, prev: -1}
	starts := grow(sc.starts, len(bps))
	sc.starts = starts
	for ai, a := range bps {
		st := startAfter(items, a)
		starts[ai] = kpStart{start: int32(st)}
	}
	lp, adj := l.p.LinePenalty, l.p.AdjacentDemerits
	// What the shortcuts rely on (see kpMonotone); when it does not hold,
	// every candidate back to the first overfull line is looked at.
	monotone := l.kpMonotone(items)
	// far is the nearest candidate after the first (whose measure is
	// another) whose line is wider than the measure at natural width, 0
	// for none: candidates nearer than far are not overfull. hard is the
	// last forced break seen, 0 for none; no line spans it.
	far, hard := 0, 0
	first := 1
	if monotone && l.fitsOneLine(p, bps) {
		// The way through no other breakpoint, whose demerits are
		// lp², set with nothing else looked at.
		last := len(bps) - 1
		best[last][1] = kpNode{dem: lp * lp, prev: 0, prevF: 1, ok: true}
		first = len(bps)
	}
	for bi := first; bi < len(bps); bi++ {
		b := bps[bi]
		pen, penW := 0.0, 0.0
		if items[b].kind == penalty {
			pen, penW = items[b].penalty, items[b].width
		}
		forced := forcedAt(items, b)
		sb := s.at[b]
		// lineTo measures the line from candidate ai to b.
		lineTo := func(ai int) (w, st, sh float64, fill int, W float64) {
			// An empty line before a forced break starts at b.
			s0 := s.at[min(int(starts[ai].start), b)]
			return sb.w - s0.w + penW, sb.st - s0.st, sb.sh - s0.sh, int(sb.fill - s0.fill), p.measureOf(ai == 0)
		}
		overfull := func(ai int) bool {
			return ratio(lineTo(ai)) < -1
		}
		// The window: back to the first overfull line or forced break.
		lo := 0
		if monotone {
			for far+1 < bi {
				if w, _, _, _, W := lineTo(far + 1); w <= W {
					break
				}
				far++
			}
			lo = hard
			for ai := min(far, bi-1); ai > lo; ai-- {
				if overfull(ai) {
					lo = ai
					break
				}
			}
		} else {
			for ai := bi - 1; ai > 0; ai-- {
				if ai == hard || overfull(ai) {
					lo = ai
					break
				}
			}
		}
		// The demerits of a rigid line (a word with no space to stretch)
		// ending at b: the nearest candidates' lines may be rigid.
		rigid := l.lineDemerits(math.Inf(1), 0, 0, 0, pen)
		cur := &best[bi]
		for ai := lo; ai < bi; ai++ {
			w, st, sh, fill, W := lineTo(ai)
			r := ratio(w, st, sh, fill, W)
			d := l.lineDemerits(r, w, sh, W, pen)
			fc := fitness(r)
			c := &cur[fc]
			// No way into ai beats c when the cheapest cannot: dd is at
			// least lb (float addition is monotonic, adj ≥ 0).
			if lb := starts[ai].minDem + d; !c.ok || lb <= c.dem || adj < 0 {
				row := &best[ai]
				for af := range row {
					an := &row[af]
					if !an.ok {
						continue
					}
					dd := an.dem + d
					if ai > 0 && absInt(af-fc) > 1 {
						dd += adj
					}
					c.offer(dd, ai, af)
				}
			}
			// A very loose line: every nearer candidate's is looser (or
			// rigid), and very loose too, its demerits at least d's (or
			// rigid's); once that is more than the best way into the
			// class, none of them can be kept.
			if monotone && fc == 3 && ai > 0 && c.ok && min(d, rigid) > c.dem {
				break
			}
		}
		minDem := math.Inf(1)
		for f := range cur {
			if cur[f].ok && cur[f].dem < minDem {
				minDem = cur[f].dem
			}
		}
		starts[bi].minDem = minDem
		if forced {
			// Only the best way to reach a forced break matters after it.
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
			hard = bi
		}
	}
	// Trace back from the last breakpoint (the paragraph's forced end).
	last := len(bps) - 1
	bf := -1
	for f := 0; f < 4; f++ {
		if best[last][f].ok && (bf < 0 || best[last][f].dem < best[last][bf].dem) {
			bf = f
		}
	}
	rev := sc.rev[:0]
	for bi, f := last, bf; bi > 0; {
		n := best[bi][f]
		a := bps[n.prev]
		b := bps[bi]
		// The ratio, computed as the inner loop did.
		penW := 0.0
		if items[b].kind == penalty {
			penW = items[b].width
		}
		start := min(int(starts[n.prev].start), b)
		e, s0 := s.at[b], s.at[start]
		r := ratio(e.w-s0.w+penW, e.st-s0.st, e.sh-s0.sh, int(e.fill-s0.fill), p.measureOf(n.prev == 0))
		rev = append(rev, line{start: startAfter(items, a), end: b, ratio: r, first: a < 0, forced: forcedAt(items, b)})
		bi, f = int(n.prev), int(n.prevF)
	}
	sc.rev = rev
	// The lines are the scratch's too: the caller is done with them before
	// the next paragraph is broken.
	lines := grow(sc.lines, len(rev))
	sc.lines = lines
	for i := range rev {
		lines[i] = rev[len(rev)-1-i]
		if lines[i].start > lines[i].end {
			lines[i].start = lines[i].end
		}
	}
	return lines
}

// fitsOneLine reports whether the paragraph, its breakpoints bps, is
// best set as one line: when its only forced break is its end and it is
// no wider at natural width than either measure, that line (its glue at
// natural width, r = 0) costs lp², and any other way at least lp² a line
// (no negative badness or penalty: kpMonotone), so more when lp > 0.
// Every candidate line is then underfull, so knuthPlass would look at
// the paragraph's start for the last breakpoint, and keep it alone.
func (l *layouter) fitsOneLine(p *para, bps []int) bool {
	items, s := p.items, l.kp.s
	if !(l.p.LinePenalty > 0 && l.p.RigidBadness >= 0) || len(bps) < 2 {
		return false
	}
	last := bps[len(bps)-1]
	for _, b := range bps[1 : len(bps)-1] {
		if forcedAt(items, b) {
			return false
		}
	}
	start := min(startAfter(items, -1), last)
	penW := 0.0
	if items[last].kind == penalty {
		penW = items[last].width
	}
	w := s.at[last].w - s.at[start].w + penW
	return w <= p.firstWidth && w <= p.width
}

// kpMonotone reports whether knuthPlass's shortcuts hold for items: that
// a line's natural width, stretch and shrink only grow as it takes more
// items (no negative widths, no widths at penalties), so that a candidate
// further back has the wider and the less loose line; and that demerits
// are never negative (no negative penalty, line penalty or adjacent
// demerits), so that the cheapest way through a candidate costs at least
// its line's demerits. The items the collector makes always have it.
func (l *layouter) kpMonotone(items []item) bool {
	if !(l.p.LinePenalty >= 0 && l.p.AdjacentDemerits >= 0) {
		return false
	}
	for i := range items {
		it := &items[i]
		switch it.kind {
		case box:
			if !(it.width >= 0) {
				return false
			}
		case glue:
			if !it.fill && !(it.width >= 0 && it.stretch >= 0 && it.shrink >= 0) {
				return false
			}
		case penalty:
			if it.width != 0 || it.penalty < 0 && it.penalty > -infinity {
				return false
			}
		}
	}
	return true
}

// greedy is first fit: each line takes as many words as fit at their
// natural width, as word processors do.
func (l *layouter) greedy(p *para) []line {
	items := p.items
	s := prefix(items)
	var lines []line
	a := -1 // current line's break
	lastFit := -2
	for i := range items {
		if !isBreak(items, i) {
			continue
		}
		W := p.measureOf(a < 0)
		w, _, _, _ := s.measure(items, lineStart(items, a, i), i)
		if w > W && lastFit >= -1 && lastFit > a {
			// Break at the last breakpoint that fitted, then look at i again
			// from there.
			lines = append(lines, l.greedyLine(p, s, a, lastFit))
			a = lastFit
			W = p.measureOf(false)
			w, _, _, _ = s.measure(items, lineStart(items, a, i), i)
		}
		if forcedAt(items, i) {
			lines = append(lines, l.greedyLine(p, s, a, i))
			a = i
			lastFit = -2
			continue
		}
		if w <= W {
			lastFit = i
		} else {
			// Not even one word fits: an overfull line.
			lines = append(lines, l.greedyLine(p, s, a, i))
			a = i
			lastFit = -2
		}
	}
	return lines
}

func (l *layouter) greedyLine(p *para, s sums, a, b int) line {
	items := p.items
	start := lineStart(items, a, b)
	w, st, sh, fill := s.measure(items, start, b)
	return line{start: start, end: b, ratio: ratio(w, st, sh, fill, p.measureOf(a < 0)), first: a < 0, forced: forcedAt(items, b)}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
