package pipeline_test

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"golang.org/x/tools/txtar"
)

// TestCases runs the case files of the dialect, testdata/cases/RULE/*.txtar:
// one case a file, goldmark's spec-test style. Each holds a comment saying
// what the case is about, the source (input.md, read under the name the
// archive gives, so that file-name rules apply), and what Load must make of
// it: the document's outline (doc.Outline) and its diagnostics, each as
// "line:col: severity: message". A new case is a new file; go test
// ./pipeline -update fills in or rewrites the expected sections, for review.
func TestCases(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "cases", "*", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files (%v)", err)
	}
	sort.Strings(files)
	for _, file := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(file, filepath.Join("testdata", "cases")+string(filepath.Separator)), ".txtar")
		t.Run(name, func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			src, srcName := section(ar, ".md")
			if src == nil {
				t.Fatalf("%s: no *.md section", file)
			}
			d, err := pipeline.Load(srcName, src)
			if err != nil {
				t.Fatalf("Load: %v", err)
			}
			var diags strings.Builder
			for _, dg := range d.Diagnostics {
				diags.WriteString(dg.Format("") + "\n")
			}
			got := map[string]string{"outline": d.Outline(), "diagnostics": diags.String()}
			changed := false
			for _, sec := range []string{"outline", "diagnostics"} {
				want, _ := section(ar, sec)
				if string(want) == got[sec] {
					continue
				}
				if *goldenflag.Update {
					setSection(ar, sec, got[sec])
					changed = true
					continue
				}
				t.Errorf("%s differs:\n--- got:\n%s--- want:\n%s", sec, got[sec], want)
			}
			if changed {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// section gives the data and name of the first file of ar named name or
// ending in name.
func section(ar *txtar.Archive, name string) ([]byte, string) {
	for _, f := range ar.Files {
		if f.Name == name || strings.HasSuffix(f.Name, name) {
			return f.Data, f.Name
		}
	}
	return nil, ""
}

func setSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// TestCorpusGolden keeps the outline and diagnostics of every corpus
// document (fixtures/corpus) as a golden file, fixtures/golden/corpus/NAME.outline:
// a change to a recogniser shows in review as a change of these.
func TestCorpusGolden(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "*-?.md"))
	if err != nil || len(files) < 8 {
		t.Fatalf("corpus: %d documents (%v)", len(files), err)
	}
	for _, file := range files {
		name := filepath.Base(file)
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			d, err := pipeline.Load(name, src)
			if err != nil {
				t.Fatal(err)
			}
			var sb strings.Builder
			sb.WriteString(d.Outline())
			sb.WriteString("-- diagnostics --\n")
			for _, dg := range d.Diagnostics {
				sb.WriteString(dg.Format("") + "\n")
			}
			golden := filepath.Join("corpus", strings.TrimSuffix(name, ".md")+".outline")
			want, updated := testtool.Golden(t, golden, []byte(sb.String()), "go test ./pipeline -run CorpusGolden -update")
			if !updated && string(want) != sb.String() {
				t.Errorf("%s differs from fixtures/golden/%s (review with -update and git diff)", name, golden)
			}
		})
	}
}
