package pdfwrite

import (
	"encoding/binary"
	"fmt"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"

	"github.com/itudoc/itudoc/fonts"
)

// TestSubset checks a subset: a TrueType file our reader reads, with the
// glyphs asked for (and .notdef) at their ids and with their outlines,
// every other glyph empty, and table checksums that hold.
func TestSubset(t *testing.T) {
	for _, s := range fonts.Styles {
		f := fonts.Metrics(s)
		want := []uint16{f.Glyph('A'), f.Glyph('é'), f.Glyph('§'), f.Glyph('A')}
		b, err := Subset(s, want)
		if err != nil {
			t.Fatal(err)
		}
		full, _ := sfntOf(s)
		if len(b) >= len(fonts.Bytes(s))/4 {
			t.Errorf("%v: subset of %d bytes, the face has %d", s, len(b), len(fonts.Bytes(s)))
		}
		g, err := fonts.Parse(b)
		if err != nil {
			t.Fatalf("%v: %v", s, err)
		}
		if g.Glyph('A') != f.Glyph('A') || g.GlyphAdvance(f.Glyph('A')) != f.GlyphAdvance(f.Glyph('A')) {
			t.Errorf("%v: A is glyph %d, advance %d in the subset", s, g.Glyph('A'), g.GlyphAdvance(g.Glyph('A')))
		}
		sub, err := readSfnt(b)
		if err != nil {
			t.Fatal(err)
		}
		kept := map[uint16]bool{0: true}
		for _, id := range want {
			kept[id] = true
		}
		for id := 0; id+1 < len(sub.loca); id++ {
			n, fullN := sub.loca[id+1]-sub.loca[id], full.loca[id+1]-full.loca[id]
			switch {
			case kept[uint16(id)] && (n == 0) != (fullN == 0):
				t.Errorf("%v: glyph %d lost its outline", s, id)
			case !kept[uint16(id)] && n != 0 && !composite(full, want, id):
				t.Errorf("%v: glyph %d kept, not asked for", s, id)
			}
		}
		// Each table's checksum, and the whole file's.
		be := binary.BigEndian
		for i := 0; i < int(be.Uint16(b[4:])); i++ {
			rec := b[12+16*i:]
			off, ln := be.Uint32(rec[8:]), be.Uint32(rec[12:])
			if string(rec[:4]) != "head" && checksum(b[off:off+ln]) != be.Uint32(rec[4:]) {
				t.Errorf("%v: table %q checksum", s, rec[:4])
			}
		}
		if checksum(b) != 0xB1B0AFBA {
			t.Errorf("%v: file checksum %#x", s, checksum(b))
		}
		// The same glyphs again give the same file, from the cache.
		if c, _ := Subset(s, []uint16{want[2], want[1], want[0]}); &c[0] != &b[0] {
			t.Errorf("%v: subset not reused", s)
		}
	}
}

// composite reports whether glyph id is a component of a glyph in want.
func composite(t *fontFile, want []uint16, id int) bool {
	be := binary.BigEndian
	glyf := t.tables["glyf"]
	for _, g := range want {
		d := glyf[t.loca[g]:t.loca[g+1]]
		if len(d) < 10 || int16(be.Uint16(d)) >= 0 {
			continue
		}
		for p, more := 10, true; more && p+4 <= len(d); {
			flags := be.Uint16(d[p:])
			if int(be.Uint16(d[p+2:])) == id {
				return true
			}
			p += 4 + 2 + 2*int(flags&1)
			switch {
			case flags&0x8 != 0:
				p += 2
			case flags&0x40 != 0:
				p += 4
			case flags&0x80 != 0:
				p += 8
			}
			more = flags&0x20 != 0
		}
	}
	return false
}

// TestSubsetReadBySfnt reads each subset with golang.org/x/image/font/sfnt,
// a parser of its own: the glyphs kept have the outlines and advances of
// the full face's.
func TestSubsetReadBySfnt(t *testing.T) {
	for _, s := range fonts.Styles {
		f := fonts.Metrics(s)
		var want []uint16
		for _, r := range "Aé§fi–“Ω0" {
			want = append(want, f.Glyph(r))
		}
		b, err := Subset(s, want)
		if err != nil {
			t.Fatal(err)
		}
		full, err1 := sfnt.Parse(fonts.Bytes(s))
		sub, err2 := sfnt.Parse(b)
		if err1 != nil || err2 != nil {
			t.Fatalf("%v: sfnt: %v, %v", s, err1, err2)
		}
		var buf sfnt.Buffer
		em := fixed.I(1000)
		for _, g := range want {
			a, errA := full.LoadGlyph(&buf, sfnt.GlyphIndex(g), em, nil)
			fa := fmt.Sprint(a)
			c, errC := sub.LoadGlyph(&buf, sfnt.GlyphIndex(g), em, nil)
			if errA != nil || errC != nil || fa != fmt.Sprint(c) || len(c) == 0 {
				t.Errorf("%v: glyph %d: the subset's outline differs (%v, %v)", s, g, errA, errC)
			}
			wa, _ := full.GlyphAdvance(&buf, sfnt.GlyphIndex(g), em, font.HintingNone)
			wc, _ := sub.GlyphAdvance(&buf, sfnt.GlyphIndex(g), em, font.HintingNone)
			if wa != wc {
				t.Errorf("%v: glyph %d advance %v, the face's %v", s, g, wc, wa)
			}
		}
	}
}
