package main

import (
	"compress/gzip"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
)

// TestProfiles: --cpuprofile and --memprofile write pprof files (gzipped
// protocol buffers) around a real run, and a bad path is a usage error.
func TestProfiles(t *testing.T) {
	dir := t.TempDir()
	cpu, mem := filepath.Join(dir, "cpu.pprof"), filepath.Join(dir, "mem.pprof")
	code, _, errOut := runCLI(t, "", "--cpuprofile", cpu, "--memprofile", mem, "convert", "-q", "-o", dir, testtool.Seed())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, p := range []string{cpu, mem} {
		f, err := os.Open(p)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: not a pprof file: %v", p, err)
		}
		data, err := io.ReadAll(zr)
		f.Close()
		if err != nil || len(data) < 100 {
			t.Errorf("%s: %d bytes, %v", p, len(data), err)
		}
	}
	code, _, errOut = runCLI(t, "", "--cpuprofile", filepath.Join(dir, "no", "such", "dir", "cpu"), "inspect", testtool.Seed())
	if code != 2 || !strings.Contains(errOut, "--cpuprofile") {
		t.Errorf("bad profile path: exit %d, %q", code, errOut)
	}
}

// TestTrace: --trace writes a runtime execution trace (go tool trace's
// format, which starts "go 1.N trace") of a real run, and a bad path is a
// usage error.
func TestTrace(t *testing.T) {
	dir := t.TempDir()
	tr := filepath.Join(dir, "run.trace")
	code, _, errOut := runCLI(t, "", "--trace", tr, "convert", "-q", "-o", dir, testtool.Seed())
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	data, err := os.ReadFile(tr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(data), "go 1.") || !strings.Contains(string(data[:16]), " trace") || len(data) < 10000 {
		t.Errorf("%s: %d bytes starting %q: not an execution trace of the run", tr, len(data), data[:min(16, len(data))])
	}
	code, _, errOut = runCLI(t, "", "--trace", filepath.Join(dir, "no", "such", "dir", "t"), "inspect", testtool.Seed())
	if code != 2 || !strings.Contains(errOut, "--trace") {
		t.Errorf("bad trace path: exit %d, %q", code, errOut)
	}
}

// TestTuneGC: the collector defaults apply unless GOGC or GOMEMLIMIT is set.
func TestTuneGC(t *testing.T) {
	was := debug.SetGCPercent(100)
	wasLimit := debug.SetMemoryLimit(math.MaxInt64)
	defer func() { debug.SetGCPercent(was); debug.SetMemoryLimit(wasLimit) }()

	tuneGC(func(string) string { return "" })
	if got := debug.SetGCPercent(100); got != defaultGCPercent {
		t.Errorf("GC percent %d, want %d", got, defaultGCPercent)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != defaultMemoryLimit {
		t.Errorf("memory limit %d, want %d", got, defaultMemoryLimit)
	}
	tuneGC(func(k string) string { return map[string]string{"GOGC": "50", "GOMEMLIMIT": "1GiB"}[k] })
	if got := debug.SetGCPercent(100); got != 100 {
		t.Errorf("GOGC set, but the GC percent became %d", got)
	}
	if got := debug.SetMemoryLimit(math.MaxInt64); got != math.MaxInt64 {
		t.Errorf("GOMEMLIMIT set, but the limit became %d", got)
	}
}
