package pdfwrite

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset"
)

// faceUse records the characters a face shows: through its simple font
// (a byte a character, codes) or its Type0 font (cids: the characters
// outside WinAnsiEncoding, shown by their glyph ids), and all of them
// (runes, which the subset holds).
type faceUse struct {
	runes [0x10000 / 64]uint64
	cids  [0x10000 / 64]uint64
	codes [4]uint64
}

func (u *faceUse) add(r rune) { u.runes[r>>6] |= 1 << (r & 63) }

func (u *faceUse) addCID(r rune) {
	u.runes[r>>6] |= 1 << (r & 63)
	u.cids[r>>6] |= 1 << (r & 63)
}

// list gives the characters used, in order.
func (u *faceUse) list() []rune { return bitList(u.runes[:]) }

// cidList gives the characters shown through the Type0 font, in order.
func (u *faceUse) cidList() []rune { return bitList(u.cids[:]) }

// codeList gives the codes of the simple font used, in order.
func (u *faceUse) codeList() []rune { return bitList(u.codes[:]) }

// bitList gives the numbers whose bits are set, in order.
func bitList(bits []uint64) []rune {
	var runes []rune
	for i, word := range bits {
		for b := 0; word != 0; b++ {
			if word&1 != 0 {
				runes = append(runes, rune(i*64+b))
			}
			word >>= 1
		}
	}
	return runes
}

// simpleFont is the offset of a face's simple font among the font
// resources: /F0 to /F3 are the faces' Type0 fonts, /F4 to /F7 their
// simple ones.
const simpleFont = 4

// layoutArtifact is the group of items that are artifacts of layout
// (rules, repeated footnotes), for content: a sequence of items of one
// group is one marked-content sequence.
var layoutArtifact = &typeset.Node{Role: "Artifact"}

// group gives the marked-content group of a frame item's node.
func group(n *typeset.Node) *typeset.Node {
	if n == nil || (n != typeset.PageHeader && typeset.Element(n) == nil) {
		return layoutArtifact
	}
	return n
}

// content appends the content stream of pg to c: each text at its place
// in its face, every run of texts of one structure leaf one marked-content
// sequence (MCIDs in order: leaves gives the leaf of each), artifacts
// marked as such; then the rules, all in one artifact sequence, so that
// the underlines of a redline do not cut a paragraph's content into a
// sequence per line. It gives the page's link areas, for its
// annotations.
//
// The stream is kept lean, since it is most of what the file compresses:
// a marked-content sequence of texts is one text object, the first text
// of each line placed by a Tm at its place rounded to hundredths; the
// next texts of the line in the same font are strings of one TJ array,
// each number in it taking the reader's pen from where the string before
// left it (the font dictionary's widths) to the next text's place, to
// within half a thousandth of an em (0.006 pt at 12 pt: a glyph on a
// quarter pixel's edge may land on its other side), and a text the pen
// already stands at goes on the string before. A text after a change of
// font is moved to by a Td from the line's first, in hundredths. (A Td
// for every word made the page content a third larger.)
//
// This is the writer's inner loop (a byte or two per character of every
// page), so it keeps its state in locals rather than closures, which
// would move c to the heap and make every append go through it.
func (w *Writer) content(c []byte, pg *typeset.Page) (out []byte, leaves []*typeset.Node, links []*typeset.LinkArea, err error) {
	c = append(c, "0 J\n0 j\n"...)
	face, size := fonts.Regular, 12.0
	fontSet, fontWide := false, false
	f := fonts.Metrics(face)
	allWidths := asciiWidths()
	widths := &allWidths[face]
	var open *typeset.Node // the group of the open sequence
	inText := false        // a text object is open
	newText := false       // and has placed no text yet
	var lineX, lineY int64 // the place of its last Tm or Td, in hundredths of a point
	// The strings shown last: c ends with one whose operator is not yet
	// written (shown), starting at shownAt, in a TJ array (inArray) once
	// a second string follows; pen is where the reader's pen stands
	// after them, in thousandths of an em of the font's size (a TJ
	// array's unit; a hundredth of a point is perEm of them).
	shown, inArray := false, false
	shownAt := 0
	pen, perEm := 0.0, 10/size
	rules := false
	for _, it := range pg.Items {
		switch it := it.(type) {
		case *typeset.Text:
			if g := group(it.Node); g != open {
				if inText {
					c = endShow(c, shown, inArray)
					shown, inArray = false, false
					c = append(c, "ET\n"...)
					inText = false
				}
				c, open, leaves = beginSequence(c, open, leaves, g)
			}
			if !inText {
				c = append(c, "BT\n"...)
				inText, newText = true, true
			}
			// A text is shown in pieces of one font each: most are one
			// piece in the simple font; a piece of characters outside
			// WinAnsiEncoding goes in the Type0 font, and follows the
			// piece before it where the reader's pen stopped.
			placed := false
			u := &w.use[it.Face&3]
			for rest := it.Text; !placed || rest != ""; {
				var piece string
				var wide bool
				piece, rest, wide = nextPiece(rest)
				if !fontSet || it.Face&3 != face || it.Size != size || wide != fontWide {
					c = endShow(c, shown, inArray)
					shown, inArray = false, false
					face, size, fontWide, fontSet = it.Face&3, it.Size, wide, true
					perEm = 10 / size
					f = fonts.Metrics(face)
					widths = &allWidths[face]
					c = append(c, "/F"...)
					if wide {
						c = strconv.AppendInt(c, int64(face), 10)
					} else {
						c = strconv.AppendInt(c, int64(face)+simpleFont, 10)
					}
					c = append(c, ' ')
					c = append(f2(c, size), " Tf\n"...)
				}
				merged := false // the piece goes on the string before
				if !placed {
					placed = true
					x, y := hundredths(it.X), hundredths(pg.Height-it.Y)
					switch {
					case y == lineY && !newText && shown && size > 0:
						// The next word of a line in the same font: the
						// reader's pen moved on by the widths of the
						// strings before; a number in a TJ array takes it
						// on to x, to within half a thousandth of an em
						// (of a size above 0, whose em moves the pen).
						move := math.Round(pen - float64(x)*perEm)
						if move == 0 {
							c = c[:len(c)-1] // the string's ')'
							merged = true
							break
						}
						if !inArray {
							c = slices.Insert(c, shownAt, '[')
							inArray = true
						}
						c = strconv.AppendInt(c, int64(move), 10)
						pen -= move
					case y == lineY && !newText:
						c = endShow(c, shown, inArray)
						shown, inArray = false, false
						c = appendHundredths(c, x-lineX)
						c = append(c, " 0 Td"...)
						lineX, pen = x, float64(x)*perEm
					default:
						// A new line is placed absolutely: a reader
						// adds the moves in floating point, and the
						// rounding error of a sum of moves down a
						// paragraph would move a whole line where it
						// lies on a pixel's edge.
						c = endShow(c, shown, inArray)
						shown, inArray = false, false
						c = append(c, "1 0 0 1 "...)
						c = appendHundredths(c, x)
						c = append(c, ' ')
						c = appendHundredths(c, y)
						c = append(c, " Tm"...)
						newText = false
						lineX, lineY, pen = x, y, float64(x)*perEm
					}
				}
				if !merged {
					if !shown {
						shownAt = len(c)
					}
					c = append(c, '(')
				}
				var ok bool
				var units int
				if wide {
					c, units, ok = appendCIDs(c, piece, f, u)
				} else {
					c, units, ok = appendCodes(c, piece, f, widths, u)
				}
				if !ok {
					r := firstMissing(f, it.Text)
					return c, nil, nil, fmt.Errorf("pdf: page %d: %q holds %q (U+%04X), which face %v lacks", pg.Number, it.Text, r, r, it.Face)
				}
				if it.Space && rest == "" {
					// A word break for text extraction (and the
					// reader's pen moves over it).
					if wide {
						var space int
						c, space, _ = appendCIDs(c, " ", f, u)
						units += space
					} else {
						units += int(widths[' '])
						u.add(' ')
						u.codes[0] |= 1 << ' '
						c = append(c, ' ')
					}
				}
				c = append(c, ')')
				shown = true
				pen += float64(units)
			}
		case *typeset.Rule:
			rules = true
		case *typeset.LinkArea:
			if it.Node != nil && it.Node.URI != "" {
				links = append(links, it)
			}
		default:
			panic("pdf: unknown frame item")
		}
	}
	if inText {
		c = endShow(c, shown, inArray)
		c = append(c, "ET\n"...)
	}
	if rules {
		lineW := -1.0
		var color typeset.RGB // the stroke colour in force: black
		for _, it := range pg.Items {
			it, ok := it.(*typeset.Rule)
			if !ok {
				continue
			}
			c, open, leaves = beginSequence(c, open, leaves, layoutArtifact)
			if it.Width != lineW {
				lineW = it.Width
				c = append(f2(c, lineW), " w\n"...)
			}
			if it.Color != color {
				color = it.Color
				for _, v := range color {
					c = append(f2(c, v), ' ')
				}
				c = append(c, "RG\n"...)
			}
			c = f2(c, it.X1)
			c = append(c, ' ')
			c = f2(c, pg.Height-it.Y1)
			c = append(c, " m "...)
			c = f2(c, it.X2)
			c = append(c, ' ')
			c = f2(c, pg.Height-it.Y2)
			c = append(c, " l S\n"...)
		}
	}
	if open != nil {
		c = append(c, "EMC\n"...)
	}
	return c, leaves, links, nil
}

// appendCIDs appends the characters of t in the face of metrics f as the
// bytes of a literal string, escaped where need be: each character two
// bytes, its CID, which is its glyph id (the Type0 font's CIDToGIDMap is
// Identity, as most writers make it, and readers know best). It
// records them as used in u, gives the string's width in thousandths of
// an em, and reports false if f lacks a character. (Few texts take this
// path: those outside WinAnsiEncoding.)
func appendCIDs(c []byte, t string, f *fonts.Face, u *faceUse) ([]byte, int, bool) {
	// At most four bytes a character (two, each escaped), and a
	// character is at least a byte of t.
	c = slices.Grow(c, 4*len(t))
	units := 0
	for _, r := range t {
		g := f.Glyph(r)
		if r > 0xffff || g == 0 {
			return c, 0, false
		}
		u.addCID(r)
		units += pdfWidth(f, g)
		c = appendEscapedByte(appendEscapedByte(c, byte(g>>8)), byte(g))
	}
	return c, units, true
}

// appendCodes appends the characters of t, every one in WinAnsiEncoding
// (nextPiece), in the face of metrics f as the bytes of a literal string,
// escaped where need be: each character its byte in the encoding. It
// records them as used in u, gives the string's width in thousandths of
// an em, and reports false if f lacks one. ASCII, nearly all of the text,
// takes a byte loop: its characters are gathered into a mask, looked up in
// the face's once for the whole text, rather than decoded and looked up
// one by one.
func appendCodes(c []byte, t string, f *fonts.Face, widths *[128]int32, u *faceUse) ([]byte, int, bool) {
	c = slices.Grow(c, 2*len(t))
	var ascii [2]uint64
	units := 0
	for i := 0; i < len(t); {
		if b := t[i]; b < utf8.RuneSelf {
			ascii[b>>6] |= 1 << (b & 63)
			units += int(widths[b])
			c = appendEscapedByte(c, b)
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(t[i:])
		i += n
		code, g := winAnsiCode(r), f.Glyph(r)
		if code == 0 || g == 0 {
			return c, 0, false
		}
		u.add(r)
		u.codes[code>>6] |= 1 << (code & 63)
		units += pdfWidth(f, g)
		c = appendEscapedByte(c, code)
	}
	if has := f.ASCIIGlyphs(); ascii[0]&^has[0] != 0 || ascii[1]&^has[1] != 0 {
		return c, 0, false
	}
	for k := range ascii {
		u.runes[k] |= ascii[k]
		u.codes[k] |= ascii[k] // an ASCII character's code is its own
	}
	return c, units, true
}

// asciiWidths gives each face's widths of the ASCII characters, as the
// font dictionaries give them (pdfWidth), for content's reckoning of
// where the reader's pen stops after a string.
var asciiWidths = sync.OnceValue(func() *[4][128]int32 {
	var w [4][128]int32
	for s := range w {
		f := fonts.Metrics(fonts.Style(s))
		for r := range w[s] {
			if g := f.Glyph(rune(r)); g != 0 {
				w[s][r] = int32(pdfWidth(f, g))
			}
		}
	}
	return &w
})

// endShow appends the operator of the strings shown last, if any (shown):
// TJ if they are an array, Tj if one string.
func endShow(c []byte, shown, inArray bool) []byte {
	switch {
	case inArray:
		return append(c, "]TJ\n"...)
	case shown:
		return append(c, "Tj\n"...)
	}
	return c
}

// nextPiece cuts t's longest first piece of characters of one font: all
// with a WinAnsiEncoding code (wide false) or all without (wide true). A
// text of printable ASCII, nearly every one, is a single piece.
func nextPiece(t string) (piece, rest string, wide bool) {
	i := 0
	for i < len(t) && t[i] >= ' ' && t[i] < 0x7f {
		i++
	}
	if i == len(t) {
		return t, "", false
	}
	wide = i == 0 && winAnsiCodeAt(t) == 0
	for i < len(t) {
		if (winAnsiCodeAt(t[i:]) == 0) != wide {
			break
		}
		_, n := utf8.DecodeRuneInString(t[i:])
		i += n
	}
	return t[:i], t[i:], wide
}

// winAnsiCodeAt is winAnsiCode of t's first character.
func winAnsiCodeAt(t string) byte {
	if t[0] < utf8.RuneSelf {
		return winAnsiCode(rune(t[0]))
	}
	r, _ := utf8.DecodeRuneInString(t)
	return winAnsiCode(r)
}

// winAnsiCode gives the code of r in WinAnsiEncoding (ISO 32000-1, D.2),
// or 0 for a character the simple fonts do not show: one outside the
// encoding, a control character, or the no-break space and soft hyphen,
// whose codes the encoding names space and hyphen (a reader would take
// them for those).
func winAnsiCode(r rune) byte {
	switch {
	case r >= ' ' && r < 0x7f:
		return byte(r)
	case r >= 0xa1 && r <= 0xff && r != 0xad:
		return byte(r)
	}
	for i, w := range winAnsiHigh {
		if w == r && w != 0 {
			return byte(0x80 + i)
		}
	}
	return 0
}

// winAnsiHigh are the characters of WinAnsiEncoding's codes 0x80 to 0x9f
// (0 where the encoding has none).
var winAnsiHigh = [32]rune{
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
}

// firstMissing gives the first character of t that f lacks.
func firstMissing(f *fonts.Face, t string) rune {
	for _, r := range t {
		if r > 0xffff || f.Glyph(r) == 0 {
			return r
		}
	}
	return 0
}

// beginSequence makes the marked-content sequence of group g (of
// group) the open one: if it is not the open group, it closes the open
// sequence and begins one, recording a structure leaf's MCID in leaves.
func beginSequence(c []byte, open *typeset.Node, leaves []*typeset.Node, g *typeset.Node) ([]byte, *typeset.Node, []*typeset.Node) {
	if g == open {
		return c, open, leaves
	}
	if open != nil {
		c = append(c, "EMC\n"...)
	}
	switch g {
	case layoutArtifact:
		c = append(c, "/Artifact BMC\n"...)
	case typeset.PageHeader:
		c = append(c, "/Artifact <</Type /Pagination /Subtype /Header>> BDC\n"...)
	default:
		c = append(c, '/')
		c = append(c, typeset.Element(g).Role...)
		c = append(c, " <</MCID "...)
		c = strconv.AppendInt(c, int64(len(leaves)), 10)
		c = append(c, ">> BDC\n"...)
		leaves = append(leaves, g)
	}
	return c, g, leaves
}

// literalEscape marks the bytes a literal string of a content stream
// escapes: '\\', '(' and ')', and '\r', which a reader would take for an
// end of line.
var literalEscape = [256]byte{'\\': '\\', '(': '(', ')': ')', '\r': 'r'}

// appendEscapedByte appends b to a literal string, escaped if need be.
func appendEscapedByte(c []byte, b byte) []byte {
	if e := literalEscape[b]; e != 0 {
		return append(c, '\\', e)
	}
	return append(c, b)
}

// f2 appends v with two decimals, as strconv.AppendFloat(b, v, 'f', 2, 64)
// does: the exact value of v rounded to the nearest hundredth. The common
// case, a length on the page not within a hair of a half hundredth, is
// done in integers; the rest by strconv.
func f2(b []byte, v float64) []byte {
	t := v * 100
	if t >= 0 && t < 1e9 { // where v*100 is exact to 1e-7
		n := math.Floor(t + 0.5)
		if d := t - (n - 0.5); d > 1e-6 && d < 1-1e-6 {
			u := uint64(n)
			switch units := u / 100; {
			case units < 10:
				b = append(b, byte('0'+units))
			case units < 100:
				b = append(b, byte('0'+units/10), byte('0'+units%10))
			case units < 1000: // every place on an A4 page
				b = append(b, byte('0'+units/100), byte('0'+units/10%10), byte('0'+units%10))
			default:
				b = strconv.AppendUint(b, units, 10)
			}
			return append(b, '.', byte('0'+u/10%10), byte('0'+u%10))
		}
	}
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// hundredths gives v in hundredths of a unit, rounded as f2 rounds it.
func hundredths(v float64) int64 {
	t := v * 100
	if t >= 0 && t < 1e9 {
		n := math.Floor(t + 0.5)
		if d := t - (n - 0.5); d > 1e-6 && d < 1-1e-6 {
			return int64(n)
		}
	}
	var buf [32]byte
	b := strconv.AppendFloat(buf[:0], v, 'f', 2, 64)
	var n int64
	for _, d := range b {
		if d >= '0' && d <= '9' {
			n = n*10 + int64(d-'0')
		}
	}
	if b[0] == '-' {
		return -n
	}
	return n
}

// appendHundredths appends n hundredths as a PDF number, with no more
// decimals than it needs: "0", "12", "12.5", "-0.25".
func appendHundredths(b []byte, n int64) []byte {
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	if frac := n % 100; frac != 0 {
		b = append(b, '.', byte('0'+frac/10))
		if frac%10 != 0 {
			b = append(b, byte('0'+frac%10))
		}
	}
	return b
}

// appendTextString appends s as a PDF text string: UTF-16BE with a
// byte-order mark, in hex.
func appendTextString(b []byte, s string) []byte {
	b = append(b, "<FEFF"...)
	for _, u := range utf16.Encode([]rune(s)) {
		b = fmt.Appendf(b, "%04X", u)
	}
	return append(b, '>')
}

// appendLiteral appends s as a PDF literal string.
func appendLiteral(b, s []byte) []byte {
	b = append(b, '(')
	for _, c := range s {
		switch {
		case c == '\\' || c == '(' || c == ')':
			b = append(b, '\\', c)
		case c < 0x20 || c >= 0x7f:
			b = fmt.Appendf(b, "\\%03o", c)
		default:
			b = append(b, c)
		}
	}
	return append(b, ')')
}

// uriBytes gives a URI as the 7-bit ASCII a URI action holds: bytes
// outside printable ASCII percent-encoded.
func uriBytes(uri string) []byte {
	var b []byte
	for i := 0; i < len(uri); i++ {
		c := uri[i]
		if c <= 0x20 || c >= 0x7f {
			b = fmt.Appendf(b, "%%%02X", c)
			continue
		}
		b = append(b, c)
	}
	return b
}
