package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// The recognisers read the text of every paragraph several times over
// (folded into one line, counted in words). These helpers give what
// strings.Join(strings.Fields(s), " ") and len(strings.Fields(s)) give,
// without the copies: a paragraph is most often written on one line with
// single spaces already.

// anyRunContains reports whether the text of a run of in holds the byte c.
func anyRunContains(in []doc.Inline, c byte) bool {
	for _, il := range in {
		if r, ok := il.(*doc.Run); ok && strings.IndexByte(r.Text, c) >= 0 {
			return true
		}
	}
	return false
}

// foldSpaces is strings.Join(strings.Fields(s), " "): white space trimmed
// at both ends and every run of it made one space. Text that is folded
// already, the common case, is given back as it is; other text (a deleted
// word leaves two spaces in the clean text) is folded in one allocation.
func foldSpaces(s string) string {
	if isFolded(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for w, i := nextWord(s, 0); w != ""; w, i = nextWord(s, i) {
		if sb.Len() > 0 {
			sb.WriteByte(' ')
		}
		sb.WriteString(w)
	}
	return sb.String()
}

// isFolded reports whether foldSpaces would leave s as it is: no white
// space at either end, and none but single ' ' between words.
func isFolded(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' || strings.Contains(s, "  ") {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !mayBeOtherSpace[s[i]] {
			continue // most bytes: one table look-up
		}
		if s[i] < utf8.RuneSelf {
			return false
		}
		if r, _ := utf8.DecodeRuneInString(s[i:]); unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// asciiSpace is the ASCII white space of unicode.IsSpace, ' ' aside.
var asciiSpace = [utf8.RuneSelf]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true}

// mayBeOtherSpace marks the bytes that start white space other than ' ':
// asciiSpace, and the lead bytes of U+0085, U+00A0 (C2), U+1680 (E1),
// U+2000…U+205F (E2) and U+3000 (E3), the rest of unicode.IsSpace.
var mayBeOtherSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, 0xc2: true, 0xe1: true, 0xe2: true, 0xe3: true}

// isSpaceAt reports whether s has white space (unicode.IsSpace) at byte i,
// and its size.
func isSpaceAt(s string, i int) (bool, int) {
	if c := s[i]; c < utf8.RuneSelf {
		return c == ' ' || asciiSpace[c], 1
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	return unicode.IsSpace(r), size
}

// nextWord gives the first word of s at or after byte i, as
// strings.Fields cuts words, and the byte after it; "" when there is none.
func nextWord(s string, i int) (word string, next int) {
	for i < len(s) {
		space, size := isSpaceAt(s, i)
		if !space {
			break
		}
		i += size
	}
	start := i
	for i < len(s) {
		space, size := isSpaceAt(s, i)
		if space {
			break
		}
		i += size
	}
	return s[start:i], i
}

// countWords is len(strings.Fields(s)), counted up to limit+1 only: the
// callers ask whether a line has more words than a bound.
func countWords(s string, limit int) int {
	n := 0
	for w, i := nextWord(s, 0); w != "" && n <= limit; w, i = nextWord(s, i) {
		n++
	}
	return n
}

// firstWords gives the first two words of s as strings.Fields cuts them
// ("" for a word that is not there).
func firstWords(s string) (first, second string) {
	first, i := nextWord(s, 0)
	second, _ = nextWord(s, i)
	return first, second
}
