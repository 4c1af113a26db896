package main

import (
	"archive/zip"
	"bytes"
	"io"
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
	code, out, errOut := runCLI(t, "", args...)
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
	code, out, errOut := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
}

// The seed with the committee's edits (fixtures/edits/pp14-149-e.yaml) has
// golden outputs of its own, in fixtures/golden/edited.
func TestCheckEditedSeedGolden(t *testing.T) {
	script := filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml")
	args := []string{"check", "--golden", filepath.Join(goldenDir(), "edited"), "--edits", script, testtool.Seed()}
	if *goldenflag.Update {
		args = append([]string{"check", "--update"}, args[1:]...)
	}
	code, out, errOut := runCLI(t, "", args...)
	if code != 0 {
		t.Fatalf("exit %d:\n%s%s", code, out, errOut)
	}
}

// A script that fails fails its document: the error names the script's
// line, and nothing is written.
func TestConvertFailingScriptWritesNothing(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(dir, "bad.yaml")
	os.WriteFile(script, []byte("edits:\n  - in: WGPL/149/4\n    section: recalling\n    label: a)\n    replace: Minneapolis, 1998\n    with: Rev. Minneapolis, 1998\n  - replace: no such text at all\n    with: y\n"), 0o644)
	code, _, errOut := runCLI(t, "", "convert", "-o", dir, "--edits", script, testtool.Seed())
	if code != 1 {
		t.Errorf("exit %d, want 1", code)
	}
	if want := script + `:7:5: "no such text at all" found 0 times (the whole document), want 1`; !strings.Contains(errOut, want) {
		t.Errorf("stderr %q lacks %q", errOut, want)
	}
	if entries, _ := filepath.Glob(filepath.Join(dir, "pp14-149-e*")); len(entries) != 0 {
		t.Errorf("wrote %v for a document whose script failed", entries)
	}
	// With --keep-going the rest applies, and the failure is a warning.
	code, _, errOut = runCLI(t, "", "convert", "-q", "-o", dir, "--keep-going", "--edits", script, testtool.Seed())
	if code != 0 {
		t.Errorf("--keep-going: exit %d: %s", code, errOut)
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
	code, out, _ := runCLI(t, "", "check", "--golden", goldenDir(), path)
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

// A pack's edit scripts: one for the pack, one for a document, applied in
// that order; a changed script rebuilds its documents.
func TestBuildPackEdits(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "pp14-149-e.md"), src, 0o644)
	os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte("defaults:\n  edits: [terms.yaml]\ndocuments:\n  - source: pp14-149-e.md\n    edits: refs.yaml\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte("rules:\n  - replace: High Level Event\n    with: High-Level Event\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "refs.yaml"), []byte("author: SECRETARIAT\nedits:\n  - in: WGPL/149/4\n    section: recalling\n    label: a)\n    replace: Minneapolis, 1998\n    with: Rev. Minneapolis, 1998\n"), 0o644)
	out := filepath.Join(dir, "out")
	build := func() string {
		code, stdout, stderr := runCLI(t, "", "build", "-q", "--format", "docx", "-o", out, filepath.Join(dir, "pack.yaml"))
		if code != 0 {
			t.Fatalf("build: exit %d\n%s%s", code, stdout, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "pp14-149-e.docx"))
		if err != nil {
			t.Fatal(err)
		}
		return string(data)
	}
	first := build()
	// The report lists each edit with where it applied.
	code, _, stderr := runCLI(t, "", "build", "-q", "--force", "--format", "docx", "-o", out, "--report", filepath.Join(dir, "report.json"), filepath.Join(dir, "pack.yaml"))
	if code != 0 {
		t.Fatalf("build --report: %s", stderr)
	}
	report, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	if !strings.Contains(string(report), `"edit": "`+filepath.Join(dir, "refs.yaml")+`:3:5"`) || !strings.Contains(string(report), `"where": "WGPL/149/4 at`) {
		t.Errorf("the build report does not list the edits:\n%s", report)
	}
	for _, author := range []string{"EDITORIAL COMMITTEE", "SECRETARIAT"} {
		if !strings.Contains(docxText(t, first), `w:author="`+author+`"`) {
			t.Errorf("no change by %s", author)
		}
	}
	os.WriteFile(filepath.Join(dir, "terms.yaml"), []byte("author: TERMS\nrules:\n  - replace: High Level Event\n    with: High-Level Event\n"), 0o644)
	if !strings.Contains(docxText(t, build()), `w:author="TERMS"`) {
		t.Error("a changed script did not rebuild its document")
	}
}

// docxText is the document part of a DOCX.
func docxText(t *testing.T, data string) string {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, _ := io.ReadAll(f)
	return string(b)
}

// itudoc edit writes the edited source back: converting it gives byte for
// byte what convert --edits gives; itudoc import of that DOCX gives a
// source that converts back to the same DOCX, both authors kept.
func TestEditAndImportRoundTrip(t *testing.T) {
	dir := t.TempDir()
	script := filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml")
	run := func(args ...string) {
		t.Helper()
		if code, out, errOut := runCLI(t, "", args...); code != 0 {
			t.Fatalf("itudoc %v: exit %d\n%s%s", args, code, out, errOut)
		}
	}
	read := func(path string) []byte {
		t.Helper()
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, sub := range []string{"direct", "edited", "imported"} {
		os.MkdirAll(filepath.Join(dir, sub), 0o755)
	}
	run("convert", "-q", "-o", filepath.Join(dir, "direct"), "--edits", script, testtool.Seed())
	run("edit", "-q", "-o", filepath.Join(dir, "edited", "pp14-149-e.md"), "--edits", script, testtool.Seed())
	run("convert", "-q", "-o", filepath.Join(dir, "edited"), filepath.Join(dir, "edited", "pp14-149-e.md"))
	for _, suffix := range []string{".docx", "-annex.pdf"} {
		if !bytes.Equal(read(filepath.Join(dir, "direct", "pp14-149-e"+suffix)), read(filepath.Join(dir, "edited", "pp14-149-e"+suffix))) {
			t.Errorf("convert(edit(x)) and convert --edits x differ in %s", suffix)
		}
	}
	src := string(read(filepath.Join(dir, "edited", "pp14-149-e.md")))
	if !strings.Contains(src, `(# "EDITORIAL COMMITTEE 2014-11-05")`) {
		t.Error("the edited source does not name the committee's changes")
	}
	run("import", "-q", "-o", filepath.Join(dir, "imported", "pp14-149-e.md"), filepath.Join(dir, "direct", "pp14-149-e.docx"))
	run("convert", "-q", "--format", "docx", "-o", filepath.Join(dir, "imported"), filepath.Join(dir, "imported", "pp14-149-e.md"))
	if !bytes.Equal(read(filepath.Join(dir, "direct", "pp14-149-e.docx")), read(filepath.Join(dir, "imported", "pp14-149-e.docx"))) {
		t.Error("convert(import(convert --edits x)) differs from convert --edits x")
	}
}
