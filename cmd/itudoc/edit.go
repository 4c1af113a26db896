package main

import (
	"fmt"
	"github.com/itudoc/itudoc"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/urfave/cli/v2"
)

// sourceOut writes a document back in the source dialect: to OUT, or to
// stdout for -; marks by an author or of a date other than the document's
// own carry them in a title. It is what edit and import share.
func sourceOut(c *cli.Context, out string, r *render.Result, s render.Settings, quiet, notes bool) error {
	printDiagnostics(c.App.ErrWriter, r.Doc, quiet, notes)
	data, warns := markdown.WriteWith(r.Doc, markdown.Options{Author: render.Author(r.Doc, s), Date: render.ChangeDate(r.Doc, s)})
	if !quiet {
		for _, w := range warns {
			fmt.Fprintln(c.App.ErrWriter, w.Format(out))
		}
	}
	return writeOutput(c, out, data, quiet)
}

func editCommand() *cli.Command {
	return &cli.Command{
		Name:      "edit",
		Usage:     "apply edit scripts and write the edited source back in the dialect",
		ArgsUsage: "-o OUT.md --edits FILE.yaml IN",
		Description: `Applies the edit scripts (the Editorial Committee's changes; see itudoc
convert --help for their form) to IN, a source or a Word file, and writes the
edited document in the source dialect: every change with its author and date,
[text](# "EDITORIAL COMMITTEE 2014-11-05") for an insertion and
~~text~~(# "EDITORIAL COMMITTEE 2014-11-05") for a deletion, a deletion nested
in another author's insertion written inside it. Marks by the document's own
author (its source, or --author) on its date carry no title. Converting the
result gives byte for byte what convert --edits gives of IN.

A script that fails writes nothing (--keep-going applies the rest).`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write the edited source to `OUT.md` (- for stdout)"},
			&cli.StringSliceFlag{Name: "edits", Usage: "apply the edit script `FILE.yaml`; repeatable, in order"},
			&cli.BoolFlag{Name: "keep-going", Usage: "apply the edits that can be when some fail"},
			&cli.StringFlag{Name: "author", Usage: "author of the document's own changes (default: its source)"},
			&cli.StringFlag{Name: "date", Usage: "`YYYY-MM-DD` of the document's own changes (default: its date)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "notes", Usage: "also print the repairs made to the source (notes)"},
		}, limitFlags()...),
		Action: func(c *cli.Context) error {
			return writeSourceBack(c, "edit", true)
		},
	}
}

func importCommand() *cli.Command {
	return &cli.Command{
		Name:      "import",
		Usage:     "read a Word file (.docx) with its tracked changes into the source dialect",
		ArgsUsage: "[-o OUT.md] FILE.docx",
		Description: `Reads a Word file, as Word or LibreOffice saved it after an edit, and
writes it in the source dialect: ITU styles as the dialect writes them, every
tracked change with its author and date ([text](# "AUTHOR YYYY-MM-DD"),
~~text~~(# "AUTHOR YYYY-MM-DD"); the document's own author, its source line,
untitled), nested changes nested. What the model cannot carry (comments,
images, fields other than PAGE, text boxes, formatting changes) is reported
at its part and paragraph (word/document.xml:§12:3), never dropped silently.

OUT defaults to FILE with .md for .docx; - writes to stdout. convert, build,
check, inspect and compare take .docx inputs directly, through the same reader.`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "o", Aliases: []string{"output"}, Usage: "write the source to `OUT.md` (- for stdout)"},
			&cli.StringFlag{Name: "author", Usage: "the document's own author, whose marks carry no title (default: its source)"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "print errors only"},
			&cli.BoolFlag{Name: "notes", Usage: "also print what was noted while reading"},
		}, limitFlags()...),
		Action: func(c *cli.Context) error {
			return writeSourceBack(c, "import", false)
		},
	}
}

// writeSourceBack is edit (with scripts) and import (without).
func writeSourceBack(c *cli.Context, cmd string, edits bool) error {
	if c.NArg() != 1 {
		return usageErr("%s takes one input; see itudoc %s --help", cmd, cmd)
	}
	in := c.Args().First()
	out := c.String("o")
	if out == "" {
		if edits || in == "-" {
			return usageErr("%s needs -o OUT.md (- for stdout)", cmd)
		}
		out = stemOf(in) + ".md"
		if dir := outputDir(in, ""); dir != "." {
			out = dir + "/" + out
		}
	}
	lim, err := limitsFrom(c)
	if err != nil {
		return err
	}
	s := render.Settings{Author: c.String("author"), Limits: lim}
	if edits {
		s.Date, s.Edits, s.KeepGoing = c.String("date"), c.StringSlice("edits"), c.Bool("keep-going")
		if len(s.Edits) == 0 {
			return usageErr("edit needs --edits FILE.yaml")
		}
	}
	if err := s.Validate(); err != nil {
		return usageErr("%v", err)
	}
	src, err := readSource(in, c.App.Reader, lim)
	if err != nil {
		return err
	}
	r, err := loadAndEdit(in, src, s)
	if err != nil {
		return &exitError{code: 1, msg: err.Error()}
	}
	return sourceOut(c, out, r, s, c.Bool("quiet"), c.Bool("notes"))
}

// loadAndEdit runs the stages before the writers, Load and Edit, for the
// commands that print the model rather than write the outputs.
func loadAndEdit(name string, src []byte, s render.Settings) (*render.Result, error) {
	d, err := itudoc.Load(name, src, s)
	if err != nil {
		return nil, err
	}
	d, edits, err := itudoc.Edit(name, d, s)
	if err != nil {
		return nil, err
	}
	return &render.Result{Doc: d, Edits: edits}, nil
}
