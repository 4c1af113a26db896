package wml_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// revCount counts the revisions of each kind in the body and notes, and
// their authors and dates.
type revCount struct {
	kinds   map[wml.RevKind]int
	marks   map[wml.RevKind]int // paragraph marks
	changes []wml.Change
}

func countRevisions(d *wml.Docx) revCount {
	c := revCount{kinds: map[wml.RevKind]int{}, marks: map[wml.RevKind]int{}}
	visit := func(blocks []wml.Block) {
		wml.Paragraphs(blocks, func(p *wml.Paragraph) {
			for _, m := range p.Mark {
				c.marks[m.Kind]++
				c.changes = append(c.changes, m.Change)
			}
			wml.Inlines(p.Inlines, func(x wml.Inline) {
				if r, ok := x.(*wml.Revision); ok {
					c.kinds[r.Kind]++
					c.changes = append(c.changes, r.Change)
				}
			})
		})
	}
	visit(d.Body)
	for _, n := range d.Footnotes {
		visit(n.Blocks)
	}
	return c
}

// xmlCount counts elements in the raw XML of a part, by a regular
// expression: an oracle that shares nothing with the reader.
func xmlCount(t *testing.T, data []byte, part string, re string) int {
	t.Helper()
	p, err := ooxml.Open(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := p.Read(part)
	if err != nil {
		t.Fatal(err)
	}
	return len(regexp.MustCompile(re).FindAll(b, -1))
}

// TestSeedRevisions reads the seed's DOCX back: as many insertions and
// deletions as the source has revision marks, as many as the XML holds,
// each by the author and on the date the writer was given, and as many
// revised paragraph marks as the model has.
func TestSeedRevisions(t *testing.T) {
	for _, s := range []render.Settings{{}, {Author: "Secretariat", Date: "2020-02-29"}} {
		data, src := docxtest.Seed(t, s)
		d, err := wml.Read(data, ooxml.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		st := src.Stats()
		got := countRevisions(d)
		if got.kinds[wml.Ins] != st.Insertions || got.kinds[wml.Del] != st.Deletions {
			t.Errorf("%d insertions, %d deletions; the source has %d and %d", got.kinds[wml.Ins], got.kinds[wml.Del], st.Insertions, st.Deletions)
		}
		if st.Insertions == 0 || st.Deletions == 0 {
			t.Errorf("the seed has no revisions: %+v", st)
		}
		// The raw XML: w:ins / w:del with content (not self-closing) are run
		// revisions; self-closing ones are paragraph marks.
		for _, k := range []struct {
			kind wml.RevKind
			tag  string
		}{{wml.Ins, "ins"}, {wml.Del, "del"}} {
			runs := xmlCount(t, data, "word/document.xml", `<w:`+k.tag+` [^>]*[^/]>`)
			marks := xmlCount(t, data, "word/document.xml", `<w:`+k.tag+` [^>]*/>`)
			if got.kinds[k.kind] != runs || got.marks[k.kind] != marks {
				t.Errorf("w:%s: read %d runs, %d marks; the XML has %d and %d", k.tag, got.kinds[k.kind], got.marks[k.kind], runs, marks)
			}
		}
		// Paragraph marks: the model's revised marks (none in table cells,
		// where the writer cannot revise them).
		want := map[doc.Rev]int{}
		marked := revise.Apply(src, revise.Marked)
		var walk func(blocks []doc.Block)
		walk = func(blocks []doc.Block) {
			for _, b := range blocks {
				switch b := b.(type) {
				case *doc.Paragraph:
					want[b.Mark.Shown()]++
				case *doc.Proposal:
					walk(b.Blocks)
				}
			}
		}
		walk(marked.Blocks)
		if got.marks[wml.Ins] != want[doc.Inserted] || got.marks[wml.Del] != want[doc.Deleted] {
			t.Errorf("paragraph marks: %d inserted, %d deleted; the model has %d and %d", got.marks[wml.Ins], got.marks[wml.Del], want[doc.Inserted], want[doc.Deleted])
		}
		author, date := s.Author, s.Date
		if author == "" {
			author, date = src.Meta.Source, src.Meta.ISODate
		}
		for _, c := range got.changes {
			if c.Author != author || c.Date != date+"T00:00:00Z" || c.ID == "" {
				t.Fatalf("change %+v, want author %q date %sT00:00:00Z", c, author, date)
			}
		}
		for _, r := range d.Reports {
			t.Errorf("report on our own DOCX: %s", r)
		}
	}
}

// flatten lists (style id, text) of the paragraphs of the marked model, in
// reading order, table cells included: what the writer wrote for them.
func flattenModel(blocks []doc.Block) [][2]string {
	var out [][2]string
	doc.Paragraphs(blocks, func(p *doc.Paragraph) {
		style := p.Style
		if style == "" && len(p.Label) > 0 {
			style = doc.EnumlevStyle(p.Level)
		}
		out = append(out, [2]string{itu.ID(style), p.FullText()})
	})
	return out
}

func flattenTyped(blocks []wml.Block) [][2]string {
	var out [][2]string
	wml.Paragraphs(blocks, func(p *wml.Paragraph) {
		out = append(out, [2]string{p.Style, wml.InlineText(p.Inlines)})
	})
	return out
}

// TestSeedText finds every paragraph of the marked model, with its style
// and text, in order among the paragraphs read back; the only others are
// the cover lines the writer makes from the metadata.
func TestSeedText(t *testing.T) {
	data, src := docxtest.Seed(t, render.Settings{})
	d, err := wml.Read(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	marked := revise.Apply(src, revise.Marked)
	want := flattenModel(marked.Blocks)
	got := flattenTyped(d.Body)
	i := 0
	var extra [][2]string
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
			continue
		}
		extra = append(extra, g)
	}
	if i < len(want) {
		t.Fatalf("model paragraph %d of %d not found in order: %q", i+1, len(want), want[i])
	}
	// The metadata table (conference; committee, number, date, original),
	// source, title, signature and annex line.
	if len(extra) > 10 {
		t.Errorf("%d paragraphs read that the model does not have: %q", len(extra), extra)
	}
	for _, e := range extra {
		if e[0] != "Normal" && e[0] != "Source" && e[0] != "Title1" {
			t.Errorf("extra paragraph %q is not a cover line", e)
		}
	}
	// Footnotes: the mark, a tab, then the model's text.
	if len(d.Footnotes) != len(marked.Footnotes) || len(d.Footnotes) == 0 {
		t.Fatalf("%d footnotes, the model has %d", len(d.Footnotes), len(marked.Footnotes))
	}
	for i, n := range d.Footnotes {
		text := wml.BlocksText(n.Blocks)
		if wantText := "\t" + doc.Text(marked.Footnotes[i].Inlines); text != wantText {
			t.Errorf("footnote %s: %q, want %q", n.ID, text, wantText)
		}
	}
	// Tables: the cover's metadata table, then the model's, row by row.
	var tables []*wml.Table
	for _, b := range d.Body {
		if tb, ok := b.(*wml.Table); ok {
			tables = append(tables, tb)
		}
	}
	var modelTables []*doc.Table
	for _, b := range marked.Blocks {
		if tb, ok := b.(*doc.Table); ok {
			modelTables = append(modelTables, tb)
		}
	}
	if len(modelTables) == 0 || len(tables) != len(modelTables)+1 {
		t.Fatalf("%d tables, the model has %d (+1 metadata table)", len(tables), len(modelTables))
	}
	for i, mt := range modelTables {
		tb := tables[i+1]
		if len(tb.Rows) != len(mt.Rows) {
			t.Errorf("table %d: %d rows, want %d", i+1, len(tb.Rows), len(mt.Rows))
			continue
		}
		for j, r := range mt.Rows {
			if tb.Rows[j].Header != r.Header || len(tb.Rows[j].Cells) < len(r.Cells) {
				t.Errorf("table %d row %d: header %v, %d cells; want %v, %d", i+1, j+1, tb.Rows[j].Header, len(tb.Rows[j].Cells), r.Header, len(r.Cells))
			}
		}
	}
	// The running header: a PAGE field, carried, and the reference.
	if len(d.Stories) != 2 || !strings.Contains(wml.BlocksText(d.Stories[0].Blocks), src.Meta.Reference()) {
		t.Errorf("headers: %d, first %q", len(d.Stories), wml.BlocksText(d.Stories[0].Blocks))
	}
}

// TestSeedStyles: every style a paragraph or run names is defined, found
// by id and by name, and the style sheet is layouts/itu's.
func TestSeedStyles(t *testing.T) {
	data, _ := docxtest.Seed(t, render.Settings{})
	d, err := wml.Read(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for _, spec := range itu.Styles {
		byName := d.Styles.ByName(string(spec.Name))
		if byName == nil || byName.ID != itu.ID(spec.Name) || byName.Type != "paragraph" {
			t.Errorf("style %q: by name %+v", spec.Name, byName)
			continue
		}
		if spec.BasedOn != "" && byName.BasedOn != itu.ID(spec.BasedOn) {
			t.Errorf("style %q based on %q, want %q", spec.Name, byName.BasedOn, itu.ID(spec.BasedOn))
		}
	}
	if def := d.Styles.Default("paragraph"); def == nil || def.Name != "Normal" {
		t.Errorf("default paragraph style %+v", def)
	}
	stories := [][]wml.Block{d.Body}
	for _, n := range d.Footnotes {
		stories = append(stories, n.Blocks)
	}
	for _, blocks := range stories {
		wml.Paragraphs(blocks, func(p *wml.Paragraph) { checkStyles(t, d, p) })
	}
	if d.Settings.DefaultTabStop != itu.Page.Tabs[0] {
		t.Errorf("default tab stop %d, want %d", d.Settings.DefaultTabStop, itu.Page.Tabs[0])
	}
}

func checkStyles(t *testing.T, d *wml.Docx, p *wml.Paragraph) {
	t.Helper()
	if d.Styles.ByID(p.Style) == nil {
		t.Errorf("%s: style %q not defined", p.Pos, p.Style)
	}
	wml.Inlines(p.Inlines, func(x wml.Inline) {
		if r, ok := x.(*wml.Run); ok && r.Props.Style != "" && d.Styles.ByID(r.Props.Style) == nil {
			t.Errorf("%s: run style %q not defined", r.Pos, r.Props.Style)
		}
	})
}

// TestDeterministic: two reads give the same dump.
func TestDeterministic(t *testing.T) {
	data, _ := docxtest.Seed(t, render.Settings{})
	a, err := wml.Read(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := wml.Read(bytes.Clone(data), ooxml.Limits{})
	if a.Dump() != b.Dump() {
		t.Error("two reads of one DOCX differ")
	}
}

func BenchmarkReadSeed(b *testing.B) {
	data, _ := docxtest.Seed(b, render.Settings{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wml.Read(data, ooxml.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}
