package compare

// This file diffs the text of two paragraphs: tokens (tokens.go) are
// diffed (diff.go), then the script is cleaned up so that it reads like a
// redline a person would make:
//
//  1. a change never cuts a word: where formatting split a word into
//     tokens, a change touching one part takes in the rest (widen);
//  2. changes separated by one short unchanged word are merged when both
//     are replacements, and changes separated by white space and
//     punctuation only when one is, so "Guadalajara, 2010" → "Busan, 2014"
//     is one deletion and one insertion, not four (merge);
//  3. within a change the deletion comes before the insertion, and a space
//     that ends the deletion and starts the insertion is kept between the
//     two, unchanged ("~~Guadalajara, 2010~~ [Busan, 2014](#)", not
//     "~~Guadalajara, 2010 ~~[ Busan, 2014](#)": pull).

// Tuning of the merge: an equality is short enough to be taken into the
// changes around it when it has at most maxMergedWords words of at most
// maxMergedWordRunes characters each (the, of, to, and) and at most
// maxMergedRunes characters in all.
const (
	maxMergedWords     = 1
	maxMergedWordRunes = 3
	maxMergedRunes     = 12
)

// region is one change of a cleaned script: a[A0:A1] deleted, b[B0:B1]
// inserted; what lies between two regions is equal on both sides.
type region struct{ A0, A1, B0, B1 int }

func (r region) replaces() bool { return r.A1 > r.A0 && r.B1 > r.B0 }

// diffTokens gives the cleaned-up changes turning a into b.
func diffTokens(a, b []token) []region {
	in := interner{}
	es := Diff(in.ids(a), in.ids(b))
	var rs []region
	for _, e := range es {
		if e.Kind == Equal {
			continue
		}
		if n := len(rs); n > 0 && rs[n-1].A1 == e.A0 && rs[n-1].B1 == e.B0 {
			rs[n-1].A1, rs[n-1].B1 = e.A1, e.B1 // the insertion after its deletion
			continue
		}
		rs = append(rs, region{e.A0, e.A1, e.B0, e.B1})
	}
	rs = widen(rs, a, b)
	rs = slide(rs, a, b)
	return pull(merge(rs, a, b), a, b)
}

// slide moves a deletion or an insertion that ends with a space left while
// the space before it is the same, so that it ends on a word ("of ~~the
// two~~ WSIS", not "of ~~the~~ ~~two ~~WSIS"), and joins changes that then
// touch.
func slide(rs []region, a, b []token) []region {
	for i := range rs {
		r := &rs[i]
		prevA, prevB := 0, 0
		if i > 0 {
			prevA, prevB = rs[i-1].A1, rs[i-1].B1
		}
		switch {
		case r.B0 == r.B1: // a deletion
			for r.A1 > r.A0 && r.A0 > prevA && r.B0 > prevB && a[r.A1-1].class == space && a[r.A0-1].key() == a[r.A1-1].key() {
				r.A0, r.A1, r.B0, r.B1 = r.A0-1, r.A1-1, r.B0-1, r.B1-1
			}
		case r.A0 == r.A1: // an insertion
			for r.B1 > r.B0 && r.A0 > prevA && r.B0 > prevB && b[r.B1-1].class == space && b[r.B0-1].key() == b[r.B1-1].key() {
				r.A0, r.A1, r.B0, r.B1 = r.A0-1, r.A1-1, r.B0-1, r.B1-1
			}
		}
	}
	var out []region
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].A1 == r.A0 && out[n-1].B1 == r.B0 {
			out[n-1].A1, out[n-1].B1 = r.A1, r.B1
			continue
		}
		out = append(out, r)
	}
	return out
}

// pull keeps out of a replacement the space its deletion ends with and its
// insertion starts with.
func pull(rs []region, a, b []token) []region {
	var out []region
	for _, r := range rs {
		if r.A1-r.A0 > 1 && r.B1-r.B0 > 1 && a[r.A1-1].class == space && a[r.A1-1].key() == b[r.B0].key() {
			out = append(out, region{r.A0, r.A1 - 1, r.B0, r.B0}, region{r.A1, r.A1, r.B0 + 1, r.B1})
			continue
		}
		out = append(out, r)
	}
	return out
}

// widen takes into each change the parts of a word it touches.
func widen(rs []region, a, b []token) []region {
	for i := range rs {
		r := &rs[i]
		prevA := 0
		if i > 0 {
			prevA = rs[i-1].A1
		}
		for r.A0 > prevA && a[r.A0-1].class == word && (startsWord(a, r.A0, r.A1) || startsWord(b, r.B0, r.B1)) {
			r.A0--
			r.B0--
		}
		nextA := len(a)
		if i+1 < len(rs) {
			nextA = rs[i+1].A0
		}
		for r.A1 < nextA && a[r.A1].class == word && (endsWord(a, r.A0, r.A1) || endsWord(b, r.B0, r.B1)) {
			r.A1++
			r.B1++
		}
	}
	// Widening can make neighbours touch: join them.
	var out []region
	for _, r := range rs {
		if n := len(out); n > 0 && out[n-1].A1 >= r.A0 {
			out[n-1].A1, out[n-1].B1 = r.A1, r.B1
			continue
		}
		out = append(out, r)
	}
	return out
}

func startsWord(ts []token, from, to int) bool { return from < to && ts[from].class == word }
func endsWord(ts []token, from, to int) bool   { return from < to && ts[to-1].class == word }

// merge joins changes separated by a short equality: two replacements
// across one short word, a replacement and any change across white space
// and punctuation (which marks no more words, and makes fewer changes).
func merge(rs []region, a, b []token) []region {
	var out []region
	for _, r := range rs {
		if n := len(out); n > 0 {
			prev, eq := out[n-1], a[out[n-1].A1:r.A0]
			words := countWordTokens(eq)
			if shortEquality(eq) && (prev.replaces() && r.replaces() || words == 0 && (prev.replaces() || r.replaces())) {
				out[n-1].A1, out[n-1].B1 = r.A1, r.B1
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

func countWordTokens(ts []token) int {
	n := 0
	for _, t := range ts {
		if t.class == word {
			n++
		}
	}
	return n
}

func shortEquality(ts []token) bool {
	words, runes := 0, 0
	for _, t := range ts {
		n := t.runes()
		switch t.class {
		case ref:
			return false // a footnote reference stays where it is
		case word:
			words++
			if words > maxMergedWords || n > maxMergedWordRunes {
				return false
			}
		}
		runes += n
	}
	return runes <= maxMergedRunes
}
