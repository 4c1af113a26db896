package batch

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/panics"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Shard selects a stable part of a pack: document i of N parts when the hash
// of its Key modulo N is K-1. The zero Shard selects everything.
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
	h.Write([]byte(j.Key))
	return int(h.Sum64()%uint64(s.N)) == s.K-1
}

// Options control a build.
type Options struct {
	OutDir  string // where outputs go (created if missing)
	Workers int    // goroutines converting documents; 0 means the number of CPUs
	Force   bool   // rebuild documents whose outputs are up to date
	Shard   Shard
	Version string // itudoc's version: a new version rebuilds everything
	// Progress, if set, is called once per document as it finishes, from one
	// goroutine at a time, with the number finished so far and the total.
	Progress func(done, total int, d DocReport)
}

// Status is what became of a document.
type Status string

const (
	Built     Status = "built"
	Skipped   Status = "skipped"   // up to date
	Failed    Status = "failed"    // its error says why
	Cancelled Status = "cancelled" // the build was interrupted before it started
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
	Error      string         `json:"error,omitempty"`
	Stack      string         `json:"stack,omitempty"` // of a panic, for a bug report
	DurationMS float64        `json:"durationMs"`
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

// Build converts the pack's jobs in the shard. When ctx is cancelled,
// documents not yet started are reported Cancelled; those under way finish.
func Build(ctx context.Context, p *Pack, opt Options) *Report {
	start := time.Now()
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
	next := make(chan int)
	var mu sync.Mutex // guards done and the Progress calls
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				d := buildOne(jobs[i], opt)
				r.Documents[i] = d
				mu.Lock()
				done++
				if opt.Progress != nil {
					opt.Progress(done, len(jobs), d)
				}
				mu.Unlock()
			}
		}()
	}
	i := 0
feed:
	for ; i < len(jobs); i++ {
		select {
		case next <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(next)
	wg.Wait()
	for ; i < len(jobs); i++ {
		r.Documents[i] = DocReport{Source: jobs[i].Source, Status: Cancelled, Outputs: []OutputReport{}, Warnings: []string{}}
	}
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
	return r
}

// convertDoc is render.Convert; tests replace it to simulate a bug.
var convertDoc = render.Convert

// buildOne converts one document, recovering from a panic as its error.
func buildOne(j Job, opt Options) (d DocReport) {
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
	src, err := render.ReadSource(j.Source, j.Settings.Limits)
	if err != nil {
		d.Status, d.Error = Failed, err.Error()
		return d
	}
	key := stampKey(opt.Version, j.Settings, src)
	stampPath := filepath.Join(opt.OutDir, filepath.FromSlash(j.Stem)+".itudoc-stamp")
	if !opt.Force {
		if outs, warnings, ok := upToDate(stampPath, key, opt.OutDir); ok {
			d.Status, d.Outputs, d.Warnings = Skipped, outs, warnings
			return d
		}
	}
	res, err := convertDoc(j.Source, src, j.Settings)
	if err != nil {
		d.Status, d.Error = Failed, err.Error()
		return d
	}
	for _, dg := range res.Doc.Diagnostics {
		if dg.Severity != doc.Note {
			d.Warnings = append(d.Warnings, dg.Format(j.Source))
		}
	}
	for _, out := range res.Outputs {
		rel := j.Stem + out.Suffix
		if err := atomicfile.Write(filepath.Join(opt.OutDir, filepath.FromSlash(rel)), out.Data); err != nil {
			d.Status, d.Error = Failed, err.Error()
			return d
		}
		sum := sha256.Sum256(out.Data)
		d.Outputs = append(d.Outputs, OutputReport{Path: rel, Size: len(out.Data), SHA256: hex.EncodeToString(sum[:])})
	}
	st := stamp{Key: key, Outputs: d.Outputs, Warnings: d.Warnings}
	b, _ := json.MarshalIndent(st, "", "  ")
	if err := atomicfile.Write(stampPath, append(b, '\n')); err != nil {
		d.Status, d.Error = Failed, err.Error()
		return d
	}
	d.Status = Built
	return d
}

// stamp is written beside a document's outputs: the content hash of what
// made them, and what they were.
type stamp struct {
	Key      string         `json:"key"`
	Outputs  []OutputReport `json:"outputs"`
	Warnings []string       `json:"warnings"`
}

// stampKey hashes everything the outputs depend on: itudoc's version, the
// settings and the source.
func stampKey(version string, s render.Settings, src []byte) string {
	h := sha256.New()
	settings, _ := json.Marshal(s)
	fmt.Fprintf(h, "itudoc %s\n%s\n", version, settings)
	h.Write(src)
	return hex.EncodeToString(h.Sum(nil))
}

// upToDate reports whether the stamp matches key and every output it lists
// is there with the bytes it recorded.
func upToDate(stampPath, key, outDir string) ([]OutputReport, []string, bool) {
	b, err := os.ReadFile(stampPath)
	if err != nil {
		return nil, nil, false
	}
	var st stamp
	if json.Unmarshal(b, &st) != nil || st.Key != key || len(st.Outputs) == 0 {
		return nil, nil, false
	}
	for _, o := range st.Outputs {
		data, err := os.ReadFile(filepath.Join(outDir, filepath.FromSlash(o.Path)))
		if err != nil {
			return nil, nil, false
		}
		sum := sha256.Sum256(data)
		if hex.EncodeToString(sum[:]) != o.SHA256 {
			return nil, nil, false
		}
	}
	if st.Warnings == nil {
		st.Warnings = []string{}
	}
	return st.Outputs, st.Warnings, true
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
