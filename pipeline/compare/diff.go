package compare

// This file is the sequence diff every level of compare uses: Myers' O(ND)
// algorithm ("An O(ND) Difference Algorithm and Its Variations", 1986) over
// sequences of integers (tokens, paragraphs or rows, numbered by an
// interning table), giving a shortest edit script of deletions and
// insertions. Ties are broken the same way every time, so the same inputs
// give the same script.
//
// Work is bounded by size, never by time: when the edit distance of a
// stretch exceeds maxEditDistance, the stretch is cut at tokens that occur
// once on each side (patience anchors) and the pieces are diffed on their
// own; a piece with no anchor is replaced as a whole. Below that distance
// the script is minimal, which diff_test checks against a brute-force
// minimum.

// Kind is what an edit does.
type Kind uint8

const (
	Equal  Kind = iota // the same on both sides
	Delete             // only in the old sequence
	Insert             // only in the new sequence
)

// Edit is one stretch of an edit script: a[A0:A1] is deleted, b[B0:B1]
// inserted, or the two are equal (and of the same length).
type Edit struct {
	Kind           Kind
	A0, A1, B0, B1 int
}

// maxEditDistance bounds the exact search: Myers' time grows with (N+M)·D
// and its trace with D². 2000 is far above the distance of two versions of
// one paragraph (a rewritten 300-word paragraph has D ≈ 600) and keeps one
// search under a few tens of megabytes.
const maxEditDistance = 2000

// Diff gives an edit script turning a into b, stretches in order, equal
// stretches maximal, and within a change all deletions before insertions.
func Diff(a, b []int) []Edit {
	var kinds []Kind
	kinds = diffInto(kinds, a, b)
	return group(kinds)
}

// diffInto appends to out one kind per step of a shortest script.
func diffInto(out []Kind, a, b []int) []Kind {
	// Common prefix and suffix cost nothing.
	p := 0
	for p < len(a) && p < len(b) && a[p] == b[p] {
		p++
	}
	s := 0
	for s < len(a)-p && s < len(b)-p && a[len(a)-1-s] == b[len(b)-1-s] {
		s++
	}
	for i := 0; i < p; i++ {
		out = append(out, Equal)
	}
	out = middle(out, a[p:len(a)-s], b[p:len(b)-s])
	for i := 0; i < s; i++ {
		out = append(out, Equal)
	}
	return out
}

func middle(out []Kind, a, b []int) []Kind {
	switch {
	case len(a) == 0:
		return repeat(out, Insert, len(b))
	case len(b) == 0:
		return repeat(out, Delete, len(a))
	}
	if script, ok := myers(a, b, maxEditDistance); ok {
		return append(out, script...)
	}
	return patience(out, a, b)
}

func repeat(out []Kind, k Kind, n int) []Kind {
	for i := 0; i < n; i++ {
		out = append(out, k)
	}
	return out
}

// myers finds a shortest edit script of a into b with at most maxD
// deletions and insertions, keeping every round's frontier to trace the
// path back; ok is false when the distance is larger.
func myers(a, b []int, maxD int) (script []Kind, ok bool) {
	n, m := len(a), len(b)
	offset := n + m
	v := make([]int, 2*offset+2)
	var trace [][]int
	for d := 0; d <= n+m && d <= maxD; d++ {
		// Keep only the diagonals this round can reach.
		lo, hi := -d, d
		snap := make([]int, hi-lo+1)
		for k := lo; k <= hi; k += 2 {
			var x int
			// Prefer the deletion (a step down in x) when both reach as
			// far: a fixed rule, so ties always break alike.
			if k == -d || (k != d && v[offset+k-1] < v[offset+k+1]) {
				x = v[offset+k+1] // insertion: from diagonal k+1
			} else {
				x = v[offset+k-1] + 1 // deletion: from diagonal k-1
			}
			y := x - k
			for x < n && y < m && a[x] == b[y] {
				x++
				y++
			}
			v[offset+k] = x
			if x >= n && y >= m {
				for kk := lo; kk <= hi; kk += 2 {
					snap[kk-lo] = v[offset+kk]
				}
				trace = append(trace, snap)
				return backtrack(trace, n, m), true
			}
		}
		for k := lo; k <= hi; k += 2 {
			snap[k-lo] = v[offset+k]
		}
		trace = append(trace, snap)
	}
	return nil, false
}

// backtrack walks the frontiers from (n, m) back to (0, 0).
func backtrack(trace [][]int, n, m int) []Kind {
	var rev []Kind
	x, y := n, m
	for d := len(trace) - 1; d > 0; d-- {
		prev := trace[d-1]
		at := func(k int) int { return prev[k+(d-1)] } // prev covers -(d-1)..d-1
		k := x - y
		var pk int
		if k == -d || (k != d && at(k-1) < at(k+1)) {
			pk = k + 1
		} else {
			pk = k - 1
		}
		px := at(pk)
		py := px - pk
		for x > px && y > py {
			rev = append(rev, Equal)
			x--
			y--
		}
		if pk == k+1 {
			rev = append(rev, Insert)
			y--
		} else {
			rev = append(rev, Delete)
			x--
		}
	}
	for x > 0 && y > 0 {
		rev = append(rev, Equal)
		x--
		y--
	}
	for i, j := 0, len(rev)-1; i < j; i, j = i+1, j-1 {
		rev[i], rev[j] = rev[j], rev[i]
	}
	return rev
}

// patience cuts a and b at the longest chain of tokens that occur exactly
// once in each, in the same order, and diffs the pieces between them; with
// no such token the stretch is replaced as a whole.
func patience(out []Kind, a, b []int) []Kind {
	count := map[int][2]int{}
	for _, t := range a {
		c := count[t]
		c[0]++
		count[t] = c
	}
	for _, t := range b {
		c := count[t]
		c[1]++
		count[t] = c
	}
	posB := map[int]int{}
	for j, t := range b {
		if count[t] == [2]int{1, 1} {
			posB[t] = j
		}
	}
	// Pairs (i, j) of unique tokens in a's order; the longest chain
	// increasing in j, by patience sorting.
	type pair struct{ i, j int }
	var pairs []pair
	for i, t := range a {
		if j, ok := posB[t]; ok {
			pairs = append(pairs, pair{i, j})
		}
	}
	if len(pairs) == 0 {
		return repeat(repeat(out, Delete, len(a)), Insert, len(b))
	}
	var tops []int // index into pairs of the top of each pile
	back := make([]int, len(pairs))
	for p, pr := range pairs {
		lo, hi := 0, len(tops)
		for lo < hi {
			mid := (lo + hi) / 2
			if pairs[tops[mid]].j < pr.j {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		back[p] = -1
		if lo > 0 {
			back[p] = tops[lo-1]
		}
		if lo == len(tops) {
			tops = append(tops, p)
		} else {
			tops[lo] = p
		}
	}
	var chain []pair
	for p := tops[len(tops)-1]; p >= 0; p = back[p] {
		chain = append(chain, pairs[p])
	}
	i0, j0 := 0, 0
	for c := len(chain) - 1; c >= 0; c-- {
		pr := chain[c]
		out = diffInto(out, a[i0:pr.i], b[j0:pr.j])
		out = append(out, Equal)
		i0, j0 = pr.i+1, pr.j+1
	}
	return diffInto(out, a[i0:], b[j0:])
}

// group turns one kind per step into stretches, deletions before
// insertions within each change.
func group(kinds []Kind) []Edit {
	var out []Edit
	i, j := 0, 0
	for s := 0; s < len(kinds); {
		if kinds[s] == Equal {
			e := Edit{Kind: Equal, A0: i, B0: j}
			for s < len(kinds) && kinds[s] == Equal {
				s, i, j = s+1, i+1, j+1
			}
			e.A1, e.B1 = i, j
			out = append(out, e)
			continue
		}
		del := Edit{Kind: Delete, A0: i, B0: j}
		ins := Edit{Kind: Insert}
		for s < len(kinds) && kinds[s] != Equal {
			if kinds[s] == Delete {
				i++
			} else {
				j++
			}
			s++
		}
		del.A1, del.B1 = i, del.B0
		ins.A0, ins.A1, ins.B0, ins.B1 = i, i, del.B0, j
		if del.A1 > del.A0 {
			out = append(out, del)
		}
		if ins.B1 > ins.B0 {
			out = append(out, ins)
		}
	}
	return out
}
