package doc

import "strings"

// A Coalescer merges alike runs exactly as Coalesce does, for a stage that
// coalesces a whole document: the runs and lists it gives are taken from
// arrays it allocates a batch at a time, and each merged text is built in
// one allocation, so that a document costs a few dozen allocations, not
// several a run. What it gives shares nothing writable with in or with
// another result (each list is capped at its length). The zero Coalescer
// is ready to use; it is not safe for concurrent use.
type Coalescer struct {
	runs    []Run
	inlines []Inline
	exact   bool // allocate for this call only (Coalesce), not a batch
}

// coalesceBatch is how many runs (and list slots) a Coalescer allocates at
// a time.
const coalesceBatch = 512

// Coalesce merges adjacent runs of in alike in format, revision and link
// into one, the first one's position kept; in is not changed.
func (c *Coalescer) Coalesce(in []Inline) []Inline {
	n := countCoalesced(in)
	out := c.list(n)
	c.reserve(n)
	k := 0
	for i := 0; i < len(in); {
		r, ok := in[i].(*Run)
		if !ok {
			out[k] = in[i]
			k++
			i++
			continue
		}
		j, size := i+1, len(r.Text)
		for j < len(in) {
			next, ok := in[j].(*Run)
			if !ok || !alike(r, next) {
				break
			}
			size += len(next.Text)
			j++
		}
		merged := c.run()
		*merged = *r
		if j-i > 1 && size > 0 {
			var sb strings.Builder
			sb.Grow(size)
			for _, il := range in[i:j] {
				sb.WriteString(il.(*Run).Text)
			}
			merged.Text = sb.String()
		}
		out[k] = merged
		k++
		i = j
	}
	return out
}

// countCoalesced is the length of Coalesce(in).
func countCoalesced(in []Inline) int {
	n := 0
	var prev *Run
	for _, il := range in {
		r, ok := il.(*Run)
		if !ok || prev == nil || !alike(prev, r) {
			n++
		}
		prev = r // nil after a footnote reference
	}
	return n
}

// list gives a list of n inlines, capped at n; never nil, as JSON tells an
// empty list from none.
func (c *Coalescer) list(n int) []Inline {
	switch {
	case n == 0:
		return []Inline{}
	case c.exact || n > coalesceBatch:
		return make([]Inline, n)
	}
	if len(c.inlines) < n {
		c.inlines = make([]Inline, coalesceBatch)
	}
	l := c.inlines[:n:n]
	c.inlines = c.inlines[n:]
	return l
}

// reserve makes sure that n runs can be taken without allocating.
func (c *Coalescer) reserve(n int) {
	if len(c.runs) >= n {
		return
	}
	size := n
	if !c.exact {
		size = max(n, coalesceBatch)
	}
	c.runs = make([]Run, size)
}

// run gives a new run, from those reserved.
func (c *Coalescer) run() *Run {
	r := &c.runs[0]
	c.runs = c.runs[1:]
	return r
}
