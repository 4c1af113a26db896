package compare

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// apply rebuilds b from a and the script, checking that equal stretches are
// equal.
func apply(t *testing.T, a, b []int, es []Edit) []int {
	t.Helper()
	var out []int
	ai, bi := 0, 0
	for _, e := range es {
		if e.A0 != ai || e.B0 != bi {
			t.Fatalf("edit %+v does not start at a[%d], b[%d]", e, ai, bi)
		}
		switch e.Kind {
		case Equal:
			if !slices.Equal(a[e.A0:e.A1], b[e.B0:e.B1]) {
				t.Fatalf("equal stretch %+v differs", e)
			}
			out = append(out, a[e.A0:e.A1]...)
		case Delete:
			if e.B1 != e.B0 {
				t.Fatalf("deletion %+v inserts", e)
			}
		case Insert:
			if e.A1 != e.A0 {
				t.Fatalf("insertion %+v deletes", e)
			}
			out = append(out, b[e.B0:e.B1]...)
		}
		ai, bi = e.A1, e.B1
	}
	if ai != len(a) || bi != len(b) {
		t.Fatalf("script ends at a[%d], b[%d] of %d, %d", ai, bi, len(a), len(b))
	}
	return out
}

func distance(es []Edit) int {
	d := 0
	for _, e := range es {
		if e.Kind != Equal {
			d += e.A1 - e.A0 + e.B1 - e.B0
		}
	}
	return d
}

// bruteDistance is the least number of deletions and insertions turning a
// into b, by trying every subsequence of a as the common part: exponential,
// for short inputs only, and independent of any dynamic programming.
func bruteDistance(a, b []int) int {
	best := len(a) + len(b)
	for mask := 0; mask < 1<<len(a); mask++ {
		var sub []int
		for i := range a {
			if mask&(1<<i) != 0 {
				sub = append(sub, a[i])
			}
		}
		if isSubsequence(sub, b) {
			best = min(best, len(a)+len(b)-2*len(sub))
		}
	}
	return best
}

func isSubsequence(s, of []int) bool {
	i := 0
	for _, x := range of {
		if i < len(s) && s[i] == x {
			i++
		}
	}
	return i == len(s)
}

func TestDiffIsMinimal(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 3000; n++ {
		alpha := 1 + r.IntN(4)
		a := make([]int, r.IntN(11))
		b := make([]int, r.IntN(11))
		for i := range a {
			a[i] = r.IntN(alpha)
		}
		for i := range b {
			b[i] = r.IntN(alpha)
		}
		es := Diff(a, b)
		if got := apply(t, a, b, es); !slices.Equal(got, b) {
			t.Fatalf("a=%v b=%v: script gives %v", a, b, got)
		}
		if got, want := distance(es), bruteDistance(a, b); got != want {
			t.Fatalf("a=%v b=%v: distance %d, minimum %d", a, b, got, want)
		}
	}
}

// Above the exact search's bound the script is still right, and the same
// for the same inputs.
func TestDiffBeyondTheBound(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	a := make([]int, 6000)
	b := make([]int, 6000)
	for i := range a {
		a[i] = r.IntN(50000)
		b[i] = r.IntN(50000)
	}
	copy(b[2000:2100], a[1000:1100]) // something in common, unique tokens
	es := Diff(a, b)
	if got := apply(t, a, b, es); !slices.Equal(got, b) {
		t.Fatal("script does not give b")
	}
	if !slices.Equal(es, Diff(a, b)) {
		t.Fatal("two runs differ")
	}
	if eq := len(a)*2 - distance(es); eq < 200 {
		t.Errorf("the common stretch was not found: %d tokens kept", eq/2)
	}
}

func TestDiffDeletionsFirst(t *testing.T) {
	es := Diff([]int{1, 2, 3}, []int{1, 4, 3})
	want := []Edit{{Equal, 0, 1, 0, 1}, {Delete, 1, 2, 1, 1}, {Insert, 2, 2, 1, 2}, {Equal, 2, 3, 2, 3}}
	if !slices.Equal(es, want) {
		t.Errorf("got %+v, want %+v", es, want)
	}
}
