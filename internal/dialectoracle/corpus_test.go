package dialectoracle

import (
	"bytes"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/goccy/go-yaml"
)

// expected is fixtures/corpus/expected.yaml, the part of it this package
// can check.
type expected struct {
	Documents []struct {
		File       string `yaml:"file"`
		Insertions int    `yaml:"insertions"`
		Deletions  int    `yaml:"deletions"`
		Spanning   struct {
			Insertions int `yaml:"insertions"`
			Deletions  int `yaml:"deletions"`
		} `yaml:"spanning"`
	} `yaml:"documents"`
}

func corpusDir() string { return filepath.Join("..", "..", "fixtures", "corpus") }

// TestCorpus checks the mark counts of expected.yaml against the oracle's
// reading of each corpus document (count.py checks them with regular
// expressions), and the oracle's invariants on each document.
func TestCorpus(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(corpusDir(), "expected.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var want expected
	if err := yaml.Unmarshal(data, &want); err != nil {
		t.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(corpusDir(), "*-?.md"))
	if err != nil {
		t.Fatal(err)
	}
	var listed []string
	for _, d := range want.Documents {
		listed = append(listed, d.File)
	}
	var found []string
	for _, f := range files {
		found = append(found, filepath.Base(f))
	}
	sort.Strings(listed)
	if len(found) < 9 || !equal(found, listed) {
		t.Fatalf("expected.yaml lists %v, the corpus holds %v (at least 9)", listed, found)
	}
	for _, d := range want.Documents {
		t.Run(d.File, func(t *testing.T) {
			src, err := os.ReadFile(filepath.Join(corpusDir(), d.File))
			if err != nil {
				t.Fatal(err)
			}
			if n := bytes.Count(src, []byte("\n")); n < 60 || n > 250 {
				t.Errorf("%d lines, want 60 to 250", n)
			}
			ins, del := Count(src)
			if ins != d.Insertions || del != d.Deletions {
				t.Errorf("oracle: %d insertions, %d deletions; expected.yaml: %d, %d", ins, del, d.Insertions, d.Deletions)
			}
			var si, sd int
			for _, m := range Marks(src) {
				if m.Spanning() && m.Kind == Insertion {
					si++
				}
				if m.Spanning() && m.Kind == Deletion {
					sd++
				}
			}
			if si != d.Spanning.Insertions || sd != d.Spanning.Deletions {
				t.Errorf("oracle: %d spanning insertions, %d spanning deletions; expected.yaml: %d, %d",
					si, sd, d.Spanning.Insertions, d.Spanning.Deletions)
			}
			noResidue(t, src)
			if c, o, m := len(Clean(src)), len(Original(src)), len(Marked(src)); c > m || o > m {
				t.Errorf("%d clean and %d original words, more than the %d marked", c, o, m)
			}
		})
	}
}

func equal(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
