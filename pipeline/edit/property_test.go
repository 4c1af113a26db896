package edit_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// cleanText is the clean text of every paragraph outside ADD proposals,
// one per line.
func cleanText(d *doc.Document) string { return text(d, false) }

// text is the clean text of d's paragraphs, one per line, ADD proposals
// included when withNew.
func text(d *doc.Document, withNew bool) string {
	var sb strings.Builder
	for _, b := range revise.Apply(d, revise.Clean).Blocks {
		if p, ok := b.(*doc.Proposal); ok && p.Action.New() && !withNew {
			continue
		}
		doc.Paragraphs([]doc.Block{b}, func(p *doc.Paragraph) {
			sb.WriteString(doc.Text(p.Label) + "\t" + doc.Text(p.Inlines) + "\n")
		})
	}
	return sb.String()
}

// randomScript picks up to n stretches of words that occur once in the
// clean text of d's MOD proposals and cover, and replaces, deletes or
// inserts after each: a script that must apply.
func randomScript(d *doc.Document, r *rand.Rand, n int) (string, [][2]string) {
	clean, all := cleanText(d), text(d, true)
	var paras []string
	for _, line := range strings.Split(clean, "\n") {
		if _, text, ok := strings.Cut(line, "\t"); ok && len(strings.Fields(text)) >= 4 {
			paras = append(paras, text)
		}
	}
	var sb strings.Builder
	sb.WriteString("author: TEST COMMITTEE\nedits:\n")
	var ops [][2]string // find → with, on the clean text
	used := map[int]bool{}
	for tries := 0; len(ops) < n && tries < 20*n && len(paras) > 0; tries++ {
		pi := r.IntN(len(paras))
		if used[pi] {
			continue
		}
		words := strings.Fields(paras[pi])
		i := r.IntN(len(words) - 2)
		find := strings.Join(words[i:i+1+r.IntN(2)], " ")
		// Matching folds quotes, dashes and special spaces: an ASCII
		// stretch that occurs once is matched once.
		if strings.Count(all, find) != 1 || strings.ContainsAny(find, `"\'-`) || !ascii(find) {
			continue
		}
		used[pi] = true
		tag := fmt.Sprintf("EDIT%d", len(ops))
		switch r.IntN(3) {
		case 0:
			fmt.Fprintf(&sb, "  - replace: %q\n    with: %q\n", find, tag)
			ops = append(ops, [2]string{find, tag})
		case 1:
			fmt.Fprintf(&sb, "  - delete: %q\n", find)
			ops = append(ops, [2]string{find, ""})
		default:
			fmt.Fprintf(&sb, "  - insert: %q\n    after: %q\n", " "+tag, find)
			ops = append(ops, [2]string{find, find + " " + tag})
		}
	}
	return sb.String(), ops
}

// For random valid scripts over the corpus and the seed: rejecting the
// script's changes gives the document back exactly, and its clean view is
// the script applied to the clean text as plain text.
func TestRandomScriptsOverCorpus(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "*-?.md"))
	files = append(files, testtool.Seed())
	r := rand.New(rand.NewPCG(149, 2014))
	for _, file := range files {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		d, err := pipeline.Load(filepath.Base(file), src)
		if err != nil {
			t.Fatal(err)
		}
		d.ResolveChanges("SOURCE", "2020-01-01")
		for round := 0; round < 5; round++ {
			yaml, ops := randomScript(d, r, 8)
			if len(ops) == 0 {
				continue
			}
			s, err := edit.Parse("random.yaml", []byte(yaml))
			if err != nil {
				t.Fatalf("%s: %v\n%s", file, err, yaml)
			}
			out, _, err := edit.Apply(d, s, edit.Options{})
			if err != nil {
				t.Fatalf("%s: %v\n%s", filepath.Base(file), err, yaml)
			}
			back := revise.Decided(out, revise.ByAuthor("TEST COMMITTEE", revise.Reject))
			if got, want := back.Outline(), revise.Apply(d, revise.Marked).Outline(); got != want {
				t.Errorf("%s: rejecting the script's changes does not give the document back\n%s", filepath.Base(file), yaml)
			}
			want := cleanText(d)
			for _, op := range ops {
				want = strings.Replace(want, op[0], op[1], 1)
			}
			if got := cleanText(out); got != want {
				t.Errorf("%s: the clean view is not the script applied to the clean text\n%s", filepath.Base(file), yaml)
			}
		}
	}
}

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
