package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/itudoc/itudoc/layouts/docx"
	"github.com/itudoc/itudoc/layouts/pdf"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/urfave/cli/v2"
)

func convertCommand() *cli.Command {
	return &cli.Command{
		Name:      "convert",
		Usage:     "write the ITU-style Word file and the clean PDF annex of each FILE",
		ArgsUsage: "FILE... (or - for stdin)",
		Description: `For each source FILE, writes into DIR (default: the FILE's own folder):
  STEM.docx        the whole document in ITU styles; revision marks are Word
                   tracked changes by --author on --date
  STEM-annex.pdf   the annex with every change accepted, in the ITU layout
where STEM is the file name without its extension.

"-" reads the source from stdin; with one --format, the output goes to stdout:
  itudoc convert --format docx - < doc.md > doc.docx

Outputs are written to a temporary file and renamed, so a failure never leaves
a partial file. Warnings go to stderr as FILE:LINE:COL: warning: MESSAGE.
A document that cannot be read or converted is reported and the others are
still converted; the exit status is then 1 (2 for bad usage, 0 otherwise).

The cover of a Word export does not name the conference; --conference and
--place supply it, and the running header's reference (PP14/149-E) is made
from the conference's short name.`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write outputs into `DIR` (created if missing)"},
			&cli.StringFlag{Name: "format", Value: "docx,pdf", Usage: "outputs to write: docx, pdf or docx,pdf"},
			&cli.StringFlag{Name: "author", Usage: "author of the tracked changes (default: the document's source, e.g. WORKING GROUP OF THE PLENARY)"},
			&cli.StringFlag{Name: "date", Usage: "`YYYY-MM-DD` of the tracked changes and the PDF (default: the document's date)"},
			&cli.StringFlag{Name: "conference", Usage: "conference for the cover, e.g. \"Plenipotentiary Conference (PP-14)\""},
			&cli.StringFlag{Name: "place", Usage: "place and dates for the cover, e.g. \"Busan, 20 October - 7 November 2014\""},
			&cli.BoolFlag{Name: "pdf-marks", Usage: "print the redline in the PDF (insertions underlined, deletions struck through) instead of the clean text"},
			&cli.StringFlag{Name: "linebreak", Value: "knuth-plass", Usage: "PDF line breaking: knuth-plass (optimum fit) or greedy"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "notes", Usage: "also print the repairs made to the source (notes)"},
		},
		Action: runConvert,
	}
}

// convertOptions is what the flags of convert ask for.
type convertOptions struct {
	dir        string
	docx, pdf  bool
	author     string
	date       string
	conference string
	place      string
	pdfOpt     pdf.Options
	quiet      bool
	notes      bool
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func parseConvertFlags(c *cli.Context) (convertOptions, error) {
	o := convertOptions{
		dir: c.String("o"), author: c.String("author"), date: c.String("date"),
		conference: c.String("conference"), place: c.String("place"),
		quiet: c.Bool("quiet"), notes: c.Bool("notes"),
		pdfOpt: pdf.Options{Marks: c.Bool("pdf-marks"), LineBreak: c.String("linebreak")},
	}
	for _, f := range strings.Split(c.String("format"), ",") {
		switch strings.TrimSpace(f) {
		case "docx":
			o.docx = true
		case "pdf":
			o.pdf = true
		default:
			return o, usageErr("--format takes docx, pdf or docx,pdf, not %q", f)
		}
	}
	if o.date != "" {
		if _, err := time.Parse("2006-01-02", o.date); err != nil || !isoDate.MatchString(o.date) {
			return o, usageErr("--date takes a date as YYYY-MM-DD, not %q", o.date)
		}
	}
	switch o.pdfOpt.LineBreak {
	case "knuth-plass", "greedy":
	default:
		return o, usageErr("--linebreak takes knuth-plass or greedy, not %q", o.pdfOpt.LineBreak)
	}
	return o, nil
}

func usageErr(format string, args ...any) error {
	return &exitError{code: 2, msg: fmt.Sprintf(format, args...)}
}

func runConvert(c *cli.Context) error {
	o, err := parseConvertFlags(c)
	if err != nil {
		return err
	}
	files := c.Args().Slice()
	if len(files) == 0 {
		return usageErr("convert needs at least one FILE (or - for stdin); see itudoc convert --help")
	}
	for _, f := range files {
		if f == "-" && (len(files) > 1 || (o.dir == "" && o.docx && o.pdf)) {
			return usageErr("reading stdin (-) writes one output to stdout: give one FILE and --format docx or --format pdf, or -o DIR")
		}
	}
	failed := 0
	for _, f := range files {
		if err := convertOne(c, f, o); err != nil {
			fmt.Fprintln(c.App.ErrWriter, "itudoc: "+err.Error())
			failed++
		}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d documents failed", failed, len(files))}
	}
	return nil
}

// output is one file to write.
type output struct {
	path string
	data []byte
}

// convertOne converts one source: everything is made in memory first, so
// that a document that fails writes nothing.
func convertOne(c *cli.Context, path string, o convertOptions) error {
	d, err := load(path, c.App.Reader)
	if err != nil {
		return err
	}
	if o.conference != "" {
		d.Meta.Conference = o.conference
		d.Meta.Code = conferenceCode(o.conference)
	}
	if o.place != "" {
		d.Meta.Place = o.place
	}
	var outs []output
	dir, stem := outputDir(path, o.dir), stemOf(path)
	if o.docx {
		var buf bytes.Buffer
		diags, err := docx.Write(&buf, d, docx.Options{Author: o.author, Date: o.date})
		d.Diagnostics = append(d.Diagnostics, diags...)
		if err != nil {
			return fmt.Errorf("%s: writing the Word file: %w", path, err)
		}
		outs = append(outs, output{filepath.Join(dir, stem+".docx"), buf.Bytes()})
	}
	if o.pdf {
		var buf bytes.Buffer
		opt := o.pdfOpt
		diags, err := pdf.WriteAnnex(&buf, withDate(d, o.date), opt)
		d.Diagnostics = append(d.Diagnostics, diags...)
		if err != nil {
			return fmt.Errorf("%s: writing the PDF annex: %w", path, err)
		}
		outs = append(outs, output{filepath.Join(dir, stem+"-annex.pdf"), buf.Bytes()})
	}
	printDiagnostics(c.App.ErrWriter, d, o)
	if path == "-" && o.dir == "" {
		_, err := c.App.Writer.Write(outs[0].data)
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create %s: %v", dir, unwrapPathError(err))
	}
	for _, out := range outs {
		if err := writeAtomic(out.path, out.data); err != nil {
			return err
		}
		if !o.quiet {
			fmt.Fprintf(c.App.ErrWriter, "itudoc: wrote %s (%d bytes)\n", out.path, len(out.data))
		}
	}
	return nil
}

// withDate gives the document whose date the PDF records: --date, when set,
// stands for the document's own.
func withDate(d *doc.Document, date string) *doc.Document {
	if date == "" {
		return d
	}
	c := *d
	c.Meta.ISODate = date
	return &c
}

var confCode = regexp.MustCompile(`\(([A-Z]+)-(\d+)\)`)

// conferenceCode makes the reference prefix from a conference name:
// "Plenipotentiary Conference (PP-14)" → "PP14".
func conferenceCode(conf string) string {
	if m := confCode.FindStringSubmatch(conf); m != nil {
		return m[1] + m[2]
	}
	return ""
}

func outputDir(path, dir string) string {
	if dir != "" {
		return dir
	}
	if path == "-" {
		return "."
	}
	return filepath.Dir(path)
}

func stemOf(path string) string {
	if path == "-" {
		return "stdin"
	}
	base := filepath.Base(path)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func printDiagnostics(w io.Writer, d *doc.Document, o convertOptions) {
	if o.quiet {
		return
	}
	for _, dg := range d.Diagnostics {
		if dg.Severity != doc.Note || o.notes {
			fmt.Fprintln(w, dg.Format(d.Source))
		}
	}
}

// writeAtomic writes data to path through a temporary file in the same
// folder and a rename, so that readers never see a partial file.
func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(err))
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = os.Chmod(tmp.Name(), 0o644)
	}
	if werr == nil {
		werr = os.Rename(tmp.Name(), path)
	}
	if werr != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write %s: %v", path, unwrapPathError(werr))
	}
	return nil
}
