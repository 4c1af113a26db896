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
