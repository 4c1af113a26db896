package typeset

import (
	"bytes"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// seedClean loads the seed and gives its clean view.
func seedClean(tb testing.TB) *doc.Document {
	return revise.Apply(testtool.LoadSeed(tb), revise.Clean)
}

// TestGoldenFrames compares the seed's annex frames, and then its
// structure tree, with the golden dump;
// go test ./layouts/typeset -update rewrites it.
func TestGoldenFrames(t *testing.T) {
	res := layout(t, seedClean(t), Defaults)
	var buf bytes.Buffer
	if err := Dump(&buf, res.Pages); err != nil {
		t.Fatal(err)
	}
	buf.WriteString("structure\n")
	if err := DumpStructure(&buf, res.Struct); err != nil {
		t.Fatal(err)
	}
	golden := "fixtures/golden/pp14-149-e-annex.frames"
	want, updated := testtool.Golden(t, "pp14-149-e-annex.frames", buf.Bytes(), "go test ./layouts/typeset -update")
	if updated {
		return
	}
	if !bytes.Equal(buf.Bytes(), want) {
		got, exp := strings.Split(buf.String(), "\n"), strings.Split(string(want), "\n")
		for i := 0; i < len(got) && i < len(exp); i++ {
			if got[i] != exp[i] {
				t.Fatalf("frames differ from %s at line %d:\n got %s\nwant %s\n(run go test ./layouts/typeset -update if the change is meant)", golden, i+1, got[i], exp[i])
			}
		}
		t.Fatalf("frames differ from %s in length: %d lines, want %d", golden, len(got), len(exp))
	}
}

// TestSeedKeepsTheRules checks the rules on the whole seed: every
// proposal's heading chain shares a page with the first lines of what
// follows, every footnote is on the page citing it, and the outline marks
// are the proposals in order.
func TestSeedKeepsTheRules(t *testing.T) {
	d := seedClean(t)
	res := layout(t, d, Defaults)
	var marks []string
	for _, pg := range res.Pages {
		for _, m := range pg.Marks {
			marks = append(marks, m.Title)
		}
	}
	props := d.Proposals()
	if len(marks) != len(props) {
		t.Fatalf("%d marks for %d proposals", len(marks), len(props))
	}
	for i, p := range props {
		if marks[i] != BookmarkTitle(p) {
			t.Errorf("mark %d = %q, want %q", i, marks[i], BookmarkTitle(p))
		}
		// A mark is never in the last lines of a page: the heading chain
		// moves with what it heads.
	}
	for i, pg := range res.Pages {
		for _, m := range pg.Marks {
			if m.Y > pageH-marginB-120 {
				t.Errorf("page %d: proposal heading %q at %.2f, too near the foot for its chain", i, m.Title, m.Y)
			}
		}
		if i+1 < len(res.Pages) && pg.Number+1 != res.Pages[i+1].Number {
			t.Errorf("page numbers %d then %d", pg.Number, res.Pages[i+1].Number)
		}
	}
	cited := 0
	for _, pg := range res.Pages {
		cited += len(pg.Footnotes)
	}
	if cited != len(d.Footnotes) {
		t.Errorf("%d footnotes set, %d in the document", cited, len(d.Footnotes))
	}
}

// TestLineQuality reports the line-quality figures of both breakers on the
// seed (go test -run LineQuality -v) and checks that Knuth–Plass has the
// lower mean badness.
func TestLineQuality(t *testing.T) {
	d := seedClean(t)
	q := map[string]Quality{}
	pages := map[string]int{}
	for _, lb := range []string{KnuthPlass, Greedy} {
		p := Defaults
		p.LineBreak = lb
		res := layout(t, d, p)
		q[lb] = res.Quality()
		pages[lb] = len(res.Pages)
	}
	t.Logf("%-12s %6s %8s %12s %6s %6s", "breaker", "lines", "max r", "mean badness", "r>1", "pages")
	for _, lb := range []string{KnuthPlass, Greedy} {
		t.Logf("%-12s %6d %8.3f %12.2f %6d %6d", lb, q[lb].Lines, q[lb].MaxR, q[lb].MeanBadness, q[lb].Over1, pages[lb])
	}
	if q[KnuthPlass].MeanBadness >= q[Greedy].MeanBadness {
		t.Errorf("Knuth–Plass mean badness %.2f not below greedy's %.2f", q[KnuthPlass].MeanBadness, q[Greedy].MeanBadness)
	}
	if q[KnuthPlass].Over1 >= q[Greedy].Over1 {
		t.Errorf("Knuth–Plass has %d lines with r > 1, greedy %d", q[KnuthPlass].Over1, q[Greedy].Over1)
	}
}

func BenchmarkTypesetSeed(b *testing.B) {
	d := seedClean(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, diags := Layout(d, Defaults); len(diags) > 0 {
			b.Fatal(diags)
		}
	}
}
