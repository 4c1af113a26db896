package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/layouts/typeset/typesettest"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
)

func seed(tb testing.TB) *doc.Document { return testtool.LoadSeed(tb) }

func write(tb testing.TB, d *doc.Document, opt Options) []byte {
	tb.Helper()
	var buf bytes.Buffer
	diags, err := WriteAnnex(&buf, d, opt)
	if err != nil {
		tb.Fatal(err)
	}
	for _, dg := range diags {
		tb.Errorf("diagnostic: %s", dg.Format("seed"))
	}
	return buf.Bytes()
}

// handMade is a small document built without the parser.
func handMade() *doc.Document {
	p := &doc.Proposal{Action: doc.ActionMOD, ID: "WGPL/1/1", Number: "RESOLUTION 1 (REV. BUSAN, 2014)", Blocks: []doc.Block{
		typesettest.Para(doc.StyleProposal, "MOD\tWGPL/1/1"),
		typesettest.Para(doc.StyleResNo, "RESOLUTION 1 (REV. ~~GUADALAJARA, 2010~~[BUSAN, 2014](#))"),
		typesettest.Para(doc.StyleRestitle, "A title"),
		typesettest.Para(doc.StyleCall, "recalling"),
		typesettest.Labelled(1, "a)", "the outcomes of the Geneva (2003) and Tunis (2005) phases of the World Summit on the Information Society, especially §§ 15, 18 and 19 of the Tunis Commitment;"),
	}}
	return &doc.Document{Meta: doc.Meta{Code: "PP14", Number: "1-E", ISODate: "2014-11-03", Title: "A test"}, Blocks: []doc.Block{p}}
}

// TestDeterministic writes the same input twice, in both views: the bytes
// are the same.
func TestDeterministic(t *testing.T) {
	for _, marks := range []bool{false, true} {
		d := handMade()
		a, b := write(t, d, Options{Marks: marks}), write(t, d, Options{Marks: marks})
		if !bytes.Equal(a, b) {
			t.Errorf("marks=%v: two PDFs of the same input differ", marks)
		}
		if !bytes.HasPrefix(a, []byte("%PDF-")) {
			t.Errorf("not a PDF")
		}
	}
	d := seed(t)
	for _, opt := range []Options{{}, {Marks: true}, {LineBreak: "greedy", FirstPage: 1}} {
		if a, b := write(t, d, opt), write(t, d, opt); !bytes.Equal(a, b) {
			t.Errorf("%+v: two PDFs of the seed differ", opt)
		}
	}
}

// TestNoDate checks that a document without a date still gives a
// reproducible PDF, with a warning.
func TestNoDate(t *testing.T) {
	d := handMade()
	d.Meta.ISODate = ""
	var a, b bytes.Buffer
	diags, err := WriteAnnex(&a, d, Options{})
	if err != nil || len(diags) != 1 || diags[0].Severity != doc.Warning {
		t.Errorf("diags %v, err %v", diags, err)
	}
	WriteAnnex(&b, d, Options{})
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("PDFs differ")
	}
}

// run runs a tool and gives its standard output.
func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	path := testtool.Need(t, name)
	out, err := exec.Command(path, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// seedPDF writes the clean annex of the seed to a temporary file.
func seedPDF(t *testing.T) (string, *doc.Document, *typeset.Result) {
	d := seed(t)
	file := filepath.Join(t.TempDir(), "annex.pdf")
	if err := os.WriteFile(file, write(t, d, Options{}), 0o644); err != nil {
		t.Fatal(err)
	}
	res, _ := typeset.Layout(Options{}.View(d), Options{}.Params())
	return file, d, res
}

// TestSeedPDFIsSound checks the file with qpdf, the fonts with pdffonts,
// the page size and count with pdfinfo.
func TestSeedPDFIsSound(t *testing.T) {
	file, _, res := seedPDF(t)
	run(t, "qpdf", "--check", file)
	fontsOut := run(t, "pdffonts", file)
	rows := strings.Split(strings.TrimSpace(fontsOut), "\n")[2:]
	// A face is one subset, shown through a simple font (WinAnsi), a
	// Type0 one (Identity-H) for the characters outside it, or both.
	names := map[string]bool{}
	for _, r := range rows {
		if f := strings.Fields(r); len(f) > 0 {
			names[f[0]] = true
		}
	}
	if want := len(facesOf(res.Pages)); len(names) != want || want < 3 || len(rows) > 2*want {
		t.Errorf("pdffonts lists %d fonts of %d subsets, want the %d faces the frames use:\n%s", len(rows), len(names), want, fontsOut)
	}
	for _, r := range rows {
		f := strings.Fields(r)
		// name type... encoding emb sub uni object ID: emb is 5th from the end.
		if len(f) < 7 || f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", r)
		}
	}
	info := run(t, "pdfinfo", file)
	if !strings.Contains(info, "(A4)") {
		t.Errorf("pdfinfo does not say A4:\n%s", info)
	}
	if !strings.Contains(info, fmt.Sprintf("Pages:           %d\n", len(res.Pages))) {
		t.Errorf("pdfinfo page count, want %d:\n%s", len(res.Pages), info)
	}
	for _, want := range []string{"Producer:        itudoc", "CreationDate:    Mon Nov  3 00:00:00 2014", "Title:           Plenipotentiary Conference (PP-14) – Annex to Document PP14/149-E"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
}

// TestSeedOutline reads the outline with qpdf: one entry per proposal, in
// order, each pointing to the page its heading is on.
func TestSeedOutline(t *testing.T) {
	file, d, res := seedPDF(t)
	var js struct {
		Outlines []struct {
			Title string `json:"title"`
			Page  int    `json:"destpageposfrom1"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json", "--json-key=outlines", file)), &js); err != nil {
		t.Fatal(err)
	}
	props := d.Proposals()
	if len(js.Outlines) != len(props) || len(props) != 9 {
		t.Fatalf("%d outline entries, %d proposals, want 9", len(js.Outlines), len(props))
	}
	markPage := map[string]int{}
	for i, pg := range res.Pages {
		for _, m := range pg.Marks {
			markPage[m.Title] = i + 1
		}
	}
	for i, o := range js.Outlines {
		want := typeset.BookmarkTitle(props[i])
		if o.Title != want {
			t.Errorf("outline %d = %q, want %q", i, o.Title, want)
		}
		if !strings.HasPrefix(o.Title, string(props[i].Action)+" "+props[i].ID+" — ") {
			t.Errorf("outline %d = %q lacks its symbol and id", i, o.Title)
		}
		if o.Page != markPage[want] {
			t.Errorf("outline %d points to page %d, heading on %d", i, o.Page, markPage[want])
		}
	}
}

// cleanWords gives the words of the clean annex as the PDF prints them:
// labels, text, footnote marks glued to the word they follow, capitals
// where the style shows them.
func cleanWords(d *doc.Document) []string {
	var out []string
	text := func(p *doc.Paragraph) string {
		var sb strings.Builder
		for _, in := range append(append([]doc.Inline{}, p.Label...), append([]doc.Inline{&doc.Run{Text: " "}}, p.Inlines...)...) {
			switch in := in.(type) {
			case *doc.Run:
				sb.WriteString(in.Text)
			case *doc.FootnoteRef:
				sb.WriteString(strconv.Itoa(in.ID))
			}
		}
		s := sb.String()
		if itu.Lookup(p.Style).Caps {
			s = strings.ToUpper(s)
		}
		return s
	}
	for _, p := range d.Proposals() {
		doc.Paragraphs(p.Blocks, func(par *doc.Paragraph) { out = append(out, strings.Fields(text(par))...) })
	}
	return out
}

func footnoteWords(d *doc.Document, id int) []string {
	fn := d.Footnote(id)
	return append([]string{strconv.Itoa(fn.ID)}, strings.Fields(doc.Text(fn.Inlines))...)
}

// TestSeedText checks that pdftotext finds exactly the words of the clean
// view of the annex: on each page, after the running header ("- N -" and
// the reference) and before the page's footnotes, which are checked and
// set aside.
func TestSeedText(t *testing.T) {
	file, d, res := seedPDF(t)
	cv := Options{}.View(d)
	raw := run(t, "pdftotext", "-raw", "-enc", "UTF-8", file, "-")
	pages := strings.Split(raw, "\f")
	if len(pages) < len(res.Pages) {
		t.Fatalf("pdftotext gives %d pages, want %d", len(pages), len(res.Pages))
	}
	var body []string
	for i, pg := range res.Pages {
		ws := testtool.JoinSlashBreaks(strings.Fields(pages[i]))
		head := []string{"-", strconv.Itoa(pg.Number), "-", d.Meta.Reference()}
		if len(ws) < 4 || strings.Join(ws[:4], " ") != strings.Join(head, " ") {
			t.Fatalf("page %d starts %q, want the header %q", pg.Number, ws[:min(4, len(ws))], head)
		}
		ws = ws[4:]
		var foot []string
		for _, id := range pg.Footnotes {
			foot = append(foot, footnoteWords(cv, id)...)
		}
		if len(ws) < len(foot) || strings.Join(ws[len(ws)-len(foot):], " ") != strings.Join(foot, " ") {
			t.Errorf("page %d does not end with its footnotes %q", pg.Number, foot)
		} else {
			ws = ws[:len(ws)-len(foot)]
		}
		body = append(body, ws...)
	}
	want := cleanWords(cv)
	for i := 0; i < len(want) || i < len(body); i++ {
		if i >= len(want) || i >= len(body) || want[i] != body[i] {
			lo := max(0, i-5)
			t.Fatalf("word %d: PDF has %q, clean view %q", i, body[lo:min(i+5, len(body))], want[lo:min(i+5, len(want))])
		}
	}
}

// TestOtherReadersText checks the text with two more readers, which read
// fonts their own ways, on the seed and the corpus documents, in both
// views. MuPDF (mutool draw -F txt) must find the same characters as
// pdftotext, as many times each (hyphens aside, which one of them joins at
// a line's end). Ghostscript (txtwrite), which adds and drops some ASCII
// punctuation of its own around links, must find every character beyond
// ASCII as many times as pdftotext: those the simple fonts show (quotes,
// dashes, §, accented letters) and those of the Type0 fonts (⁷, and the
// Cyrillic, Greek and Latin letters of a document made for the test). An
// encoding only poppler reads in full fails here: an embedded CMap with
// one-byte codes (MuPDF 1.21 lost every § of the seed), Identity-H fonts
// alone (Ghostscript 10.0 read the seed's quotes as "<" and "=", its en
// dashes as "3"), which is why most text is in simple fonts (pdfwrite), or
// a ToUnicode CMap of bfrange entries (Ghostscript read ⁷ as "w").
func TestOtherReadersText(t *testing.T) {
	count := func(text string) map[rune]int {
		n := map[rune]int{}
		for _, r := range text {
			if !unicode.IsSpace(r) && r != '-' {
				n[r]++
			}
		}
		return n
	}
	beyondASCII := func(r rune) bool { return r > 0x7f }
	readers := []struct {
		name  string
		read  func(file string) string
		check func(r rune) bool
	}{
		{"MuPDF", func(file string) string { return run(t, "mutool", "draw", "-q", "-F", "txt", "-o", "-", file) }, func(rune) bool { return true }},
		{"Ghostscript", func(file string) string {
			return run(t, "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=txtwrite", "-sOutputFile=-", file)
		}, beyondASCII},
	}
	beyond := 0
	distinct := map[rune]bool{}
	docs := corpus(t)
	// Text outside WinAnsiEncoding, which the Type0 fonts show, in every
	// face.
	wide, err := pipeline.Load("wide.md", []byte("ADD\tRCC/1/1\n\nRESOLUTION 1 (BUSAN, 2014)\n\nПолномочная конференция **Международного союза электросвязи** *αβγ δέκα* ***Ĉiu ŝanĝo, Łódź, Ő***\n\nThe Conference¹, ⁷ and “Δ”, ~~удалено~~ [добавлено](#).\n"))
	if err != nil {
		t.Fatal(err)
	}
	wide.Meta.ISODate = "2014-11-03"
	docs["wide"] = wide
	for name, d := range docs {
		for _, opt := range []Options{{}, {Marks: true}} {
			file := writeTemp(t, d, opt)
			poppler := count(run(t, "pdftotext", "-enc", "UTF-8", file, "-"))
			for _, rd := range readers {
				other := count(rd.read(file))
				for r, n := range poppler {
					distinct[r] = true
					if !rd.check(r) {
						continue
					}
					if rd.name == "Ghostscript" {
						beyond++
					}
					if other[r] != n {
						t.Errorf("%s marks=%v: %q: pdftotext finds it %d times, %s %d", name, opt.Marks, r, n, rd.name, other[r])
					}
				}
				for r, n := range other {
					if _, ok := poppler[r]; !ok && rd.check(r) {
						t.Errorf("%s marks=%v: %q: %s finds it %d times, pdftotext never", name, opt.Marks, r, rd.name, n)
					}
				}
			}
		}
	}
	if len(distinct) < 60 || beyond < 10 {
		t.Errorf("only %d distinct characters in the texts, %d checks of ones beyond ASCII", len(distinct), beyond)
	}
}

// TestGoldenPage renders page 2 at 60 dpi and compares it with the golden
// image, allowing for small rasterizer differences; -update rewrites it.
func TestGoldenPage(t *testing.T) {
	file, _, _ := seedPDF(t)
	dir := t.TempDir()
	run(t, "pdftoppm", "-png", "-r", "60", "-f", "2", "-l", "2", "-singlefile", file, filepath.Join(dir, "p2"))
	got, err := os.ReadFile(filepath.Join(dir, "p2.png"))
	if err != nil {
		t.Fatal(err)
	}
	golden := "fixtures/golden/pp14-149-e-annex-p2.png"
	want, updated := testtool.Golden(t, "pp14-149-e-annex-p2.png", got, "go test ./layouts/pdf -run GoldenPage -update")
	if updated {
		return
	}
	a, err1 := png.Decode(bytes.NewReader(got))
	b, err2 := png.Decode(bytes.NewReader(want))
	if err1 != nil || err2 != nil {
		t.Fatal(err1, err2)
	}
	if a.Bounds() != b.Bounds() {
		t.Fatalf("page size %v, golden %v", a.Bounds(), b.Bounds())
	}
	if diff := differing(a, b); diff > 0.005 {
		t.Errorf("%.2f%% of pixels differ from %s", 100*diff, golden)
	}
}

// differing is the fraction of pixels whose grey levels differ by more than
// a quarter of the range.
func differing(a, b image.Image) float64 {
	r := a.Bounds()
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			ar, _, _, _ := a.At(x, y).RGBA()
			br, _, _, _ := b.At(x, y).RGBA()
			if d := int(ar) - int(br); d > 0x4000 || d < -0x4000 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

func BenchmarkPDFSeed(b *testing.B) {
	d := seed(b)
	b.ReportAllocs()
	for b.Loop() {
		var buf bytes.Buffer
		if _, err := WriteAnnex(&buf, d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// facesOf gives the faces the pages' texts use.
func facesOf(pages []typeset.Page) map[fonts.Style]bool {
	used := map[fonts.Style]bool{}
	for _, pg := range pages {
		for _, it := range pg.Items {
			if t, ok := it.(*typeset.Text); ok {
				used[t.Face] = true
			}
		}
	}
	return used
}
