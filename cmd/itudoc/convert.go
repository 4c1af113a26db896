package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/render"
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

Outputs are written to temporary files and renamed once all are written, so a
failure never leaves a partial file, nor one output new and the other old; a
symbolic link in DIR that leads out of it is refused. Warnings go to stderr as FILE:LINE:COL: warning: MESSAGE.
A document that cannot be read or converted is reported and the others are
still converted; the exit status is then 1 (2 for bad usage, 0 otherwise).

The cover of a Word export does not name the conference; --conference and
--place supply it, and the running header's reference (PP14/149-E) is made
from the conference's short name.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write outputs into `DIR` (created if missing)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "notes", Usage: "also print the repairs made to the source (notes)"},
		}, settingsFlags()...),
		Action: runConvert,
	}
}

// convertOptions is what the flags of convert ask for.
type convertOptions struct {
	dir      string
	settings render.Settings
	quiet    bool
	notes    bool
}

func parseConvertFlags(c *cli.Context) (convertOptions, error) {
	s, err := settingsFrom(c)
	return convertOptions{dir: c.String("o"), quiet: c.Bool("quiet"), notes: c.Bool("notes"), settings: s}, err
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
		if f == "-" && (len(files) > 1 || (o.dir == "" && len(o.settings.Formats) > 1)) {
			return usageErr("reading stdin (-) writes one output to stdout: give one FILE and --format docx or --format pdf, or -o DIR")
		}
	}
	failed := 0
	for _, f := range files {
		if err := convertOne(c, f, o); err != nil {
			fmt.Fprintln(c.App.ErrWriter, "itudoc: "+oneLine(err.Error()))
			failed++
		}
	}
	if failed > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d of %d documents failed", failed, len(files))}
	}
	return nil
}

// convertOne converts one source; everything is made in memory first, so
// that a document that fails writes nothing.
func convertOne(c *cli.Context, path string, o convertOptions) error {
	src, err := readSource(path, c.App.Reader, o.settings.Limits)
	if err != nil {
		return err
	}
	r, err := render.Convert(path, src, o.settings)
	if err != nil {
		return err
	}
	printDiagnostics(c.App.ErrWriter, r.Doc, o.quiet, o.notes)
	if path == "-" && o.dir == "" {
		_, err := c.App.Writer.Write(r.Outputs[0].Data)
		return err
	}
	dir, stem := outputDir(path, o.dir), stemOf(path)
	var files []atomicfile.File
	for _, out := range r.Outputs {
		files = append(files, atomicfile.File{Name: stem + out.Suffix, Data: out.Data})
		if _, err := atomicfile.CleanTempsOf(dir, stem+out.Suffix); err != nil { // left by a killed run
			return err
		}
	}
	if err := atomicfile.WriteSet(dir, files); err != nil {
		return err
	}
	if !o.quiet {
		for _, f := range files {
			fmt.Fprintf(c.App.ErrWriter, "itudoc: wrote %s (%d bytes)\n", oneLine(filepath.Join(dir, f.Name)), len(f.Data))
		}
	}
	return nil
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

func printDiagnostics(w io.Writer, d *doc.Document, quiet, notes bool) {
	if quiet {
		return
	}
	for _, dg := range d.Diagnostics {
		if dg.Severity != doc.Note || notes {
			fmt.Fprintln(w, oneLine(dg.Format(d.Source)))
		}
	}
}
