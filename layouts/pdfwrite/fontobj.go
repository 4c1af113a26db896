package pdfwrite

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/itudoc/itudoc/fonts"
)

// descriptor holds the font descriptor values of a face, in PDF glyph
// space (1000 units to the em), read with golang.org/x/image/font/sfnt.
type descriptor struct {
	name                                         string // PostScript name
	ascent, descent, capHeight, stemV, flags, dw int
	italicAngle                                  float64
	bbox                                         [4]int
}

var (
	descOnce [4]sync.Once
	descs    [4]*descriptor
	descErr  [4]error
)

// descriptorOf reads the descriptor of face s, once.
func descriptorOf(s fonts.Style) (*descriptor, error) {
	i := s & 3
	descOnce[i].Do(func() { descs[i], descErr[i] = readDescriptor(s) })
	return descs[i], descErr[i]
}

// PDF font descriptor flags (ISO 32000-1, 9.8.2).
const (
	flagSerif       = 1 << 1
	flagNonsymbolic = 1 << 5
	flagItalic      = 1 << 6
)

func readDescriptor(s fonts.Style) (*descriptor, error) {
	f, err := sfnt.Parse(fonts.Bytes(s))
	if err != nil {
		return nil, err
	}
	var b sfnt.Buffer
	em := fixed.I(1000) // metrics in PDF glyph space, in 1/64
	units := func(v fixed.Int26_6) int { return int(math.Round(float64(v) / 64)) }
	d := &descriptor{}
	if d.name, err = f.Name(&b, sfnt.NameIDPostScript); err != nil {
		return nil, err
	}
	m, err := f.Metrics(&b, em, font.HintingNone)
	if err != nil {
		return nil, err
	}
	d.ascent, d.descent, d.capHeight = units(m.Ascent), -units(m.Descent), units(m.CapHeight)
	r, err := f.Bounds(&b, em, font.HintingNone)
	if err != nil {
		return nil, err
	}
	// sfnt's y axis points down.
	d.bbox = [4]int{units(r.Min.X), -units(r.Max.Y), units(r.Max.X), -units(r.Min.Y)}
	d.flags = flagSerif | flagNonsymbolic
	if p := f.PostTable(); p != nil {
		d.italicAngle = p.ItalicAngle
	}
	if s&fonts.Italic != 0 {
		d.flags |= flagItalic
	}
	// StemV is not in the font: estimated from the weight as is usual
	// (50 + (weight/65)²), the weight 700 for the bold faces, 400 else.
	weight := 400.0
	if s&fonts.Bold != 0 {
		weight = 700
	}
	d.stemV = 50 + int(weight*weight/(65*65))
	adv, err := f.GlyphAdvance(&b, 0, em, font.HintingNone)
	if err != nil {
		return nil, err
	}
	d.dw = units(adv)
	return d, nil
}

// pdfWidth gives the advance of glyph g of f in PDF glyph space.
func pdfWidth(f *fonts.Face, g uint16) int {
	return int(math.Round(1000 * float64(f.GlyphAdvance(g)) / float64(f.UnitsPerEm)))
}

// subsetTag is the six capital letters before a subset font's name
// (ISO 32000-1, 9.6.4): derived from the characters it holds, so that the
// same subset always has the same name and different ones do not.
func subsetTag(s fonts.Style, runes []rune) string {
	h := sha256.New()
	var b [4]byte
	h.Write([]byte{byte(s)})
	for _, r := range runes {
		binary.BigEndian.PutUint32(b[:], uint32(r))
		h.Write(b[:])
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// font writes face s as objects: its Type0 font cidFont (when not 0), with
// its CID font and ToUnicode CMap, for the characters outside
// WinAnsiEncoding (a character's CID is its glyph id); its
// simple TrueType font simple (when not 0), in WinAnsiEncoding with its
// own ToUnicode CMap, for the others; and the descriptor and subset font
// file the two share.
func (w *Writer) font(s fonts.Style, cidFont, simple int, u *faceUse) error {
	f := fonts.Metrics(s)
	desc, err := descriptorOf(s)
	if err != nil {
		return fmt.Errorf("pdf: face %v: %w", s, err)
	}
	runes := u.list()
	name := subsetTag(s, runes) + "+" + desc.name
	fd, file := w.alloc(), w.alloc()
	if cidFont != 0 {
		w.cidFont(f, desc, name, cidFont, fd, u.cidList())
	}
	if simple != 0 {
		w.simpleFont(f, name, simple, fd, u.codeList())
	}
	w.obj(fd, fmt.Appendf(w.buf[:0], "<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		name, desc.flags, desc.bbox[0], desc.bbox[1], desc.bbox[2], desc.bbox[3], fmtReal(desc.italicAngle), desc.ascent, desc.descent, desc.capHeight, desc.stemV, desc.dw, file))
	glyphs := make([]uint16, 0, len(runes))
	for _, r := range runes {
		glyphs = append(glyphs, f.Glyph(r))
	}
	sub, err := Subset(s, glyphs)
	if err != nil {
		return fmt.Errorf("pdf: subsetting face %v: %w", s, err)
	}
	w.fontFile(file, s, sub)
	return nil
}

// cidFont writes the Type0 font n of the characters runes, with descriptor
// fd: its CIDs are the glyph ids (CIDToGIDMap Identity), its ToUnicode
// CMap maps each back to its character.
func (w *Writer) cidFont(f *fonts.Face, desc *descriptor, name string, n, fd int, runes []rune) {
	cid, tu := w.alloc(), w.alloc()
	w.obj(n, fmt.Appendf(w.buf[:0], "<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, cid, tu))
	glyphs := glyphChars(f, runes)
	b := fmt.Appendf(w.buf[:0], "<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [", name, fd, desc.dw)
	// Runs of consecutive CIDs.
	for i := 0; i < len(glyphs); {
		j := i + 1
		for j < len(glyphs) && glyphs[j].gid == glyphs[j-1].gid+1 {
			j++
		}
		b = append(strconv.AppendInt(b, int64(glyphs[i].gid), 10), " ["...)
		for _, g := range glyphs[i:j] {
			b = append(strconv.AppendInt(b, int64(pdfWidth(f, g.gid)), 10), ' ')
		}
		b[len(b)-1] = ']'
		b = append(b, ' ')
		i = j
	}
	b = append(b, "] /CIDToGIDMap /Identity>>"...)
	w.obj(cid, b)
	w.stream(tu, toUnicode(glyphs), true, "")
}

// glyphChar is a glyph of a Type0 font and the character it stands for.
type glyphChar struct {
	gid uint16
	r   rune
}

// glyphChars gives the glyphs of runes in f, in glyph order, each with its
// character: of two characters drawn by one glyph (the italic face's "ﬁ"
// and U+F001), the one outside the private use area, or the first, so
// that a reader gives the character a text means.
func glyphChars(f *fonts.Face, runes []rune) []glyphChar {
	gs := make([]glyphChar, 0, len(runes))
	for _, r := range runes {
		gs = append(gs, glyphChar{f.Glyph(r), r})
	}
	privateUse := func(r rune) bool { return r >= 0xe000 && r <= 0xf8ff }
	slices.SortFunc(gs, func(a, b glyphChar) int {
		if a.gid != b.gid {
			return int(a.gid) - int(b.gid)
		}
		if pa, pb := privateUse(a.r), privateUse(b.r); pa != pb {
			if pb {
				return -1
			}
			return 1
		}
		return int(a.r - b.r)
	})
	return slices.CompactFunc(gs, func(a, b glyphChar) bool { return a.gid == b.gid })
}

// simpleFont writes the simple TrueType font n of the WinAnsiEncoding
// codes, with descriptor fd: the widths of the codes used, 0 for the
// others (whose glyphs the subset leaves out), and a ToUnicode CMap,
// though WinAnsiEncoding names every character, for readers that go by
// it alone.
func (w *Writer) simpleFont(f *fonts.Face, name string, n, fd int, codes []rune) {
	tu := w.alloc()
	first, last := codes[0], codes[len(codes)-1]
	b := fmt.Appendf(w.buf[:0], "<</Type /Font /Subtype /TrueType /BaseFont /%s /FirstChar %d /LastChar %d /Widths [", name, first, last)
	k := 0
	for code := first; code <= last; code++ {
		width := 0
		if codes[k] == code {
			width = pdfWidth(f, f.Glyph(winAnsiRune(byte(code))))
			k++
		}
		b = append(strconv.AppendInt(b, int64(width), 10), ' ')
	}
	b[len(b)-1] = ']'
	b = fmt.Appendf(b, " /Encoding /WinAnsiEncoding /FontDescriptor %d 0 R /ToUnicode %d 0 R>>", fd, tu)
	w.obj(n, b)
	w.stream(tu, codeToUnicode(codes), true, "")
}

// winAnsiRune is the character of code c of WinAnsiEncoding (one that
// winAnsiCode gives).
func winAnsiRune(c byte) rune {
	if c >= 0x80 && c < 0xa0 {
		return winAnsiHigh[c-0x80]
	}
	return rune(c)
}

// codeToUnicode gives the ToUnicode CMap of a simple font's codes.
func codeToUnicode(codes []rune) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<00> <FF>\nendcodespacerange\n")
	for len(codes) > 0 {
		k := min(len(codes), 100)
		b = fmt.Appendf(b, "%d beginbfchar\n", k)
		for _, c := range codes[:k] {
			b = fmt.Appendf(b, "<%02X> <%04X>\n", c, winAnsiRune(byte(c)))
		}
		b = append(b, "endbfchar\n"...)
		codes = codes[k:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"...)
}

func fmtReal(v float64) string {
	if v == math.Trunc(v) {
		return fmt.Sprintf("%d", int(v))
	}
	return fmt.Sprintf("%.2f", v)
}

// toUnicode gives the ToUnicode CMap of a Type0 font's glyphs: each CID
// maps to its character, a hundred to a block. Each is a bfchar of its
// own: Ghostscript 10.0 reads only the last byte of a bfrange's character
// (it took U+2077 ⁷ for "w", U+0109 ĉ for a tab), even for a range of one.
func toUnicode(glyphs []glyphChar) []byte {
	b := []byte("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(glyphs) > 0 {
		k := min(len(glyphs), 100)
		b = fmt.Appendf(b, "%d beginbfchar\n", k)
		for _, g := range glyphs[:k] {
			b = fmt.Appendf(b, "<%04X> <%04X>\n", g.gid, g.r)
		}
		b = append(b, "endbfchar\n"...)
		glyphs = glyphs[k:]
	}
	return append(b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n"...)
}

// fileCache keeps the compressed font file of each face's last subset,
// for the next file with the same subset (a pack of similar documents).
var fileCache struct {
	sync.Mutex
	by [4]struct{ file, z []byte }
}

func (w *Writer) fontFile(n int, s fonts.Style, file []byte) {
	fileCache.Lock()
	c := &fileCache.by[s&3]
	// Subset gives the same slice for the same glyphs.
	if len(c.file) != len(file) || len(file) == 0 || &c.file[0] != &file[0] {
		fileCache.Unlock()
		var aw appendWriter
		if err := w.compress(&aw, file); err != nil && w.err == nil {
			w.err = err
		}
		fileCache.Lock()
		c.file, c.z = file, slices.Clip(aw.b)
	}
	z := c.z
	fileCache.Unlock()
	w.offsets[n] = w.n
	w.write(fmt.Appendf(nil, "%d 0 obj\n<</Filter /FlateDecode /Length %d /Length1 %d>>\nstream\n", n, len(z), len(file)))
	w.write(z)
	w.write([]byte("\nendstream\nendobj\n"))
}
