package pipeline_test

import (
	"os"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/normalize"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/revise"
)

func loadSeed(t testing.TB) (*doc.Document, []byte) {
	t.Helper()
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	d, err := pipeline.Load("pp14-149-e.md", src)
	if err != nil {
		t.Fatal(err)
	}
	return d, src
}

func TestSeedProposals(t *testing.T) {
	d, _ := loadSeed(t)
	ps := d.Proposals()
	wantActions := []doc.Action{"SUP", "MOD", "MOD", "MOD", "SUP", "MOD", "MOD", "ADD", "ADD"}
	wantNumbers := []string{"35", "64", "130", "140", "172", "179", "182", "[WG-PL/7]", "[WG-PL/8]"}
	if len(ps) != len(wantActions) {
		t.Fatalf("got %d proposals, want %d", len(ps), len(wantActions))
	}
	for i, p := range ps {
		if p.Action != wantActions[i] {
			t.Errorf("proposal %d: action %s, want %s", i+1, p.Action, wantActions[i])
		}
		if want := "WGPL/149/" + string(rune('1'+i)); p.ID != want {
			t.Errorf("proposal %d: id %s, want %s", i+1, p.ID, want)
		}
		if !strings.Contains(p.Number, wantNumbers[i]) || !strings.Contains(p.Number, "RESOLUTION") {
			t.Errorf("proposal %d: number line %q, want RESOLUTION %s", i+1, p.Number, wantNumbers[i])
		}
		if p.Title == "" {
			t.Errorf("proposal %d has no title", i+1)
		}
		first, ok := p.Blocks[0].(*doc.Paragraph)
		if !ok || first.Style != doc.StyleProposal {
			t.Errorf("proposal %d does not start with a Proposal paragraph", i+1)
		}
	}
	s := d.Stats()
	for _, st := range []doc.Style{doc.StyleResNo, doc.StyleRestitle, doc.StyleProposal} {
		if s.Paragraphs[st] != 9 {
			t.Errorf("%d %s paragraphs, want 9", s.Paragraphs[st], st)
		}
	}
	if ps[1].Title != "Non-discriminatory access to modern telecommunication/information and communication technology facilities, services and applications, including applied research and transfer of technology, e-meetings, on mutually agreed terms" {
		t.Errorf("title of Resolution 64 not joined into one line: %q", ps[1].Title)
	}
}

func TestSeedCover(t *testing.T) {
	d, _ := loadSeed(t)
	m := d.Meta
	want := doc.Meta{Conference: "Plenipotentiary Conference (PP-14)", Code: "PP14", Committee: "COMMITTEE 4", Number: "149-E", Date: "3 November 2014", ISODate: "2014-11-03",
		Original: "English", Source: "WORKING GROUP OF THE PLENARY",
		Title:      "SIXTH SERIES OF TEXTS SUBMITTED BY WORKING GROUP OF THE PLENARY TO THE EDITORIAL COMMITTEE",
		AnnexPages: 44}
	sig := m.Signature
	m.Signature = nil
	if !reflect.DeepEqual(m, want) {
		t.Errorf("meta\n got %+v\nwant %+v", m, want)
	}
	if strings.Join(sig, "|") != "Musab ABDULLA|Chairman, Working Group of the Plenary" {
		t.Errorf("signature %q", sig)
	}
	var table *doc.Table
	for _, b := range d.Cover() {
		if tb, ok := b.(*doc.Table); ok {
			table = tb
		}
	}
	if table == nil {
		t.Fatal("no Action/Title table in the cover")
	}
	if len(table.Rows) != 10 || !table.Rows[0].Header {
		t.Fatalf("table has %d rows (want a header and 9)", len(table.Rows))
	}
	cells := func(r *doc.Row) string {
		var s []string
		for _, c := range r.Cells {
			s = append(s, doc.Text(c.Inlines))
		}
		return strings.Join(s, "|")
	}
	for i, want := range []string{"Action|Title", "SUP|RESOLUTION 35", "MOD|RESOLUTION 64", "|RESOLUTION 130", "|RESOLUTION 140",
		"SUP|RESOLUTION 172", "MOD|RESOLUTION 179", "|RESOLUTION 182", "ADD|DRAFT NEW RESOLUTION [WG-PL/7]", "|DRAFT NEW RESOLUTION [WG-PL/8]"} {
		if got := cells(table.Rows[i]); got != want {
			t.Errorf("row %d: %q, want %q", i, got, want)
		}
	}
}

func TestSeedRevisionCounts(t *testing.T) {
	d, src := loadSeed(t)
	s := d.Stats()
	// The source's own count: every ~~…~~ pair and every …](#).
	wantDel := strings.Count(string(src), "~~") / 2
	wantIns := strings.Count(string(src), "](#)")
	if wantDel != 188 || wantIns != 26 {
		t.Fatalf("the fixture changed: %d deletions, %d insertions", wantDel, wantIns)
	}
	if s.Deletions != wantDel || s.Insertions != wantIns {
		t.Errorf("counted %d deletions and %d insertions, want %d and %d", s.Deletions, s.Insertions, wantDel, wantIns)
	}
	if s.Footnotes != 2 {
		t.Errorf("%d footnotes, want 2", s.Footnotes)
	}
}

// The clean view's words equal the source with every ~~…~~ dropped and
// every […](#) unwrapped; the original view's, the other way round.
func TestSeedViewsMatchSource(t *testing.T) {
	d, src := loadSeed(t)
	for _, tc := range []struct {
		view revise.View
		drop *regexp.Regexp
		keep *regexp.Regexp
	}{
		{revise.Clean, deletion, insertion},
		{revise.Original, insertion, deletion},
	} {
		t.Run(tc.view.String(), func(t *testing.T) {
			body, notes := sourceWords(string(src), tc.drop, tc.keep)
			v := revise.Apply(d, tc.view)
			gotBody, gotNotes := viewWords(v)
			compareWords(t, "body", gotBody, body)
			compareWords(t, "footnotes", gotNotes, notes)
		})
	}
}

var (
	deletion    = regexp.MustCompile(`(?s)~~(.*?)~~`)
	insertion   = regexp.MustCompile(`\[([^\[\]]*)\]\(#\)`)
	escape      = regexp.MustCompile(`\\([[:punct:]])`)
	bullet      = regexp.MustCompile(`(?m)^[ \t]*- `)
	footnoteDef = regexp.MustCompile(`(?m)^[¹²³⁴⁵⁶⁷⁸⁹⁰]+ (.*)$`)
	supDigits   = regexp.MustCompile(`[¹²³⁴⁵⁶⁷⁸⁹⁰]`)
	labelDash   = regexp.MustCompile(`(?m)^((?:- )?~~(?:– )?[a-z0-9]{1,3}\)?) — `)
)

// sourceWords applies a view to the source text by regular expressions,
// independently of the pipeline: it drops what drop matches, unwraps what
// keep matches, and strips the dialect's markup.
func sourceWords(src string, drop, keep *regexp.Regexp) (body, notes []string) {
	// The export wrote the tab after a deleted item's label as " — ";
	// normalize reads it as the separator it is.
	src = labelDash.ReplaceAllString(src, "$1 ")
	src = drop.ReplaceAllString(src, "")
	src = keep.ReplaceAllString(src, "$1")
	for _, m := range footnoteDef.FindAllStringSubmatch(src, -1) {
		notes = append(notes, strings.Fields(m[1])...)
	}
	src = footnoteDef.ReplaceAllString(src, "")
	src = bullet.ReplaceAllString(src, "")
	src = strings.NewReplacer("**", "", "*", "").Replace(src)
	src = escape.ReplaceAllString(src, "$1")
	src = supDigits.ReplaceAllString(src, "")
	return strings.Fields(src), notes
}

// viewWords lists the words of a view in source order: the cover metadata as
// the cover block writes it, the cover body, the annex; footnotes apart.
func viewWords(d *doc.Document) (body, notes []string) {
	m := d.Meta
	add := func(s string) { body = append(body, strings.Fields(supDigits.ReplaceAllString(s, ""))...) }
	add(m.Committee + " Document " + m.Number + " " + m.Date + " Original: " + m.Original + " " + m.Source + " " + m.Title)
	para := func(p *doc.Paragraph) {
		if len(p.Label) > 0 && p.Label[0].Position().IsValid() {
			add(doc.Text(p.Label)) // a dash made for a bullet has no position
		}
		add(doc.Text(p.Inlines))
	}
	for _, b := range d.Cover() {
		doc.Paragraphs([]doc.Block{b}, para)
	}
	add(strings.Join(m.Signature, " "))
	add("Annex: 44 pages")
	doc.Paragraphs(d.Blocks[len(d.Cover()):], para)
	for _, f := range d.Footnotes {
		notes = append(notes, strings.Fields(doc.Text(f.Inlines))...)
	}
	return body, notes
}

func compareWords(t *testing.T, what string, got, want []string) {
	t.Helper()
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			lo := max(0, i-8)
			t.Fatalf("%s: word %d differs: got %q, want %q\n got …%s\nwant …%s", what, i, got[i], want[i],
				strings.Join(got[lo:min(len(got), i+8)], " "), strings.Join(want[lo:min(len(want), i+8)], " "))
		}
	}
	if len(got) != len(want) {
		t.Fatalf("%s: %d words, want %d", what, len(got), len(want))
	}
}

// The golden dump of the normalized seed: any change to parse or normalize
// shows up here, for review (regenerate with go test ./pipeline -update).
func TestSeedGolden(t *testing.T) {
	d, _ := loadSeed(t)
	for _, tc := range []struct {
		name string
		d    *doc.Document
	}{
		{"pp14-149-e.model.json", d},
		{"pp14-149-e.clean.json", revise.Apply(d, revise.Clean)},
	} {
		got, err := tc.d.Dump()
		if err != nil {
			t.Fatal(err)
		}
		want, updated := testtool.Golden(t, tc.name, got, "go test ./pipeline -update")
		if updated {
			continue
		}
		if string(got) != string(want) {
			t.Errorf("%s differs from the golden file; review with go test ./pipeline -update && git diff fixtures/golden", tc.name)
		}
	}
}

func BenchmarkLoadSeed(b *testing.B) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.SetBytes(int64(len(src)))
	for i := 0; i < b.N; i++ {
		d, err := pipeline.Load("seed", src)
		if err != nil {
			b.Fatal(err)
		}
		_ = revise.Apply(d, revise.Clean)
	}
}

func seedSource(b *testing.B) []byte {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	return src
}

func BenchmarkParseSeed(b *testing.B) {
	src := seedSource(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse.Parse("seed", src); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkNormalizeSeed(b *testing.B) {
	src := seedSource(b)
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d, err := parse.Parse("seed", src)
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		normalize.Normalize(d)
	}
}

func BenchmarkEditsSeed(b *testing.B) {
	d, _ := loadSeed(b)
	b.ReportAllocs()
	for b.Loop() {
		revise.Apply(d, revise.Clean)
	}
}
