package wml_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// pandocSource is a small document in pandoc's Markdown with what a reader
// must find again in pandoc's DOCX: a heading, formatting, a link, a
// footnote, an insertion and a deletion by two authors, a numbered list and
// a table with a header row.
const pandocSource = `# Scope

Some *italic* and **bold** text with a [link](https://www.itu.int/) and a footnote[^1].

[inserted text]{.insertion author="Secretariat" date="2014-11-05T00:00:00Z"} and [deleted text]{.deletion author="WORKING GROUP OF THE PLENARY" date="2014-11-03T00:00:00Z"}.

1. first
2. second

| Action | Title |
|--------|-------|
| MOD    | RESOLUTION 64 |

[^1]: A note.
`

// TestPandocDOCX reads what pandoc writes for pandocSource: generic
// styles found by name, revisions with their authors, a hyperlink through
// its relationship, the footnote, list numbering and the table.
func TestPandocDOCX(t *testing.T) {
	pandoc := testtool.Need(t, "pandoc")
	dir := t.TempDir()
	md := filepath.Join(dir, "small.md")
	out := filepath.Join(dir, "small.docx")
	if err := os.WriteFile(md, []byte(pandocSource), 0o644); err != nil {
		t.Fatal(err)
	}
	if b, err := exec.Command(pandoc, "-f", "markdown", "-t", "docx", "-o", out, md).CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	d, err := wml.Read(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var paras []*wml.Paragraph
	wml.Paragraphs(d.Body, func(p *wml.Paragraph) { paras = append(paras, p) })
	find := func(text string) *wml.Paragraph {
		for _, p := range paras {
			if strings.Contains(wml.InlineText(p.Inlines), text) {
				return p
			}
		}
		t.Fatalf("no paragraph with %q", text)
		return nil
	}
	if st := d.Styles.ByID(find("Scope").Style); st == nil || st.Canonical() != "heading 1" {
		t.Errorf("heading style %+v, want one named heading 1", st)
	}
	type rev struct {
		kind         wml.RevKind
		author, text string
	}
	var revs []rev
	var links []*wml.Hyperlink
	var bold, italic string
	for _, p := range paras {
		wml.Inlines(p.Inlines, func(x wml.Inline) {
			switch x := x.(type) {
			case *wml.Revision:
				revs = append(revs, rev{x.Kind, x.Change.Author, wml.InlineText(x.Inlines)})
			case *wml.Hyperlink:
				links = append(links, x)
			case *wml.Run:
				if x.Props.Bold == wml.On {
					bold += wml.InlineText([]wml.Inline{x})
				}
				if x.Props.Italic == wml.On {
					italic += wml.InlineText([]wml.Inline{x})
				}
			}
		})
	}
	want := []rev{{wml.Ins, "Secretariat", "inserted text"}, {wml.Del, "WORKING GROUP OF THE PLENARY", "deleted text"}}
	if len(revs) != 2 || revs[0] != want[0] || revs[1] != want[1] {
		t.Errorf("revisions %+v, want %+v", revs, want)
	}
	if bold != "bold" || italic != "italic" {
		t.Errorf("bold %q, italic %q", bold, italic)
	}
	if len(links) != 1 || links[0].Target != "https://www.itu.int/" || !links[0].External || wml.InlineText(links[0].Inlines) != "link" {
		t.Errorf("links %+v", links)
	}
	if len(d.Footnotes) != 1 || !strings.Contains(wml.BlocksText(d.Footnotes[0].Blocks), "A note.") {
		t.Errorf("footnotes %d", len(d.Footnotes))
	}
	for _, item := range []string{"first", "second"} {
		p := find(item)
		if p.Num == nil || d.Numbering.Level(p.Num.NumID, p.Num.Level) == nil || d.Numbering.Level(p.Num.NumID, p.Num.Level).Format != "decimal" {
			t.Errorf("list item %q: numbering %+v", item, p.Num)
		}
	}
	var tables []*wml.Table
	for _, b := range d.Body {
		if tb, ok := b.(*wml.Table); ok {
			tables = append(tables, tb)
		}
	}
	if len(tables) != 1 || len(tables[0].Rows) != 2 || !tables[0].Rows[0].Header || len(tables[0].Rows[1].Cells) != 2 ||
		wml.BlocksText(tables[0].Rows[1].Cells[1].Blocks) != "RESOLUTION 64" {
		t.Errorf("table: %s", wml.DumpBlocks(d.Body))
	}
	// pandoc gives both revisions the id 1: the one thing to warn about.
	for _, r := range d.Reports {
		if r.Kind != wml.Warning || !strings.Contains(r.Msg, "tracked change id 1 used again") {
			t.Errorf("report: %s", r)
		}
	}
}

// view gives the text of blocks with every change accepted (accept) or
// rejected, paragraphs ending in '\n': what Accept All or Reject All leave.
// Footnote references show their number, counted in the view, as Word and
// LibreOffice number them.
func view(blocks []wml.Block, accept bool) string {
	var sb strings.Builder
	notes := 0
	var walk func(xs []wml.Inline, drop bool)
	walk = func(xs []wml.Inline, drop bool) {
		for _, x := range xs {
			switch x := x.(type) {
			case *wml.Run:
				if drop {
					continue
				}
				for _, e := range x.Content {
					if e.Kind == wml.FootnoteRef {
						notes++
						sb.WriteString(strconv.Itoa(notes))
					}
					sb.WriteString(e.String())
				}
			case *wml.Revision:
				inserted := x.Kind == wml.Ins || x.Kind == wml.MoveTo
				walk(x.Inlines, drop || inserted != accept)
			case *wml.Hyperlink:
				walk(x.Inlines, drop)
			case *wml.Field:
				walk(x.Inlines, drop)
			}
		}
	}
	wml.Paragraphs(blocks, func(p *wml.Paragraph) {
		walk(p.Inlines, false)
		sb.WriteString("\n")
	})
	return sb.String()
}

// revText is a revision's text, its kind and its author.
type revText struct {
	kind         wml.RevKind
	author, text string
}

func revisions(d *wml.Docx) (out []revText, dates map[string][]string) {
	dates = map[string][]string{}
	wml.Paragraphs(d.Body, func(p *wml.Paragraph) {
		wml.Inlines(p.Inlines, func(x wml.Inline) {
			if r, ok := x.(*wml.Revision); ok {
				out = append(out, revText{r.Kind, r.Change.Author, wml.InlineText(r.Inlines)})
				dates[r.Change.Author] = append(dates[r.Change.Author], r.Change.Date)
			}
		})
	})
	return out, dates
}

// TestLibreOfficeEdits: LibreOffice opens our DOCX, records an insertion
// and a deletion by another author, accepts one change of the Working
// Group, and saves. The reader finds exactly those two changes by that
// author, the accepted one gone, every other change still the Working
// Group's, every style found again by name (LibreOffice renames ids:
// Table_head becomes Tablehead); and LibreOffice's own Accept All and
// Reject All give, word for word, the text of the reader's two views.
func TestLibreOfficeEdits(t *testing.T) {
	seed, src := docxtest.Seed(t, render.Settings{})
	const author, insert, before, deleted = "Delegate of Ruritania", "[new words] ", "recalling", "in close cooperation with"
	ed := docxtest.EditInLibreOffice(t, seed, docxtest.Edit{Author: author, Insert: insert, Before: before, Delete: deleted})
	res := struct {
		Accepted *struct{ Author, Type, Text string }
	}{&ed.AcceptedChange} // what LibreOffice accepted
	wg := src.Meta.Source
	if res.Accepted.Author != wg || res.Accepted.Text == "" {
		t.Fatalf("accepted %+v, want a change by %s", res.Accepted, wg)
	}
	d, err := wml.Read(ed.DOCX, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	orig, err := wml.Read(seed, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	revs, dates := revisions(d)
	origRevs, _ := revisions(orig)
	var theirs []revText
	count := func(rs []revText, text string) (n int) {
		for _, r := range rs {
			if r.text == text && r.kind != wml.Del && r.kind != wml.MoveFrom {
				n++
			}
		}
		return n
	}
	for _, r := range revs {
		switch r.author {
		case author:
			theirs = append(theirs, r)
		case wg:
		default:
			t.Errorf("a change by %q: %+v", r.author, r)
		}
	}
	want := []revText{{wml.Ins, author, insert}, {wml.Del, author, deleted}}
	if len(theirs) != 2 || theirs[0] != want[0] || theirs[1] != want[1] {
		t.Errorf("changes by %s: %+v, want %+v", author, theirs, want)
	}
	for _, date := range dates[author] {
		if len(date) < len("2006-01-02T15:04:05") {
			t.Errorf("change by %s dated %q", author, date)
		}
	}
	for _, date := range dates[wg] {
		if date != src.Meta.ISODate+"T00:00:00Z" {
			t.Errorf("change by %s dated %q, want %sT00:00:00Z", wg, date, src.Meta.ISODate)
		}
	}
	if before, after := count(origRevs, res.Accepted.Text), count(revs, res.Accepted.Text); after != before-1 {
		t.Errorf("accepted %q: %d insertions of it before, %d after", res.Accepted.Text, before, after)
	}
	if !strings.Contains(view(d.Body, false), res.Accepted.Text) {
		t.Errorf("the accepted insertion %q is not in the rejected view", res.Accepted.Text)
	}
	// Styles: LibreOffice keeps the names, not always the ids.
	wml.Paragraphs(d.Body, func(p *wml.Paragraph) {
		if p.Style != "" && d.Styles.ByID(p.Style) == nil {
			t.Errorf("%s: style %q not defined", p.Pos, p.Style)
		}
	})
	for _, spec := range []string{"Table_head", "Table_text", "enumlev1", "Call", "ResNo", "Restitle", "Proposal"} {
		if d.Styles.ByName(spec) == nil {
			t.Errorf("style %q not found by name", spec)
		}
	}
	// Accept All and Reject All, word for word.
	for _, v := range []struct {
		suffix string
		accept bool
	}{{".accepted.txt", true}, {".rejected.txt", false}} {
		lo := ed.Rejected
		if v.accept {
			lo = ed.Accepted
		}
		ours, theirs := strings.Fields(view(d.Body, v.accept)), strings.Fields(lo)
		if i := firstDiff(ours, theirs); i >= 0 {
			t.Errorf("%s: LibreOffice and the reader differ at word %d: ours %q, LibreOffice's %q", v.suffix, i,
				strings.Join(ours[i:min(len(ours), i+8)], " "), strings.Join(theirs[i:min(len(theirs), i+8)], " "))
		}
		if len(ours) < 1000 {
			t.Errorf("%s: only %d words", v.suffix, len(ours))
		}
	}
}

// firstDiff is the index of the first word where a and b differ, -1 when
// they are equal.
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
