package main

import (
	"errors"
	"fmt"
	"github.com/itudoc/itudoc"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/batch"
	"github.com/itudoc/itudoc/internal/golden"
	"github.com/itudoc/itudoc/internal/ioerr"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/urfave/cli/v2"
)

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "regenerate documents in memory and compare them with golden outputs",
		ArgsUsage: "--golden DIR PATH...",
		Description: `For each document named by PATH (a file, a folder or a pack.yaml, as for build),
makes its outputs in memory and compares them with DIR/NAME.docx and
DIR/NAME-annex.pdf. A golden DOCX may be a .docx file or a folder of its parts,
unzipped and canonicalised (what --update writes): such goldens review well in
a pull request. DOCX are compared part by part, XML canonicalised, and the
document body paragraph by paragraph, so the diff names the paragraph that
changed. PDFs are compared by bytes and, with poppler's pdftotext, by page text.

Goldens are read inside DIR (a symbolic link leading out of it is refused)
and within twice the size of the new output and 16 MiB (a golden zip bomb is
refused). --update writes each new golden complete beside the old one, then
swaps it in: a full disk leaves the old golden, and a check running at the
same time finds the old or the new one, never none.

Put it in your CI:  itudoc check --golden fixtures/golden docs/
and after an intended change:  itudoc check --golden fixtures/golden --update docs/

Exit status: 0 all outputs equal their goldens, 1 a difference or a document
that failed, 2 bad usage.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "golden", Required: true, Usage: "folder of the golden outputs"},
			&cli.BoolFlag{Name: "update", Usage: "rewrite the golden outputs instead of comparing"},
		}, append(packFlags(), settingsFlags()...)...),
		Action: runCheck,
	}
}

func runCheck(c *cli.Context) error {
	if c.NArg() == 0 {
		return usageErr("check needs at least one PATH; see itudoc check --help")
	}
	s, err := settingsFrom(c)
	if err != nil {
		return err
	}
	pack, err := batch.Collect(c.Args().Slice(), s, batch.CollectOptions{AllowOutside: c.Bool("allow-outside")})
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	dir := c.String("golden")
	differ, failed := 0, 0
	for _, j := range pack.Jobs {
		src, err := render.ReadSourceAs(j.File, j.Source, j.Settings.Limits)
		if err != nil {
			fmt.Fprintln(c.App.ErrWriter, "itudoc: "+oneLine(err.Error()))
			failed++
			continue
		}
		r, err := itudoc.Convert(j.Source, src, j.Settings)
		if err != nil {
			fmt.Fprintln(c.App.ErrWriter, "itudoc: "+oneLine(err.Error()))
			failed++
			continue
		}
		for _, out := range r.Outputs {
			name := j.Stem + out.Suffix
			path := filepath.Join(dir, filepath.FromSlash(name))
			if c.Bool("update") {
				if err := updateGolden(dir, name, out); err != nil {
					fmt.Fprintln(c.App.ErrWriter, "itudoc: "+oneLine(err.Error()))
					failed++
				} else {
					fmt.Fprintf(c.App.ErrWriter, "itudoc: updated %s\n", oneLine(path))
				}
				continue
			}
			var diff string
			if out.Suffix == ".docx" {
				diff, err = golden.DiffDocxIn(out.Data, dir, name)
			} else {
				diff, err = golden.DiffPDFIn(out.Data, dir, name)
			}
			switch {
			case errors.Is(err, fs.ErrNotExist):
				fmt.Fprintf(c.App.Writer, "%s: no golden output %s (itudoc check --update writes it)\n", oneLine(j.Source), oneLine(path))
				differ++
			case err != nil:
				fmt.Fprintf(c.App.Writer, "%s: cannot compare with %s: %v\n", oneLine(j.Source), oneLine(path), oneLine(ioerr.Reason(err).Error()))
				differ++
			case diff != "":
				fmt.Fprintf(c.App.Writer, "%s: %s differs from the golden output:\n%s", oneLine(j.Source), oneLine(path), diff)
				differ++
			}
		}
	}
	if failed > 0 || differ > 0 {
		return &exitError{code: 1, msg: fmt.Sprintf("%d outputs differ from their goldens, %d documents failed", differ, failed)}
	}
	if !c.Bool("update") {
		fmt.Fprintf(c.App.ErrWriter, "itudoc: %d documents match their golden outputs\n", len(pack.Jobs))
	}
	return nil
}

// updateGolden writes an output as the golden name inside the golden
// folder dir: a DOCX as a folder of parts unless a .docx file is there
// already. Either way the new golden is written complete beside the old
// one, then takes its place; nothing is written or removed through a
// symbolic link leading out of dir. What a killed update left beside it
// is removed first.
func updateGolden(dir, name string, out render.Output) error {
	if _, err := atomicfile.CleanTempsOf(dir, name); err != nil { // left by a killed update
		return err
	}
	if strings.HasSuffix(name, ".docx") {
		if st, err := os.Lstat(filepath.Join(dir, filepath.FromSlash(name))); err != nil || st.IsDir() {
			return golden.WriteDocxIn(dir, name, out.Data)
		}
	}
	return atomicfile.WriteSet(dir, []atomicfile.File{{Name: name, Data: out.Data}})
}
