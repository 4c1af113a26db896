package docxread_test

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/revise"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

// shape prints a document without positions or span numbers: a line per
// paragraph (style, level, mark, label and text with their revisions and
// formats), proposals with their action, id, number and title, tables row by
// row, then the footnotes. Two documents with one shape are one document to
// every writer.
func shape(d *doc.Document) string {
	var sb strings.Builder
	var blocks func(bs []doc.Block, indent string)
	para := func(p *doc.Paragraph, indent string) {
		fmt.Fprintf(&sb, "%s%s L%d mark=%s label=%s text=%s\n", indent, p.Style, p.Level, p.Mark.Shown(), inlines(p.Label), inlines(p.Inlines))
	}
	blocks = func(bs []doc.Block, indent string) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Paragraph:
				para(b, indent)
			case *doc.Table:
				fmt.Fprintf(&sb, "%stable\n", indent)
				for _, r := range b.Rows {
					fmt.Fprintf(&sb, "%s  row header=%v\n", indent, r.Header)
					for _, c := range r.Cells {
						para(c, indent+"    ")
					}
				}
			case *doc.Proposal:
				fmt.Fprintf(&sb, "%sproposal %s %q %q %q\n", indent, b.Action, b.ID, b.Number, b.Title)
				blocks(b.Blocks, indent+"  ")
			}
		}
	}
	blocks(d.Blocks, "")
	for _, f := range d.Footnotes {
		fmt.Fprintf(&sb, "footnote %d %s\n", f.ID, inlines(f.Inlines))
	}
	return sb.String()
}

// inlines prints runs merged as the writer would merge them: [+ins+],
// [-del-], {b}, {i}, {^} formats, <n> footnote references, @link.
func inlines(in []doc.Inline) string {
	var sb strings.Builder
	type key struct {
		f    doc.Format
		rev  doc.Revision
		link string
	}
	var cur *key
	var text strings.Builder
	flush := func() {
		if cur == nil {
			return
		}
		t := fmt.Sprintf("%q", text.String())
		if cur.f != 0 {
			t = "{" + cur.f.String() + "}" + t
		}
		if cur.link != "" {
			t += "@" + cur.link
		}
		if cur.rev.Del != 0 {
			t = "[-" + t + "-]"
		}
		if cur.rev.Ins != 0 {
			t = "[+" + t + "+]"
		}
		sb.WriteString(t)
		text.Reset()
		cur = nil
	}
	for _, x := range in {
		switch x := x.(type) {
		case *doc.Run:
			if x.Text == "" {
				continue
			}
			k := key{x.Format, x.Rev, x.Link}
			if cur != nil && *cur != k {
				flush()
			}
			if cur == nil {
				cur = &k
			}
			text.WriteString(x.Text)
		case *doc.FootnoteRef:
			flush()
			fmt.Fprintf(&sb, "<%d%s>", x.ID, x.Rev.Shown())
		}
	}
	flush()
	return sb.String()
}

// words gives the words of a view: metadata, then every paragraph's label
// and text, then the footnotes.
func words(d *doc.Document, v revise.View) []string {
	vd := revise.Apply(d, v)
	m := vd.Meta
	parts := []string{m.Conference, m.Place, m.Committee, m.Number, m.Date, m.Original, m.Source, m.Title}
	parts = append(parts, m.Signature...)
	doc.Paragraphs(vd.Blocks, func(p *doc.Paragraph) {
		parts = append(parts, doc.Text(p.Label), doc.Text(p.Inlines))
	})
	for _, f := range vd.Footnotes {
		parts = append(parts, doc.Text(f.Inlines))
	}
	return strings.Fields(strings.Join(parts, " "))
}

func firstDiff(a, b []string) int {
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			return i
		}
	}
	if len(a) != len(b) {
		return min(len(a), len(b))
	}
	return -1
}

func around(w []string, i int) string { return strings.Join(w[max(0, i-6):min(len(w), i+6)], " ") }

// TestSeedMapsBack: the seed's DOCX, read into the model, is the model it
// was written from: its metadata, proposals, statistics and shape (every
// paragraph's style, level, mark, label and text with their revisions), and
// the words of its clean and original views; each revision's author and
// date are in the change table.
func TestSeedMapsBack(t *testing.T) {
	for _, s := range []render.Settings{{}, {Author: "Secretariat", Date: "2020-02-29"}} {
		data, src := docxtest.Seed(t, s)
		res, err := docxread.Read("pp14-149-e.docx", data, ooxml.Limits{})
		if err != nil {
			t.Fatal(err)
		}
		got := res.Doc
		if !reflect.DeepEqual(got.Meta, src.Meta) {
			t.Errorf("meta\n got %+v\nwant %+v", got.Meta, src.Meta)
		}
		if gs, ss := got.Stats(), src.Stats(); !reflect.DeepEqual(gs, ss) {
			t.Errorf("stats\n got %+v\nwant %+v", gs, ss)
		}
		gotShape, wantShape := shape(revise.Apply(got, revise.Marked)), shape(revise.Apply(src, revise.Marked))
		if gotShape != wantShape {
			g, w := strings.Split(gotShape, "\n"), strings.Split(wantShape, "\n")
			i := firstDiff(g, w)
			t.Errorf("shape differs at line %d:\n got %s\nwant %s", i+1, g[min(i, len(g)-1)], w[min(i, len(w)-1)])
		}
		for _, v := range []revise.View{revise.Clean, revise.Original} {
			g, w := words(got, v), words(src, v)
			if i := firstDiff(g, w); i >= 0 {
				t.Errorf("%s view differs at word %d: got %q, want %q", v, i, around(g, i), around(w, i))
			}
		}
		for _, dg := range got.Diagnostics {
			if dg.Severity != doc.Note {
				t.Errorf("%s", dg.Format("pp14-149-e.docx"))
			}
		}
		author, date := s.Author, s.Date
		if author == "" {
			author, date = src.Meta.Source, src.Meta.ISODate
		}
		if len(got.Changes) != len(res.Changes) || len(res.Changes) == 0 {
			t.Errorf("%d changes in the table, %d read", len(got.Changes), len(res.Changes))
		}
		for i, c := range res.Changes {
			if c.Author != author || c.Date != date+"T00:00:00Z" || res.Change(doc.ChangeID(i+1)) != &res.Changes[i] {
				t.Fatalf("change %d: %+v", i+1, c)
			}
		}
	}
}

func BenchmarkReadSeed(b *testing.B) {
	data, _ := docxtest.Seed(b, render.Settings{})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docxread.Read("pp14-149-e.docx", data, ooxml.Limits{}); err != nil {
			b.Fatal(err)
		}
	}
}

// writerText is the text of a view of d in the order layouts/docx writes
// it, as LibreOffice's plain-text export gives it: the cover table, source,
// title, cover body, signature, annex line, proposals; a footnote
// reference as its number, footnote bodies left out.
func writerText(d *doc.Document, v revise.View) string {
	vd := revise.Apply(d, v)
	m := vd.Meta
	var sb strings.Builder
	line := func(prefix, s string) {
		if s != "" {
			sb.WriteString(prefix + s + "\n")
		}
	}
	line("", m.Conference)
	line("", m.Place)
	line("", m.Committee)
	line("Document ", m.Number)
	line("", m.Date)
	line("Original: ", m.Original)
	line("", m.Source)
	line("", m.Title)
	para := func(p *doc.Paragraph) {
		for _, in := range [][]doc.Inline{p.Label, p.Inlines} {
			for _, x := range in {
				switch x := x.(type) {
				case *doc.Run:
					sb.WriteString(x.Text)
				case *doc.FootnoteRef:
					fmt.Fprintf(&sb, "%d", x.ID)
				}
			}
			sb.WriteString("\t")
		}
		sb.WriteString("\n")
	}
	doc.Paragraphs(vd.Cover(), para)
	for _, l := range m.Signature {
		line("", l)
	}
	if m.AnnexPages > 0 {
		fmt.Fprintf(&sb, "Annex: %d pages\n", m.AnnexPages)
	}
	doc.Paragraphs(vd.Blocks[len(vd.Cover()):], para)
	return sb.String()
}

// TestLibreOfficeMapsBack: after LibreOffice edited the seed's DOCX as
// another author (an insertion, a deletion, one change of the Working
// Group accepted), the model read from its DOCX has exactly those two
// changes by that author in its change table, and its clean and original
// views have, word for word, the text of LibreOffice's Accept All and
// Reject All.
func TestLibreOfficeMapsBack(t *testing.T) {
	data, src := docxtest.Seed(t, render.Settings{})
	e := docxtest.Edit{Author: "Delegate of Ruritania", Insert: "[new words] ", Before: "recalling", Delete: "in close cooperation with"}
	ed := docxtest.EditInLibreOffice(t, data, e)
	res, err := docxread.Read("edited.docx", ed.DOCX, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Doc
	var theirs []string
	for span := doc.ChangeID(1); int(span) <= len(got.Changes); span++ {
		c := res.Change(span)
		switch c.Author {
		case e.Author:
			theirs = append(theirs, c.Kind.String())
		case src.Meta.Source:
		default:
			t.Errorf("change by %q", c.Author)
		}
	}
	if strings.Join(theirs, " ") != "ins del" {
		t.Errorf("changes by %s: %v, want an insertion and a deletion", e.Author, theirs)
	}
	var spanText = map[doc.ChangeID]string{}
	doc.Paragraphs(got.Blocks, func(p *doc.Paragraph) {
		for _, in := range [][]doc.Inline{p.Label, p.Inlines} {
			for _, x := range in {
				if r, ok := x.(*doc.Run); ok {
					for _, id := range []doc.ChangeID{r.Rev.Ins, r.Rev.Del} {
						if id > 0 {
							spanText[id] += r.Text
						}
					}
				}
			}
		}
	})
	for span := doc.ChangeID(1); int(span) <= len(got.Changes); span++ {
		if c := res.Change(span); c.Author == e.Author {
			want := e.Insert
			if c.Kind.String() == "del" {
				want = e.Delete
			}
			if spanText[span] != want {
				t.Errorf("%s by %s: %q, want %q", c.Kind, e.Author, spanText[span], want)
			}
		}
	}
	if !reflect.DeepEqual(got.Meta, src.Meta) {
		t.Errorf("meta\n got %+v\nwant %+v", got.Meta, src.Meta)
	}
	for _, v := range []struct {
		view revise.View
		lo   string
	}{{revise.Clean, ed.Accepted}, {revise.Original, ed.Rejected}} {
		ours, theirs := strings.Fields(writerText(got, v.view)), strings.Fields(v.lo)
		if i := firstDiff(ours, theirs); i >= 0 {
			t.Errorf("%s view and LibreOffice differ at word %d: ours %q, LibreOffice's %q", v.view, i, around(ours, i), around(theirs, i))
		}
	}
	for _, dg := range got.Diagnostics {
		t.Logf("%s", dg.Format("edited.docx"))
	}
}

// FuzzMap maps arbitrary body XML: no panic, and the model it gives takes
// the three views and the statistics.
func FuzzMap(f *testing.F) {
	for _, body := range []string{
		`<w:p><w:pPr><w:pStyle w:val="Proposal"/></w:pPr><w:r><w:t>MOD</w:t><w:tab/><w:t>WGPL/1/2</w:t></w:r></w:p>`,
		`<w:p><w:pPr><w:pStyle w:val="enumlev1"/><w:rPr><w:del w:id="1" w:author="A"/></w:rPr></w:pPr><w:del w:id="2" w:author="A"><w:r><w:delText>a)</w:delText><w:tab/><w:delText>text</w:delText></w:r></w:del></w:p>`,
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>COMMITTEE 4</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p><w:ins w:id="1" w:author="A"><w:del w:id="2" w:author="B"><w:r><w:footnoteReference w:id="1"/></w:r></w:del></w:ins></w:p>`,
		// Generic styles: numbering the package lacks, a heading, a table in the annex.
		`<w:p><w:r><w:t>MOD WGPL/1/2</w:t></w:r></w:p><w:p><w:pPr><w:pStyle w:val="Heading1"/><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t>RESOLUTION 1 (X, 2014)</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:ins w:id="1" w:author="A"><w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r></w:ins></w:p></w:tc></w:tr></w:tbl><w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>¹ a body</w:t></w:r></w:p>`,
	} {
		f.Add(body)
	}
	f.Fuzz(func(t *testing.T, body string) {
		res, err := docxread.Read("f.docx", docxtest.Body(body), ooxml.Limits{MaxPartSize: 8 << 20})
		if err != nil {
			return
		}
		for _, v := range []revise.View{revise.Marked, revise.Clean, revise.Original} {
			revise.Apply(res.Doc, v)
		}
		res.Doc.Stats()
		if len(res.Doc.Changes) != len(res.Changes) {
			t.Fatalf("%d changes in the table, %d read", len(res.Doc.Changes), len(res.Changes))
		}
	})
}
