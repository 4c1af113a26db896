package pilcrow_test

import (
	"strings"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

const src = `MOD A/1/1

RESOLUTION 1

Title

The Conference,

recalling

a) One sentence. ~~and~~[¶](#)

Another sentence.

b) Three[, four](#)~~¶~~

~~, and~~ five.

c) A [mark ending in ¶](#)

d) A [mark](#)[¶](#)
`

func TestPilcrows(t *testing.T) {
	d, err := pipeline.Load("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	var marks []string
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		if strings.HasSuffix(doc.Text(p.Inlines), "¶") && !p.Mark.IsZero() {
			t.Errorf("pilcrow kept in %q", doc.Text(p.Inlines))
		}
		marks = append(marks, p.Mark.Shown().String())
	})
	if got, want := strings.Join(marks, ","), ",,,,,ins,,del,,,ins"; got != want {
		t.Errorf("marks %s, want %s", got, want)
	}
	text := func(v revise.View) string {
		var out []string
		doc.Paragraphs(revise.Apply(d, v).Blocks, func(p *doc.Paragraph) { out = append(out, doc.Text(p.Inlines)) })
		return strings.Join(out[5:], "|")
	}
	if got, want := text(revise.Clean), "One sentence. |Another sentence.|Three, four five.|A mark ending in ¶|A mark"; got != want {
		t.Errorf("clean:\n%s\nwant\n%s", got, want)
	}
	if got, want := text(revise.Original), "One sentence. andAnother sentence.|Three|, and five.|A |A "; got != want {
		t.Errorf("original:\n%s\nwant\n%s", got, want)
	}
}
