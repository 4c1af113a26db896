// Package fonts embeds the Liberation Serif faces that the PDF annex uses
// (metric-compatible with Times New Roman, the ITU body font; SIL OFL, see
// LICENSE-OFL.txt) and gives both their bytes, for the PDF exporter to embed,
// and their metrics, read from those same bytes, for the typesetter to
// measure with. What is measured is exactly what is drawn.
//
// The metrics come from a small reader of the TrueType tables the layout
// needs (head, hhea, hmtx, cmap format 4/12, post, OS/2), written here so that
// no second font parser, with its own idea of the file, stands between the
// measurement and the embedding. Kerning is not read: the annex is not
// kerned.
//
// Characters a face lacks are mapped to a near equivalent by Map (U+2011
// non-breaking hyphen → U+2010 hyphen, and so on) or, when there is none,
// reported by the caller and replaced by '?'.
package fonts

import (
	_ "embed"
	"encoding/binary"
	"fmt"
	"sync"
	"unicode/utf8"
)

// Style selects one of the four faces.
type Style uint8

const (
	Regular Style = iota
	Bold
	Italic
	BoldItalic
)

// Styles lists the four faces in order.
var Styles = []Style{Regular, Bold, Italic, BoldItalic}

// StyleOf gives the face for bold and italic flags.
func StyleOf(bold, italic bool) Style {
	s := Regular
	if bold {
		s |= Bold
	}
	if italic {
		s |= Italic
	}
	return s
}

func (s Style) String() string {
	return [...]string{"R", "B", "I", "BI"}[s&3]
}

// Family is the family name the faces are registered under in the PDF.
const Family = "LiberationSerif"

var (
	//go:embed LiberationSerif-Regular.ttf
	regular []byte
	//go:embed LiberationSerif-Bold.ttf
	bold []byte
	//go:embed LiberationSerif-Italic.ttf
	italic []byte
	//go:embed LiberationSerif-BoldItalic.ttf
	boldItalic []byte
	//go:embed LICENSE-OFL.txt
	License string
)

// Bytes gives the TrueType file of a face. The slice is shared: do not
// change it.
func Bytes(s Style) []byte {
	return [...][]byte{regular, bold, italic, boldItalic}[s&3]
}

// Face is the metrics of one face, in font units (UnitsPerEm to the em).
type Face struct {
	UnitsPerEm int
	// Ascent, Descent (negative) and LineGap are hhea's; Word's single line
	// spacing is Ascent-Descent+LineGap.
	Ascent, Descent, LineGap int
	// Underline position (negative: below the baseline) and thickness,
	// from post; strikeout position and thickness, from OS/2.
	UnderlinePos, UnderlineThickness int
	StrikePos, StrikeThickness       int
	advances                         []uint16 // by glyph id
	// bmp gives the glyph of each character of the Basic Multilingual
	// Plane (0: none), a flat table so that measuring a character is two
	// loads; astral holds the characters beyond it.
	bmp    []uint16
	astral map[rune]uint16
	space  int // advance of ' ', the most measured character
	// ascii has bit r of the ASCII characters r the face has (word r>>6):
	// nearly all text is ASCII, and a writer tests a string's at once.
	ascii [2]uint64
}

var (
	faceOnce [4]sync.Once
	faces    [4]*Face
	faceErr  [4]error
)

// Metrics gives the metrics of a face, parsed once from Bytes(s). It panics
// if the embedded file cannot be read, which a test guards against.
func Metrics(s Style) *Face {
	i := s & 3
	faceOnce[i].Do(func() { faces[i], faceErr[i] = Parse(Bytes(s)) })
	if faceErr[i] != nil {
		panic(fmt.Sprintf("fonts: embedded face %v: %v", s, faceErr[i]))
	}
	return faces[i]
}

// glyph gives the glyph id of r, 0 when the face lacks it.
func (f *Face) glyph(r rune) uint16 {
	if uint32(r) < uint32(len(f.bmp)) {
		return f.bmp[r]
	}
	return f.astral[r]
}

// Glyph gives the glyph id of r in the face's file, 0 (.notdef) when the
// face lacks it.
func (f *Face) Glyph(r rune) uint16 { return f.glyph(r) }

// GlyphAdvance gives the advance width of glyph g in font units.
func (f *Face) GlyphAdvance(g uint16) int {
	if int(g) >= len(f.advances) {
		g = uint16(len(f.advances) - 1)
	}
	return int(f.advances[g])
}

// Has reports whether the face has a glyph for r.
func (f *Face) Has(r rune) bool {
	return f.glyph(r) != 0
}

// Advance gives the advance width of r in font units (that of .notdef when
// the face lacks r).
func (f *Face) Advance(r rune) int {
	return f.GlyphAdvance(f.glyph(r))
}

// SpaceWidth gives the width of ' ' at size, in points: Width(" ", size).
func (f *Face) SpaceWidth(size float64) float64 {
	return float64(f.space) * size / float64(f.UnitsPerEm)
}

// Width gives the width of s set at size points, in points.
func (f *Face) Width(s string, size float64) float64 {
	n := 0
	for _, r := range s {
		n += f.Advance(r)
	}
	return float64(n) * size / float64(f.UnitsPerEm)
}

// Em converts font units to points at size.
func (f *Face) Em(units int, size float64) float64 {
	return float64(units) * size / float64(f.UnitsPerEm)
}

// LineHeight is the single line spacing at size, in points.
func (f *Face) LineHeight(size float64) float64 {
	return f.Em(f.Ascent-f.Descent+f.LineGap, size)
}

// substitutes maps characters the faces may lack to ones they have, chosen
// to look the same in print.
var substitutes = map[rune]rune{
	'\u2011': '\u2010', // non-breaking hyphen → hyphen
	'\u2010': '-',      // hyphen → hyphen-minus
	'\u2212': '-',      // minus sign → hyphen-minus
	'\u00ad': 0,        // soft hyphen: invisible, dropped
	'\u200b': 0,        // zero-width space: dropped
	'\u200c': 0,        // zero-width non-joiner: dropped
	'\u200d': 0,        // zero-width joiner: dropped
	'\ufeff': 0,        // byte-order mark: dropped
	'\u2060': 0,        // word joiner: dropped
	'\u2027': '\u00b7', // hyphenation point → middle dot
}

// Map gives the character to draw for r in face f: r itself when f has it,
// else a substitute the face has (0 meaning "drop it"), following chains
// (U+2011 → U+2010 → '-'). ok is false when there is none.
func (f *Face) Map(r rune) (rune, bool) {
	if r < 0xad && f.glyph(r) != 0 {
		return r, true // below the first substitute: the common case
	}
	if s, found := substitutes[r]; found && s == 0 {
		return 0, true // invisible in print, whatever the face has
	}
	for i := 0; i < 4; i++ {
		if f.Has(r) {
			return r, true
		}
		s, found := substitutes[r]
		if !found {
			return 0, false
		}
		if s == 0 {
			return 0, true
		}
		r = s
	}
	return 0, false
}

// Parse reads the metrics of a TrueType file.
func Parse(b []byte) (*Face, error) {
	if len(b) < 12 {
		return nil, fmt.Errorf("too short")
	}
	be := binary.BigEndian
	n := int(be.Uint16(b[4:]))
	tables := map[string][]byte{}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, fmt.Errorf("table directory truncated")
		}
		tag := string(b[rec : rec+4])
		off, ln := int(be.Uint32(b[rec+8:])), int(be.Uint32(b[rec+12:]))
		if off < 0 || ln < 0 || off+ln > len(b) {
			return nil, fmt.Errorf("table %q out of bounds", tag)
		}
		tables[tag] = b[off : off+ln]
	}
	need := func(tag string, size int) ([]byte, error) {
		t := tables[tag]
		if len(t) < size {
			return nil, fmt.Errorf("table %q missing or short", tag)
		}
		return t, nil
	}
	f := &Face{}
	head, err := need("head", 54)
	if err != nil {
		return nil, err
	}
	f.UnitsPerEm = int(be.Uint16(head[18:]))
	hhea, err := need("hhea", 36)
	if err != nil {
		return nil, err
	}
	f.Ascent = int(int16(be.Uint16(hhea[4:])))
	f.Descent = int(int16(be.Uint16(hhea[6:])))
	f.LineGap = int(int16(be.Uint16(hhea[8:])))
	nHM := int(be.Uint16(hhea[34:]))
	maxp, err := need("maxp", 6)
	if err != nil {
		return nil, err
	}
	nGlyphs := int(be.Uint16(maxp[4:]))
	hmtx, err := need("hmtx", 4*nHM)
	if err != nil {
		return nil, err
	}
	if nHM == 0 || nGlyphs < nHM {
		return nil, fmt.Errorf("bad glyph counts")
	}
	f.advances = make([]uint16, nGlyphs)
	for g := 0; g < nGlyphs; g++ {
		if g < nHM {
			f.advances[g] = be.Uint16(hmtx[4*g:])
		} else {
			f.advances[g] = f.advances[nHM-1]
		}
	}
	if post, err := need("post", 12); err == nil {
		f.UnderlinePos = int(int16(be.Uint16(post[8:])))
		f.UnderlineThickness = int(int16(be.Uint16(post[10:])))
	}
	if os2, err := need("OS/2", 30); err == nil {
		f.StrikeThickness = int(int16(be.Uint16(os2[26:])))
		f.StrikePos = int(int16(be.Uint16(os2[28:])))
	}
	cmap, err := need("cmap", 4)
	if err != nil {
		return nil, err
	}
	f.bmp, f.astral, err = parseCmap(cmap, nGlyphs)
	if err != nil {
		return nil, err
	}
	f.space = f.Advance(' ')
	for r := rune(0); r < utf8.RuneSelf; r++ {
		if f.glyph(r) != 0 {
			f.ascii[r>>6] |= 1 << (r & 63)
		}
	}
	return f, nil
}

// ASCIIGlyphs gives the ASCII characters the face has, as bits: r is bit
// r&63 of word r>>6.
func (f *Face) ASCIIGlyphs() *[2]uint64 { return &f.ascii }

// parseCmap reads the Unicode subtable: format 12 (full range) if present,
// else format 4 (BMP).
func parseCmap(t []byte, nGlyphs int) (bmp []uint16, astral map[rune]uint16, err error) {
	be := binary.BigEndian
	n := int(be.Uint16(t[2:]))
	var f4, f12 []byte
	for i := 0; i < n; i++ {
		rec := 4 + 8*i
		if rec+8 > len(t) {
			break
		}
		pid, eid := be.Uint16(t[rec:]), be.Uint16(t[rec+2:])
		off := int(be.Uint32(t[rec+4:]))
		if off+4 > len(t) {
			continue
		}
		unicode := pid == 0 || (pid == 3 && (eid == 1 || eid == 10))
		if !unicode {
			continue
		}
		switch be.Uint16(t[off:]) {
		case 4:
			f4 = t[off:]
		case 12:
			f12 = t[off:]
		}
	}
	bmp = make([]uint16, 0x10000)
	set := func(c rune, g uint16) {
		if c < 0x10000 {
			bmp[c] = g
			return
		}
		if astral == nil {
			astral = map[rune]uint16{}
		}
		astral[c] = g
	}
	ok := func(g uint32) bool { return g != 0 && int(g) < nGlyphs }
	switch {
	case f12 != nil && len(f12) >= 16:
		groups := int(be.Uint32(f12[12:]))
		for i := 0; i < groups && 16+12*i+12 <= len(f12); i++ {
			g := f12[16+12*i:]
			start, end, gid := be.Uint32(g), be.Uint32(g[4:]), be.Uint32(g[8:])
			for c := start; c <= end && c-start < 0x10000; c++ {
				if ok(gid + c - start) {
					set(rune(c), uint16(gid+c-start))
				}
			}
		}
	case f4 != nil && len(f4) >= 14:
		segX2 := int(be.Uint16(f4[6:]))
		segs := segX2 / 2
		ends := 14
		starts := ends + segX2 + 2
		deltas := starts + segX2
		ranges := deltas + segX2
		if ranges+segX2 > len(f4) {
			return nil, nil, fmt.Errorf("cmap format 4 truncated")
		}
		for s := 0; s < segs; s++ {
			end := int(be.Uint16(f4[ends+2*s:]))
			start := int(be.Uint16(f4[starts+2*s:]))
			delta := int(be.Uint16(f4[deltas+2*s:]))
			ro := int(be.Uint16(f4[ranges+2*s:]))
			for c := start; c <= end && c != 0xffff; c++ {
				var g int
				if ro == 0 {
					g = (c + delta) & 0xffff
				} else {
					p := ranges + 2*s + ro + 2*(c-start)
					if p+2 > len(f4) {
						continue
					}
					g = int(be.Uint16(f4[p:]))
					if g != 0 {
						g = (g + delta) & 0xffff
					}
				}
				if ok(uint32(g)) {
					set(rune(c), uint16(g))
				}
			}
		}
	default:
		return nil, nil, fmt.Errorf("no Unicode cmap")
	}
	return bmp, astral, nil
}
