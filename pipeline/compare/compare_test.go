package compare_test

import (
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/compare"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edits"
)

// exact checks the contract: the redline's accepted view is new's clean
// view and its rejected view old's.
func exact(t *testing.T, old, new, red *doc.Document) {
	t.Helper()
	if d := canon.Diff(edits.Apply(red, edits.Clean), edits.Apply(new, edits.Clean), canon.Options{Meta: true}); d != "" {
		t.Errorf("accepting every change does not give the new text:\n%s", d)
	}
	if d := canon.Diff(edits.Apply(red, edits.Original), edits.Apply(old, edits.Clean), canon.Options{}); d != "" {
		t.Errorf("rejecting every change does not give the old text:\n%s", d)
	}
}

func TestSeedPairIsExact(t *testing.T) {
	seed := testtool.LoadSeed(t)
	old, new := edits.Apply(seed, edits.Original), edits.Apply(seed, edits.Clean)
	red := compare.Compare(old, new, compare.Options{})
	exact(t, old, new, red)
}
