package pdfwrite

import (
	"encoding/binary"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/itudoc/itudoc/fonts"
)

// A subset font keeps the glyph ids of the face, so that a PDF can address
// its glyphs through a CID-to-glyph map computed from the face's cmap; the
// glyphs that are not used are left empty (zero length in loca), which is
// what makes the file small. What depends only on the embedded bytes (the
// table directory, loca) is read once per face; the subset of a glyph set
// is kept, so that converting the same document again, or a benchmark,
// does not redo it.

// fontFile is the table directory of a face, read once.
type fontFile struct {
	tables map[string][]byte
	loca   []uint32 // glyph offsets into glyf, numGlyphs+1
}

var (
	sfntOnce [4]sync.Once
	sfnts    [4]*fontFile
	sfntErr  [4]error
)

func sfntOf(s fonts.Style) (*fontFile, error) {
	i := s & 3
	sfntOnce[i].Do(func() { sfnts[i], sfntErr[i] = readSfnt(fonts.Bytes(s)) })
	return sfnts[i], sfntErr[i]
}

func readSfnt(b []byte) (*fontFile, error) {
	be := binary.BigEndian
	if len(b) < 12 {
		return nil, fmt.Errorf("too short")
	}
	n := int(be.Uint16(b[4:]))
	t := &fontFile{tables: map[string][]byte{}}
	for i := 0; i < n; i++ {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, fmt.Errorf("table directory truncated")
		}
		off, ln := int(be.Uint32(b[rec+8:])), int(be.Uint32(b[rec+12:]))
		if off < 0 || ln < 0 || off+ln > len(b) {
			return nil, fmt.Errorf("table out of bounds")
		}
		t.tables[string(b[rec:rec+4])] = b[off : off+ln]
	}
	head, maxp, loca := t.tables["head"], t.tables["maxp"], t.tables["loca"]
	if len(head) < 54 || len(maxp) < 6 || t.tables["glyf"] == nil {
		return nil, fmt.Errorf("head, maxp or glyf missing")
	}
	nGlyphs := int(be.Uint16(maxp[4:]))
	long := be.Uint16(head[50:]) != 0
	t.loca = make([]uint32, nGlyphs+1)
	for g := range t.loca {
		if long {
			if 4*g+4 > len(loca) {
				return nil, fmt.Errorf("loca truncated")
			}
			t.loca[g] = be.Uint32(loca[4*g:])
		} else {
			if 2*g+2 > len(loca) {
				return nil, fmt.Errorf("loca truncated")
			}
			t.loca[g] = 2 * uint32(be.Uint16(loca[2*g:]))
		}
	}
	glyf := uint32(len(t.tables["glyf"]))
	for g := 0; g < nGlyphs; g++ {
		if t.loca[g] > t.loca[g+1] || t.loca[g+1] > glyf {
			return nil, fmt.Errorf("loca out of order")
		}
	}
	return t, nil
}

// subsetTables are the tables a subset keeps; the others (kerning,
// OpenType layout, device metrics) serve no purpose in a PDF, which places
// every glyph itself.
var subsetTables = []string{"OS/2", "cmap", "cvt ", "fpgm", "gasp", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "post", "prep"}

var (
	subsetMu    sync.Mutex
	subsetCache [4]struct {
		key  []uint16
		font []byte
	}
)

// Subset gives a TrueType file holding the glyphs of face s that glyphs
// lists (and the glyphs composite ones are made of, and .notdef), at their
// ids in the full face. The result is shared: do not change it.
func Subset(s fonts.Style, glyphs []uint16) ([]byte, error) {
	key := slices.Clone(glyphs)
	slices.Sort(key)
	key = slices.Compact(key)
	subsetMu.Lock()
	c := &subsetCache[s&3]
	if c.font != nil && slices.Equal(c.key, key) {
		font := c.font
		subsetMu.Unlock()
		return font, nil
	}
	subsetMu.Unlock()
	t, err := sfntOf(s)
	if err != nil {
		return nil, err
	}
	font, err := t.subset(key)
	if err != nil {
		return nil, err
	}
	subsetMu.Lock()
	c.key, c.font = key, font
	subsetMu.Unlock()
	return font, nil
}

func (t *fontFile) subset(glyphs []uint16) ([]byte, error) {
	be := binary.BigEndian
	glyf := t.tables["glyf"]
	nGlyphs := len(t.loca) - 1
	keep := make([]bool, nGlyphs)
	keep[0] = true
	var visit func(g int, depth int) error
	visit = func(g int, depth int) error {
		if g >= nGlyphs {
			return fmt.Errorf("glyph %d out of range", g)
		}
		if keep[g] && g != 0 || depth > 8 {
			return nil
		}
		keep[g] = true
		d := glyf[t.loca[g]:t.loca[g+1]]
		if len(d) < 10 || int16(be.Uint16(d)) >= 0 {
			return nil
		}
		// A composite glyph: keep its components.
		for p := 10; p+4 <= len(d); {
			flags := be.Uint16(d[p:])
			if err := visit(int(be.Uint16(d[p+2:])), depth+1); err != nil {
				return err
			}
			p += 4
			if flags&0x1 != 0 {
				p += 4
			} else {
				p += 2
			}
			switch {
			case flags&0x8 != 0:
				p += 2
			case flags&0x40 != 0:
				p += 4
			case flags&0x80 != 0:
				p += 8
			}
			if flags&0x20 == 0 {
				break
			}
		}
		return nil
	}
	for _, g := range glyphs {
		if err := visit(int(g), 0); err != nil {
			return nil, err
		}
	}
	size := 0
	for g, k := range keep {
		if k {
			size += int(t.loca[g+1]-t.loca[g]+3) &^ 3
		}
	}
	// glyf with the kept glyphs only, each padded to 4 bytes; loca in the
	// short form when the offsets allow it.
	newGlyf := make([]byte, 0, size)
	offs := make([]uint32, nGlyphs+1)
	for g, k := range keep {
		offs[g] = uint32(len(newGlyf))
		if k {
			newGlyf = append(newGlyf, glyf[t.loca[g]:t.loca[g+1]]...)
			for len(newGlyf)%4 != 0 {
				newGlyf = append(newGlyf, 0)
			}
		}
	}
	offs[nGlyphs] = uint32(len(newGlyf))
	short := len(newGlyf) <= 2*0xffff
	var newLoca []byte
	if short {
		newLoca = make([]byte, 2*(nGlyphs+1))
		for g, o := range offs {
			be.PutUint16(newLoca[2*g:], uint16(o/2))
		}
	} else {
		newLoca = make([]byte, 4*(nGlyphs+1))
		for g, o := range offs {
			be.PutUint32(newLoca[4*g:], o)
		}
	}
	head := slices.Clone(t.tables["head"])
	be.PutUint32(head[8:], 0) // checkSumAdjustment, set below
	if short {
		be.PutUint16(head[50:], 0)
	} else {
		be.PutUint16(head[50:], 1)
	}
	// hmtx with the metrics of the glyphs left out zeroed, which compresses
	// to nothing.
	hmtx := slices.Clone(t.tables["hmtx"])
	if hhea := t.tables["hhea"]; len(hhea) >= 36 {
		nHM := int(be.Uint16(hhea[34:]))
		for g, k := range keep {
			if k {
				continue
			}
			if g < nHM {
				if 4*g+4 <= len(hmtx) {
					clear(hmtx[4*g : 4*g+4])
				}
			} else if p := 4*nHM + 2*(g-nHM); p+2 <= len(hmtx) {
				clear(hmtx[p : p+2])
			}
		}
	}
	// post without glyph names (version 3): a PDF names no glyph.
	var post []byte
	if p := t.tables["post"]; len(p) >= 32 {
		post = slices.Clone(p[:32])
		be.PutUint32(post, 0x00030000)
	}

	tables := map[string][]byte{}
	for _, tag := range subsetTables {
		if d, ok := t.tables[tag]; ok {
			tables[tag] = d
		}
	}
	tables["glyf"], tables["loca"], tables["head"], tables["hmtx"] = newGlyf, newLoca, head, hmtx
	if post != nil {
		tables["post"] = post
	}
	tags := make([]string, 0, len(tables))
	for tag := range tables {
		tags = append(tags, tag)
	}
	sort.Strings(tags)
	n := len(tags)
	total := 12 + 16*n
	for _, tag := range tags {
		total += (len(tables[tag]) + 3) &^ 3
	}
	out := make([]byte, 12+16*n, total)
	be.PutUint32(out, 0x00010000)
	be.PutUint16(out[4:], uint16(n))
	sr, es := 1, 0
	for sr*2 <= n {
		sr, es = sr*2, es+1
	}
	be.PutUint16(out[6:], uint16(16*sr))
	be.PutUint16(out[8:], uint16(es))
	be.PutUint16(out[10:], uint16(16*(n-sr)))
	headAt := 0
	for i, tag := range tags {
		d := tables[tag]
		rec := out[12+16*i:]
		copy(rec, tag)
		be.PutUint32(rec[4:], checksum(d))
		be.PutUint32(rec[8:], uint32(len(out)))
		be.PutUint32(rec[12:], uint32(len(d)))
		if tag == "head" {
			headAt = len(out)
		}
		out = append(out, d...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	be.PutUint32(out[headAt+8:], 0xB1B0AFBA-checksum(out))
	return out, nil
}

func checksum(b []byte) uint32 {
	var s uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		s += binary.BigEndian.Uint32(w[:])
	}
	return s
}
