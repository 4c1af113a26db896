package main

import (
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

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
		&cli.StringFlag{Name: "pdf-standard", Value: "pdfa-2u", Usage: "PDF standard: pdfa-2u (PDF/A-2u, tagged) or none (tagged, no PDF/A metadata)"},
	}, limitFlags()...)
}

// limitFlags bound the input of every command.
func limitFlags() []cli.Flag {
	return []cli.Flag{
		&cli.IntFlag{Name: "max-input", Value: parse.DefaultLimits.MaxBytes >> 20, Usage: "refuse sources larger than `MIB` mebibytes"},
		&cli.IntFlag{Name: "max-depth", Value: parse.DefaultLimits.MaxDepth, Usage: "refuse sources nested deeper than `N` levels (lists, quotes, brackets)"},
	}
}

func limitsFrom(c *cli.Context) (parse.Limits, error) {
	l := parse.Limits{MaxBytes: c.Int("max-input") << 20, MaxDepth: c.Int("max-depth")}
	if l.MaxBytes <= 0 || l.MaxDepth <= 0 {
		return l, usageErr("--max-input and --max-depth take numbers ≥ 1")
	}
	return l, nil
}

func settingsFrom(c *cli.Context) (render.Settings, error) {
	s := render.Settings{Author: c.String("author"), Date: c.String("date"), Conference: c.String("conference"),
		Place: c.String("place"), PDFMarks: c.Bool("pdf-marks"), LineBreak: c.String("linebreak"),
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
    conference: Plenipotentiary Conference (PP-14)    #  formats, pdf-marks, linebreak, pdf-standard
  documents:
    - source: pp14-149-e.md      # relative to the manifest
    - source: drafts/149-rev1.md
      output: 149-rev1           # output name inside DIR (default: the file name)
      author: Secretariat

Outputs go to DIR/NAME.docx and DIR/NAME-annex.pdf, with DIR/NAME.itudoc-stamp
recording what made them: a document whose source, settings and itudoc version
are unchanged is skipped (--force rebuilds it). Documents are converted by N
workers; the outputs' bytes do not depend on N. A failing document does not stop
the others. On a terminal a progress bar shows on stderr; elsewhere (CI, logs)
one line per document. SIGINT/SIGTERM stop the build cleanly: documents under way
finish, no partial file is left, and the summary says what was done.

--shard K/N builds a stable K-th of N parts (by document path), so that N CI
jobs build a pack together with no overlap and no gap.

Exit status: 0 all built or up to date, 1 a document failed or the build was
interrupted, 2 bad usage.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Value: "out", Usage: "output `DIR`"},
			&cli.IntFlag{Name: "j", Aliases: []string{"jobs"}, Usage: "`N` documents at once (default: the number of CPUs)"},
			&cli.StringFlag{Name: "report", Usage: "write a JSON report to `FILE`"},
			&cli.StringFlag{Name: "shard", Usage: "build only part `K/N` of the pack"},
			&cli.BoolFlag{Name: "force", Usage: "rebuild documents that are up to date"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "json", Usage: "print the JSON report on stdout, and nothing else there"},
		}, settingsFlags()...),
		Action: runBuild,
	}
}

func runBuild(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageErr("build needs at least one PATH (file, folder or pack.yaml); see itudoc build --help")
	}
	s, err := settingsFrom(c)
	if err != nil {
		return err
	}
	opt := batch.Options{OutDir: c.String("o"), Workers: c.Int("j"), Force: c.Bool("force"), Version: version}
	if opt.Workers < 0 {
		return usageErr("-j takes a number of workers ≥ 1")
	}
	if sh := c.String("shard"); sh != "" {
		if opt.Shard, err = batch.ParseShard(sh); err != nil {
			return usageErr("%v", err)
		}
	}
	pack, err := batch.Collect(c.Args().Slice(), s)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
	defer stop()
	quiet := c.Bool("quiet") || c.Bool("json")
	opt.Progress = newProgress(c.App.ErrWriter, quiet, opt.OutDir)
	rep := batch.Build(ctx, pack, opt)
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
		return &exitError{code: 1, msg: fmt.Sprintf("interrupted: %s; %d not started (every output written is complete)", summary, t.Cancelled)}
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
			bar.Describe(filepath.Base(d.Source))
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
			fmt.Fprintf(w, "itudoc: [%d/%d] %s %s -> %s (%.0f ms, %d warnings)\n", done, total, d.Status, d.Source,
				strings.Join(outs, ", "), d.DurationMS, len(d.Warnings))
			for _, wn := range d.Warnings {
				fmt.Fprintln(w, "  "+wn)
			}
		}
	}
}

func failLine(d batch.DocReport, color bool) string {
	s := "FAILED " + d.Error
	if color {
		return "\x1b[31m" + s + "\x1b[0m"
	}
	return s
}
