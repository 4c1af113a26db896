package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// splitAt splits inlines at byte offset n of their marked text (every run,
// whatever its revision; footnote references have no width). Runs are copied
// where cut, so that the two halves share nothing.
func splitAt(in []doc.Inline, n int) (head, tail []doc.Inline) {
	i, k, cut := cutPoint(in, n)
	switch {
	case !cut:
		return in, nil
	case k == 0:
		return in[:i:i], in[i:]
	}
	// Two allocations: the two halves of the cut run, and one array for
	// both lists, head capped so that it cannot grow into tail.
	r := in[i].(*doc.Run)
	halves := &[2]doc.Run{*r, *r}
	a, b := &halves[0], &halves[1]
	a.Text, b.Text = r.Text[:k], r.Text[k:]
	b.Pos.Col += utf8.RuneCountInString(r.Text[:k])
	both := make([]doc.Inline, len(in)+1)
	copy(both, in[:i])
	both[i], both[i+1] = a, b
	copy(both[i+2:], in[i+1:])
	return both[: i+1 : i+1], both[i+1:]
}

// trimSpace drops leading and trailing white space from inlines, and runs
// left empty.
func trimSpace(in []doc.Inline) []doc.Inline {
	for len(in) > 0 {
		r, ok := in[0].(*doc.Run)
		if !ok {
			break
		}
		t := strings.TrimLeft(r.Text, " \t\n")
		if t != "" {
			if t != r.Text {
				c := *r
				c.Pos.Col += utf8.RuneCountInString(r.Text) - utf8.RuneCountInString(t)
				c.Text = t
				in = append([]doc.Inline{&c}, in[1:]...)
			}
			break
		}
		in = in[1:]
	}
	for len(in) > 0 {
		r, ok := in[len(in)-1].(*doc.Run)
		if !ok {
			break
		}
		t := strings.TrimRight(r.Text, " \t\n")
		if t != "" {
			if t != r.Text {
				c := *r
				c.Text = t
				in = append(in[:len(in)-1:len(in)-1], &c)
			}
			break
		}
		in = in[:len(in)-1]
	}
	return in
}

// mapText replaces the text of every run with f(text), dropping runs left
// empty.
func mapText(in []doc.Inline, f func(string) string) []doc.Inline {
	out := in[:0]
	for _, il := range in {
		if r, ok := il.(*doc.Run); ok {
			r.Text = f(r.Text)
			if r.Text == "" {
				continue
			}
		}
		out = append(out, il)
	}
	return out
}

// visible reports whether an inline shows something: a footnote reference,
// or a run with more than white space.
func visible(il doc.Inline) bool {
	r, ok := il.(*doc.Run)
	return !ok || strings.TrimSpace(r.Text) != ""
}

// wholly reports whether every visible inline of lists is inserted (kind
// Insertion) or deleted (kind Deletion), and there is at least one; it gives
// the revision the paragraph mark takes: the last visible inline's, as the
// mark follows it, but inserted only when every visible inline is: a
// deleted paragraph whose last words were inserted, then deleted, keeps
// its mark in the original view, where its first words are.
func wholly(kind doc.ChangeKind, lists ...[]doc.Inline) (doc.Revision, bool) {
	var last doc.Revision
	seen, allInserted := false, true
	for _, in := range lists {
		for _, il := range in {
			if !visible(il) {
				continue
			}
			rev := il.Revision()
			if kind == doc.Insertion && (rev.Ins == 0 || rev.Del != 0) || kind == doc.Deletion && rev.Del == 0 {
				return doc.Revision{}, false
			}
			last, seen = rev, true
			allInserted = allInserted && rev.Ins != 0
		}
	}
	if !allInserted {
		last.Ins = 0
	}
	return last, seen
}

// spreadRevision gives the white space between the revised runs of a wholly
// revised paragraph the revision of the visible inline before it (or after
// it, at the start), so that accepting or rejecting leaves none behind.
func spreadRevision(in []doc.Inline, fallback doc.Revision) {
	cur := fallback
	for _, il := range in {
		if visible(il) {
			cur = il.Revision()
			break
		}
	}
	for _, il := range in {
		if visible(il) {
			cur = il.Revision()
			continue
		}
		if r, ok := il.(*doc.Run); ok && r.Rev.IsZero() {
			r.Rev = cur
		}
	}
}

// coalesce merges adjacent alike runs.
func coalesce(in []doc.Inline) []doc.Inline { return doc.Coalesce(in) }

// cutOut gives the inlines before byte from of their marked text, as
// splitAt(in, from) gives its head, and those from byte to on, as
// splitAt(in, to) gives its tail (from <= to, both between characters): a
// label and the text after its separator. It allocates once for the cut
// runs and once for both lists, where two splitAt calls allocated twice
// each.
func cutOut(in []doc.Inline, from, to int) (head, tail []doc.Inline) {
	hi, hk, hcut := cutPoint(in, from)
	ti, tk, tcut := cutPoint(in, to)
	var runs *[2]doc.Run
	if hk > 0 || tk > 0 {
		runs = new([2]doc.Run)
	}
	n := 0 // slots the lists need
	if hk > 0 {
		n += hi + 1
	}
	if tk > 0 {
		n += len(in) - ti
	}
	slots := make([]doc.Inline, n)
	switch {
	case !hcut:
		head = in
	case hk == 0:
		head = in[:hi:hi]
	default:
		r := in[hi].(*doc.Run)
		a := &runs[0]
		*a = *r
		a.Text = r.Text[:hk]
		copy(slots, in[:hi])
		slots[hi] = a
		head, slots = slots[:hi+1:hi+1], slots[hi+1:]
	}
	switch {
	case !tcut:
		tail = nil
	case tk == 0:
		tail = in[ti:]
	default:
		r := in[ti].(*doc.Run)
		b := &runs[1]
		*b = *r
		b.Text = r.Text[tk:]
		b.Pos.Col += utf8.RuneCountInString(r.Text[:tk])
		slots[0] = b
		copy(slots[1:], in[ti+1:])
		tail = slots
	}
	return head, tail
}

// cutPoint is where splitAt(in, n) cuts: before inline i (k == 0) or
// inside run i at byte k; cut is false when n is past the end.
func cutPoint(in []doc.Inline, n int) (i, k int, cut bool) {
	off := 0
	for i, il := range in {
		r, ok := il.(*doc.Run)
		switch {
		case off >= n:
			return i, 0, true
		case !ok:
			continue
		case off+len(r.Text) > n:
			return i, n - off, true
		}
		off += len(r.Text)
	}
	return len(in), 0, false
}
