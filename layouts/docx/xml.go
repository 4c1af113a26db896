package docx

import (
	"fmt"
	"strconv"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// xmlHeader starts every XML part.
const xmlHeader = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"

// Namespaces of the parts.
const (
	nsW   = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR   = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRel = "http://schemas.openxmlformats.org/package/2006/relationships"
)

// xb builds one XML part. Element and attribute names are trusted constants;
// every value goes through the escaping appenders. Text must have been
// through state.clean first, so that it holds only characters XML 1.0 allows.
type xb struct{ b []byte }

// raw appends s unescaped: markup written by this package.
func (x *xb) raw(s string) { x.b = append(x.b, s...) }

// text appends s escaped for element content and attribute values.
func (x *xb) text(s string) { x.b = appendEscaped(x.b, s) }

// int appends a decimal number.
func (x *xb) int(n int) { x.b = strconv.AppendInt(x.b, int64(n), 10) }

// empty appends <name a="v" .../>; attrs are name, value pairs.
func (x *xb) empty(name string, attrs ...string) {
	x.start(name, attrs)
	x.b = append(x.b, "/>"...)
}

// open appends <name a="v" ...>.
func (x *xb) open(name string, attrs ...string) {
	x.start(name, attrs)
	x.b = append(x.b, '>')
}

// close appends </name>.
func (x *xb) close(name string) {
	x.b = append(x.b, "</"...)
	x.b = append(x.b, name...)
	x.b = append(x.b, '>')
}

// elem appends <name>text</name>.
func (x *xb) elem(name, text string) {
	x.open(name)
	x.text(text)
	x.close(name)
}

// val appends <name w:val="v"/>, the commonest WordprocessingML property.
func (x *xb) val(name, v string) { x.empty(name, "w:val", v) }

// ival appends <name w:val="n"/>.
func (x *xb) ival(name string, n int) { x.empty(name, "w:val", strconv.Itoa(n)) }

func (x *xb) start(name string, attrs []string) {
	if len(attrs)%2 != 0 {
		panic("docx: odd attribute list for " + name)
	}
	x.b = append(x.b, '<')
	x.b = append(x.b, name...)
	for i := 0; i < len(attrs); i += 2 {
		x.b = append(x.b, ' ')
		x.b = append(x.b, attrs[i]...)
		x.b = append(x.b, `="`...)
		x.b = appendEscaped(x.b, attrs[i+1])
		x.b = append(x.b, '"')
	}
}

// appendEscaped appends s with the five XML special characters escaped, so
// that the result is valid both as element content and inside a quoted
// attribute value. Most texts hold none: they are found by a table
// look-up a byte and appended in one piece.
func appendEscaped(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		esc := xmlEscapes[s[i]]
		if esc == "" {
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}

// xmlEscapes gives the escape of each byte appendEscaped escapes, "" for
// the others.
var xmlEscapes = [256]string{'&': "&amp;", '<': "&lt;", '>': "&gt;", '"': "&quot;", '\'': "&apos;"}

// xmlChar reports whether XML 1.0 allows r in a document (production Char),
// leaving out '\r', which parsers fold into '\n' and so cannot survive in
// text.
func xmlChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n':
		return true
	case r < 0x20:
		return false
	case r <= 0xD7FF:
		return true
	case r < 0xE000:
		return false
	case r <= 0xFFFD:
		return true
	}
	return r >= 0x10000 && r <= utf8.MaxRune
}

// xmlASCII marks the bytes that are characters XML 1.0 allows on their
// own (as xmlChar): printable ASCII, DEL, tab and newline.
var xmlASCII = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = true
	}
	t['\t'], t['\n'] = true, true
	return t
}()

// clean returns s without the characters XML 1.0 forbids (and without
// invalid UTF-8), reporting a Warning at the first one removed. pos is where
// s starts in the source; what names the text in the message.
func (st *state) clean(s string, pos doc.Pos, what string) string {
	// The common text is printable ASCII: checked eight bytes at a time
	// (none at or above 0x80, none below 0x20), then a byte at a time
	// against xmlASCII (which allows tab and newline), without decoding.
	i := 0
	for ; i+8 <= len(s); i += 8 {
		v := uint64(s[i]) | uint64(s[i+1])<<8 | uint64(s[i+2])<<16 | uint64(s[i+3])<<24 |
			uint64(s[i+4])<<32 | uint64(s[i+5])<<40 | uint64(s[i+6])<<48 | uint64(s[i+7])<<56
		const ones, highs = 0x0101010101010101, 0x8080808080808080
		if (v|(v-0x20*ones))&highs != 0 {
			break
		}
	}
	for i < len(s) && xmlASCII[s[i]] {
		i++
	}
	if i == len(s) {
		return s
	}
	ok := true
	rest := s[i:]
	for j, r := range rest {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(rest[j:]); n == 1 {
				ok = false
				break
			}
		}
		if !xmlChar(r) {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	out := make([]byte, 0, len(s))
	removed := 0
	first := doc.Pos{}
	at := pos
	var firstRune rune
	for i, r := range s {
		bad := !xmlChar(r)
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n == 1 {
				bad = true
			}
		}
		if bad {
			if removed == 0 {
				first, firstRune = at, r
			}
			removed++
		} else {
			out = utf8.AppendRune(out, r)
		}
		if at.IsValid() {
			if r == '\n' {
				at.Line++
				at.Col = 1
			} else {
				at.Col++
			}
		}
	}
	msg := fmt.Sprintf("%s: removed %d character(s) that XML 1.0 forbids (first %U)", what, removed, firstRune)
	st.diags = append(st.diags, doc.Diagnostic{Pos: first, Severity: doc.Warning, Message: msg})
	return string(out)
}
