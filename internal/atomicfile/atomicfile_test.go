package atomicfile

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func TestWriteReplaces(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "f.txt")
	for _, s := range []string{"one", "two"} {
		if err := Write(p, []byte(s)); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(p); string(b) != s {
			t.Errorf("read %q, want %q", b, s)
		}
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("%d files left, want 1", len(es))
	}
}

func TestWriteFailureLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "sub") // a folder: the rename must fail
	os.Mkdir(target, 0o755)
	os.WriteFile(filepath.Join(target, "keep"), []byte("x"), 0o644)
	err := Write(target, []byte("data"))
	if err == nil || !strings.Contains(err.Error(), "cannot write "+target) {
		t.Fatalf("error %v", err)
	}
	if es, _ := os.ReadDir(dir); len(es) != 1 {
		t.Errorf("temporary file left behind: %v", es)
	}
}

// TestWriteCreatesTheFolder: a missing folder is made; one that cannot be
// made (a file stands in the way) is an error naming it.
func TestWriteCreatesTheFolder(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "a", "b", "f.txt")
	if err := Write(p, []byte("x")); err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(p); string(b) != "x" {
		t.Errorf("read %q", b)
	}
	blocker := filepath.Join(dir, "file")
	os.WriteFile(blocker, nil, 0o644)
	err := Write(filepath.Join(blocker, "f.txt"), []byte("x"))
	if err == nil || !strings.Contains(err.Error(), "cannot create "+blocker+": ") {
		t.Errorf("error %v, want cannot create %s", err, blocker)
	}
}
