package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/batch"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/schollz/progressbar/v3"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

// settingsFlags are the per-document settings, shared by build and check.
func settingsFlags() []cli.Flag {
	return append([]cli.Flag{
		&cli.StringFlag{Name: "author", Usage: "author of the tracked changes (default: each document's source)"},
		&cli.StringFlag{Name: "date", Usage: "`YYYY-MM-DD` of the tracked changes and the PDF (default: each document's date)"},
		&cli.StringFlag{Name: "conference", Usage: "conference for the cover, e.g. \"Plenipotentiary Conference (PP-14)\""},
		&cli.StringFlag{Name: "place", Usage: "place and dates for the cover"},
		&cli.StringFlag{Name: "format", Value: "docx,pdf", Usage: "outputs to make: docx, pdf or docx,pdf"},
		&cli.BoolFlag{Name: "pdf-marks", Usage: "print the redline in the PDF instead of the clean text"},
		&cli.StringFlag{Name: "linebreak", Value: "knuth-plass", Usage: "PDF line breaking: knuth-plass or greedy"},
		&cli.StringSliceFlag{Name: "edits", Usage: "apply the edit script `FILE.yaml` (the Editorial Committee's changes, as tracked changes of its author); repeatable, in order"},
		&cli.BoolFlag{Name: "keep-going", Usage: "apply the edits that can be when some fail (reported), instead of failing the document"},
		&cli.StringFlag{Name: "pdf-standard", Value: "pdfa-2u", Usage: "PDF standard: pdfa-2u (PDF/A-2u, tagged) or none (tagged, no PDF/A metadata)"},
	}, limitFlags()...)
}

// The ranges of the limit flags: beyond them a number is a typo, or an
// attempt to overflow (17592186044417 MiB once silently meant 1 MiB).
const (
	maxInputMiB = 1024
	maxDepth    = 1000
)

// limitFlags bound the input of every command.
func limitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "max-input", Value: parse.DefaultLimits.MaxBytes >> 20, Usage: fmt.Sprintf("refuse sources larger than `MIB` mebibytes (1 to %d)", maxInputMiB)},
		&cli.IntFlag{Name: "max-depth", Value: parse.DefaultLimits.MaxDepth, Usage: fmt.Sprintf("refuse sources nested deeper than `N` levels (lists, quotes, brackets; 1 to %d)", maxDepth)},
	}
}

func limitsFrom(c *cli.Context) (parse.Limits, error) {
	mib, depth := c.Int("max-input"), c.Int("max-depth")
	if mib < 1 || mib > maxInputMiB {
		return parse.Limits{}, usageErr("--max-input takes a number of MiB from 1 to %d, not %d", maxInputMiB, mib)
	}
	if depth < 1 || depth > maxDepth {
		return parse.Limits{}, usageErr("--max-depth takes a number of levels from 1 to %d, not %d", maxDepth, depth)
	}
	return parse.Limits{MaxBytes: mib << 20, MaxDepth: depth}, nil
}

func settingsFrom(c *cli.Context) (render.Settings, error) {
	s := render.Settings{Author: c.String("author"), Date: c.String("date"), Conference: c.String("conference"),
		Place: c.String("place"), PDFMarks: c.Bool("pdf-marks"), LineBreak: c.String("linebreak"),
		Edits: c.StringSlice("edits"), KeepGoing: c.Bool("keep-going"),
		PDFStandard: c.String("pdf-standard")}
	for _, f := range strings.Split(c.String("format"), ",") {
		s.Formats = append(s.Formats, strings.TrimSpace(f))
	}
	if err := s.Validate(); err != nil {
		return s, usageErr("%v", err)
	}
	var err error
	s.Limits, err = limitsFrom(c)
	return s, err
}

func buildCommand() *cli.Command {
	return &cli.Command{
		Name:      "build",
		Usage:     "convert a pack of documents: folders, files or a pack.yaml, in parallel and incrementally",
		ArgsUsage: "PATH...",
		Description: `Each PATH is a source file, a folder (every *.md below it) or a pack manifest
(.yaml). A manifest lists the documents and their settings:

  title: PP-14 Editorial Committee, sixth series
  defaults:                      # any of: author, date, conference, place,
    conference: Plenipotentiary Conference (PP-14)    #  formats, pdf-marks, linebreak, pdf-standard, edits
    edits: [references.yaml]     # edit scripts for every document (see convert --help)
  documents:
    - source: pp14-149-e.md      # relative to the manifest
      edits: ec-149.yaml         # applied after the pack's
    - source: drafts/149-rev1.md
      output: 149-rev1           # output name inside DIR (default: the file name)
      author: Secretariat

Outputs go to DIR/NAME.docx and DIR/NAME-annex.pdf, with DIR/NAME.itudoc-stamp
recording what made them: a document whose source, settings and itudoc version
are unchanged is skipped (--force rebuilds it). Documents are converted by N
workers; the outputs' bytes do not depend on N. A failing document does not stop
the others. On a terminal a progress bar shows on stderr; elsewhere (CI, logs)
one line per document. After an interrupt (see below) the summary says what was
done.

--shard K/N builds a stable K-th of N parts (by output name), so that N CI
jobs build a pack together with no overlap and no gap.

Safe on a build server, over files anyone may have sent:
  - a source found in a folder or named by a manifest must resolve (symbolic
    links, .. and absolute paths included) inside that folder or the
    manifest's folder; --allow-outside lifts this. A folder argument that is
    a symbolic link is walked at its target; links to folders below are not.
  - outputs, stamps and removals stay inside DIR: a symbolic link there that
    leads out of it is refused. A document's outputs and stamp are renamed
    into place together, once all are written.
  - sources, manifests and stamps are read within limits (--max-input; 1 MiB,
    16 levels and 10000 alias nodes for a manifest), and only when they are
    regular files (a named pipe or a device is refused, not read).
  - one build at a time on DIR: a second one waits for the first (naming its
    process), then finds its documents up to date. Temporary files left by a
    killed build are removed by the next one.
  - the first SIGINT or SIGTERM starts no new document and gives those under
    way 5 s to finish (then abandons them, writing nothing of them); a second
    one exits at once. Every output written is complete either way.

Exit status: 0 all built or up to date, 1 a document failed or the build was
interrupted, 2 bad usage.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Value: "out", Usage: "output `DIR`"},
			&cli.IntFlag{Name: "j", Aliases: []string{"jobs"}, Usage: fmt.Sprintf("`N` documents at once, 1 to %d (default: the number of CPUs)", batch.MaxWorkers)},
			&cli.StringFlag{Name: "report", Usage: "write a JSON report to `FILE`"},
			&cli.StringFlag{Name: "shard", Usage: "build only part `K/N` of the pack"},
			&cli.BoolFlag{Name: "force", Usage: "rebuild documents that are up to date"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "json", Usage: "print the JSON report on stdout, and nothing else there"},
		}, append(packFlags(), settingsFlags()...)...),
		Action: runBuild,
	}
}

// interruptGrace is how long documents under way may take to finish after
// a first SIGINT or SIGTERM.
const interruptGrace = 5 * time.Second

func runBuild(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageErr("build needs at least one PATH (file, folder or pack.yaml); see itudoc build --help")
	}
	s, err := settingsFrom(c)
	if err != nil {
		return err
	}
	opt := batch.Options{OutDir: c.String("o"), Workers: c.Int("j"), Force: c.Bool("force"), Version: version, Grace: interruptGrace}
	if opt.Workers < 0 || opt.Workers > batch.MaxWorkers || c.IsSet("j") && opt.Workers == 0 {
		return usageErr("-j takes a number of workers from 1 to %d, not %d", batch.MaxWorkers, opt.Workers)
	}
	if sh := c.String("shard"); sh != "" {
		if opt.Shard, err = batch.ParseShard(sh); err != nil {
			return usageErr("%v", err)
		}
	}
	pack, err := batch.Collect(c.Args().Slice(), s, batch.CollectOptions{AllowOutside: c.Bool("allow-outside")})
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	ctx, stop := notifyInterrupt(c.Context, c.App.ErrWriter)
	defer stop()
	quiet := c.Bool("quiet") || c.Bool("json")
	opt.Progress = newProgress(c.App.ErrWriter, quiet, opt.OutDir)
	opt.LockWait = func(holder string) {
		fmt.Fprintf(c.App.ErrWriter, "itudoc: %s is being built by %s; waiting for it to finish\n", oneLine(opt.OutDir), oneLine(holder))
	}
	rep, err := batch.Build(ctx, pack, opt)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if f := c.String("report"); f != "" {
		if err := atomicfile.Write(f, rep.JSON()); err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
	}
	if c.Bool("json") {
		c.App.Writer.Write(rep.JSON())
	}
	t := rep.Totals
	summary := fmt.Sprintf("%d documents: %d built, %d up to date, %d failed, %d warnings, %.1f s",
		t.Documents, t.Built, t.Skipped, t.Failed, t.Warnings, t.DurationMS/1000)
	if ctx.Err() != nil && c.Context.Err() == nil {
		return &exitError{code: 1, msg: fmt.Sprintf("interrupted: %s; %d not built (every output written is complete)", summary, t.Cancelled)}
	}
	if !c.Bool("quiet") {
		fmt.Fprintln(c.App.ErrWriter, "itudoc: "+summary)
	}
	if t.Failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d documents failed", t.Failed, t.Documents)}
	}
	return nil
}

// newProgress reports each finished document: a progress bar when stderr is
// a terminal (and not in CI), else one plain line per document.
func newProgress(w io.Writer, quiet bool, outDir string) func(done, total int, d batch.DocReport) {
	color := os.Getenv("NO_COLOR") == ""
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) && os.Getenv("CI") == "" {
		var bar *progressbar.ProgressBar
		return func(done, total int, d batch.DocReport) {
			if bar == nil {
				bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(w), progressbar.OptionShowCount(),
					progressbar.OptionSetPredictTime(true), progressbar.OptionFullWidth(),
					progressbar.OptionEnableColorCodes(color), progressbar.OptionClearOnFinish())
			}
			if d.Status == batch.Failed {
				bar.Clear()
				fmt.Fprintln(w, failLine(d, color))
			}
			bar.Describe(oneLine(filepath.Base(d.Source)))
			bar.Set(done)
		}
	}
	return func(done, total int, d batch.DocReport) {
		switch {
		case d.Status == batch.Failed:
			fmt.Fprintf(w, "itudoc: [%d/%d] %s\n", done, total, failLine(d, false))
		case quiet:
		default:
			var outs []string
			for _, o := range d.Outputs {
				outs = append(outs, filepath.Join(outDir, o.Path))
			}
			fmt.Fprintf(w, "itudoc: [%d/%d] %s %s -> %s (%.0f ms, %d warnings)\n", done, total, d.Status, oneLine(d.Source),
				oneLine(strings.Join(outs, ", ")), d.DurationMS, len(d.Warnings))
			for _, wn := range d.Warnings {
				fmt.Fprintln(w, "  "+oneLine(wn))
			}
		}
	}
}

func failLine(d batch.DocReport, color bool) string {
	s := "FAILED " + oneLine(d.Error)
	if color {
		return "\x1b[31m" + s + "\x1b[0m"
	}
	return s
}

// packFlags say where a pack's sources may be.
func packFlags() []cli.Flag {
	return []cli.Flag{
		&cli.BoolFlag{Name: "allow-outside", Usage: "accept sources that resolve outside the folder or manifest folder naming them (absolute, .., symbolic links)"},
	}
}
