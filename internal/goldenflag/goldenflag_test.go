package goldenflag

import (
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// TestEveryTestPackageTakesUpdate: every folder of the module with test
// files imports goldenflag or testtool in one of them, so that
// go test ./... -update runs everywhere instead of failing with "flag
// provided but not defined" in the packages without golden files.
func TestEveryTestPackageTakesUpdate(t *testing.T) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..")
	has := map[string]bool{} // folder → some test file imports the flag
	err := filepath.WalkDir(root, func(path string, e os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() && (strings.HasPrefix(e.Name(), ".") || e.Name() == "testdata" || e.Name() == "out") && path != root {
			return filepath.SkipDir
		}
		if e.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		s := string(src)
		has[dir] = has[dir] || strings.Contains(s, `"github.com/itudoc/itudoc/internal/goldenflag"`) ||
			strings.Contains(s, `"github.com/itudoc/itudoc/internal/testtool"`) || dir == "internal/goldenflag"
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(has) < 10 {
		t.Fatalf("found test files in only %d folders: is the walk right?", len(has))
	}
	for _, dir := range slices.Sorted(maps.Keys(has)) {
		if !has[dir] {
			t.Errorf("%s: its tests do not import internal/goldenflag (or internal/testtool), so go test ./... -update fails there", dir)
		}
	}
}
