package markdown_test

import (
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// roundTrip writes d, checks there is no warning and that it reads back as
// d, and gives the text.
func roundTrip(t *testing.T, d *doc.Document) string {
	t.Helper()
	src, warns := markdown.Write(d)
	for _, w := range warns {
		t.Errorf("warning: %s", w.Format(""))
	}
	back, err := pipeline.Load("back.md", src)
	if err != nil {
		t.Fatal(err)
	}
	if diff := canon.Diff(d, back, canon.All); diff != "" {
		t.Errorf("read back otherwise:\n%s\n--- written:\n%s", diff, src)
	}
	return string(src)
}

func load(t *testing.T, src string) *doc.Document {
	t.Helper()
	d, err := pipeline.Load("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// The seed, written and read back, is the seed: cover, tables, footnotes,
// labels with their marks, proposals.
func TestSeedRoundTrip(t *testing.T) {
	roundTrip(t, testtool.LoadSeed(t))
}

func TestFuzzSourcesRoundTrip(t *testing.T) {
	for _, s := range testtool.FuzzSources[:4] {
		roundTrip(t, load(t, s))
	}
}

const small = `COMMITTEE 5

Document 12-E
1 May 2022
Original: English

World Telecommunication Development Conference (WTDC-22)
Kigali, 6-16 June 2022

AFRICAN TELECOMMUNICATIONS UNION

**PROPOSALS FOR THE WORK OF THE CONFERENCE**

Action	Title
MOD	RESOLUTION 2
	RESOLUTION 9

Jane DOE
Chair

Annex: 1 page

MOD ATU/12/1

RESOLUTION 2 (REV. [KIGALI, 2022](#)~~BUENOS AIRES, 2017~~)

**Establishment of study groups**

The World Telecommunication Development Conference ([Kigali, 2022](#)),

recalling

- a) ~~Resolution 1~~ [Resolution 1 (Rev. Kigali, 2022)](#)¹;
 - i) the first [point](#):
   - – a dash item
- ~~c~~b) that the **bold *and italic*** text, with _under_scores, a \*star and \[brackets\] & an &amp; entity, stays;

¹ A footnote with a [mark](#).

resolves

1 ~~to~~ [to continue](#) to work;

~~2 — an item the export wrote with a dash~~

[3 a new item;](#)
`

func TestSmallRoundTrip(t *testing.T) {
	roundTrip(t, load(t, small))
}

// item is the text of the first "resolves" item of small.
func item(t *testing.T, d *doc.Document) *doc.Paragraph {
	t.Helper()
	var target *doc.Paragraph
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		if target == nil && len(p.Label) > 0 && doc.Text(p.Label) == "1" {
			target = p
		}
	})
	if target == nil {
		t.Fatal("no item 1")
	}
	return target
}

// Text with markup characters, spaces at the ends and line starts that
// Markdown would read as blocks reads back as text.
func TestAwkwardText(t *testing.T) {
	d := load(t, small)
	target := item(t, d)
	for _, text := range []string{
		"to *a* _b_ `c` <d> [e](#) ~~f~~ \\g &amp; &#35; x&y [¶](#)", "to end with spaces  ", "to\ttab\tin\tit",
		"to break\n- before a dash", "to break\n1. before a number", "to break\n2) before a number",
		"to break\n# before a hash", "to break\n> before a quote", "to break\n---", "to break\n===",
		"to break\n   before spaces", "to break  \nafter spaces", "to break\n\tbefore a tab",
	} {
		target.Inlines = []doc.Inline{&doc.Run{Text: text}}
		roundTrip(t, d)
		if t.Failed() {
			t.Fatalf("text %q", text)
		}
	}
}

// Marks at awkward places: a deletion that starts or ends with a space, or
// with punctuation next to a letter, which CommonMark's flanking rules
// would not read as a deletion without help.
func TestAwkwardMarks(t *testing.T) {
	d := load(t, small)
	target := item(t, d)
	del := func(s string) *doc.Run { return &doc.Run{Text: s, Rev: doc.Revision{Del: 1}} }
	ins := func(s string) *doc.Run { return &doc.Run{Text: s, Rev: doc.Revision{Ins: 2}} }
	txt := func(s string) *doc.Run { return &doc.Run{Text: s} }
	bold := func(s string) *doc.Run { return &doc.Run{Text: s, Format: doc.Bold} }
	for _, runs := range [][]*doc.Run{
		{txt("to "), del("promote "), txt("endeavour")},
		{txt("to"), del(" promote"), txt(" endeavour")},
		{txt("to the Council"), del(","), ins(";"), txt(" and")},
		{txt("to word"), del("."), txt("Next")},
		{txt("to a"), del("b"), del("c"), txt("d")},
		{txt("to "), bold("bold"), del(" gone"), txt(" plain")},
		{txt("to x "), del("~tilde~"), txt(" y")},
		{txt("to x"), del("(y)"), txt("z")},
	} {
		target.Inlines = nil
		for _, r := range runs {
			target.Inlines = append(target.Inlines, r)
		}
		roundTrip(t, d)
		if t.Failed() {
			t.Fatalf("runs %q", doc.Text(target.Inlines))
		}
	}
}

// A paragraph mark revised alone is a pilcrow mark at its end.
func TestPilcrow(t *testing.T) {
	d := load(t, small)
	var items []*doc.Paragraph
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		if p.Level == 1 && p.Mark.IsZero() {
			items = append(items, p)
		}
	})
	items[0].Mark = doc.Revision{Ins: 1}
	items[1].Mark = doc.Revision{Del: 2}
	src := roundTrip(t, d)
	if strings.Count(src, "[¶](#)") != 1 || strings.Count(src, "~~¶~~") != 1 {
		t.Errorf("no pilcrows in\n%s", src)
	}
}

// What the dialect cannot say is reported, not lost silently.
func TestWarnings(t *testing.T) {
	d := load(t, small)
	target := item(t, d)
	target.Inlines = append(target.Inlines, &doc.Run{Text: "superscript", Format: doc.Superscript})
	_, warns := markdown.Write(d)
	if len(warns) == 0 || !strings.Contains(warns[0].Message, "cannot say") {
		t.Errorf("warnings %v", warns)
	}
	// A real link is written as one, and reads back with its target.
	d = load(t, small)
	target = item(t, d)
	target.Inlines = append(target.Inlines, &doc.Run{Text: "the ITU site", Link: "https://www.itu.int"})
	src, warns := markdown.Write(d)
	if !strings.Contains(string(src), "[the ITU site](https://www.itu.int)") {
		t.Errorf("link not written:\n%s", src)
	}
	if len(warns) != 0 {
		t.Errorf("a link reads back as itself, but: %v", warns)
	}
}
