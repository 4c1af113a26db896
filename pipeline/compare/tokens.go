package compare

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// class is what a token is made of.
type class uint8

const (
	word  class = iota // letters, digits and marks; an apostrophe between letters
	space              // one white space character
	punct              // one other character
	ref                // a footnote reference
)

// token is the unit of the text diff: a word, one white space character
// (the Word export doubles spaces where it dropped a word: each space is a
// token, so that one of two still matches), one punctuation character or a
// footnote reference, with its run's format and
// link. A run boundary inside a word cuts it (the two halves differ in
// format), so a token never spans two runs.
type token struct {
	text   string
	class  class
	format doc.Format
	link   string
	ref    *doc.FootnoteRef
}

func (t token) runes() int { return utf8.RuneCountInString(t.text) }

// key is what makes two tokens the same for the diff: a footnote reference
// is the same reference when its mark is (its body is compared apart).
func (t token) key() string {
	var sb strings.Builder
	sb.WriteByte(byte('0' + t.class))
	sb.WriteByte(byte(t.format))
	sb.WriteString(t.link)
	sb.WriteByte(0)
	if t.ref != nil {
		sb.WriteString(t.ref.Mark)
	} else {
		sb.WriteString(t.text)
	}
	return sb.String()
}

// tokenize cuts inlines into tokens.
func tokenize(in []doc.Inline) []token {
	var out []token
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			out = appendTokens(out, il.Text, il.Format, il.Link)
		case *doc.FootnoteRef:
			out = append(out, token{class: ref, ref: il, text: il.Mark})
		default:
			panic("compare: unknown inline type")
		}
	}
	return out
}

// charTokens cuts inlines into one token per character (labels, when their
// words cannot change as wholes).
func charTokens(in []doc.Inline) []token {
	var out []token
	for _, t := range tokenize(in) {
		if t.ref != nil || t.runes() == 1 {
			out = append(out, t)
			continue
		}
		for _, r := range t.text {
			c := t
			c.text = string(r)
			out = append(out, c)
		}
	}
	return out
}

func appendTokens(out []token, s string, f doc.Format, link string) []token {
	for len(s) > 0 {
		r, n := utf8.DecodeRuneInString(s)
		cl := classOf(r)
		end := n
		switch cl {
		case word:
			for end < len(s) {
				r2, n2 := utf8.DecodeRuneInString(s[end:])
				if classOf(r2) == word {
					end += n2
					continue
				}
				// An apostrophe between letters stays in the word: "ITU's".
				if (r2 == '\'' || r2 == '’') && end+n2 < len(s) {
					if r3, _ := utf8.DecodeRuneInString(s[end+n2:]); classOf(r3) == word {
						end += n2
						continue
					}
				}
				break
			}
		}
		out = append(out, token{text: s[:end], class: cl, format: f, link: link})
		s = s[end:]
	}
	return out
}

func classOf(r rune) class {
	switch {
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r):
		return word
	case unicode.IsSpace(r):
		return space
	}
	return punct
}

// isWordRune reports whether r belongs to words (for the pepper measure).
func isWordRune(r rune) bool { return classOf(r) == word }

// interner numbers token keys, so that the diff compares integers.
type interner map[string]int

func (in interner) ids(ts []token) []int {
	out := make([]int, len(ts))
	for i, t := range ts {
		k := t.key()
		id, ok := in[k]
		if !ok {
			id = len(in)
			in[k] = id
		}
		out[i] = id
	}
	return out
}
