package pdfwrite

import (
	"bytes"
	"encoding/hex"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/pipeline/revise"
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

// TestF2 checks the fast formatting of lengths against strconv's.
func TestF2(t *testing.T) {
	vals := []float64{0, 0.005, 0.015, 0.025, 1.005, 1.015, 2.675, 56.7, 595.35, 841.89, 785.3, 290.175, 12, 0.125, 0.375, -0.004, -1.5, 1e13, 123456.785, 0.0049999999999, 0.00500000001}
	for i := 0; i < 200000; i++ {
		vals = append(vals, float64(i)/1000, float64(i)*0.0123456789, 842-float64(i)*0.00731)
	}
	for _, v := range vals {
		if got, want := string(f2(nil, v)), strconv.FormatFloat(v, 'f', 2, 64); got != want {
			t.Errorf("f2(%v) = %s, want %s", v, got, want)
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

// TestAppendCodes checks the text bytes against the CMap that reads them:
// the literal string, unescaped and decoded by the codespace and CID
// ranges of compactCMap for the characters used (parsed here, as a reader
// would), gives the code
// points, one byte a character for ASCII; the font's ToUnicode CMap maps
// each code back to its character; a character the face lacks, ASCII or
// not, is refused.
func TestAppendCodes(t *testing.T) {
	f := fonts.Metrics(fonts.Regular)
	if f.Glyph(0xfb01) == 0 {
		t.Fatal("the face has no U+FB01, which the test needs for a three-byte code")
	}
	accepted := 0
	for _, s := range []string{"", "plain words", `(a\b)`, `(a\b)` + "\r", "\u010d\u00ff", "é–ć€ (x)", "\u0128\u0129\u015c", "\ufb01ve", "\ufb01\u00e9\ufb02", "a\u4e00", "a\x01b", "a\u4e00b", "a\xffb"} {
		wantOK := true
		for _, r := range s {
			if r > 0xffff || f.Glyph(r) == 0 {
				wantOK = false
			}
		}
		var u faceUse
		got, ok := appendCodes(nil, s, f, &u)
		if ok != wantOK {
			t.Errorf("appendCodes(%q) reports %v, want %v", s, ok, wantOK)
			continue
		}
		if !ok {
			continue
		}
		accepted++
		cmap := parseCMap(t, compactCMap(blocksOf([]faceUse{u})), "cidrange")
		if cids := cmap.decode(t, unescapeLiteral(t, got)); string(cids) != s {
			t.Errorf("appendCodes(%q) = %q, which compactCMap reads as %q", s, got, string(cids))
		}
		wantLen := 0
		for _, r := range s {
			switch {
			case r < 0x80:
				wantLen++
			case r < 0x7f00:
				wantLen += 2
			default:
				wantLen += 3
			}
		}
		if n := len(unescapeLiteral(t, got)); n != wantLen {
			t.Errorf("appendCodes(%q) gives %d bytes of codes, want %d (a byte an ASCII character)", s, n, wantLen)
		}
		var wantUse faceUse
		for _, r := range s {
			wantUse.add(r)
		}
		if u.runes != wantUse.runes {
			t.Errorf("appendCodes(%q) records %q, want %q", s, string(u.list()), string(wantUse.list()))
		}
		runes := wantUse.list()
		if len(runes) == 0 {
			continue
		}
		tu := parseCMap(t, toUnicode(runes), "bfrange")
		for _, r := range runes {
			code := appendCode(nil, r)
			if back := tu.decode(t, unescapeLiteral(t, code)); string(back) != string(r) {
				t.Errorf("ToUnicode maps the code %X of %q to %q", code, r, string(back))
			}
		}
	}
	if accepted != 8 {
		t.Errorf("%d of the texts accepted, want 8: the font's coverage changed", accepted)
	}
	if got := string(appendCode(nil, 'A')) + string(appendCode(nil, 0xe9)) + string(appendCode(nil, 0xfb01)); got != "A\x80\xe9\xff\xfb\x01" {
		t.Errorf("codes of A, é, ﬁ = %q", got)
	}
}

// cmapRanges is what a CMap maps: its codespace ranges and its CID or
// bfrange ranges (to the code point of their first destination).
type cmapRanges struct {
	space [][2][]byte
	maps  []struct {
		lo, hi []byte
		to     rune
	}
}

func parseCMap(t *testing.T, b []byte, kind string) *cmapRanges {
	t.Helper()
	var c cmapRanges
	hexOf := func(h string) []byte {
		v, err := hex.DecodeString(h)
		if err != nil {
			t.Fatalf("bad hex <%s> in a CMap", h)
		}
		return v
	}
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(strings.NewReplacer("<", " ", ">", " ").Replace(line))
		switch {
		case strings.HasSuffix(line, "begincodespacerange"), strings.HasSuffix(line, "begin"+kind):
			section = f[1]
		case strings.HasPrefix(line, "end"):
			section = ""
		case section == "begincodespacerange" && len(f) == 2:
			c.space = append(c.space, [2][]byte{hexOf(f[0]), hexOf(f[1])})
		case section == "begin"+kind && len(f) == 3:
			var to int64
			var err error
			if kind == "bfrange" {
				to, err = strconv.ParseInt(f[2], 16, 32)
			} else {
				to, err = strconv.ParseInt(f[2], 10, 32)
			}
			if err != nil {
				t.Fatalf("bad range %q", line)
			}
			c.maps = append(c.maps, struct {
				lo, hi []byte
				to     rune
			}{hexOf(f[0]), hexOf(f[1]), rune(to)})
		}
	}
	if len(c.space) == 0 || len(c.maps) == 0 {
		t.Fatalf("a CMap with no codespace or no %s:\n%s", kind, b)
	}
	return &c
}

// decode reads b as codes of the codespace, each mapped by its range.
func (c *cmapRanges) decode(t *testing.T, b []byte) []rune {
	t.Helper()
	var out []rune
next:
	for len(b) > 0 {
		for _, sp := range c.space {
			n := len(sp[0])
			if len(b) < n {
				continue
			}
			in := true
			for i := range n {
				in = in && b[i] >= sp[0][i] && b[i] <= sp[1][i]
			}
			if !in {
				continue
			}
			code := b[:n]
			b = b[n:]
			for _, m := range c.maps {
				if len(m.lo) == n && bytes.Compare(code, m.lo) >= 0 && bytes.Compare(code, m.hi) <= 0 {
					out = append(out, m.to+rune(code[n-1])-rune(m.lo[n-1]))
					continue next
				}
			}
			t.Fatalf("code %X is mapped by no range", code)
		}
		t.Fatalf("%X starts no code of the codespace", b)
	}
	return out
}

// unescapeLiteral undoes the escapes of a literal string's bytes.
func unescapeLiteral(t *testing.T, b []byte) []byte {
	t.Helper()
	var out []byte
	for i := 0; i < len(b); i++ {
		if b[i] != '\\' {
			out = append(out, b[i])
			continue
		}
		i++
		switch b[i] {
		case '\\', '(', ')':
			out = append(out, b[i])
		case 'r':
			out = append(out, '\r')
		default:
			t.Fatalf("unexpected escape \\%c", b[i])
		}
	}
	return out
}
