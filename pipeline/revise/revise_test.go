package revise_test

import (
	"strings"
	"testing"

	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

const src = `MOD WGPL/1/2

RESOLUTION 64 (REV. [BUSAN, 2014](#)~~GUADALAJARA, 2010~~)

Title

The Plenipotentiary Conference ([Busan, 2014](#)),

recalling

- ~~7~~8 keep ~~old~~ [new](#) text¹;

¹ A note.

~~a)~~ ~~wholly deleted¹;~~

¹ A deleted note.

[b) wholly inserted;](#)

SUP WGPL/1/3

RESOLUTION 35 (KYOTO, 1994)

Gone title

The Plenipotentiary Conference (Kyoto, 1994),

recalling

a) body that SUP keeps, as the source gives it;

ADD WGPL/1/4

DRAFT NEW RESOLUTION [X]

New

resolves

1 all new [with a stray mark](#) ~~and a stray deletion~~;
`

func load(t *testing.T) *doc.Document {
	t.Helper()
	d, err := pipeline.Load("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// lines renders every paragraph as label<TAB>text with revision marks shown
// as {+ins+} and {-del-}, footnote references as [^N], and a marked
// paragraph mark as a trailing ¶+ or ¶-.
func lines(d *doc.Document) string {
	render := func(in []doc.Inline) string {
		var sb strings.Builder
		for _, il := range in {
			switch il := il.(type) {
			case *doc.Run:
				switch il.Rev.Shown() {
				case doc.Inserted:
					sb.WriteString("{+" + il.Text + "+}")
				case doc.Deleted:
					sb.WriteString("{-" + il.Text + "-}")
				default:
					sb.WriteString(il.Text)
				}
			case *doc.FootnoteRef:
				ref := "[^" + string(rune('0'+il.ID)) + "]"
				switch il.Rev.Shown() {
				case doc.Inserted:
					ref = "{+" + ref + "+}"
				case doc.Deleted:
					ref = "{-" + ref + "-}"
				}
				sb.WriteString(ref)
			}
		}
		return sb.String()
	}
	var out []string
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		s := render(p.Inlines)
		if len(p.Label) > 0 {
			s = render(p.Label) + "\t" + s
		}
		switch p.Mark.Shown() {
		case doc.Inserted:
			s += " ¶+"
		case doc.Deleted:
			s += " ¶-"
		}
		out = append(out, s)
	})
	for _, f := range d.Footnotes {
		out = append(out, "[^"+string(rune('0'+f.ID))+"]: "+render(f.Inlines))
	}
	return strings.Join(out, "\n")
}

func TestViews(t *testing.T) {
	d := load(t)
	for _, tc := range []struct {
		view revise.View
		want string
	}{
		{revise.Marked, `MOD	WGPL/1/2
RESOLUTION 64 (REV. {+BUSAN, 2014+}{-GUADALAJARA, 2010-})
Title
The Plenipotentiary Conference ({+Busan, 2014+}),
recalling
{-7-}8	keep {-old-} {+new+} text[^1];
{-a)-}	{-wholly deleted-}{-[^2]-}{-;-} ¶-
{+b)+}	{+wholly inserted;+} ¶+
SUP	WGPL/1/3
RESOLUTION 35 (KYOTO, 1994)
Gone title
The Plenipotentiary Conference (Kyoto, 1994),
recalling
a)	body that SUP keeps, as the source gives it;
ADD	WGPL/1/4
DRAFT NEW RESOLUTION [X]
New
resolves
1	all new with a stray mark ;
[^1]: A note.
[^2]: A deleted note.`},
		{revise.Clean, `MOD	WGPL/1/2
RESOLUTION 64 (REV. BUSAN, 2014)
Title
The Plenipotentiary Conference (Busan, 2014),
recalling
8	keep  new text[^1];
b)	wholly inserted;
SUP	WGPL/1/3
RESOLUTION 35 (KYOTO, 1994)
Gone title
The Plenipotentiary Conference (Kyoto, 1994),
recalling
a)	body that SUP keeps, as the source gives it;
ADD	WGPL/1/4
DRAFT NEW RESOLUTION [X]
New
resolves
1	all new with a stray mark ;
[^1]: A note.`},
		{revise.Original, `MOD	WGPL/1/2
RESOLUTION 64 (REV. GUADALAJARA, 2010)
Title
The Plenipotentiary Conference (),
recalling
78	keep old  text[^1];
a)	wholly deleted[^2];
SUP	WGPL/1/3
RESOLUTION 35 (KYOTO, 1994)
Gone title
The Plenipotentiary Conference (Kyoto, 1994),
recalling
a)	body that SUP keeps, as the source gives it;
ADD	WGPL/1/4
DRAFT NEW RESOLUTION [X]
New
resolves
1	all new with a stray mark ;
[^1]: A note.
[^2]: A deleted note.`},
	} {
		if got := lines(revise.Apply(d, tc.view)); got != tc.want {
			t.Errorf("%s view:\n%s\n--- want:\n%s", tc.view, got, tc.want)
		}
	}
}

func TestApplyLeavesInputAlone(t *testing.T) {
	d := load(t)
	before := lines(d)
	revise.Apply(d, revise.Clean)
	revise.Apply(d, revise.Original)
	if lines(d) != before {
		t.Error("Apply changed its input")
	}
}

// The clean view's footnotes are renumbered when a deleted paragraph took
// the only reference of one before them.
func TestFootnotesRenumbered(t *testing.T) {
	d, err := pipeline.Load("t.md", []byte("MOD A/1/1\n\nRESOLUTION 1\n\nT\n\nThe C,\n\n~~a) gone¹;~~\n\n¹ First.\n\nb) kept¹.\n\n¹ Second.\n"))
	if err != nil {
		t.Fatal(err)
	}
	c := revise.Apply(d, revise.Clean)
	if len(c.Footnotes) != 1 || doc.Text(c.Footnotes[0].Inlines) != "Second." || c.Footnotes[0].ID != 1 {
		t.Fatalf("clean footnotes: %s", lines(c))
	}
	if !strings.Contains(lines(c), "kept[^1].") {
		t.Errorf("reference not renumbered: %s", lines(c))
	}
}

// para makes a paragraph of runs written "text", "+text" (inserted) or
// "-text" (deleted).
// Revised runs and marks are of changes 1 (insertions) and 2 (deletions),
// which point into no change table: views decide by view, not by author.
func para(style doc.Style, mark doc.Rev, runs ...string) *doc.Paragraph {
	rev := map[doc.Rev]doc.Revision{doc.Inserted: {Ins: 1}, doc.Deleted: {Del: 2}}
	p := &doc.Paragraph{Style: style, Mark: rev[mark]}
	for _, r := range runs {
		run := &doc.Run{Text: r}
		switch r[0] {
		case '+':
			run.Text, run.Rev = r[1:], rev[doc.Inserted]
		case '-':
			run.Text, run.Rev = r[1:], rev[doc.Deleted]
		}
		p.Inlines = append(p.Inlines, run)
	}
	return p
}

// A paragraph mark is Word's: the view that drops it joins what it keeps of
// the paragraph to the next one, with the first paragraph's style.
func TestParagraphMarkJoins(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		para(doc.StyleNormal, doc.Inserted, "One.", "- "), // an inserted mark: a split
		para(doc.StyleHeadingB, doc.Unchanged, "Two."),
		para(doc.StyleNormal, doc.Deleted, "Three", "+ and"), // a deleted mark: a merge
		para(doc.StyleNormal, doc.Unchanged, " four."),
		para(doc.StyleNormal, doc.Deleted, "-Gone."), // wholly deleted: goes
		para(doc.StyleNormal, doc.Unchanged, "Five."),
	}}
	for _, tc := range []struct {
		view revise.View
		want string
	}{
		{revise.Marked, "One.{- -} ¶+\nTwo.\nThree{+ and+} ¶-\n four.\n{-Gone.-} ¶-\nFive."},
		{revise.Clean, "One.\nTwo.\nThree and four.\nFive."},
		{revise.Original, "One. Two.\nThree\n four.\nGone.\nFive."},
	} {
		v := revise.Apply(d, tc.view)
		if got := lines(v); got != tc.want {
			t.Errorf("%s view:\n%s\n--- want:\n%s", tc.view, got, tc.want)
		}
		if tc.view == revise.Original {
			if s := v.Blocks[0].(*doc.Paragraph).Style; s != doc.StyleNormal {
				t.Errorf("joined paragraph has style %s, want the first one's (Normal)", s)
			}
		}
	}
}

// A proposal inserted as a whole goes from the original view, and its ADD
// symbol does not accept its marks; a stray mark in an ADD proposal that is
// not itself revised is still accepted.
func TestProposalRevisedAsAWhole(t *testing.T) {
	added := &doc.Proposal{Action: doc.ActionADD, ID: "A/1/2", Blocks: []doc.Block{
		para(doc.StyleProposal, doc.Inserted, "+ADD\tA/1/2"),
		para(doc.StyleNormal, doc.Inserted, "+New text."),
	}}
	gone := &doc.Proposal{Action: doc.ActionMOD, ID: "A/1/3", Blocks: []doc.Block{
		para(doc.StyleProposal, doc.Deleted, "-MOD\tA/1/3"),
		para(doc.StyleNormal, doc.Deleted, "-Old text."),
	}}
	stray := &doc.Proposal{Action: doc.ActionADD, ID: "A/1/4", Blocks: []doc.Block{
		para(doc.StyleProposal, doc.Unchanged, "ADD\tA/1/4"),
		para(doc.StyleNormal, doc.Unchanged, "Text ", "+stray", "-gone"),
	}}
	d := &doc.Document{Blocks: []doc.Block{added, gone, stray}}
	for _, tc := range []struct {
		view revise.View
		want string
	}{
		{revise.Marked, "{+ADD\tA/1/2+} ¶+\n{+New text.+} ¶+\n{-MOD\tA/1/3-} ¶-\n{-Old text.-} ¶-\nADD\tA/1/4\nText stray"},
		{revise.Clean, "ADD\tA/1/2\nNew text.\nADD\tA/1/4\nText stray"},
		{revise.Original, "MOD\tA/1/3\nOld text.\nADD\tA/1/4\nText stray"},
	} {
		v := revise.Apply(d, tc.view)
		if got := lines(v); got != tc.want {
			t.Errorf("%s view:\n%s\n--- want:\n%s", tc.view, got, tc.want)
		}
		if n := len(v.Proposals()); n != 2 && tc.view != revise.Marked {
			t.Errorf("%s view has %d proposals, want 2", tc.view, n)
		}
	}
}

// A proposal with no heading line (a resolution line opens it) goes from a
// view with the last of its blocks, as a table goes with its last row; it
// used to stay as an empty proposal (found by FuzzCompare: rejecting every
// change of a redline that inserts "RESOLUTION 0" left the proposal).
func TestHeadlessProposalGoesWithItsBlocks(t *testing.T) {
	headless := &doc.Proposal{Blocks: []doc.Block{
		para(doc.StyleResNo, doc.Inserted, "+RESOLUTION 0"),
	}}
	kept := &doc.Proposal{Blocks: []doc.Block{
		para(doc.StyleResNo, doc.Unchanged, "RESOLUTION 1"),
	}}
	d := &doc.Document{Blocks: []doc.Block{para(doc.StyleNormal, doc.Deleted, "-Old text."), headless, kept}}
	if n := len(revise.Apply(d, revise.Original).Proposals()); n != 1 {
		t.Errorf("original view has %d proposals, want 1 (the headless one inserted as a whole goes)", n)
	}
	if n := len(revise.Apply(d, revise.Clean).Proposals()); n != 2 {
		t.Errorf("clean view has %d proposals, want 2", n)
	}
}

// A row goes when the view drops every cell with text (an empty cell does
// not hold it); a table goes with its last row.
func TestTableRowsGo(t *testing.T) {
	cell := func(mark doc.Rev, runs ...string) *doc.Paragraph { return para(doc.StyleTableText, mark, runs...) }
	empty := &doc.Paragraph{Style: doc.StyleTableText}
	tab := &doc.Table{Rows: []*doc.Row{
		{Header: true, Cells: []*doc.Paragraph{cell(doc.Unchanged, "Action"), cell(doc.Unchanged, "Title")}},
		{Cells: []*doc.Paragraph{empty, cell(doc.Inserted, "+RES 2")}},
		{Cells: []*doc.Paragraph{cell(doc.Deleted, "-SUP"), cell(doc.Deleted, "-RES 3")}},
		{Cells: []*doc.Paragraph{cell(doc.Unchanged, "MOD"), cell(doc.Deleted, "-RES 4")}},
	}}
	gone := &doc.Table{Rows: []*doc.Row{{Cells: []*doc.Paragraph{cell(doc.Inserted, "+x")}}}}
	d := &doc.Document{Blocks: []doc.Block{tab, gone}}
	rows := func(v *doc.Document) (out []string) {
		for _, b := range v.Blocks {
			for _, r := range b.(*doc.Table).Rows {
				var cs []string
				for _, c := range r.Cells {
					cs = append(cs, doc.Text(c.Inlines))
				}
				out = append(out, strings.Join(cs, "|"))
			}
			out = append(out, "--")
		}
		return out
	}
	if got, want := strings.Join(rows(revise.Apply(d, revise.Clean)), " "), "Action|Title |RES 2 MOD| -- x --"; got != want {
		t.Errorf("clean rows %q, want %q", got, want)
	}
	if got, want := strings.Join(rows(revise.Apply(d, revise.Original)), " "), "Action|Title SUP|RES 3 MOD|RES 4 --"; got != want {
		t.Errorf("original rows %q, want %q", got, want)
	}
}
