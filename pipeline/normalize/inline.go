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
	off := 0
	for i, il := range in {
		r, ok := il.(*doc.Run)
		if !ok {
			if off >= n {
				return in[:i:i], in[i:]
			}
			continue
		}
		switch {
		case off >= n:
			return in[:i:i], in[i:]
		case off+len(r.Text) > n:
			k := n - off
			a, b := *r, *r
			a.Text, b.Text = r.Text[:k], r.Text[k:]
			b.Pos.Col += utf8.RuneCountInString(r.Text[:k])
			head = append(append(head, in[:i]...), &a)
			tail = append([]doc.Inline{&b}, in[i+1:]...)
			return head, tail
		}
		off += len(r.Text)
	}
	return in, nil
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

// allRev reports whether every inline with visible text has revision rev
// (and there is at least one).
func allRev(rev doc.Rev, lists ...[]doc.Inline) bool {
	seen := false
	for _, in := range lists {
		for _, il := range in {
			if r, ok := il.(*doc.Run); ok && strings.TrimSpace(r.Text) == "" {
				continue
			}
			if il.Revision() != rev {
				return false
			}
			seen = true
		}
	}
	return seen
}

// setRev sets the revision of every inline (white space included).
func setRev(rev doc.Rev, in []doc.Inline) {
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			il.Rev = rev
		case *doc.FootnoteRef:
			il.Rev = rev
		}
	}
}

// cleanText is the accepted text of inlines.
func cleanText(in []doc.Inline) string { return doc.TextWithout(in, doc.Deleted) }

// coalesce merges adjacent alike runs.
func coalesce(in []doc.Inline) []doc.Inline { return doc.Coalesce(in) }
