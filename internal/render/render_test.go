package render

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/panics"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/pdf"
	"github.com/itudoc/itudoc/pipeline/doc"
)

func seed(tb testing.TB) []byte {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		tb.Fatal(err)
	}
	return src
}

// scaled is the seed with its annex repeated n times.
func scaled(src []byte, n int) []byte {
	i := bytes.Index(src, []byte("SUP WGPL/149/1"))
	return append(append([]byte{}, src...), bytes.Repeat(src[i:], n-1)...)
}

func TestConvertSeed(t *testing.T) {
	var s Settings
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := Convert("pp14-149-e.md", seed(t), s)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Outputs) != 2 || r.Outputs[0].Suffix != ".docx" || !bytes.HasPrefix(r.Outputs[1].Data, []byte("%PDF-")) {
		t.Errorf("outputs %v", len(r.Outputs))
	}
	if !strings.Contains(fmt.Sprint(s.Formats), "docx") {
		t.Error("default formats")
	}
}

// BenchmarkConvertSeed is the whole conversion, DOCX and PDF, in memory.
func BenchmarkConvertSeed(b *testing.B) {
	src := seed(b)
	var s Settings
	s.Validate()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Convert("pp14-149-e.md", src, s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkConvertScale shows time and memory against input size: 1×, 4×
// and 16× the seed's annex. Linear growth keeps ns/op ÷ size (MB/s) level.
func BenchmarkConvertScale(b *testing.B) {
	src := seed(b)
	var s Settings
	s.Validate()
	for _, n := range []int{1, 4, 16} {
		in := scaled(src, n)
		b.Run(fmt.Sprintf("%dx", n), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Convert("pp14-149-e.md", in, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// longParagraph is a proposal whose one paragraph holds n words, every
// seventh deleted and every eleventh inserted: the shape of a Word export
// that lost its paragraph marks.
func longParagraph(n int) []byte {
	var b bytes.Buffer
	b.WriteString("MOD\tWGPL/1/1\n\nRESOLUTION 1\n\nTitle\n\nThe Conference,\n\nresolves\n\n1\t")
	words := []string{"the", "Member", "States", "telecommunication", "development", "of", "ITU", "cooperation"}
	for i := range n {
		w := words[i%len(words)]
		switch {
		case i%7 == 3:
			fmt.Fprintf(&b, "~~%s~~ ", w)
		case i%11 == 5:
			fmt.Fprintf(&b, "[%s](#) ", w)
		default:
			b.WriteString(w + " ")
		}
	}
	b.WriteString("end.\n")
	return b.Bytes()
}

// BenchmarkConvertLongParagraph is the whole conversion of one paragraph of
// 10k, 40k and 160k words. Time per byte stays level when every stage is
// linear; string concatenation in edits once made it quadratic (a 5 MB
// paragraph took minutes).
func BenchmarkConvertLongParagraph(b *testing.B) {
	var s Settings
	s.Validate()
	for _, n := range []int{10_000, 40_000, 160_000} {
		in := longParagraph(n)
		b.Run(fmt.Sprintf("%dk-words", n/1000), func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Convert("long.md", in, s); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestWriterPanicReachesCaller: a bug that panics in a writer, which runs
// on its own goroutine, panics in Convert's caller (where itudoc build
// recovers it as the document's error) with the writer's stack, instead
// of ending the process.
func TestWriterPanicReachesCaller(t *testing.T) {
	defer func(f func(io.Writer, *doc.Document, pdf.Options) ([]doc.Diagnostic, error)) { writeAnnex = f }(writeAnnex)
	writeAnnex = func(io.Writer, *doc.Document, pdf.Options) ([]doc.Diagnostic, error) {
		var m map[string]int
		m["boom"]++ // a nil map write, as a bug would
		return nil, nil
	}
	var s Settings
	s.Validate()
	value, stack := func() (value any, stack []byte) {
		defer func() { value, stack = panics.From(recover()) }()
		Convert("pp14-149-e.md", seed(t), s)
		return nil, nil
	}()
	if value == nil || !strings.Contains(fmt.Sprint(value), "nil map") {
		t.Fatalf("recovered %v", value)
	}
	if !strings.Contains(string(stack), "TestWriterPanicReachesCaller.func") {
		t.Errorf("the stack is not the writer's:\n%s", stack)
	}
}

// TestPDFStandard checks the setting: PDF/A-2u by default (an output
// intent and XMP metadata in the file), none on request (neither), and a
// usage error for anything else.
func TestPDFStandard(t *testing.T) {
	for _, c := range []struct {
		in, want string
		pdfa     bool
	}{{"", "pdfa-2u", true}, {"PDF/A-2u", "pdfa-2u", true}, {"none", "none", false}} {
		s := Settings{PDFStandard: c.in, Formats: []string{"pdf"}}
		if err := s.Validate(); err != nil || s.PDFStandard != c.want {
			t.Fatalf("%q: Validate gives %q, %v; want %q", c.in, s.PDFStandard, err, c.want)
		}
		r, err := Convert("pp14-149-e.md", seed(t), s)
		if err != nil {
			t.Fatal(err)
		}
		pdf := r.Outputs[0].Data
		if got := bytes.Contains(pdf, []byte("/OutputIntents")) && bytes.Contains(pdf, []byte("<pdfaid:part>2</pdfaid:part>")); got != c.pdfa {
			t.Errorf("%q: output intent and pdfaid %v, want %v", c.in, got, c.pdfa)
		}
		if !bytes.Contains(pdf, []byte("/StructTreeRoot")) {
			t.Errorf("%q: not tagged", c.in)
		}
	}
	s := Settings{PDFStandard: "pdf/x-4"}
	if err := s.Validate(); err == nil || !strings.Contains(err.Error(), "pdfa-2u or none") {
		t.Errorf("pdf/x-4: %v", err)
	}
}
