package pipeline_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// FuzzLoad feeds parse → normalize → edits anything: it must give a
// document or a *doc.SourceError, never panic, and its views must keep their
// contracts. Seed corpus: testdata/fuzz/FuzzLoad and testtool.FuzzSources.
func FuzzLoad(f *testing.F) {
	for _, s := range testtool.FuzzSources {
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
		for _, v := range []revise.View{revise.Clean, revise.Original} {
			view := revise.Apply(d, v)
			doc.Paragraphs(view.Blocks, func(p *doc.Paragraph) {
				if !p.Mark.IsZero() {
					t.Fatalf("%s view: paragraph mark %v", v, p.Mark)
				}
				for _, il := range append(append([]doc.Inline{}, p.Label...), p.Inlines...) {
					if !il.Revision().IsZero() {
						t.Fatalf("%s view: a revised run", v)
					}
					if r, ok := il.(*doc.FootnoteRef); ok && view.Footnote(r.ID) == nil {
						t.Fatalf("%s view: reference to footnote %d of %d", v, r.ID, len(view.Footnotes))
					}
				}
			})
		}
		m := revise.Apply(d, revise.Marked)
		if _, err := json.Marshal(m.Meta); err != nil {
			t.Fatal(err)
		}
	})
}
