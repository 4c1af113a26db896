package doc

import (
	"reflect"
	"testing"
)

// Coalesce, and a Coalescer call after call, give what the plain merge
// below gives, and lists that share nothing.
func TestCoalescer(t *testing.T) {
	ins, del := Revision{Ins: 1}, Revision{Del: 2}
	run := func(text string, f Format, rev Revision) *Run {
		return &Run{Pos: Pos{1, len(text) + 1}, Text: text, Format: f, Rev: rev}
	}
	cases := [][]Inline{
		nil,
		{},
		{run("a", 0, Revision{})},
		{run("a", 0, Revision{}), run("b", 0, Revision{}), run("c", Bold, Revision{})},
		{run("", 0, Revision{}), run("", 0, Revision{})},
		{run("", 0, Revision{}), run("", 0, Revision{}), run("x", 0, Revision{})},
		{run("a", 0, ins), run("b", 0, ins), &FootnoteRef{ID: 1}, run("c", 0, ins), run("d", 0, del)},
		{&FootnoteRef{ID: 1}, &FootnoteRef{ID: 2}},
		{run("a", Italic, Revision{}), &Run{Text: "b", Format: Italic, Link: "http://x"}, &Run{Text: "c", Format: Italic, Link: "http://x"}},
	}
	long := make([]Inline, 0, 2*coalesceBatch)
	for i := 0; i < 2*coalesceBatch; i++ {
		long = append(long, run("w", Format(i%2), Revision{}))
	}
	cases = append(cases, long)
	var c Coalescer
	var results [][]Inline
	for _, in := range cases {
		want := referenceCoalesce(in)
		if got := Coalesce(in); (got == nil) != (want == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("Coalesce(%v) = %v, want %v", in, got, want)
		}
		got := c.Coalesce(in)
		if (got == nil) != (want == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("Coalescer.Coalesce(%v) = %v, want %v", in, got, want)
		}
		for i, il := range got {
			if i < len(in) && il == in[i] {
				if _, isRun := il.(*Run); isRun {
					t.Errorf("case %v: run %d not copied", in, i)
				}
			}
		}
		results = append(results, got)
	}
	// Growing one result leaves the next as it was.
	for i := 0; i+1 < len(results); i++ {
		next := append([]Inline{}, results[i+1]...)
		_ = append(results[i], &Run{Text: "grown"})
		if !reflect.DeepEqual(next, append([]Inline{}, results[i+1]...)) {
			t.Errorf("appending to result %d changed result %d", i, i+1)
		}
	}
}

// referenceCoalesce is the plain merge, one run and one string at a time,
// that Coalesce was before it allocated in batches.
func referenceCoalesce(in []Inline) []Inline {
	out := []Inline{}
	for _, il := range in {
		r, ok := il.(*Run)
		if !ok {
			out = append(out, il)
			continue
		}
		if len(out) > 0 {
			if prev, ok := out[len(out)-1].(*Run); ok && alike(prev, r) {
				prev.Text += r.Text
				continue
			}
		}
		c := *r
		out = append(out, &c)
	}
	return out
}
