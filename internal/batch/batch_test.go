package batch

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
)

// makePack writes the seed and n-1 variants of it (the first proposals of
// the seed, each with a word of its own) into a folder, with a manifest.
func makePack(t testing.TB, n int) string {
	t.Helper()
	seed, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	short := string(seed)
	if i := strings.Index(short, "MOD WGPL/149/4"); i > 0 {
		short = short[:i]
	}
	dir := t.TempDir()
	var manifest strings.Builder
	manifest.WriteString("title: test pack\ndefaults:\n  conference: Plenipotentiary Conference (PP-14)\ndocuments:\n")
	for i := 0; i < n; i++ {
		name := fmt.Sprintf("doc%02d.md", i)
		text := string(seed)
		if i > 0 {
			text = strings.Replace(short, "the importance of", fmt.Sprintf("the importance (variant %d) of", i), 1)
		}
		sub := ""
		if i%5 == 4 {
			sub = "sub/"
			os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		}
		if err := os.WriteFile(filepath.Join(dir, sub+name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(&manifest, "  - source: %s%s\n", sub, name)
	}
	os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte(manifest.String()), 0o644)
	return dir
}

func build(t *testing.T, paths []string, opt Options) *Report {
	t.Helper()
	p, err := Collect(paths, render.Settings{}, CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(context.Background(), p, opt)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// readTree reads every output file below dir (stamps and the lock file
// left out).
func readTree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() && !strings.HasSuffix(p, ".itudoc-stamp") && e.Name() != LockName {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			files[rel] = b
		}
		return nil
	})
	return files
}

func TestPackBuildIncremental(t *testing.T) {
	pack := makePack(t, 20)
	manifest := filepath.Join(pack, "pack.yaml")
	out1, out4 := t.TempDir(), t.TempDir()

	r1 := build(t, []string{manifest}, Options{OutDir: out1, Workers: 1, Version: "test"})
	r4 := build(t, []string{manifest}, Options{OutDir: out4, Workers: 4, Version: "test"})
	if r1.Totals.Built != 20 || r4.Totals.Built != 20 || r1.Title != "test pack" {
		t.Fatalf("built %d and %d of 20: %+v", r1.Totals.Built, r4.Totals.Built, r1.Totals)
	}
	f1, f4 := readTree(t, out1), readTree(t, out4)
	if len(f1) != 40 {
		t.Errorf("%d output files, want 40", len(f1))
	}
	for name, b := range f1 {
		if !bytes.Equal(b, f4[name]) {
			t.Errorf("%s differs between -j 1 and -j 4", name)
		}
	}
	for i, d := range r1.Documents {
		if d.Source != r4.Documents[i].Source || d.Outputs[0].SHA256 != r4.Documents[i].Outputs[0].SHA256 {
			t.Errorf("report entry %d differs between -j 1 and -j 4", i)
		}
	}

	again := build(t, []string{manifest}, Options{OutDir: out1, Workers: 2, Version: "test"})
	if again.Totals.Skipped != 20 || again.Totals.Built != 0 {
		t.Errorf("second run: %+v, want everything up to date", again.Totals)
	}
	if len(again.Documents[0].Warnings) != 1 {
		t.Errorf("a skipped document keeps its warnings in the report: %v", again.Documents[0].Warnings)
	}

	touched := filepath.Join(pack, "doc03.md")
	b, _ := os.ReadFile(touched)
	os.WriteFile(touched, append(b, []byte("\nMOD WGPL/1/99\n\nRESOLUTION 1\n\nT\n\nThe C,\n")...), 0o644)
	third := build(t, []string{manifest}, Options{OutDir: out1, Workers: 2, Version: "test"})
	if third.Totals.Built != 1 || third.Totals.Skipped != 19 || third.Documents[3].Status != Built {
		t.Errorf("after touching doc03: %+v", third.Totals)
	}
	if forced := build(t, []string{manifest}, Options{OutDir: out1, Workers: 2, Version: "test", Force: true}); forced.Totals.Built != 20 {
		t.Errorf("--force built %d", forced.Totals.Built)
	}
	if newer := build(t, []string{manifest}, Options{OutDir: out1, Workers: 2, Version: "test2"}); newer.Totals.Built != 20 {
		t.Errorf("a new version built %d, want all", newer.Totals.Built)
	}
}

func TestBrokenDocumentDoesNotStopOthers(t *testing.T) {
	pack := makePack(t, 3)
	os.WriteFile(filepath.Join(pack, "doc01.md"), []byte("binary\x00"), 0o644)
	out := t.TempDir()
	r := build(t, []string{pack}, Options{OutDir: out, Workers: 2, Version: "test"})
	if r.Totals.Failed != 1 || r.Totals.Built != 2 {
		t.Fatalf("%+v", r.Totals)
	}
	bad := r.Documents[1]
	if bad.Status != Failed || !strings.Contains(bad.Error, "doc01.md:1:7: error: NUL byte") {
		t.Errorf("report of the broken document: %+v", bad)
	}
	if _, err := os.Stat(filepath.Join(out, "doc01.docx")); !os.IsNotExist(err) {
		t.Error("the broken document left an output")
	}
	if _, err := os.Stat(filepath.Join(out, "doc02.docx")); err != nil {
		t.Error(err)
	}
}

func TestShardsCoverOnce(t *testing.T) {
	var jobs []Job
	for i := 0; i < 200; i++ {
		jobs = append(jobs, Job{Stem: fmt.Sprintf("docs/d%03d", i)})
	}
	count := map[string]int{}
	sizes := []int{}
	for k := 1; k <= 3; k++ {
		sh, err := ParseShard(fmt.Sprintf("%d/3", k))
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, j := range jobs {
			if sh.Has(j) {
				count[j.Stem]++
				n++
			}
		}
		sizes = append(sizes, n)
	}
	for _, j := range jobs {
		if count[j.Stem] != 1 {
			t.Errorf("%s in %d shards", j.Stem, count[j.Stem])
		}
	}
	for _, n := range sizes {
		if n < 40 {
			t.Errorf("shard sizes %v: badly uneven", sizes)
		}
	}
	for _, bad := range []string{"0/3", "4/3", "x", "1/0", "2"} {
		if _, err := ParseShard(bad); err == nil {
			t.Errorf("shard %q accepted", bad)
		}
	}
}

func TestShardedBuildsCoverPack(t *testing.T) {
	pack := makePack(t, 6)
	seen := map[string]int{}
	for k := 1; k <= 3; k++ {
		r := build(t, []string{pack}, Options{OutDir: t.TempDir(), Workers: 2, Version: "t", Shard: Shard{k, 3}})
		for _, d := range r.Documents {
			seen[d.Source]++
		}
	}
	if len(seen) != 6 {
		t.Errorf("shards built %d distinct documents, want 6", len(seen))
	}
	for s, n := range seen {
		if n != 1 {
			t.Errorf("%s built %d times", s, n)
		}
	}
}

func TestManifestErrors(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("x\n"), 0o644)
	for name, tc := range map[string]struct{ yaml, want string }{
		"unknown key":    {"documents:\n  - source: a.md\n    autor: X\n", "pack.yaml:3:5: unknown field \"autor\""},
		"missing source": {"documents:\n  - source: a.md\n  - source: nope.md\n", "pack.yaml:3:13: source nope.md"},
		"escape":         {"documents:\n  - source: a.md\n    output: ../../x\n", "must stay inside the output folder"},
		"absolute":       {"documents:\n  - source: a.md\n    output: /tmp/x\n", "relative name inside the output folder"},
		"bad date":       {"defaults:\n  date: 3 Nov\ndocuments:\n  - source: a.md\n", "pack.yaml:2:9: defaults: date must be YYYY-MM-DD"},
		"empty":          {"title: nothing\n", "lists no documents"},
		"duplicate":      {"documents:\n  - source: a.md\n  - source: a.md\n", "would overwrite"},
	} {
		path := filepath.Join(dir, "pack.yaml")
		os.WriteFile(path, []byte(tc.yaml), 0o644)
		_, err := Collect([]string{path}, render.Settings{}, CollectOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", name, err, tc.want)
		}
	}
}

// A bug that panics in one document's conversion fails that document, with
// a stack trace in the report, and the batch goes on.
func TestPanicIsDocumentError(t *testing.T) {
	pack := makePack(t, 3)
	defer func(f func(string, []byte, render.Settings) (*render.Result, error)) { convertDoc = f }(convertDoc)
	real := convertDoc
	convertDoc = func(name string, src []byte, s render.Settings) (*render.Result, error) {
		if strings.HasSuffix(name, "doc01.md") {
			var m map[string]int
			m["boom"]++ // a nil map write, as a bug would
		}
		return real(name, src, s)
	}
	r := build(t, []string{pack}, Options{OutDir: t.TempDir(), Workers: 2, Version: "t"})
	d := r.Documents[1]
	if d.Status != Failed || !strings.Contains(d.Error, "internal error") || !strings.Contains(d.Stack, "buildOne") {
		t.Errorf("panicking document: %+v", d)
	}
	if r.Totals.Built != 2 {
		t.Errorf("the others: %+v", r.Totals)
	}
}

func TestCancelledBuild(t *testing.T) {
	pack := makePack(t, 4)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p, _ := Collect([]string{pack}, render.Settings{}, CollectOptions{})
	start := time.Now()
	r, err := Build(ctx, p, Options{OutDir: t.TempDir(), Workers: 1, Version: "t"})
	if err != nil {
		t.Fatal(err)
	}
	if r.Totals.Cancelled == 0 || r.Totals.Cancelled+r.Totals.Built != 4 {
		t.Errorf("cancelled build: %+v (in %v)", r.Totals, time.Since(start))
	}
}

// Entries of a manifest that share a source spread over the shards: the
// shard is decided by the output name.
func TestShardsSpreadSharedSource(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("x\n"), 0o644)
	var m strings.Builder
	m.WriteString("documents:\n")
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&m, "  - source: a.md\n    output: v%02d\n", i)
	}
	os.WriteFile(filepath.Join(dir, "pack.yaml"), []byte(m.String()), 0o644)
	p, err := Collect([]string{filepath.Join(dir, "pack.yaml")}, render.Settings{}, CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for k := 1; k <= 3; k++ {
		n := 0
		for _, j := range p.Jobs {
			if (Shard{k, 3}).Has(j) {
				n++
			}
		}
		if n == 0 || n == 30 {
			t.Errorf("shard %d/3 holds %d of the 30 entries of one source", k, n)
		}
	}
}

// A second build on an output folder waits for the first, saying who holds
// it, and then runs.
func TestBuildWaitsForTheLock(t *testing.T) {
	pack := makePack(t, 2)
	out := t.TempDir()
	unlock, err := lockFolder(context.Background(), out, nil)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Collect([]string{pack}, render.Settings{}, CollectOptions{})
	if err != nil {
		t.Fatal(err)
	}
	waiting := make(chan string, 1)
	type result struct {
		r   *Report
		err error
	}
	done := make(chan result, 1)
	go func() {
		r, err := Build(context.Background(), p, Options{OutDir: out, Workers: 1, Version: "t", LockWait: func(h string) { waiting <- h }})
		done <- result{r, err}
	}()
	if holder := <-waiting; holder != fmt.Sprintf("itudoc build, process %d", os.Getpid()) {
		t.Errorf("holder %q", holder)
	}
	select {
	case res := <-done:
		t.Fatalf("the build ran while the lock was held: %+v", res)
	default:
	}
	unlock()
	res := <-done
	if res.err != nil || res.r.Totals.Built != 2 {
		t.Errorf("after the lock was released: %v %+v", res.err, res.r)
	}

	// Interrupted while waiting: an error naming the holder.
	unlock, _ = lockFolder(context.Background(), out, nil)
	defer unlock()
	ctx, cancel := context.WithCancel(context.Background())
	_, err = Build(ctx, p, Options{OutDir: out, Version: "t", LockWait: func(string) { cancel() }})
	if want := out + ": interrupted while waiting for the build in progress there (itudoc build, process " + fmt.Sprint(os.Getpid()) + ")"; err == nil || err.Error() != want {
		t.Errorf("error %v, want %s", err, want)
	}
}

// After an interrupt, a document still under way when the grace time ends
// is abandoned: reported cancelled, and nothing of it is written, even
// when its conversion ends later.
func TestInterruptAbandonsSlowDocument(t *testing.T) {
	pack := makePack(t, 2)
	defer func(f func(string, []byte, render.Settings) (*render.Result, error)) { convertDoc = f }(convertDoc)
	real := convertDoc
	started, release, finished := make(chan bool), make(chan bool), make(chan bool)
	convertDoc = func(name string, src []byte, s render.Settings) (*render.Result, error) {
		if strings.HasSuffix(name, "doc00.md") {
			started <- true
			<-release
		}
		return real(name, src, s)
	}
	defer func() { afterBuildOne = nil }()
	afterBuildOne = func(j Job) {
		if strings.HasSuffix(j.Source, "doc00.md") {
			finished <- true
		}
	}
	p, _ := Collect([]string{pack}, render.Settings{}, CollectOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	out := t.TempDir()
	go func() { <-started; cancel() }()
	r, err := Build(ctx, p, Options{OutDir: out, Workers: 1, Version: "t", Grace: 0})
	if err != nil {
		t.Fatal(err)
	}
	d := r.Documents[0]
	if d.Status != Cancelled || !strings.HasSuffix(d.Error, "doc00.md: abandoned: the build was interrupted while it was being converted; nothing of it was written") {
		t.Errorf("the slow document: %+v", d)
	}
	if r.Totals.Cancelled != 2 || r.Documents[1].Status != Cancelled || r.Documents[1].Error != "" {
		t.Errorf("totals %+v, second %+v", r.Totals, r.Documents[1])
	}
	release <- true
	<-finished // the abandoned document's worker is done: it wrote nothing
	if files := readTree(t, out); len(files) != 0 {
		t.Errorf("the abandoned document wrote %v", files)
	}
}
