package main

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// The golden pair: a WTDC-style resolution and its Revision 1, in which
// items were relettered, one split in two, one moved, a table cell and a
// footnote changed.
var (
	goldenOld = filepath.Join(testtool.RepoRoot(), "pipeline", "compare", "testdata", "wtdc-res37.md")
	goldenNew = filepath.Join(testtool.RepoRoot(), "pipeline", "compare", "testdata", "wtdc-res37-rev1.md")
)

func TestCompareGolden(t *testing.T) {
	code, out, errOut := runCLI(t, "", "compare", "-o", "-", goldenOld, goldenNew)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"cover date changed", "paragraph split in two", "paragraph moved from old line"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	if strings.Contains(errOut, "warning") {
		t.Errorf("warnings:\n%s", errOut)
	}
	// The redline as written is exact: read back, its views are the two
	// versions.
	red, err := pipeline.Load("redline.md", []byte(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		view revise.View
		file string
		o    canon.Options
	}{{revise.Clean, goldenNew, canon.Options{Meta: true}}, {revise.Original, goldenOld, canon.Options{}}} {
		src, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := pipeline.Load(filepath.Base(tc.file), src)
		if err != nil {
			t.Fatal(err)
		}
		if diff := canon.Diff(revise.Apply(red, tc.view), revise.Apply(d, revise.Clean), tc.o); diff != "" {
			t.Errorf("the %s view of the redline is not %s:\n%s", tc.view, filepath.Base(tc.file), diff)
		}
	}
	want, updated := testtool.Golden(t, "compare-wtdc-res37-rev1.md", []byte(out), "go test ./cmd/itudoc -update")
	if !updated && string(want) != out {
		t.Errorf("the redline differs from fixtures/golden/compare-wtdc-res37-rev1.md; review with go test ./cmd/itudoc -update && git diff fixtures/golden")
	}
}

func TestCompareUsage(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"compare", goldenOld, goldenNew},                                     // no -o
		{"compare", "-o", filepath.Join(dir, "x.txt"), goldenOld, goldenNew},  // extension
		{"compare", "-o", "-", goldenOld},                                     // one input
		{"compare", "-o", "-", "-", "-"},                                      // stdin twice
		{"compare", "--date", "3 May", "-o", "-", goldenOld, goldenNew},       // date
		{"compare", "-o", "-", goldenOld, goldenNew, filepath.Join(dir, "z")}, // three inputs
	} {
		if code, _, errOut := runCLI(t, "", args...); code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, code, errOut)
		}
	}
	if code, _, _ := runCLI(t, "", "compare", "-o", "-", filepath.Join(dir, "missing.md"), goldenNew); code != 1 {
		t.Errorf("missing input: exit %d, want 1", code)
	}
}

// OLD from stdin; the same inputs give the same bytes, in every format.
func TestCompareStdinAndDeterminism(t *testing.T) {
	src, err := os.ReadFile(goldenOld)
	if err != nil {
		t.Fatal(err)
	}
	_, fromFile, _ := runCLI(t, "", "compare", "-o", "-", goldenOld, goldenNew)
	code, fromStdin, errOut := runCLI(t, string(src), "compare", "-o", "-", "-", goldenNew)
	if code != 0 || fromStdin != fromFile {
		t.Errorf("stdin: exit %d, same output %v: %s", code, fromStdin == fromFile, errOut)
	}
	dir := t.TempDir()
	for _, ext := range []string{".docx", ".pdf"} {
		var outs [2][]byte
		for i := range outs {
			p := filepath.Join(dir, "r"+string(rune('0'+i))+ext)
			if code, _, errOut := runCLI(t, "", "compare", "-q", "--author", "Secretariat", "--date", "2022-06-12", "-o", p, goldenOld, goldenNew); code != 0 {
				t.Fatalf("%s: exit %d: %s", ext, code, errOut)
			}
			outs[i], err = os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
		}
		if !bytes.Equal(outs[0], outs[1]) {
			t.Errorf("%s: two runs differ", ext)
		}
		magic := map[string]string{".docx": "PK", ".pdf": "%PDF"}[ext]
		if !bytes.HasPrefix(outs[0], []byte(magic)) {
			t.Errorf("%s does not start with %q", ext, magic)
		}
		if ext == ".docx" && !bytes.Contains(unzipDocument(t, outs[0]), []byte(`w:author="Secretariat"`)) {
			t.Errorf("docx revisions are not by --author")
		}
	}
}

// Word's view of the redline, through pandoc: accepting every change gives
// the text of NEW's own DOCX, rejecting every change OLD's.
func TestCompareDocxAcceptReject(t *testing.T) {
	pandoc := testtool.Need(t, "pandoc")
	dir := t.TempDir()
	// The same cover date on both sides: cover fields carry no revisions.
	src, err := os.ReadFile(goldenNew)
	if err != nil {
		t.Fatal(err)
	}
	newPath := filepath.Join(dir, "new.md")
	if err := os.WriteFile(newPath, bytes.Replace(src, []byte("12 June 2022"), []byte("10 June 2022"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	oldPath := filepath.Join(dir, "old.md")
	old, _ := os.ReadFile(goldenOld)
	os.WriteFile(oldPath, old, 0o644)
	red := filepath.Join(dir, "red.docx")
	if code, _, errOut := runCLI(t, "", "compare", "-q", "-o", red, oldPath, newPath); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if code, _, errOut := runCLI(t, "", "convert", "-q", "--format", "docx", "-o", dir, oldPath, newPath); code != 0 {
		t.Fatalf("convert: exit %d: %s", code, errOut)
	}
	words := func(file, changes string) []string {
		out, err := exec.Command(pandoc, "--track-changes="+changes, "-t", "plain", file).Output()
		if err != nil {
			t.Fatalf("pandoc %s: %v", file, err)
		}
		var w []string
		for _, line := range strings.Split(string(out), "\n") {
			if strings.Trim(line, " -") != "" { // not a table rule, whose width follows the cells
				w = append(w, strings.Fields(line)...)
			}
		}
		return w
	}
	for _, tc := range []struct{ changes, want string }{{"accept", "new.docx"}, {"reject", "old.docx"}} {
		got, want := words(red, tc.changes), words(filepath.Join(dir, tc.want), "accept")
		if strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("%s all: the words are not %s's:\n got %q\nwant %q", tc.changes, tc.want, got, want)
		}
	}
}

// unzipDocument gives word/document.xml of a DOCX.
func unzipDocument(t *testing.T, docx []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(docx), int64(len(docx)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "word/document.xml" {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			defer rc.Close()
			b, err := io.ReadAll(rc)
			if err != nil {
				t.Fatal(err)
			}
			return b
		}
	}
	t.Fatal("no word/document.xml")
	return nil
}
