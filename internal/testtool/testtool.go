// Package testtool lets tests that need an external program (pandoc, xmllint,
// soffice, pdftotext, qpdf, ...) find it: on a developer's machine a missing
// tool skips the test, but when the CI environment variable is set it fails
// it, so that CI can never pass by skipping.
package testtool

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // every importer's tests take -update
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

// SharedTool is the path of a tool in ../shared/tools beside the repository,
// or skips (fails under CI) when it is missing.
func SharedTool(t testing.TB, name string) string {
	t.Helper()
	p := filepath.Join(RepoRoot(), "..", "shared", "tools", name)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is missing beside the repository, and CI is set", p)
		}
		t.Skipf("%s is missing; skipping (this fails under CI)", p)
	}
	return p
}

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
