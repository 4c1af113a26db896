package pdf

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"

	"codeberg.org/go-pdf/fpdf"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/typeset"
)

// drawFpdf is the drawer itudoc used before its own writer: the same
// frames drawn with fpdf. It is kept as the reference the writer is
// checked against (TestSameAsFpdf): same page text, same pixels.
func drawFpdf(w io.Writer, pages []typeset.Page, info Info) error {
	pdf := fpdf.New("P", "pt", "A4", "")
	pdf.SetCompression(true)
	pdf.SetCatalogSort(true)
	pdf.SetCreationDate(info.Date)
	pdf.SetModificationDate(info.Date)
	pdf.SetProducer("itudoc", true)
	pdf.SetCreator("itudoc", true)
	pdf.SetTitle(info.Title, true)
	pdf.SetSubject(info.Subject, true)
	pdf.SetLang("en-GB")
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetMargins(0, 0, 0)
	// Only the faces the frames use are embedded: fpdf parses, subsets and
	// compresses every face it is given, used or not. Regular is always
	// there, for the outline titles.
	for _, s := range usedFaces(pages) {
		pdf.AddUTF8FontFromBytes(fonts.Family, s.FpdfStyle(), fonts.Bytes(s))
	}
	if pdf.Err() {
		return fmt.Errorf("pdf: loading fonts: %w", pdf.Error())
	}
	for _, pg := range pages {
		pdf.AddPageFormat("P", fpdf.SizeType{Wd: pg.Width, Ht: pg.Height})
		// Bookmark needs a current UTF-8 font to encode its title.
		pdf.SetFont(fonts.Family, "", 12)
		for _, m := range pg.Marks {
			pdf.Bookmark(m.Title, 0, m.Y)
		}
		face, size := fonts.Regular, 12.0
		lineW := -1.0
		for _, it := range pg.Items {
			switch it := it.(type) {
			case *typeset.Text:
				if r, ok := uncovered(it); ok {
					return fmt.Errorf("pdf: page %d: %q holds %q (U+%04X), which face %v lacks", pg.Number, it.Text, r, r, it.Face)
				}
				if it.Face != face || it.Size != size {
					face, size = it.Face, it.Size
					pdf.SetFont(fonts.Family, face.FpdfStyle(), size)
				}
				pdf.Text(it.X, it.Y, it.Text)
			case *typeset.Rule:
				if it.Width != lineW {
					lineW = it.Width
					pdf.SetLineWidth(lineW)
				}
				pdf.Line(it.X1, it.Y1, it.X2, it.Y2)
			default:
				panic("pdf: unknown frame item")
			}
		}
		if pdf.Err() {
			return fmt.Errorf("pdf: page %d: %w", pg.Number, pdf.Error())
		}
	}
	if err := pdf.Output(w); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// TestSameAsFpdf checks the writer against fpdf on the seed, in both
// views: the same text on every page (pdftotext -layout), and the same
// pixels (every page at 60 dpi, allowing for rasterizer differences).
func TestSameAsFpdf(t *testing.T) {
	d := seed(t)
	for _, opt := range []Options{{}, {Marks: true}} {
		res, _ := typeset.Layout(opt.View(d), opt.Params())
		dir := t.TempDir()
		info := Info{Title: "T", Date: fallbackDate}
		var files [2]string
		for i, drawer := range []func(io.Writer, []typeset.Page, Info) error{draw, drawFpdf} {
			var buf bytes.Buffer
			if err := drawer(&buf, res.Pages, info); err != nil {
				t.Fatal(err)
			}
			files[i] = filepath.Join(dir, fmt.Sprintf("%d.pdf", i))
			if err := os.WriteFile(files[i], buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if a, b := run(t, "pdftotext", "-layout", "-enc", "UTF-8", files[0], "-"), run(t, "pdftotext", "-layout", "-enc", "UTF-8", files[1], "-"); a != b {
			t.Errorf("marks=%v: page text differs from fpdf's", opt.Marks)
		}
		var wg sync.WaitGroup
		for i, f := range files {
			path := testtool.Need(t, "pdftoppm")
			wg.Go(func() {
				if out, err := exec.Command(path, "-png", "-r", "60", f, filepath.Join(dir, fmt.Sprintf("p%d", i))).CombinedOutput(); err != nil {
					t.Errorf("pdftoppm: %v\n%s", err, out)
				}
			})
		}
		wg.Wait()
		for n := 1; n <= len(res.Pages); n++ {
			var imgs [2]image.Image
			for i := range imgs {
				name := filepath.Join(dir, fmt.Sprintf("p%d-%02d.png", i, n))
				b, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				if imgs[i], err = png.Decode(bytes.NewReader(b)); err != nil {
					t.Fatal(err)
				}
			}
			if diff := differing(imgs[0], imgs[1]); diff > 0 {
				t.Errorf("marks=%v: page %d: %.3f%% of pixels differ from fpdf's", opt.Marks, n, 100*diff)
			}
		}
	}
}
