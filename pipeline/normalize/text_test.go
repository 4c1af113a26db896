package normalize

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// The text helpers must give what the plain library expressions they stand
// for give, on every kind of white space.
func TestTextHelpers(t *testing.T) {
	for _, s := range []string{
		"", " ", "a", " a", "a ", "a b", "a  b", "a\tb", "a\nb", "a\u00a0b", "a\u2028b", "a\u3000b",
		"recalling", "in view of", "  resolves  to\tinstruct ", "ü é", "\u00a0lead", "trail\u00a0",
		"a b c d e f g", "a\x85b", "x\xffy", "\xff", "– dash", "one  two three",
	} {
		want := strings.Join(strings.Fields(s), " ")
		if got := foldSpaces(s); got != want {
			t.Errorf("foldSpaces(%q) = %q, want %q", s, got, want)
		}
		if got, want := isFolded(s), s == want; got != want {
			t.Errorf("isFolded(%q) = %v, want %v", s, got, want)
		}
		words := strings.Fields(s)
		for limit := 0; limit < 4; limit++ {
			if got := countWords(s, limit); min(got, limit+1) != min(len(words), limit+1) {
				t.Errorf("countWords(%q, %d) = %d, fields %d", s, limit, got, len(words))
			}
		}
		first, second := firstWords(s)
		words = append(words, "", "")
		if first != words[0] || second != words[1] {
			t.Errorf("firstWords(%q) = %q, %q, want %q, %q", s, first, second, words[0], words[1])
		}
	}
}

// hasSuperscript finds exactly the runes of the table superscript.
func TestHasSuperscript(t *testing.T) {
	has := func(s string) bool {
		for _, r := range s {
			if _, ok := superscript[r]; ok {
				return true
			}
		}
		return false
	}
	cases := []string{"", "plain", "km²", "–", "é", "\u2080", "\u2075", "x\u00b9", "\u00b0", "\u2070", "\u2071", "\u00ba", "\xc2", "\xe2\x81"}
	for r := rune(0xa0); r < 0x2100; r++ {
		cases = append(cases, "a"+string(r)+"b", string(r))
	}
	for _, s := range cases {
		if got, want := hasSuperscript(s), has(s); got != want {
			t.Errorf("hasSuperscript(%q) = %v, want %v", s, got, want)
		}
	}
}

// Every white space of unicode.IsSpace starts with a byte mayBeOtherSpace
// marks (or is ' '), so that isFolded sees them all.
func TestMayBeOtherSpace(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if !unicode.IsSpace(r) || r == ' ' {
			continue
		}
		s := string(r)
		if !mayBeOtherSpace[s[0]] {
			t.Errorf("%U starts with %#x, not marked", r, s[0])
		}
		if isFolded("a" + s + "b") {
			t.Errorf("isFolded takes %U", r)
		}
	}
}

func TestFoldSpacesAgainstFields(t *testing.T) {
	for _, s := range []string{"a  b", " a ", "\t", "x \u00a0 y\n z", "deleted  word  here ", "\xff  \xfe", "é  è", "  ", "a\u3000\u3000b"} {
		if got, want := foldSpaces(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("foldSpaces(%q) = %q, want %q", s, got, want)
		}
	}
}

// cutOut cuts where splitAt, applied twice as item did, cuts.
func TestCutOut(t *testing.T) {
	run := func(text string, col int) *doc.Run { return &doc.Run{Pos: doc.Pos{Line: 1, Col: col}, Text: text} }
	inputs := [][]doc.Inline{
		{run("a) text", 1)},
		{run("a)", 1), run(" ", 3), run("text", 4)},
		{run("1.", 1), &doc.FootnoteRef{ID: 1}, run(" é x", 3)},
		{run("ab", 1), run("", 3), run("cd ef", 3)},
		{&doc.FootnoteRef{ID: 1}, run("x y", 1)},
	}
	show := showInlines
	for _, in := range inputs {
		text := doc.Text(in)
		boundary := func(i int) bool { return i >= len(text) || utf8.RuneStart(text[i]) }
		n := len(text) + 1
		for from := 0; from <= n; from++ {
			for to := from; to <= n; to++ {
				if !boundary(from) || !boundary(to) {
					continue // item cuts where regexps matched: between characters
				}
				wantHead, rest := splitAt(in, from)
				_, wantTail := splitAt(rest, to-from)
				head, tail := cutOut(in, from, to)
				if show(head) != show(wantHead) || show(tail) != show(wantTail) {
					t.Errorf("cutOut(%s, %d, %d) = %s / %s, want %s / %s", show(in), from, to, show(head), show(tail), show(wantHead), show(wantTail))
				}
			}
		}
	}
}

// showInlines shows inlines as "line:col:text|ref|…".
func showInlines(in []doc.Inline) string {
	var s []string
	for _, il := range in {
		if r, ok := il.(*doc.Run); ok {
			s = append(s, r.Pos.String()+":"+r.Text)
		} else {
			s = append(s, "ref")
		}
	}
	return strings.Join(s, "|")
}

// splitAt cuts at a byte of the marked text: before a footnote reference
// that stands there, inside a run (the tail's column moved by the
// characters cut off), or nowhere past the end.
func TestSplitAt(t *testing.T) {
	run := func(text string, col int) *doc.Run { return &doc.Run{Pos: doc.Pos{Line: 1, Col: col}, Text: text} }
	in := []doc.Inline{run("é ab", 1), &doc.FootnoteRef{ID: 1}, run("cd", 5)}
	for _, c := range []struct {
		n          int
		head, tail string
	}{
		{0, "", "1:1:é ab|ref|1:5:cd"},
		{2, "1:1:é", "1:2: ab|ref|1:5:cd"},
		{4, "1:1:é a", "1:4:b|ref|1:5:cd"},
		{5, "1:1:é ab", "ref|1:5:cd"},
		{6, "1:1:é ab|ref|1:5:c", "1:6:d"},
		{7, "1:1:é ab|ref|1:5:cd", ""},
		{9, "1:1:é ab|ref|1:5:cd", ""},
	} {
		head, tail := splitAt(in, c.n)
		if got := showInlines(head); got != c.head {
			t.Errorf("splitAt(%d): head %s, want %s", c.n, got, c.head)
		}
		if got := showInlines(tail); got != c.tail {
			t.Errorf("splitAt(%d): tail %s, want %s", c.n, got, c.tail)
		}
		if len(head) > 0 && cap(head) != len(head) {
			t.Errorf("splitAt(%d): head can grow into tail (cap %d, len %d)", c.n, cap(head), len(head))
		}
	}
}
