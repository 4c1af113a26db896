package compare_test

import (
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/compare"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// exact checks the contract: the redline's accepted view is new's clean
// view and its rejected view old's.
func exact(t *testing.T, old, new, red *doc.Document) {
	t.Helper()
	if d := canon.Diff(revise.Apply(red, revise.Clean), revise.Apply(new, revise.Clean), canon.Options{Meta: true}); d != "" {
		t.Errorf("accepting every change does not give the new text:\n%s", d)
	}
	if d := canon.Diff(revise.Apply(red, revise.Original), revise.Apply(old, revise.Clean), canon.Options{}); d != "" {
		t.Errorf("rejecting every change does not give the old text:\n%s", d)
	}
}

func TestSeedPairIsExact(t *testing.T) {
	seed := testtool.LoadSeed(t)
	old, new := revise.Apply(seed, revise.Original), revise.Apply(seed, revise.Clean)
	red := compare.Compare(old, new, compare.Options{})
	exact(t, old, new, red)
}

// The redline of the seed's two views, written in the dialect, reads back
// as itself.
func TestSeedPairReadsBack(t *testing.T) {
	seed := testtool.LoadSeed(t)
	old, new := revise.Apply(seed, revise.Original), revise.Apply(seed, revise.Clean)
	red := compare.Compare(old, new, compare.Options{ReadBack: markdown.ReadBack})
	exact(t, old, new, red)
	for _, d := range red.Diagnostics {
		if d.Severity != doc.Note {
			t.Errorf("%s", d.Format(""))
		}
	}
	back, err := markdown.ReadBack(red)
	if err != nil {
		t.Fatal(err)
	}
	if d := canon.Diff(red, back, canon.All); d != "" {
		t.Errorf("the redline reads back otherwise:\n%s", d)
	}
}
