package edit_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"

	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
	"github.com/itudoc/itudoc/pipeline/revise"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

// source is a small resolution in the dialect, with a working group's
// marks, a draft and an ADD.
const source = `WORKING GROUP OF THE PLENARY

MOD WGPL/1/1

RESOLUTION 64 (REV. [BUSAN, 2014](#)~~GUADALAJARA, 2010~~)

Title of it

The Plenipotentiary Conference (Busan, 2014),

recalling

a) Resolution 71 (Rev. Guadalajara, 2010) of the Plenipotentiary Conference;

c) Resolution 140 (Rev. Guadalajara, 2010), [on the role of ITU in the WSIS](#);

d) the ‘WSIS’ outcomes,

resolves

1 to continue;

ADD WGPL/1/2

DRAFT NEW RESOLUTION [WG-PL/7]

New title

The Plenipotentiary Conference (Busan, 2014),

resolves

1 to take note of Resolution 64 (Rev. Guadalajara, 2010);
`

func load(t *testing.T) *doc.Document {
	t.Helper()
	d, err := pipeline.Load("t.md", []byte(source))
	if err != nil {
		t.Fatal(err)
	}
	d.ResolveChanges(d.Meta.Source, "2014-11-03")
	return d
}

func script(t *testing.T, yaml string) *edit.Script {
	t.Helper()
	s, err := edit.Parse("s.yaml", []byte(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// body renders the proposals' paragraphs with each change's author:
// {+text+}@A and {-text-}@A, A the author's initials.
func body(d *doc.Document) string {
	var sb strings.Builder
	render := func(in []doc.Inline) {
		for _, il := range in {
			r, ok := il.(*doc.Run)
			if !ok {
				continue
			}
			t := r.Text
			if r.Rev.Del != 0 {
				t = "{-" + t + "-}" + initials(d.Change(r.Rev.Del).Author)
			}
			if r.Rev.Ins != 0 {
				t = "{+" + t + "+}" + initials(d.Change(r.Rev.Ins).Author)
			}
			sb.WriteString(t)
		}
	}
	for _, p := range d.Proposals() {
		doc.Paragraphs(p.Blocks, func(p *doc.Paragraph) {
			if len(p.Label) > 0 {
				render(p.Label)
				sb.WriteString("⇥")
			}
			render(p.Inlines)
			if !p.Mark.IsZero() {
				sb.WriteString(" ¶")
			}
			sb.WriteString("\n")
		})
	}
	return sb.String()
}

func initials(author string) string {
	var s string
	for _, w := range strings.Fields(author) {
		s += w[:1]
	}
	return "@" + s
}

func TestReplaceNestsInAnotherAuthorsInsertion(t *testing.T) {
	d := load(t)
	s := script(t, `
edits:
  - in: WGPL/1/1
    label: a)
    replace: Rev. Guadalajara, 2010
    with: Rev. Busan, 2014
  - in: "64"
    section: recalling
    label: c)
    replace: role of ITU
    with: role of the Union
`)
	out, rep, err := edit.Apply(d, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := body(out)
	for _, want := range []string{
		"a)⇥Resolution 71 ({-Rev. Guadalajara, 2010-}@EC{+Rev. Busan, 2014+}@EC) of",
		"{+on the +}@WGOTP{+{-role of ITU-}@EC+}@WGOTP{+role of the Union+}@EC{+ in the WSIS+}@WGOTP",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	if len(rep.Applied) != 2 {
		t.Errorf("report %+v", rep.Applied)
	}
	// d itself is unchanged.
	if strings.Contains(body(d), "@EC") {
		t.Error("Apply changed its input")
	}
	// Rejecting the committee's changes gives the document back; accepting
	// them all gives the script applied to the clean text.
	back := revise.Decided(out, revise.ByAuthor(edit.DefaultAuthor, revise.Reject))
	if body(back) != body(revise.Apply(d, revise.Marked)) {
		t.Errorf("rejecting the committee's changes:\n%s\nwant\n%s", body(back), body(d))
	}
	clean := body(revise.Apply(out, revise.Clean))
	if !strings.Contains(clean, "Resolution 71 (Rev. Busan, 2014) of") || !strings.Contains(clean, "on the role of the Union in the WSIS") {
		t.Errorf("clean view:\n%s", clean)
	}
}

func TestFoldedMatching(t *testing.T) {
	d := load(t)
	s := script(t, `
edits:
  - label: d)
    replace: "the 'WSIS' outcomes"
    with: "the WSIS outcomes"
`)
	out, _, err := edit.Apply(d, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body(revise.Apply(out, revise.Clean)), "d)⇥the WSIS outcomes,") {
		t.Errorf("quotes not folded for matching:\n%s", body(out))
	}
}

func TestADDHasNoMarks(t *testing.T) {
	d := load(t)
	s := script(t, `
edits:
  - in: WGPL/1/2
    replace: Rev. Guadalajara, 2010
    with: Rev. Busan, 2014
`)
	out, rep, err := edit.Apply(d, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(body(out), "1⇥to take note of Resolution 64 (Rev. Busan, 2014);") {
		t.Errorf("ADD edited with marks:\n%s", body(out))
	}
	if rep.Applied[0].Note != "applied without marks: ADD is new text" {
		t.Errorf("note %q", rep.Applied[0].Note)
	}
}

func TestNumberDraft(t *testing.T) {
	d := load(t)
	s := script(t, `
edits:
  - number: {draft: "[WG-PL/7]", as: "202", line: "RESOLUTION 202 (BUSAN, 2014)"}
`)
	out, _, err := edit.Apply(d, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if p := out.Proposals()[1]; p.Number != "RESOLUTION 202 (BUSAN, 2014)" {
		t.Errorf("number %q", p.Number)
	}
}

func TestRenumberAndParagraphs(t *testing.T) {
	d := load(t)
	s := script(t, `
edits:
  - in: WGPL/1/1
    label: a)
    insert-paragraph: {label: "b)", text: "Resolution 139 (Rev. Busan, 2014);"}
  - in: WGPL/1/1
    label: c)
    delete-paragraph: true
  - in: WGPL/1/1
    section: recalling
    renumber: true
`)
	out, _, err := edit.Apply(d, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := body(out)
	for _, want := range []string{"{+b)+}@EC⇥{+Resolution 139 (Rev. Busan, 2014);+}@EC ¶\n", "\n{-c)-}@EC⇥{-Resolution 140 (Rev. Guadalajara, 2010), -}@EC{+{-on the role of ITU in the WSIS-}@EC+}@WGOTP{-;-}@EC ¶\n", "\n{-d)-}@EC{+c)+}@EC⇥the"} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in\n%s", want, got)
		}
	}
	clean := body(revise.Apply(out, revise.Clean))
	if !strings.Contains(clean, "a)⇥Resolution 71") || !strings.Contains(clean, "b)⇥Resolution 139") || strings.Contains(clean, "Resolution 140") || !strings.Contains(clean, "c)⇥the ‘WSIS’") {
		t.Errorf("clean view after renumbering:\n%s\nmarked:\n%s", clean, got)
	}
}

func TestFailures(t *testing.T) {
	d := load(t)
	for _, c := range []struct {
		script, want string
	}{
		{"edits:\n  - replace: Busan, 2099\n    with: x\n", `s.yaml:2:5: "Busan, 2099" found 0 times (the whole document), want 1; nearest: "nference (Busan, 2014)," (WGPL/1/1 at 9:1), "nference (Busan, 2014)," (WGPL/1/2 at 29:1)`},
		{"edits:\n  - replace: Guadalajara, 2010\n    with: x\n", `s.yaml:2:5: "Guadalajara, 2010" found 3 times (the whole document), want 1; found at WGPL/1/1 at 13:1, WGPL/1/1 at 15:1, WGPL/1/2 at 33:1`},
		{"edits:\n  - in: WGPL/9/9\n    delete: x\n", `s.yaml:2:5: no proposal or resolution "WGPL/9/9" in the document (in: takes a proposal id such as WGPL/149/2 or a resolution number such as 64)`},
		{"edits:\n  - label: a)\n    replace: Rev.\n    with: Rev\n  - label: a)\n    replace: Rev Guadalajara\n    with: Rev. Guadalajara\n", `s.yaml:5:5: this edit changes the same characters as the edit at s.yaml:2:5`},
		// The resolution number's old text is the working group's deletion.
		{"author: SECRETARIAT\nedits:\n  - in: WGPL/1/1\n    delete: GUADALAJARA\n", `s.yaml:3:5: "GUADALAJARA" is already deleted by WORKING GROUP OF THE PLENARY: an edit changes text the clean view shows`},
		{"edits:\n  - label: z)\n    delete-paragraph: true\n", `s.yaml:2:5: the anchors (label: z)) select no paragraph`},
	} {
		_, _, err := edit.Apply(d, script(t, c.script), edit.Options{})
		var e *edit.Error
		if !errors.As(err, &e) || err.Error() != c.want {
			t.Errorf("script\n%s\ngot  %v\nwant %s", c.script, err, c.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, c := range []struct{ yaml, want string }{
		{"edits:\n  - replace: a\n    whth: b\n", `s.yaml:3:5: unknown field "whth"`},
		{"edits:\n  - replace: a\n", "s.yaml:2:5: replace: needs a with: (the new text; \"\" to delete)"},
		{"edits:\n  - delete: a\n    insert: b\n    at: start\n", "s.yaml:2:5: an edit has exactly one of replace:, delete:, insert:, insert-paragraph:, delete-paragraph:, renumber: or number:"},
		{"date: 5 May\nedits:\n  - delete: a\n", `s.yaml:1:7: date must be YYYY-MM-DD, not "5 May"`},
		{"edits:\n  - delete: a\n    count: some\n", `s.yaml:2:5: count: must be a number or all, not "some"`},
		{"author: X\n", "s.yaml: the script has no edits (an edits: or rules: list)"},
	} {
		_, err := edit.Parse("s.yaml", []byte(c.yaml))
		if err == nil || err.Error() != c.want {
			t.Errorf("%q: got %v, want %s", c.yaml, err, c.want)
		}
	}
}

func TestAlreadyApplied(t *testing.T) {
	d := load(t)
	s := script(t, `
edits:
  - label: a)
    replace: Rev. Guadalajara, 2010
    with: Rev. Busan, 2014
  - label: d)
    insert: " and beyond"
    after: outcomes
`)
	once, _, err := edit.Apply(d, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	twice, rep, err := edit.Apply(once, s, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if body(twice) != body(once) {
		t.Errorf("a second run changed the text:\n%s", body(twice))
	}
	for _, a := range rep.Applied {
		if a.Note != "already applied" {
			t.Errorf("second run: %s %s %q", a.Edit.Pos, a.What, a.Note)
		}
	}
}

// BenchmarkEditSeed applies a 200-edit script to the seed: the committee's
// script, and rules that touch every paragraph.
func BenchmarkEditSeed(b *testing.B) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	d, err := pipeline.Load("pp14-149-e.md", src)
	if err != nil {
		b.Fatal(err)
	}
	var sb strings.Builder
	sb.WriteString("edits:\n")
	for _, p := range d.Proposals() {
		for _, blk := range p.Blocks {
			q, ok := blk.(*doc.Paragraph)
			if !ok || p.Action.New() || len(q.Label) == 0 || len(sb.String()) > 0 && strings.Count(sb.String(), "- ") >= 200 {
				continue
			}
			words := strings.Fields(doc.CleanText(q.Inlines))
			if len(words) < 3 {
				continue
			}
			fmt.Fprintf(&sb, "  - insert: %q\n    at: end\n    in: %s\n    section: %q\n    label: %q\n    count: all\n", " [EC]", p.ID, sectionOf(p, q), strings.TrimSpace(doc.CleanText(q.Label)))
		}
	}
	s, err := edit.Parse("bench.yaml", []byte(sb.String()))
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("%d edits", len(s.Edits))
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := edit.Apply(d, s, edit.Options{KeepGoing: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// sectionOf is the call q stands under in p.
func sectionOf(p *doc.Proposal, q *doc.Paragraph) string {
	section := ""
	for _, blk := range p.Blocks {
		if c, ok := blk.(*doc.Paragraph); ok {
			if c.Style == doc.StyleCall {
				section = strings.Join(strings.Fields(doc.CleanText(c.Inlines)), " ")
			}
			if c == q {
				return section
			}
		}
	}
	return section
}
