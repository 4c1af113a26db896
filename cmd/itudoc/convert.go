package main

import (
	"fmt"
	"github.com/itudoc/itudoc"
	"io"
	"path/filepath"
	"strings"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
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
from the conference's short name.

--edits FILE.yaml applies the Editorial Committee's edit script: each edit a
tracked change of the script's author (default EDITORIAL COMMITTEE) beside the
document's own, so that Word shows two reviewers. A script is all or nothing:
an edit whose anchor does not match as asked fails the document, with the
script's FILE:LINE:COL and the nearest candidates, and nothing is written
(--keep-going applies the rest). --dry-run lists what each edit would change
and writes nothing. The script's form:

  author: EDITORIAL COMMITTEE       # default
  date: 2014-11-05                  # default: the document's date
  edits:
    - in: WGPL/149/2                # proposal id or resolution number (64)
      section: recalling            # the call the text stands under
      label: b)                     # the paragraph's label
      replace: Rev. Guadalajara, 2010
      with: Rev. Busan, 2014
      count: 1                      # or all; nth: 2 picks the second match
    - delete: " once a year"
    - insert: ", as appropriate"
      after: "to the Council"       # or before:, or at: start|end
    - label: c)
      delete-paragraph: true        # or insert-paragraph: {label: d), text: …}
    - section: resolves
      renumber: true                # relabel the items in sequence
    - number: {draft: "[WG-PL/7]", as: "202", line: "RESOLUTION 202 (BUSAN, 2014)"}
  rules:                            # every match, none is not an error
    - replace: Rev. Busan, 2014
      with: Rev. Dubai, 2018
      check: true                   # only count the matches

Text is matched on the clean view (what the Plenary reads); quotes, no-break
spaces and dashes match their plain forms.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write outputs into `DIR` (created if missing)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "notes", Usage: "also print the repairs made to the source (notes)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "with --edits: list what each edit changes, write nothing"},
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
	dryRun   bool
}

func parseConvertFlags(c *cli.Context) (convertOptions, error) {
	s, err := settingsFrom(c)
	return convertOptions{dir: c.String("o"), quiet: c.Bool("quiet"), notes: c.Bool("notes"), dryRun: c.Bool("dry-run"), settings: s}, err
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
	if o.dryRun {
		r, err := loadAndEdit(path, src, o.settings)
		if err != nil {
			return err
		}
		printDiagnostics(c.App.ErrWriter, r.Doc, o.quiet, o.notes)
		printEdits(c.App.Writer, r.Edits)
		return nil
	}
	r, err := itudoc.Convert(path, src, o.settings)
	if err != nil {
		return err
	}
	printDiagnostics(c.App.ErrWriter, r.Doc, o.quiet, o.notes)
	if !o.quiet && len(r.Edits) > 0 {
		fmt.Fprintf(c.App.ErrWriter, "itudoc: %s: %d edits applied\n", path, len(r.Edits))
	}
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

// printEdits lists what each edit did: the script's position, where in the
// document, what changed.
func printEdits(w io.Writer, edits []edit.Applied) {
	for _, a := range edits {
		line := fmt.Sprintf("%s: %s: %s", a.Edit.Pos, a.Where, a.What)
		if a.Note != "" {
			line += " (" + a.Note + ")"
		}
		fmt.Fprintln(w, line)
	}
}
