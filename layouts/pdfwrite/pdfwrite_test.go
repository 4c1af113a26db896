package pdfwrite

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/pipeline/revise"
	"golang.org/x/text/encoding/charmap"
)

// seedLayout is the seed's clean annex, laid out.
func seedLayout(tb testing.TB) *typeset.Result {
	res, _ := typeset.Layout(revise.Apply(testtool.LoadSeed(tb), revise.Clean), typeset.Defaults)
	return res
}

// BenchmarkDrawSeed measures the writer alone: the seed's frames, laid
// out once, written as a PDF.
func BenchmarkDrawSeed(b *testing.B) {
	res := seedLayout(b)
	info := Info{Title: "T"}
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, res.Pages, res.Struct, info); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkContentSeed measures the content streams of the seed's pages
// alone, without compression or the rest of the file.
func BenchmarkContentSeed(b *testing.B) {
	res := seedLayout(b)
	w := New(io.Discard, Info{})
	var c []byte
	b.ReportAllocs()
	for b.Loop() {
		for i := range res.Pages {
			var err error
			if c, _, _, err = w.content(c[:0], &res.Pages[i]); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// TestRefusesMissingGlyphs checks the writer's guard: a frame with a
// character the font lacks is an error, not a blank in the PDF.
func TestRefusesMissingGlyphs(t *testing.T) {
	pages := []typeset.Page{{Number: 2, Width: 595.35, Height: 842, Items: []typeset.Item{
		&typeset.Text{X: 56.7, Y: 70, Size: 12, Text: "ok 😀"},
	}}}
	var buf bytes.Buffer
	if err := Write(&buf, pages, nil, Info{}); err == nil || !strings.Contains(err.Error(), "lacks") {
		t.Errorf("err = %v", err)
	}
}

// TestFacesEmbedded checks which faces are embedded: those some text is
// set in, and no other.
func TestFacesEmbedded(t *testing.T) {
	pages := []typeset.Page{{Width: 595.35, Height: 842, Items: []typeset.Item{
		&typeset.Text{Face: fonts.BoldItalic, Size: 12, Text: "x"},
		&typeset.Rule{},
		&typeset.Text{Face: fonts.Bold, Size: 12, Text: "y"},
	}}}
	var buf bytes.Buffer
	if err := Write(&buf, pages, nil, Info{}); err != nil {
		t.Fatal(err)
	}
	for s, want := range map[string]bool{"LiberationSerif-BoldItalic": true, "LiberationSerif-Bold ": true, "LiberationSerif ": false, "LiberationSerif-Italic": false} {
		name := "+" + strings.TrimSpace(s)
		// The base font names end the name with a space or a slash.
		got := bytes.Contains(buf.Bytes(), []byte(name+" ")) || bytes.Contains(buf.Bytes(), []byte(name+"/"))
		if got != want {
			t.Errorf("%s embedded: %v, want %v", name, got, want)
		}
	}
}

// TestF2 checks the fast formatting of lengths against strconv's, and
// hundredths and appendHundredths, which the relative moves are made of,
// against f2.
func TestF2(t *testing.T) {
	vals := []float64{0, 0.005, 0.015, 0.025, 1.005, 1.015, 2.675, 56.7, 595.35, 841.89, 785.3, 290.175, 12, 0.125, 0.375, -0.004, -1.5, 1e13, 123456.785, 0.0049999999999, 0.00500000001}
	for i := 0; i < 200000; i++ {
		vals = append(vals, float64(i)/1000, float64(i)*0.0123456789, 842-float64(i)*0.00731, -float64(i+1)*0.00917) // not -0, which f2 writes 0.00
	}
	for _, v := range vals {
		want := strconv.FormatFloat(v, 'f', 2, 64)
		if got := string(f2(nil, v)); got != want {
			t.Errorf("f2(%v) = %s, want %s", v, got, want)
		}
		// The content stream's moves are differences of hundredths: they
		// must be the hundredths f2 writes, and appendHundredths must
		// write them back as the same number.
		n := hundredths(v)
		if w, _ := strconv.ParseFloat(want, 64); float64(n) != math.Round(w*100) {
			t.Errorf("hundredths(%v) = %d, but f2 writes %s", v, n, want)
		}
		if back, err := strconv.ParseFloat(string(appendHundredths(nil, n)), 64); err != nil || math.Round(back*100) != float64(n) {
			t.Errorf("appendHundredths(%d) = %s", n, appendHundredths(nil, n))
		}
	}
}

// TestSRGBIsDebians checks that the shipped profile is the one of Debian's
// icc-profiles-free, whose licence LICENSE-sRGB.txt reproduces.
func TestSRGBIsDebians(t *testing.T) {
	const debian = "/usr/share/color/icc/sRGB.icc"
	b, err := os.ReadFile(debian)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%v, and CI is set: scripts/install-deps installs icc-profiles-free", err)
		}
		t.Skipf("%v (icc-profiles-free is not installed); skipping (this fails under CI)", err)
	}
	if !bytes.Equal(b, SRGB()) {
		t.Errorf("srgb.icc differs from %s", debian)
	}
	if lic, err := os.ReadFile("LICENSE-sRGB.txt"); err != nil || !bytes.Contains(lic, []byte("sRGB.icc")) || !bytes.Contains(lic, []byte("zlib/libpng License")) {
		t.Errorf("LICENSE-sRGB.txt does not give the profile's licence: %v", err)
	}
}

// TestSameBytesOnAnyCores writes the seed's frames on one core and on all:
// the compressors' sharing of the pages does not show in the file.
func TestSameBytesOnAnyCores(t *testing.T) {
	res := seedLayout(t)
	write := func() []byte {
		var buf bytes.Buffer
		if err := Write(&buf, res.Pages, res.Struct, Info{Title: "T"}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	all := write()
	was := runtime.GOMAXPROCS(1)
	one := write()
	runtime.GOMAXPROCS(was)
	if !bytes.Equal(all, one) {
		t.Errorf("the file written on one core differs from the one written on %d", was)
	}
	if again := write(); !bytes.Equal(all, again) {
		t.Error("two files of the same frames differ")
	}
}

// TestAppendCIDs checks the text bytes of the Type0 font: each character
// two bytes, its glyph id, each escaped in a literal string, and the
// string as wide as the font dictionary's widths of its characters add up
// to; and that a character the face lacks, ASCII or not, is refused.
func TestAppendCIDs(t *testing.T) {
	f := fonts.Metrics(fonts.Regular)
	for _, s := range []string{"", "plain words", `(a\b)` + "\r", "é–ć€ (x)", "\u0128\u0129\u015c", "Ѐ\u0108ŉ⁷", "a\x01b", "a\u4e00b", "a\xffb"} {
		var want []byte
		wantOK := true
		wantUnits := 0
		for _, r := range s {
			if r > 0xffff || f.Glyph(r) == 0 {
				wantOK = false
				break
			}
			g := f.Glyph(r)
			wantUnits += pdfWidth(f, g)
			for _, b := range [2]byte{byte(g >> 8), byte(g)} {
				switch b {
				case '\\', '(', ')':
					want = append(want, '\\', b)
				case '\r':
					want = append(want, '\\', 'r')
				default:
					want = append(want, b)
				}
			}
		}
		var u faceUse
		got, units, ok := appendCIDs(nil, s, f, &u)
		if ok != wantOK || ok && (!bytes.Equal(got, want) || units != wantUnits) {
			t.Errorf("appendCIDs(%q) = %q, %d units, %v; want %q, %d, %v", s, got, units, ok, want, wantUnits, wantOK)
		}
		var wantUse faceUse
		for _, r := range s {
			wantUse.add(r)
		}
		if ok && u.runes != wantUse.runes {
			t.Errorf("appendCIDs(%q) records %q, want %q", s, string(u.list()), string(wantUse.list()))
		}
	}
}

// TestWinAnsi: winAnsiCode and winAnsiRune agree with Windows-1252
// (golang.org/x/text's table) on every character a simple font shows, and
// give no code for the rest; nextPiece cuts a text where it moves between
// the simple and the Type0 font.
func TestWinAnsi(t *testing.T) {
	shown := 0
	for r := rune(0); r < 0x3000; r++ {
		code := winAnsiCode(r)
		b, ok := charmap.Windows1252.EncodeRune(r)
		switch {
		case code != 0 && (!ok || b != code || winAnsiRune(code) != r):
			t.Errorf("U+%04X: code %#x, Windows-1252 %#x %v, back %U", r, code, b, ok, winAnsiRune(code))
		case code == 0 && ok && r >= ' ' && r != 0x7f && r != 0xa0 && r != 0xad:
			t.Errorf("U+%04X: no code, Windows-1252 has %#x", r, b)
		case code != 0:
			shown++
		}
	}
	if shown != 95+96-2+27 {
		t.Errorf("%d characters shown by the simple fonts, want 218", shown)
	}
	for _, tc := range []struct {
		in   string
		want []string // pieces; a wide one in brackets
	}{
		{"plain", []string{"plain"}},
		{"", []string{""}},
		{"Résolution—2014 “x”", []string{"Résolution—2014 “x”"}},
		{"FIRST⁷", []string{"FIRST", "[⁷]"}},
		{"⁷⁸a", []string{"[⁷⁸]", "a"}},
		{"a\u00a0b≥c", []string{"a", "[\u00a0]", "b", "[≥]", "c"}},
	} {
		var got []string
		for rest, first := tc.in, true; first || rest != ""; first = false {
			var piece string
			var wide bool
			piece, rest, wide = nextPiece(rest)
			if wide {
				piece = "[" + piece + "]"
			}
			got = append(got, piece)
		}
		if strings.Join(got, "|") != strings.Join(tc.want, "|") {
			t.Errorf("nextPiece(%q): %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestTextLandsInPlace reads the content streams back as a reader does
// (Tm, Td, Tf, Tj and TJ, the pen moved on by the font dictionaries'
// widths) and checks that every text's characters are shown, in order,
// and its first where the frame places it: exactly for the first of a
// line, within half a thousandth of an em for the next ones, which TJ
// arrays' moves take there. On the seed's pages, and on lines that mix
// faces, sizes and characters of both fonts.
func TestTextLandsInPlace(t *testing.T) {
	pages := seedLayout(t).Pages
	pages = append(pages, typeset.Page{Number: 99, Width: 595.35, Height: 842, Items: []typeset.Item{
		&typeset.Text{X: 56.7, Y: 70, Size: 12, Text: "plain", Space: true},
		&typeset.Text{X: 90.13, Y: 70, Size: 12, Text: "(words)", Space: true},
		&typeset.Text{X: 140.5, Y: 70, Size: 12, Face: fonts.Bold, Text: "bold", Space: true},
		&typeset.Text{X: 170.21, Y: 70, Size: 12, Face: fonts.Bold, Text: "and\u00a0wide⁷", Space: true},
		&typeset.Text{X: 230.02, Y: 70, Size: 12, Face: fonts.Bold, Text: "“quoted”", Space: true},
		&typeset.Text{X: 290, Y: 70, Size: 9, Text: "small"},
		&typeset.Text{X: 56.7, Y: 90, Size: 12, Text: "next", Space: true},
		&typeset.Text{X: 56.7 + fonts.Metrics(fonts.Regular).Width("next ", 12), Y: 90, Size: 12, Text: "natural", Space: true},
		&typeset.Text{X: 160, Y: 90, Size: 12, Text: "⁷back"},
	}})
	w := New(io.Discard, Info{})
	for i := range pages {
		if err := checkLanded(w, &pages[i]); err != nil {
			t.Error(err)
		}
	}
}

// FuzzTextLandsInPlace is TestTextLandsInPlace on frames made from the
// input: its words, cut at '|', each set by a byte of layout (face, size,
// on the same line or the next, and the gap to the word before, which may
// be negative). Frames holding a character their face lacks are skipped.
func FuzzTextLandsInPlace(f *testing.F) {
	f.Add("plain|(words)|bold|and\u00a0wide⁷|“quoted”|small|⁷back", []byte{0x00, 0x31, 0x42, 0x53, 0x24, 0x95, 0x06})
	f.Add("a|b|c|d", []byte{0xff, 0x80, 0x7f, 0x01})
	f.Add("Полномочная|конференция|αβγ|ﬁ\uf001|\u00ad|x", []byte{0x02, 0x22, 0x41, 0x02, 0x03, 0x10})
	f.Fuzz(func(t *testing.T, words string, layout []byte) {
		if !utf8.ValidString(words) {
			return
		}
		pg := typeset.Page{Number: 1, Width: 595.35, Height: 842}
		x, y := 56.7, 70.0
		for i, word := range strings.Split(words, "|") {
			if i >= 200 || word == "" {
				break
			}
			b := byte(0)
			if i < len(layout) {
				b = layout[i]
			}
			size := 12.0
			if b&0x80 != 0 {
				size = 9
			}
			if b&0x40 != 0 {
				x, y = 56.7, y+14
			}
			x += float64(int(b&0x3c)-24) * 1.37
			face := fonts.Style(b & 3)
			for _, r := range word {
				if r > 0xffff || !fonts.Metrics(face).Has(r) {
					return
				}
			}
			pg.Items = append(pg.Items, &typeset.Text{X: x, Y: y, Face: face, Size: size, Text: word, Space: b&0x20 != 0})
			x += fonts.Metrics(face).Width(word, size)
		}
		if err := checkLanded(New(io.Discard, Info{}), &pg); err != nil {
			t.Fatal(err)
		}
	})
}

// checkLanded reads the content stream of pg back as a reader does (Tm,
// Td, Tf, Tj and TJ, the pen moved on by the font dictionaries' widths)
// and reports the first text whose characters are not shown, in order, or
// whose first is not where the frame places it: exactly for the first of
// a line, within half a thousandth of an em for the next ones.
func checkLanded(w *Writer, pg *typeset.Page) error {
	c, _, _, err := w.content(nil, pg)
	if err != nil {
		return err
	}
	type glyph struct {
		x, y float64
		r    rune
	}
	var got []glyph
	var face fonts.Style
	var size, lineX, lineY, penX float64
	wide := false
	var stack []string
	show := func(s string) {
		f := fonts.Metrics(face)
		for k := 0; k < len(s); k++ {
			r := winAnsiRune(s[k])
			if wide {
				r = charOfGlyph()[face][uint16(s[k])<<8|uint16(s[k+1])]
				k++
			}
			got = append(got, glyph{penX, lineY, r})
			penX += float64(pdfWidth(f, f.Glyph(r))) * size / 1000
		}
	}
	var bad error
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil && bad == nil {
			bad = fmt.Errorf("page %d: %q is not a number", pg.Number, s)
		}
		return v
	}
	for _, tok := range contentTokens(c) {
		switch tok {
		case "Tf":
			n, _ := strconv.Atoi(strings.TrimPrefix(stack[len(stack)-2], "/F"))
			face, wide, size = fonts.Style(n%simpleFont), n < simpleFont, num(stack[len(stack)-1])
		case "Tm":
			lineX, lineY = num(stack[len(stack)-2]), num(stack[len(stack)-1])
			penX = lineX
		case "Td":
			lineX += num(stack[len(stack)-2])
			penX = lineX
		case "Tj":
			show(stack[len(stack)-1][1:])
		case "TJ":
			for _, el := range stack[1+slices.Index(stack, "["):] {
				if el != "]" && el[0] == '(' {
					show(el[1:])
				} else if el != "]" {
					penX -= num(el) * size / 1000
				}
			}
		}
		if tok == "[" || tok[0] == '(' || tok[0] == '/' || tok == "]" || strings.Trim(tok, "-.0123456789") == "" {
			stack = append(stack, tok)
		} else {
			stack = stack[:0]
		}
	}
	if bad != nil {
		return bad
	}
	k := 0
	for _, it := range pg.Items {
		it, ok := it.(*typeset.Text)
		if !ok {
			continue
		}
		text := it.Text
		if it.Space {
			text += " "
		}
		wantX, wantY := float64(hundredths(it.X))/100, float64(hundredths(pg.Height-it.Y))/100
		for j, r := range []rune(text) {
			if k >= len(got) {
				return fmt.Errorf("page %d: the stream shows %d characters, the frame has more", pg.Number, len(got))
			}
			g := got[k]
			k++
			// (Of two characters one glyph draws, the Type0 font's
			// ToUnicode gives one.)
			if f := fonts.Metrics(it.Face); g.r != r && f.Glyph(g.r) != f.Glyph(r) {
				return fmt.Errorf("page %d: character %d is %q, want %q of %q", pg.Number, k, g.r, r, text)
			}
			if j == 0 && (g.y != wantY || math.Abs(g.x-wantX) > it.Size/2000+1e-9) {
				return fmt.Errorf("page %d: %q lands at (%.4f, %.2f), want (%.2f, %.2f)", pg.Number, text, g.x, g.y, wantX, wantY)
			}
		}
	}
	if k != len(got) {
		return fmt.Errorf("page %d: the stream shows %d characters, the frame %d", pg.Number, len(got), k)
	}
	return nil
}

// charOfGlyph gives, for each face, the character of each glyph, as
// glyphChars chooses it.
var charOfGlyph = sync.OnceValue(func() *[4]map[uint16]rune {
	var m [4]map[uint16]rune
	for s := range m {
		f := fonts.Metrics(fonts.Style(s))
		var runes []rune
		for r := rune(1); r < 0x10000; r++ {
			if f.Glyph(r) != 0 {
				runes = append(runes, r)
			}
		}
		m[s] = map[uint16]rune{}
		for _, g := range glyphChars(f, runes) {
			m[s][g.gid] = g.r
		}
	}
	return &m
})

// contentTokens cuts a content stream into its tokens: a literal string
// is one token, "(" then its bytes unescaped.
func contentTokens(c []byte) []string {
	var toks []string
	for i := 0; i < len(c); {
		switch b := c[i]; {
		case b == ' ' || b == '\n':
			i++
		case b == '[' || b == ']':
			toks = append(toks, string(b))
			i++
		case b == '(':
			s := []byte{'('}
			for i++; c[i] != ')'; i++ {
				if c[i] == '\\' {
					i++
					if c[i] == 'r' {
						c[i] = '\r'
					}
				}
				s = append(s, c[i])
			}
			toks = append(toks, string(s))
			i++
		case b == '<' || b == '>':
			toks = append(toks, string(c[i:i+2]))
			i += 2
		default:
			j := i + 1
			for j < len(c) && !strings.ContainsRune(" \n[]()<>/", rune(c[j])) {
				j++
			}
			toks = append(toks, string(c[i:j]))
			i = j
		}
	}
	return toks
}
