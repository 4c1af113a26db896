package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/itudoc/itudoc"
	"hash/fnv"
	"os"
	"path"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/ioerr"
	"github.com/itudoc/itudoc/internal/panics"
	"github.com/itudoc/itudoc/internal/readlimit"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
)

// Shard selects a stable part of a pack: a job is in part K of N when the
// hash of its Stem modulo N is K-1. Stems are unique in a pack, so two
// entries of a manifest that share a source still spread over the parts.
// The zero Shard selects everything.
type Shard struct{ K, N int }

// ParseShard reads "K/N".
func ParseShard(s string) (Shard, error) {
	k, n, ok := strings.Cut(s, "/")
	ki, err1 := strconv.Atoi(k)
	ni, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || ni < 1 || ki < 1 || ki > ni {
		return Shard{}, fmt.Errorf("shard must be K/N with 1 ≤ K ≤ N, not %q", s)
	}
	return Shard{ki, ni}, nil
}

// Has reports whether the shard holds the job.
func (s Shard) Has(j Job) bool {
	if s.N <= 1 {
		return true
	}
	h := fnv.New64a()
	h.Write([]byte(j.Stem))
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}

// MaxWorkers bounds Options.Workers: each worker holds a document's
// conversion in memory (about 70 MB for a large one), and more workers than
// CPUs only add memory.
const MaxWorkers = 256

// Options control a build.
type Options struct {
	OutDir string // where outputs go (created if missing)
	// Workers converting documents at once; 0 means the number of CPUs. It
	// is capped at MaxWorkers and at the number of documents.
	Workers int
	Force   bool // rebuild documents whose outputs are up to date
	Shard   Shard
	Version string // itudoc's version: a new version rebuilds everything
	// Grace is how long documents under way may take to finish once ctx is
	// done; those still running then are abandoned: reported Cancelled,
	// and nothing of theirs is written (their conversion goes on in the
	// background until it ends, or the process does).
	Grace time.Duration
	// Progress, if set, is called once per document as it finishes, from one
	// goroutine at a time, with the number finished so far and the total.
	Progress func(done, total int, d DocReport)
	// LockWait, if set, is called once when another build holds the output
	// folder's lock, with what the lock file says of it; Build then waits
	// for it (until ctx is done).
	LockWait func(holder string)
}

// Status is what became of a document.
type Status string

const (
	Built     Status = "built"
	Skipped   Status = "skipped"   // up to date
	Failed    Status = "failed"    // its error says why
	Cancelled Status = "cancelled" // the build was interrupted before it started, or abandoned it
)

// OutputReport describes one written output.
type OutputReport struct {
	Path   string `json:"path"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// DocReport is what the report says of one document.
type DocReport struct {
	Source     string         `json:"source"`
	Status     Status         `json:"status"`
	Outputs    []OutputReport `json:"outputs"`
	Warnings   []string       `json:"warnings"`
	Edits      []EditReport   `json:"edits,omitempty"` // what the edit scripts changed
	Error      string         `json:"error,omitempty"`
	Stack      string         `json:"stack,omitempty"` // of a panic, for a bug report
	DurationMS float64        `json:"durationMs"`
}

// EditReport is one change an edit of a script made: the edit's position
// in its script, where in the document it applied, what it changed.
type EditReport struct {
	Edit  string `json:"edit"`
	Where string `json:"where"`
	What  string `json:"what"`
	Note  string `json:"note,omitempty"`
}

// Totals sums up a build.
type Totals struct {
	Documents  int     `json:"documents"`
	Built      int     `json:"built"`
	Skipped    int     `json:"skipped"`
	Failed     int     `json:"failed"`
	Cancelled  int     `json:"cancelled"`
	Warnings   int     `json:"warnings"`
	DurationMS float64 `json:"durationMs"`
}

// Report is the result of a build, in the order of the pack's jobs.
type Report struct {
	Title     string      `json:"title,omitempty"`
	Version   string      `json:"version"`
	Shard     string      `json:"shard,omitempty"`
	Documents []DocReport `json:"documents"`
	Totals    Totals      `json:"totals"`
}

// JSON renders the report, indented.
func (r *Report) JSON() []byte {
	b, _ := json.MarshalIndent(r, "", "  ")
	return append(b, '\n')
}

// gate lets a worker put its outputs in place only while the build has not
// abandoned it: close waits for a commit under way, and after it no commit
// starts.
type gate struct {
	mu     sync.Mutex
	closed bool
}

func (g *gate) do(f func()) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return false
	}
	f()
	return true
}

func (g *gate) close() {
	g.mu.Lock()
	g.closed = true
	g.mu.Unlock()
}

func (g *gate) isClosed() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.closed
}

// errAbandoned is the error of a document the build stopped waiting for.
var errAbandoned = errors.New("abandoned: the build was interrupted while it was being converted; nothing of it was written")

// Build converts the pack's jobs in the shard into opt.OutDir. The output
// folder is created (its failure is Build's error, said once), then locked
// against other builds (Build waits for one in progress), and temporary
// files a killed build left there are removed. When ctx is done, documents
// not yet started are reported Cancelled, and those under way get
// opt.Grace to finish.
func Build(ctx context.Context, p *Pack, opt Options) (*Report, error) {
	start := time.Now()
	if err := os.MkdirAll(opt.OutDir, 0o755); err != nil {
		return nil, ioerr.Cannot("create the output folder", opt.OutDir, err)
	}
	unlock, err := lockFolder(ctx, opt.OutDir, opt.LockWait)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if _, err := atomicfile.CleanTemps(opt.OutDir); err != nil {
		return nil, err
	}
	var jobs []Job
	for _, j := range p.Jobs {
		if opt.Shard.Has(j) {
			jobs = append(jobs, j)
		}
	}
	r := &Report{Title: p.Title, Version: opt.Version, Documents: make([]DocReport, len(jobs))}
	if opt.Shard.N > 1 {
		r.Shard = fmt.Sprintf("%d/%d", opt.Shard.K, opt.Shard.N)
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	workers = max(1, min(workers, MaxWorkers, len(jobs)))

	g := &gate{}
	next := make(chan int)
	var mu sync.Mutex // guards state, done, r.Documents and the Progress calls
	const (
		waiting = iota
		running
		finished
	)
	state := make([]int, len(jobs))
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Go(func() {
			for i := range next {
				mu.Lock()
				if state[i] != waiting { // reported Cancelled already
					mu.Unlock()
					continue
				}
				state[i] = running
				mu.Unlock()
				d := buildOne(jobs[i], opt, g)
				if afterBuildOne != nil {
					afterBuildOne(jobs[i])
				}
				mu.Lock()
				if state[i] == running { // not abandoned meanwhile
					state[i] = finished
					r.Documents[i] = d
					done++
					if opt.Progress != nil {
						opt.Progress(done, len(jobs), d)
					}
				}
				mu.Unlock()
			}
		})
	}
	all := make(chan struct{})
feed:
	for i := range jobs {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	go func() { wg.Wait(); close(all) }()
	select {
	case <-all:
	case <-ctx.Done():
		select {
		case <-all:
		case <-time.After(opt.Grace):
			g.close()
		}
	}
	mu.Lock()
	for i, s := range state {
		if s == finished {
			continue
		}
		d := DocReport{Source: jobs[i].Source, Status: Cancelled, Outputs: []OutputReport{}, Warnings: []string{}}
		if s == running {
			d.Error = jobs[i].Source + ": " + errAbandoned.Error()
		}
		state[i] = finished // a late start or finish must not overwrite it
		r.Documents[i] = d
	}
	mu.Unlock()
	for _, d := range r.Documents {
		r.Totals.Documents++
		r.Totals.Warnings += len(d.Warnings)
		switch d.Status {
		case Built:
			r.Totals.Built++
		case Skipped:
			r.Totals.Skipped++
		case Failed:
			r.Totals.Failed++
		case Cancelled:
			r.Totals.Cancelled++
		}
	}
	r.Totals.DurationMS = ms(time.Since(start))
	return r, nil
}

// convertDoc is the front door's Convert; tests replace it to simulate a
// bug.
var convertDoc = itudoc.Convert

// afterBuildOne, when set (by tests), is called once a worker is done with
// a job, written or not.
var afterBuildOne func(Job)

// buildOne converts one document, recovering from a panic as its error.
func buildOne(j Job, opt Options, g *gate) (d DocReport) {
	start := time.Now()
	d = DocReport{Source: j.Source, Outputs: []OutputReport{}, Warnings: []string{}}
	defer func() {
		if v := recover(); v != nil {
			v, stack := panics.From(v)
			d.Status, d.Error = Failed, fmt.Sprintf("%s: internal error (a bug in itudoc; please report it with this document): %v", j.Source, v)
			d.Stack = string(stack)
		}
		d.DurationMS = ms(time.Since(start))
	}()
	fail := func(err error) DocReport {
		d.Status, d.Error = Failed, err.Error()
		return d
	}
	src, err := render.ReadSourceAs(j.File, j.Source, j.Settings.Limits)
	if err != nil {
		return fail(err)
	}
	key := stampKey(opt.Version, j.Settings, src)
	suffixes := outputsOf(j.Settings)
	if !opt.Force {
		if outs, warnings, ok := upToDate(opt.OutDir, j.Stem, suffixes, key); ok {
			d.Status, d.Outputs, d.Warnings = Skipped, outs, warnings
			return d
		}
	}
	res, err := convertDoc(j.Source, src, j.Settings)
	if err != nil {
		return fail(err)
	}
	for _, dg := range res.Doc.Diagnostics {
		if dg.Severity != doc.Note {
			d.Warnings = append(d.Warnings, dg.Format(j.Source))
		}
	}
	for _, a := range res.Edits {
		d.Edits = append(d.Edits, EditReport{Edit: a.Edit.Pos, Where: a.Where, What: a.What, Note: a.Note})
	}
	st := stamp{Key: key, Outputs: []stampOutput{}, Warnings: d.Warnings}
	var files []atomicfile.File
	for _, out := range res.Outputs {
		rel := j.Stem + out.Suffix
		files = append(files, atomicfile.File{Name: rel, Data: out.Data})
		sum := sha256.Sum256(out.Data)
		d.Outputs = append(d.Outputs, OutputReport{Path: rel, Size: len(out.Data), SHA256: hex.EncodeToString(sum[:])})
		st.Outputs = append(st.Outputs, stampOutput{Suffix: out.Suffix, Size: len(out.Data), SHA256: hex.EncodeToString(sum[:])})
	}
	b, _ := json.MarshalIndent(st, "", "  ")
	files = append(files, atomicfile.File{Name: j.Stem + stampSuffix, Data: append(b, '\n'), Cache: true})
	if g.isClosed() {
		return fail(errAbandoned)
	}
	// The outputs and the stamp are written, then renamed together; the old
	// stamp goes first, so that a failure among the renames leaves no stamp
	// claiming a mix of old and new outputs.
	pending, err := atomicfile.Prepare(opt.OutDir, files)
	if err != nil {
		return fail(err)
	}
	var commitErr error
	if !g.do(func() {
		if commitErr = atomicfile.Remove(opt.OutDir, j.Stem+stampSuffix); commitErr == nil {
			commitErr = pending.Commit()
		} else {
			pending.Discard()
		}
	}) {
		pending.Discard()
		return fail(errAbandoned)
	}
	if commitErr != nil {
		return fail(commitErr)
	}
	d.Status = Built
	return d
}

// stampSuffix ends a stamp's file name: DIR/STEM.itudoc-stamp.
const stampSuffix = ".itudoc-stamp"

// MaxStampBytes bounds the stamp read: a stamp is a few hundred bytes (its
// warnings included).
const MaxStampBytes = 1 << 20

// stamp is written beside a document's outputs: the content hash of what
// made them, and what they were. Outputs are named by suffix, not path: a
// stamp cannot point anywhere but beside itself, and a file name that is
// not UTF-8 survives JSON.
type stamp struct {
	Key      string        `json:"key"`
	Outputs  []stampOutput `json:"outputs"`
	Warnings []string      `json:"warnings"`
}

type stampOutput struct {
	Suffix string `json:"suffix"`
	Size   int    `json:"size"`
	SHA256 string `json:"sha256"`
}

// outputsOf gives the suffixes of the outputs the settings make, in the
// order render makes them.
func outputsOf(s render.Settings) []string {
	var out []string
	for _, f := range []struct{ format, suffix string }{{"docx", ".docx"}, {"pdf", "-annex.pdf"}} {
		for _, want := range s.Formats {
			if want == f.format {
				out = append(out, f.suffix)
				break
			}
		}
	}
	return out
}

// stampKey hashes everything the outputs depend on: itudoc's version, the
// edit scripts' bytes, the
// settings and the source.
func stampKey(version string, s render.Settings, src []byte) string {
	h := sha256.New()
	settings, _ := json.Marshal(s)
	fmt.Fprintf(h, "itudoc %s\n%s\n", version, settings)
	// The edit scripts by content: a changed script rebuilds its documents.
	for _, path := range s.Edits {
		data, err := readlimit.File(path, edit.MaxScriptBytes)
		fmt.Fprintf(h, "edits %q %d %v\n", path, len(data), err)
		h.Write(data)
	}
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))
}

// upToDate reports whether the stamp beside the outputs of stem matches
// key, names exactly the outputs the document makes (suffixes), and
// whether each is there, inside outDir, a regular file of the size and
// SHA-256 recorded. Whatever a stamp says, nothing outside outDir is read,
// nor more than the recorded size of an output.
func upToDate(outDir, stem string, suffixes []string, key string) ([]OutputReport, []string, bool) {
	root, err := os.OpenRoot(outDir)
	if err != nil {
		return nil, nil, false
	}
	defer root.Close()
	b, err := readlimit.FileIn(root, stem+stampSuffix, stem+stampSuffix, MaxStampBytes)
	if err != nil {
		return nil, nil, false
	}
	var st stamp
	if json.Unmarshal(b, &st) != nil || st.Key != key || len(st.Outputs) != len(suffixes) {
		return nil, nil, false
	}
	var outs []OutputReport
	for i, o := range st.Outputs {
		if o.Suffix != suffixes[i] || o.Size < 0 {
			return nil, nil, false
		}
		rel := path.Clean(stem + o.Suffix)
		data, err := readlimit.FileIn(root, rel, rel, int64(o.Size))
		if err != nil || len(data) != o.Size {
			return nil, nil, false
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != o.SHA256 {
			return nil, nil, false
		}
		outs = append(outs, OutputReport{Path: rel, Size: o.Size, SHA256: o.SHA256})
	}
	if st.Warnings == nil {
		st.Warnings = []string{}
	}
	return outs, st.Warnings, true
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
