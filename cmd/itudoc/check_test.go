package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/internal/testtool"
)

func goldenDir() string { return filepath.Join(testtool.RepoRoot(), "fixtures", "golden") }

// The committed golden outputs of the seed are what itudoc makes today;
// go test ./cmd/itudoc -update rewrites them.
func TestCheckSeedGolden(t *testing.T) {
	args := []string{"check", "--golden", goldenDir(), testtool.Seed()}
	if *goldenflag.Update {
		args = append([]string{"check", "--update"}, args[1:]...)
	}
	code, out, errOut := itudoc(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
}

// The corpus (fixtures/corpus) has golden outputs too, in
// fixtures/golden/corpus; go test ./cmd/itudoc -update rewrites them.
func TestCheckCorpusGolden(t *testing.T) {
	docs, err := filepath.Glob(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "*-?.md"))
	if err != nil || len(docs) < 8 {
		t.Fatalf("corpus: %d documents (%v)", len(docs), err)
	}
	args := append([]string{"check", "--golden", filepath.Join(goldenDir(), "corpus")}, docs...)
	if *goldenflag.Update {
		args = append([]string{"check", "--update"}, args[1:]...)
	}
	code, out, errOut := itudoc(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
}

func TestCheckNamesChangedParagraph(t *testing.T) {
	testtool.Need(t, "pdftotext")
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.Replace(string(src), "the importance of telecommunications/information", "the significance of telecommunications/information", 1)
	if changed == string(src) {
		t.Fatal("the seed no longer has the sentence this test changes")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "pp14-149-e.md") // same name: same golden outputs
	os.WriteFile(path, []byte(changed), 0o644)
	code, out, _ := itudoc(t, "", "check", "--golden", goldenDir(), path)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	for _, want := range []string{
		"part word/document.xml differs",
		"enumlev1: 1.→the importance of",
		"enumlev1: 1.→the significance of",
		"PDF page text differs",
		"significance",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("diff lacks %q:\n%s", want, out)
		}
	}
}
