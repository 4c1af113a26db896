package itudoc_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/itudoc/itudoc"
	"github.com/itudoc/itudoc/internal/testtool"
)

// Convert is its stages in a row: the same outputs as Load, Edit and Write
// called one after the other, with the committee's script.
func TestConvertIsItsStages(t *testing.T) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	s := itudoc.Settings{Edits: []string{filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml")}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	whole, err := itudoc.Convert("pp14-149-e.md", src, s)
	if err != nil {
		t.Fatal(err)
	}
	d, err := itudoc.Load("pp14-149-e.md", src, s)
	if err != nil {
		t.Fatal(err)
	}
	edited, applied, err := itudoc.Edit("pp14-149-e.md", d, s)
	if err != nil {
		t.Fatal(err)
	}
	staged, err := itudoc.Write("pp14-149-e.md", edited, s)
	if err != nil {
		t.Fatal(err)
	}
	if len(whole.Outputs) != 2 || len(staged.Outputs) != 2 || len(applied) == 0 || len(whole.Edits) != len(applied) {
		t.Fatalf("outputs %d and %d, edits %d and %d", len(whole.Outputs), len(staged.Outputs), len(whole.Edits), len(applied))
	}
	for i := range whole.Outputs {
		if !bytes.Equal(whole.Outputs[i].Data, staged.Outputs[i].Data) {
			t.Errorf("%s differs between Convert and its stages", whole.Outputs[i].Suffix)
		}
	}
	if len(d.Authors()) != 1 || len(edited.Authors()) != 2 {
		t.Errorf("authors before and after the edits: %v, %v", d.Authors(), edited.Authors())
	}
}
