package pipeline_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edits"
)

// FuzzLoad feeds parse → normalize → edits anything: it must give a
// document or a *doc.SourceError, never panic, and its views must keep their
// contracts. Seed corpus: testdata/fuzz/FuzzLoad and the cases below.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		"MOD WGPL/1/2\n\nRESOLUTION 64 (REV. [BUSAN, 2014](#)~~GUADALAJARA, 2010~~)\n\n**Title**\n\nThe Conference,\n\nrecalling\n\n- a) text¹;\n\n¹ Note.\n",
		"COMMITTEE 4\n\nDocument 1-E\n3 November 2014\nOriginal: English\n\nSOURCE\n\n**TITLE**\n\nAction\tTitle\nMOD\tRES 1\n\nAnnex: 1 page\n\nADD A/1/1\n\nDRAFT NEW RESOLUTION\n",
		"~~7~~8 to ~~a) — x~~\n\n- [i) y](#)\n - b) z\n2. w\n",
		"[unclosed](# ~~unbalanced **bold\n\n\r\n\x01",
		"SUP A/1/1\n\nRESOLUTION 1\n\nT\n\nThe C,\n\nrecalling\n\na) dropped;\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		d, err := pipeline.Load("fuzz.md", src)
		if err != nil {
			var se *doc.SourceError
			if !errors.As(err, &se) {
				t.Fatalf("error %T %v, want a *doc.SourceError", err, err)
			}
			return
		}
		_ = d.Stats()
		if _, err := d.Dump(); err != nil {
			t.Fatalf("dump: %v", err)
		}
		for _, v := range []edits.View{edits.Clean, edits.Original} {
			view := edits.Apply(d, v)
			doc.Paragraphs(view.Blocks, func(p *doc.Paragraph) {
				if p.Mark != doc.Unchanged {
					t.Fatalf("%s view: paragraph mark %v", v, p.Mark)
				}
				for _, il := range append(append([]doc.Inline{}, p.Label...), p.Inlines...) {
					if il.Revision() != doc.Unchanged {
						t.Fatalf("%s view: a revised run", v)
					}
					if r, ok := il.(*doc.FootnoteRef); ok && view.Footnote(r.ID) == nil {
						t.Fatalf("%s view: reference to footnote %d of %d", v, r.ID, len(view.Footnotes))
					}
				}
			})
		}
		m := edits.Apply(d, edits.Marked)
		if _, err := json.Marshal(m.Meta); err != nil {
			t.Fatal(err)
		}
	})
}
