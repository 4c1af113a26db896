package compare

import (
	"testing"

	"github.com/itudoc/itudoc/pipeline/doc"
)

func seg(s string) Segment {
	switch s[0] {
	case '+':
		return Segment{s[1:], doc.Inserted}
	case '-':
		return Segment{s[1:], doc.Deleted}
	}
	return Segment{s, doc.Unchanged}
}

func TestMeasure(t *testing.T) {
	for _, tc := range []struct {
		segs                          []string
		changes, words, chars, pepper int
	}{
		{[]string{"(", "-Guadalajara, 2010", "+Busan, 2014", ")"}, 2, 4, 28, 0},
		{[]string{"G", "-uadalajara"}, 1, 1, 10, 0},   // long: not pepper
		{[]string{"20", "-1", "+2", "4"}, 2, 2, 2, 2}, // digits inside a number
		{[]string{"-7", "+8", "\tto"}, 2, 2, 2, 0},    // a whole label replaced
		{[]string{"Council", "-,", "+;"}, 2, 0, 2, 0}, // punctuation: no word
		{[]string{"to ", "-promote", " endeavour"}, 1, 1, 7, 0},
		{[]string{"ITU", "+s"}, 1, 1, 1, 1},       // cuts "ITUs" in the new text
		{[]string{"-ab", "+x", "cd"}, 2, 2, 3, 2}, // each cuts a word of its own text
	} {
		var segs []Segment
		for _, s := range tc.segs {
			segs = append(segs, seg(s))
		}
		var f Figures
		f.AddSegments(segs)
		if f.Changes != tc.changes || f.WordsMarked != tc.words || f.CharsMarked != tc.chars || f.Pepper != tc.pepper {
			t.Errorf("%q: %+v, want %d changes, %d words, %d chars, %d pepper", tc.segs, f, tc.changes, tc.words, tc.chars, tc.pepper)
		}
	}
}
