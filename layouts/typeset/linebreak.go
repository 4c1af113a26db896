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

// sums are prefix sums over items, so a line's measures are differences.
type sums struct {
	w, st, sh []float64
	fill      []int
}

func prefix(items []item) sums {
	n := len(items)
	s := sums{w: make([]float64, n+1), st: make([]float64, n+1), sh: make([]float64, n+1), fill: make([]int, n+1)}
	for i, it := range items {
		s.w[i+1], s.st[i+1], s.sh[i+1], s.fill[i+1] = s.w[i], s.st[i], s.sh[i], s.fill[i]
		switch it.kind {
		case box:
			s.w[i+1] += it.width
		case glue:
			if it.fill {
				s.fill[i+1]++
			} else {
				s.w[i+1] += it.width
				s.st[i+1] += it.stretch
				s.sh[i+1] += it.shrink
			}
		}
	}
	return s
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

// startAfter is the first item of a line after a break at b (-1 for the
// paragraph's start): glue and penalties after a break are discarded.
func startAfter(items []item, b int) int {
	if b < 0 {
		return 0
	}
	i := b + 1
	for i < len(items) && items[i].kind != box {
		if items[i].kind == penalty && items[i].penalty <= -infinity {
			break // an empty line before a forced break
		}
		i++
	}
	return i
}

// measure gives the natural width, stretch, shrink and fill count of items
// [start, end), plus the width of the penalty at end.
func (s sums) measure(items []item, start, end int) (w, st, sh float64, fill int) {
	w = s.w[end] - s.w[start]
	st = s.st[end] - s.st[start]
	sh = s.sh[end] - s.sh[start]
	fill = s.fill[end] - s.fill[start]
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

// knuthPlass is optimum fit: the breaks minimizing the sum of demerits over
// the paragraph, by dynamic programming over (breakpoint, fitness class).
// A line overfull even at full shrink is costed (OverfullDemerits plus
// OverfullPerPt per point) rather than forbidden, so there is always a
// solution; candidates further back than the first overfull one are not
// looked at, since their lines are wider still.
func (l *layouter) knuthPlass(p *para) []line {
	items := p.items
	s := prefix(items)
	var bps []int // breakpoint item indices; -1 is the paragraph's start
	bps = append(bps, -1)
	for i := range items {
		if isBreak(items, i) {
			bps = append(bps, i)
		}
	}
	type node struct {
		dem   float64
		prev  int // index into bps
		prevF int
		ratio float64
		ok    bool
	}
	best := make([][4]node, len(bps))
	best[0][1] = node{ok: true, prev: -1}
	for bi := 1; bi < len(bps); bi++ {
		b := bps[bi]
		pen := 0.0
		if items[b].kind == penalty {
			pen = items[b].penalty
		}
		forced := items[b].kind == penalty && pen <= -infinity
		for ai := bi - 1; ai >= 0; ai-- {
			a := bps[ai]
			start := startAfter(items, a)
			if start > b {
				start = b
			}
			W := p.width
			if a < 0 {
				W = p.firstWidth
			}
			w, st, sh, fill := s.measure(items, start, b)
			r := ratio(w, st, sh, fill, W)
			var bad float64
			overfull := r < -1
			switch {
			case overfull:
				bad = l.p.OverfullDemerits + l.p.OverfullPerPt*(w-sh-W)
			case math.IsInf(r, 1):
				bad = l.p.RigidBadness
			case r > 0:
				bad = 100 * r * r * r
			default:
				bad = 100 * -r * -r * -r
			}
			d := (l.p.LinePenalty + bad) * (l.p.LinePenalty + bad)
			switch {
			case pen > 0:
				d += pen * pen
			case pen > -infinity:
				d -= pen * pen
			}
			fc := fitness(r)
			for af := 0; af < 4; af++ {
				an := best[ai][af]
				if !an.ok {
					continue
				}
				dd := an.dem + d
				if a >= 0 && absInt(af-fc) > 1 {
					dd += l.p.AdjacentDemerits
				}
				cur := &best[bi][fc]
				if !cur.ok || dd < cur.dem {
					*cur = node{dem: dd, prev: ai, prevF: af, ratio: r, ok: true}
				}
			}
			// Further back, lines only get wider; and no line spans a
			// forced break.
			if overfull || (a >= 0 && items[a].kind == penalty && items[a].penalty <= -infinity) {
				break
			}
		}
		if forced {
			// Only the best way to reach a forced break matters after it.
			bf := -1
			for f := 0; f < 4; f++ {
				if best[bi][f].ok && (bf < 0 || best[bi][f].dem < best[bi][bf].dem) {
					bf = f
				}
			}
			for f := 0; f < 4; f++ {
				if f != bf {
					best[bi][f].ok = false
				}
			}
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
	var rev []line
	for bi, f := last, bf; bi > 0; {
		n := best[bi][f]
		a := bps[n.prev]
		b := bps[bi]
		rev = append(rev, line{start: startAfter(items, a), end: b, ratio: n.ratio, first: a < 0,
			forced: items[b].kind == penalty && items[b].penalty <= -infinity})
		bi, f = n.prev, n.prevF
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
		start := startAfter(items, a)
		if start > i {
			start = i
		}
		W := p.width
		if a < 0 {
			W = p.firstWidth
		}
		w, _, _, _ := s.measure(items, start, i)
		forced := items[i].kind == penalty && items[i].penalty <= -infinity
		if w > W && lastFit >= -1 && lastFit > a {
			// Break at the last breakpoint that fitted, then look at i again
			// from there.
			lines = append(lines, l.greedyLine(p, s, a, lastFit))
			a = lastFit
			start = startAfter(items, a)
			if start > i {
				start = i
			}
			W = p.width
			w, _, _, _ = s.measure(items, start, i)
		}
		if forced {
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
	start := startAfter(items, a)
	if start > b {
		start = b
	}
	W := p.width
	if a < 0 {
		W = p.firstWidth
	}
	w, st, sh, fill := s.measure(items, start, b)
	return line{start: start, end: b, ratio: ratio(w, st, sh, fill, W), first: a < 0,
		forced: items[b].kind == penalty && items[b].penalty <= -infinity}
}

func absInt(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
