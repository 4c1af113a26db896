package compare_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/docx"
	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/itudoc/itudoc/pipeline/compare"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// seedPair is the seed read with every change rejected and accepted: what
// compare must find again.
func seedPair(t testing.TB) (seed, old, new *doc.Document) {
	seed = testtool.LoadSeed(t)
	return seed, revise.Apply(seed, revise.Original), revise.Apply(seed, revise.Clean)
}

// On the seed's pair, compare marks no change inside a word.
func TestSeedFigures(t *testing.T) {
	seed, old, new := seedPair(t)
	ours := compare.Measure(compare.Compare(old, new, compare.Options{ReadBack: markdown.NewSession().ReadBack}))
	marks := compare.Measure(revise.Apply(seed, revise.Marked))
	t.Logf("the seed's own marks: %+v", marks)
	t.Logf("compare's redline:    %+v", ours)
	if ours.Pepper != 0 {
		t.Errorf("%d changes inside words (pepper)", ours.Pepper)
	}
	if ours.Changes == 0 || ours.Deletions == 0 || ours.Insertions == 0 {
		t.Errorf("no changes found: %+v", ours)
	}
}

// needUNO skips (fails under CI) when LibreOffice or its Python bridge is
// missing.
func needUNO(t *testing.T) {
	t.Helper()
	testtool.Need(t, "soffice")
	if err := exec.Command("/usr/bin/python3", "-c", "import uno").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("python3-uno is not installed, and CI is set: .ci/run must install it")
		}
		t.Skip("python3-uno is not installed; skipping (this fails under CI)")
	}
}

// loResult is what scripts/lo-compare writes.
type loResult struct {
	Seconds    float64        `json:"seconds"`
	Redlines   int            `json:"redlines"`
	Authors    map[string]int `json:"authors"`
	Paragraphs [][][2]string  `json:"paragraphs"`
}

// LibreOffice's Compare Document on the same pair, as DOCX made by itudoc,
// measured the same way: the figures of the closing note (go test
// -v prints them). scripts/lo-compare drives it through UNO; LO_KEEP=DIR
// keeps its JSON as DIR/lo-seed.json.
func TestLibreOfficeCompareOnTheSeed(t *testing.T) {
	needUNO(t)
	seed, old, new := seedPair(t)
	dir := t.TempDir()
	for name, d := range map[string]*doc.Document{"old.docx": old, "new.docx": new} {
		var buf bytes.Buffer
		if _, err := docx.Write(&buf, d, docx.Options{}); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := filepath.Join(testtool.RepoRoot(), "scripts", "lo-compare")
	out := filepath.Join(dir, "lo.json")
	cmd := exec.Command("/usr/bin/python3", script, filepath.Join(dir, "old.docx"), filepath.Join(dir, "new.docx"), out)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("lo-compare: %v\n%s", err, msg)
	}
	if d := os.Getenv("LO_KEEP"); d != "" {
		copyFile(t, out, filepath.Join(d, "lo-seed.json"))
	}
	var lo loResult
	raw, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &lo); err != nil {
		t.Fatal(err)
	}
	var figLO compare.Figures
	for _, p := range lo.Paragraphs {
		var segs []compare.Segment
		for _, s := range p {
			rev := map[string]doc.Rev{"ins": doc.Inserted, "del": doc.Deleted}[s[1]]
			segs = append(segs, compare.Segment{Text: s[0], Rev: rev})
		}
		figLO.AddSegments(segs)
	}
	ours := compare.Measure(compare.Compare(old, new, compare.Options{ReadBack: markdown.NewSession().ReadBack}))
	marks := compare.Measure(revise.Apply(seed, revise.Marked))
	var sb strings.Builder
	fmt.Fprintf(&sb, "\n%-22s %8s %8s %8s %8s %8s\n", "", "changes", "del", "ins", "words", "pepper")
	for _, r := range []struct {
		name string
		f    compare.Figures
	}{{"the seed's own marks", marks}, {"itudoc compare", ours}, {"LibreOffice Compare", figLO}} {
		fmt.Fprintf(&sb, "%-22s %8d %8d %8d %8d %8d\n", r.name, r.f.Changes, r.f.Deletions, r.f.Insertions, r.f.WordsMarked, r.f.Pepper)
	}
	fmt.Fprintf(&sb, "LibreOffice: %d redlines in %.2f s, by %v", lo.Redlines, lo.Seconds, lo.Authors)
	t.Log(sb.String())
	if lo.Redlines == 0 || figLO.Changes == 0 {
		t.Fatalf("LibreOffice found no change: %+v", figLO)
	}
	if ours.Pepper != 0 {
		t.Errorf("compare has %d pepper", ours.Pepper)
	}
}

func copyFile(t *testing.T, from, to string) {
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(to, b, 0o644)
}
