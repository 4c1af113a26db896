package docxread_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/parse"
)

// BenchmarkLoadSeedDOCX reads the seed's DOCX (in ITU styles, as itudoc
// writes it) through pipeline.Load, as convert and inspect read a .docx.
func BenchmarkLoadSeedDOCX(b *testing.B) {
	data, _ := docxtestSeed(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pipeline.Load("pp14-149-e.docx", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadPandocSeed reads pandoc's DOCX of the seed (generic styles:
// the reader, then normalize) through pipeline.Load.
func BenchmarkLoadPandocSeed(b *testing.B) {
	bin := testtool.Need(b, "pandoc")
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	parsed, err := parse.Parse("pp14-149-e.md", src)
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	md, out := filepath.Join(dir, "seed.md"), filepath.Join(dir, "pp14-149-e.docx")
	if err := os.WriteFile(md, []byte(pandocRendition(parsed)), 0o644); err != nil {
		b.Fatal(err)
	}
	cmd := exec.Command(bin, "-f", "markdown+hard_line_breaks-smart-fancy_lists", "--lua-filter", filepath.Join("testdata", "track-changes.lua"), "-o", out, md)
	if msg, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("pandoc: %v\n%s", err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pipeline.Load("pp14-149-e.docx", data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadSeedMarkdown is the seed read from its source, beside the
// two above.
func BenchmarkLoadSeedMarkdown(b *testing.B) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(src)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := pipeline.Load("pp14-149-e.md", src); err != nil {
			b.Fatal(err)
		}
	}
}

func docxtestSeed(b *testing.B) ([]byte, *render.Result) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	s := render.Settings{Formats: []string{"docx"}}
	if err := s.Validate(); err != nil {
		b.Fatal(err)
	}
	r, err := render.Convert("pp14-149-e.md", src, s)
	if err != nil {
		b.Fatal(err)
	}
	return r.Outputs[0].Data, r
}
