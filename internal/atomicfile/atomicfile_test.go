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

// A symbolic link in the output folder that leads out of it is refused,
// for writes and removals, and nothing is written through it.
func TestSymlinkOutOfRootRefused(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	os.WriteFile(filepath.Join(outside, "keep"), []byte("k"), 0o644)
	os.Symlink(outside, filepath.Join(root, "sub"))
	err := WriteSet(root, []File{{Name: "a.docx", Data: []byte("a")}, {Name: "sub/b.docx", Data: []byte("b")}})
	want := "cannot create the folder of " + filepath.Join(root, "sub", "b.docx") + ": " + filepath.Join(root, "sub") + " is a symbolic link that leads out of " + root + " (refused)"
	if err == nil || err.Error() != want {
		t.Errorf("error %v\nwant %s", err, want)
	}
	if es, _ := os.ReadDir(outside); len(es) != 1 {
		t.Errorf("written through the link: %v", es)
	}
	if es, _ := os.ReadDir(root); len(es) != 1 {
		t.Errorf("the set was half written (a.docx or a temporary file): %v", es)
	}
	if err := ReplaceDir(root, "sub/g.docx", []File{{Name: "x", Data: nil}}); err == nil || !strings.Contains(err.Error(), "is a symbolic link that leads out of") {
		t.Errorf("ReplaceDir through the link: %v", err)
	}
	if err := Remove(root, "sub/keep"); err == nil || !strings.Contains(err.Error(), "is a symbolic link that leads out of") {
		t.Errorf("Remove through the link: %v", err)
	}
	if _, err := os.Stat(filepath.Join(outside, "keep")); err != nil {
		t.Error("removed through the link:", err)
	}
	// A link that stays inside the folder is followed.
	os.Mkdir(filepath.Join(root, "real"), 0o755)
	os.Symlink("real", filepath.Join(root, "inside"))
	if err := WriteSet(root, []File{{Name: "inside/c", Data: []byte("c")}}); err != nil {
		t.Error(err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "real", "c")); string(b) != "c" {
		t.Errorf("read %q through the inner link", b)
	}
}

// A set is renamed only once every file of it is written: a failure on the
// second file (a folder in its place) leaves the first one old.
func TestWriteSetAllOrNothing(t *testing.T) {
	root := t.TempDir()
	os.WriteFile(filepath.Join(root, "a"), []byte("old"), 0o644)
	os.Mkdir(filepath.Join(root, "b"), 0o755)
	err := WriteSet(root, []File{{Name: "a", Data: []byte("new")}, {Name: "b", Data: []byte("new")}})
	if err == nil || err.Error() != "cannot write "+filepath.Join(root, "b")+": a folder of that name is in the way" {
		t.Errorf("error %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(root, "a")); string(b) != "old" {
		t.Errorf("a is %q: renamed before the whole set was written", b)
	}
	if es, _ := os.ReadDir(root); len(es) != 2 {
		t.Errorf("temporary files left: %v", es)
	}
}

// ReplaceDir swaps a folder for a new one; the old contents go.
func TestReplaceDir(t *testing.T) {
	root := t.TempDir()
	for _, gen := range []string{"one", "two"} {
		if err := ReplaceDir(root, "g/x.docx", []File{{Name: "word/document.xml", Data: []byte(gen)}, {Name: gen, Data: nil}}); err != nil {
			t.Fatal(err)
		}
		if b, _ := os.ReadFile(filepath.Join(root, "g", "x.docx", "word", "document.xml")); string(b) != gen {
			t.Errorf("document.xml %q, want %q", b, gen)
		}
	}
	es, _ := os.ReadDir(filepath.Join(root, "g", "x.docx"))
	if len(es) != 2 || es[0].Name() != "two" {
		t.Errorf("the new folder holds %v, want two and word", es)
	}
	if es, _ := os.ReadDir(filepath.Join(root, "g")); len(es) != 1 {
		t.Errorf("left beside the golden: %v", es)
	}
}

// CleanTemps removes what a killed writer left, and nothing else.
func TestCleanTemps(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "sub", ".x.docx"+TempMark+"0123"), 0o755)
	os.WriteFile(filepath.Join(root, "sub", ".a.pdf"+TempMark+"beef"), nil, 0o644)
	os.WriteFile(filepath.Join(root, "sub", "a.pdf"), nil, 0o644)
	os.WriteFile(filepath.Join(root, ".hidden"), nil, 0o644)
	n, err := CleanTemps(root)
	if err != nil || n != 2 {
		t.Errorf("removed %d (%v), want 2", n, err)
	}
	if es, _ := os.ReadDir(filepath.Join(root, "sub")); len(es) != 1 || es[0].Name() != "a.pdf" {
		t.Errorf("left %v", es)
	}
}

// A new folder that cannot be written whole (here a part stands where
// another needs a folder, as a full disk would stop it) leaves the old one
// as it was, and nothing beside it.
func TestReplaceDirFailureKeepsOld(t *testing.T) {
	root := t.TempDir()
	if err := ReplaceDir(root, "x.docx", []File{{Name: "word/document.xml", Data: []byte("old")}}); err != nil {
		t.Fatal(err)
	}
	err := ReplaceDir(root, "x.docx", []File{{Name: "a", Data: []byte("new")}, {Name: "a/b", Data: []byte("new")}})
	if err == nil {
		t.Fatal("no error")
	}
	if b, _ := os.ReadFile(filepath.Join(root, "x.docx", "word", "document.xml")); string(b) != "old" {
		t.Errorf("the old folder holds %q", b)
	}
	if es, _ := os.ReadDir(root); len(es) != 1 {
		t.Errorf("left beside it: %v", es)
	}
}

// CleanTempsOf removes the leftovers of one name only.
func TestCleanTempsOf(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(filepath.Join(root, "g", ".a.docx"+TempMark+"0123", "word"), 0o755)
	os.WriteFile(filepath.Join(root, "g", ".a.docx.pdf"+TempMark+"beef"), nil, 0o644)
	os.WriteFile(filepath.Join(root, "g", ".b.docx"+TempMark+"beef"), nil, 0o644)
	n, err := CleanTempsOf(root, "g/a.docx")
	if err != nil || n != 1 {
		t.Errorf("removed %d (%v), want 1", n, err)
	}
	if es, _ := os.ReadDir(filepath.Join(root, "g")); len(es) != 2 {
		t.Errorf("left %v, want the other two", es)
	}
	if n, err := CleanTempsOf(root, "missing/x"); n != 0 || err != nil {
		t.Errorf("a missing folder: %d %v", n, err)
	}
}

// TestCacheFilesAreNotSynced: every file of a set is synced before it is
// renamed, except those marked Cache; all are written and put in place.
func TestCacheFilesAreNotSynced(t *testing.T) {
	var synced []string
	was := syncFile
	syncFile = func(f *os.File) error {
		synced = append(synced, filepath.Base(f.Name()))
		return was(f)
	}
	defer func() { syncFile = was }()
	root := t.TempDir()
	err := WriteSet(root, []File{{Name: "a.pdf", Data: []byte("A")}, {Name: "a.stamp", Data: []byte("S"), Cache: true}, {Name: "b.docx", Data: []byte("B")}})
	if err != nil {
		t.Fatal(err)
	}
	if len(synced) != 2 || !strings.HasPrefix(synced[0], ".a.pdf"+TempMark) || !strings.HasPrefix(synced[1], ".b.docx"+TempMark) {
		t.Errorf("synced %v, want the temporary files of a.pdf and b.docx only", synced)
	}
	for name, want := range map[string]string{"a.pdf": "A", "a.stamp": "S", "b.docx": "B"} {
		if b, _ := os.ReadFile(filepath.Join(root, name)); string(b) != want {
			t.Errorf("%s is %q, want %q", name, b, want)
		}
	}
}
