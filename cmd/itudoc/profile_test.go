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
