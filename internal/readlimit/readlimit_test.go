package readlimit

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func TestFile(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a.md")
	os.WriteFile(p, []byte("hello"), 0o644)
	if b, err := File(p, 5); err != nil || string(b) != "hello" {
		t.Errorf("File at the limit: %q, %v", b, err)
	}
	_, err := File(p, 4)
	var tl *TooLargeError
	if !errors.As(err, &tl) || err.Error() != "cannot read "+p+": 5 bytes, more than the limit of 4" {
		t.Errorf("over the limit: %v", err)
	}
	if _, err := File(dir, 100); err == nil || err.Error() != "cannot read "+dir+": not a regular file (a folder)" {
		t.Errorf("a folder: %v", err)
	}
	if _, err := File(filepath.Join(dir, "none"), 100); err == nil || err.Error() != "cannot read "+filepath.Join(dir, "none")+": no such file or directory" {
		t.Errorf("missing: %v", err)
	}
}

func TestFileIn(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "secret"), []byte("s"), 0o644)
	os.WriteFile(filepath.Join(dir, "in"), []byte("i"), 0o644)
	os.Symlink(filepath.Join(outside, "secret"), filepath.Join(dir, "out"))
	os.Symlink("in", filepath.Join(dir, "alias"))
	r, err := os.OpenRoot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if b, err := FileIn(r, "alias", "alias", 10); err != nil || string(b) != "i" {
		t.Errorf("a link inside the root: %q %v", b, err)
	}
	if b, err := FileIn(r, "out", "d/out", 10); err == nil || !strings.HasPrefix(err.Error(), "cannot read d/out: ") {
		t.Errorf("a link leading out of the root was read: %q %v", b, err)
	}
}
