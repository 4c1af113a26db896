package wml_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
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
