package canon_test

import (
	"slices"
	"strings"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
)

func para(runs ...*doc.Run) *doc.Paragraph {
	p := &doc.Paragraph{Style: doc.StyleNormal}
	for _, r := range runs {
		p.Inlines = append(p.Inlines, r)
	}
	return p
}

// Positions, spans and run cuts do not count; text, formats, revisions,
// links, marks and styles do.
func TestWhatCounts(t *testing.T) {
	base := para(&doc.Run{Text: "one two"})
	same := []*doc.Paragraph{
		para(&doc.Run{Text: "one ", Pos: doc.Pos{Line: 3, Col: 1}}, &doc.Run{Text: "two"}),
		para(&doc.Run{Text: "one two"}, &doc.Run{Text: ""}),
	}
	for _, p := range same {
		if got, want := canon.Paragraph(p), canon.Paragraph(base); got != want {
			t.Errorf("%s, want %s", got, want)
		}
	}
	differ := []*doc.Paragraph{
		para(&doc.Run{Text: "one"}, &doc.Run{Text: " two", Format: doc.Bold}),
		para(&doc.Run{Text: "one"}, &doc.Run{Text: " two", Rev: doc.Revision{Ins: 1}}),
		para(&doc.Run{Text: "one"}, &doc.Run{Text: " two", Link: "https://itu.int"}),
		para(&doc.Run{Text: "one  two"}),
		{Style: doc.StyleNormal, Mark: doc.Revision{Del: 1}, Inlines: base.Inlines},
		{Style: doc.StyleCall, Inlines: base.Inlines},
		{Style: doc.StyleNormal, Level: 1, Inlines: base.Inlines},
		{Style: doc.StyleNormal, Label: []doc.Inline{&doc.Run{Text: "a)"}}, Inlines: base.Inlines},
	}
	for _, p := range differ {
		if canon.Paragraph(p) == canon.Paragraph(base) {
			t.Errorf("%s reads as %s", canon.Paragraph(p), canon.Paragraph(base))
		}
	}
}

func TestDiffNamesTheLine(t *testing.T) {
	a := &doc.Document{Blocks: []doc.Block{para(&doc.Run{Text: "same"}), para(&doc.Run{Text: "old"})}}
	b := &doc.Document{Blocks: []doc.Block{para(&doc.Run{Text: "same"}), para(&doc.Run{Text: "new"})}}
	d := canon.Diff(a, b, canon.Options{})
	if !strings.Contains(d, "line 2") || !strings.Contains(d, `"old"`) || !strings.Contains(d, `"new"`) {
		t.Errorf("diff %q", d)
	}
	if canon.Diff(a, a, canon.All) != "" {
		t.Error("a document differs from itself")
	}
	b.Meta.Date = "1 May 2020"
	if canon.Diff(a, &doc.Document{Blocks: a.Blocks, Meta: b.Meta}, canon.Options{}) != "" {
		t.Error("meta compared without Options.Meta")
	}
	if canon.Diff(a, &doc.Document{Blocks: a.Blocks, Meta: b.Meta}, canon.Options{Meta: true}) == "" {
		t.Error("meta not compared with Options.Meta")
	}
}

func TestMismatches(t *testing.T) {
	es := func(lines ...string) []canon.Entry {
		out := make([]canon.Entry, len(lines))
		for i, l := range lines {
			out[i] = canon.Entry{Line: l}
		}
		return out
	}
	cases := []struct {
		name      string
		want, got []canon.Entry
		bad       []int
	}{
		{"same", es("a", "b"), es("a", "b"), nil},
		{"as long: every one that differs", es("a", "b", "c"), es("x", "b", "y"), []int{0, 2}},
		{"one dropped in the middle", es("a", "b", "c"), es("a", "c"), []int{1}},
		{"several changed, lengths differ", es("a", "b", "c", "d"), es("a", "x", "y", "z", "d"), []int{1, 2}},
		{"want empty", nil, es("a"), nil},
		{"got empty", es("a", "b"), nil, []int{0, 1}},
	}
	for _, c := range cases {
		if got := canon.Mismatches(c.want, c.got); !slices.Equal(got, c.bad) {
			t.Errorf("%s: Mismatches = %v, want %v", c.name, got, c.bad)
		}
	}
}
