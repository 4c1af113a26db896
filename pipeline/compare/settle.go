package compare

import (
	"fmt"

	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// This file keeps the redline to what the source dialect can say. The
// marked document is written and read back (Options.ReadBack); each entry
// (proposal heading, paragraph, table) that does not read back as itself
// has one of the choices that made it changed, from the least visible to
// the most, and the redline is built again:
//
//  1. the change region just before it shown insertions first, when only
//     its style or level came back wrong (the dialect reads levels from the
//     items before, deleted ones included);
//  2. its label diffed by characters ("1~~0~~[1](#)", which reads back as
//     one label, where "~~10~~[11](#)" does not);
//  3. the pair shown as a deletion and an insertion;
//  4. its own change region shown insertions first.
//
// An entry that shows a block which does not read back even in its own
// document (findInherent; the dialect cannot say a label-less item, for
// one) is left as it is: no choice would help. Every round changes at
// least one choice and there are finitely many; a redline that still does
// not read back is returned with a warning.

func (c *comparer) settle(res *doc.Document, readBack func(*doc.Document) (*doc.Document, error)) *doc.Document {
	for round := 0; ; round++ {
		back, err := readBack(res)
		if err != nil {
			res.Diagnostics = append(res.Diagnostics, doc.Diagnostic{Severity: doc.Warning,
				Message: fmt.Sprintf("the redline could not be written in the source dialect: %v", err)})
			return res
		}
		want, got := canon.Entries(res), canon.Entries(back)
		if len(want) != len(c.origins) {
			panic(fmt.Sprintf("compare: %d entries but %d origins", len(want), len(c.origins)))
		}
		bad := canon.Mismatches(want, got)
		if len(bad) == 0 {
			if d := canon.Diff(res, back, canon.All); d != "" {
				res.Diagnostics = append(res.Diagnostics, doc.Diagnostic{Severity: doc.Warning,
					Message: "the source dialect does not hold all of the redline (its .md output reads back otherwise): " + d})
			}
			return res
		}
		if round == maxSettle || !c.escalate(bad, want, got) {
			res.Diagnostics = append(res.Diagnostics, doc.Diagnostic{Severity: doc.Warning,
				Message: "the source dialect does not hold all of the redline (its .md output reads back otherwise): " +
					canon.DiffLines(lines(want), lines(got))})
			return res
		}
		res = c.build()
	}
}

func lines(es []canon.Entry) []string {
	out := make([]string, len(es))
	for i, e := range es {
		out[i] = e.Line
	}
	return out
}

// escalate changes one choice for each bad entry; it reports whether any
// changed.
func (c *comparer) escalate(bad []int, want, got []canon.Entry) bool {
	changed := false
	for _, i := range bad {
		context := false
		if i < len(got) {
			p, ok1 := want[i].Block.(*doc.Paragraph)
			q, ok2 := got[i].Block.(*doc.Paragraph)
			context = ok1 && ok2 && canon.Inlines(p.Label) == canon.Inlines(q.Label) && canon.Inlines(p.Inlines) == canon.Inlines(q.Inlines)
		}
		if i >= len(c.origins) || c.isInherent(c.origins[i]) {
			continue
		}
		// When an entry has no choice left, the cause may be a neighbour.
		for _, k := range []int{i, i - 1, i + 1} {
			if k >= 0 && k < len(c.origins) && !c.isInherent(c.origins[k]) && c.next(c.origins[k], context) {
				changed = true
				break
			}
		}
	}
	return changed
}

func (c *comparer) isInherent(o origin) bool {
	for _, b := range o.src {
		if c.inherent[b] {
			return true
		}
	}
	return false
}

// next makes the next choice of the ladder for an origin. An unchanged
// pair is never shown deleted and inserted: only the order of the changes
// before it can change.
func (c *comparer) next(o origin, context bool) bool {
	flip := func(r []doc.Block) bool {
		if r == nil || c.isFlipped(r) {
			return false
		}
		for _, b := range r {
			c.flipped[b] = true
		}
		return true
	}
	if (context || o.same) && flip(o.before) {
		return true
	}
	if len(o.pair) > 0 && !o.same {
		switch c.knob[o.pair[0]] {
		case pairWords:
			if o.labelled {
				c.knob[o.pair[0]] = pairChars
				return true
			}
			fallthrough
		case pairChars:
			for _, p := range o.pair {
				c.knob[p] = unpaired
			}
			return true
		}
	}
	return flip(o.region) || flip(o.before)
}

// findInherent finds the blocks of the inputs that do not read back in
// their own document.
func (c *comparer) findInherent(readBack func(*doc.Document) (*doc.Document, error)) {
	for _, v := range []*doc.Document{c.old, c.new} {
		back, err := readBack(v)
		if err != nil {
			continue
		}
		want := canon.Entries(v)
		for _, i := range canon.Mismatches(want, canon.Entries(back)) {
			c.inherent[want[i].Block] = true
		}
	}
}
