package ioerr

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func TestCannotSaysThePathOnce(t *testing.T) {
	p := filepath.Join(t.TempDir(), "missing.md")
	_, err := os.ReadFile(p)
	got := Cannot("read", p, err)
	if want := "cannot read " + p + ": no such file or directory"; got.Error() != want {
		t.Errorf("%q, want %q", got, want)
	}
	if !errors.Is(got, fs.ErrNotExist) {
		t.Error("the original error is not wrapped")
	}
	if plain := errors.New("disk on fire"); Cannot("write", "x", plain).Error() != "cannot write x: disk on fire" {
		t.Error("an error that is not a PathError is said as is")
	}
}
