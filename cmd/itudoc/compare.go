package main

import (
	"fmt"
	"github.com/itudoc/itudoc"
	"path/filepath"
	"strings"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/itudoc/itudoc/pipeline/compare"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/urfave/cli/v2"
)

func compareCommand() *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "write the redline of two versions of a document: what changed from OLD to NEW",
		ArgsUsage: "-o OUT OLD NEW",
		Description: `Compares two versions of a document and writes one marked document whose
accepted text is NEW and whose rejected text is OLD, exactly: paragraphs,
styles, labels, footnotes and tables included.

OLD and NEW are source files in the dialect or Word files (.docx; - reads one
of them from stdin), each read with all its own changes accepted.

The extension of OUT picks what is written:
  .md    the redline in the source dialect, ~~deleted~~ and [inserted](#);
         -o - writes it to stdout
  .docx  the ITU-style Word file, the changes as tracked changes by --author
         on --date (default: NEW's source and date, as for convert)
  .pdf   the annex with the changes shown

The redline is made structure first: proposals by their id, then a proposal's
heading, its sections by their call ("recalling", "instructs the ..."), items
by their text (a relettered item is a label change), then paragraphs by
similarity; a paragraph split in two or two merged into one is a revised
paragraph mark. Within a paragraph, whole words change, never parts of them.
The .md output keeps to what the dialect's reader can read back: where it
could not, that part is shown otherwise (a label changed by characters, an
item deleted and inserted), or a warning says what does not read back.
What the redline cannot show as such is noted on stderr: a moved paragraph
(deleted and inserted), a change of style or formatting, a proposal whose
symbol changed (deleted and inserted whole), cover fields that changed.

Examples:
  itudoc compare -o rev1.docx pp14-149-e.md pp14-149-rev1-e.md
  itudoc compare -o - old.md new.md | less`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write the redline to `OUT` (.md, .docx or .pdf; - for the .md on stdout)"},
			&cli.StringFlag{Name: "author", Usage: "author of the tracked changes (default: NEW's source)"},
			&cli.StringFlag{Name: "date", Usage: "`YYYY-MM-DD` of the tracked changes and the PDF (default: NEW's date)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "notes", Usage: "also print the repairs made to OLD and NEW (notes)"},
		}, limitFlags()...),
		Action: runCompare,
	}
}

func runCompare(c *cli.Context) error {
	out := c.String("o")
	files := c.Args().Slice()
	if len(files) != 2 {
		return usageErr("compare needs OLD and NEW; see itudoc compare --help")
	}
	if files[0] == "-" && files[1] == "-" {
		return usageErr("only one of OLD and NEW can be read from stdin (-)")
	}
	format := ""
	switch ext := strings.ToLower(filepath.Ext(out)); {
	case out == "":
		return usageErr("compare needs -o OUT (.md, .docx or .pdf; - for stdout)")
	case out == "-" || ext == ".md":
		format = "md"
	case ext == ".docx" || ext == ".pdf":
		format = ext[1:]
	default:
		return usageErr("-o %s: the extension must be .md, .docx or .pdf (or - for stdout)", out)
	}
	s := render.Settings{Author: c.String("author"), Date: c.String("date")}
	if format != "md" {
		s.Formats = []string{format}
		s.PDFMarks = format == "pdf"
	}
	if err := s.Validate(); err != nil {
		return usageErr("%v", err)
	}
	lim, err := limitsFrom(c)
	if err != nil {
		return err
	}
	quiet, notes := c.Bool("quiet"), c.Bool("notes")
	var docs [2]*doc.Document
	for i, f := range files {
		d, err := load(f, c.App.Reader, lim)
		if err != nil {
			return err
		}
		printDiagnostics(c.App.ErrWriter, d, quiet, notes)
		docs[i] = d
	}
	// The .md keeps to what the dialect can say (compare.Options.ReadBack);
	// Word and PDF show the redline as the model holds it.
	session := markdown.NewSession()
	var o compare.Options
	if format == "md" {
		o.ReadBack = session.ReadBack
	}
	red := compare.Compare(docs[0], docs[1], o)
	red.Source = files[1]
	red.ResolveChanges(render.Author(red, s), render.ChangeDate(red, s))
	if !quiet {
		for _, dg := range red.Diagnostics {
			fmt.Fprintln(c.App.ErrWriter, dg.Format(files[1]))
		}
	}
	var data []byte
	switch format {
	case "md":
		var warns []doc.Diagnostic
		data, warns = session.Write(red)
		data = append(data, '\n')
		if !quiet {
			for _, w := range warns {
				fmt.Fprintln(c.App.ErrWriter, w.Format(out))
			}
		}
	default:
		r, err := itudoc.Write(out, red, s)
		if err != nil {
			return &exitError{code: 1, msg: err.Error()}
		}
		if !quiet {
			for _, dg := range r.Doc.Diagnostics[len(red.Diagnostics):] {
				fmt.Fprintln(c.App.ErrWriter, dg.Format(out))
			}
		}
		data = r.Outputs[0].Data
	}
	return writeOutput(c, out, data, quiet)
}

// writeOutput writes one output to OUT, whole or not at all, or to stdout
// for -.
func writeOutput(c *cli.Context, out string, data []byte, quiet bool) error {
	if out == "-" {
		_, err := c.App.Writer.Write(data)
		return err
	}
	if err := atomicfile.Write(out, data); err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	if !quiet {
		fmt.Fprintf(c.App.ErrWriter, "itudoc: wrote %s (%d bytes)\n", out, len(data))
	}
	return nil
}
