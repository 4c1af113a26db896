// Package testtool is what the tests of several packages share: finding an
// external program (pandoc, xmllint, soffice, pdftotext, qpdf, ...), the
// schema check of a DOCX package against the ISO/IEC 29500 and OPC schemas
// bundled in testdata/ooxml-schemas (ValidateDocx, over xmllint), the
// bundled seed document, and the golden files under fixtures/golden. On a
// developer's machine a missing tool skips the test, but when the CI
// environment variable is set it fails it, so that CI can never pass by
// skipping. Importing testtool gives a test binary the -update flag
// (internal/goldenflag).
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Need returns the path of the named program, or skips (fails under CI) the
// test when it is not installed.
func Need(t testing.TB, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not installed, and CI is set: .ci/run must install it", name)
		}
		t.Skipf("%s is not installed; skipping (this fails under CI)", name)
	}
	return p
}

// RepoRoot is the repository's top folder, found from this file's location.
func RepoRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Seed is the path of the bundled reference document.
func Seed() string { return filepath.Join(RepoRoot(), "fixtures", "pp14-149-e.md") }

// LoadSeed reads and normalizes the bundled reference document, under its
// own file name (so that the conference is read from it, as for users).
func LoadSeed(tb testing.TB) *doc.Document {
	tb.Helper()
	src, err := os.ReadFile(Seed())
	if err != nil {
		tb.Fatal(err)
	}
	d, err := pipeline.Load(filepath.Base(Seed()), src)
	if err != nil {
		tb.Fatalf("pipeline.Load: %v", err)
	}
	return d
}

// GoldenPath is the path of the golden file name under fixtures/golden.
func GoldenPath(name string) string { return filepath.Join(RepoRoot(), "fixtures", "golden", name) }

// Golden gives the golden file name to compare got with. Under -update it
// writes got there instead and reports updated, and the caller compares
// nothing. A missing golden file fails the test, naming regen, the command
// that makes it.
func Golden(tb testing.TB, name string, got []byte, regen string) (want []byte, updated bool) {
	tb.Helper()
	path := GoldenPath(name)
	if *goldenflag.Update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			tb.Fatal(err)
		}
		return nil, true
	}
	want, err := os.ReadFile(path)
	if err != nil {
		tb.Fatalf("%v (run %s)", err, regen)
	}
	return want, false
}

// FuzzSources are small sources in the dialect, each with a feature the
// fuzz targets should start from (cover, labels, revision marks in a
// resolution number, footnotes, broken marks, control characters). The
// fuzz targets of pipeline and layouts/docx seed their corpus with them.
var FuzzSources = []string{
	"MOD WGPL/1/2\n\nRESOLUTION 64 (REV. [BUSAN, 2014](#)~~GUADALAJARA, 2010~~)\n\n**Title**\n\nThe Conference,\n\nrecalling\n\n- a) text¹;\n\n¹ Note.\n",
	"COMMITTEE 4\n\nDocument 1-E\n3 November 2014\nOriginal: English\n\nSOURCE\n\n**TITLE**\n\nAction\tTitle\nMOD\tRES 1\n\nAnnex: 1 page\n\nADD A/1/1\n\nDRAFT NEW RESOLUTION\n",
	"~~7~~8 to ~~a) — x~~\n\n- [i) y](#)\n - b) z\n2. w\n",
	"SUP A/1/1\n\nRESOLUTION 1\n\nT\n\nThe C,\n\nrecalling\n\na) ~~dropped~~;\n\nb)\t[new *text*](#) and ~~old **bold**~~ tab\there\n",
	"[unclosed](# ~~unbalanced **bold\n\n\r\n\x01 \uFFFE",
}

// JoinSlashBreaks undoes line breaks after a slash ("telecommunications/"
// at a line's end, "ICTs" at the next line's start), which the typesetter
// allows and pdftotext shows as two words.
func JoinSlashBreaks(ws []string) []string {
	var out []string
	for i := 0; i < len(ws); i++ {
		w := ws[i]
		for len(w) > 1 && strings.HasSuffix(w, "/") && i+1 < len(ws) {
			i++
			w += ws[i]
		}
		out = append(out, w)
	}
	return out
}
