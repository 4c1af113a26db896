package main

import (
	"encoding/json"
	"fmt"
	"github.com/itudoc/itudoc/internal/render"
	"io"
	"sort"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/urfave/cli/v2"
)

func inspectCommand() *cli.Command {
	return &cli.Command{
		Name:      "inspect",
		Usage:     "print a document's outline: proposals, styles, revisions, warnings",
		ArgsUsage: "FILE|-",
		Description: `Reads one source document ("-" for stdin) through parse and normalize and
prints what itudoc understood: the cover metadata, each proposal with its
action, id, resolution number and title, paragraphs by ITU style, the counts
of insertions, deletions and footnotes, and every warning with file:line:col.

With --edits the document is shown as the edit scripts leave it, and the
authors list each reviewer's changes.

With --json the same goes to stdout as one JSON object:
  {"file", "meta", "proposals": [{action, id, number, title, line}],
   "counts": {paragraphs: {STYLE: N}, insertions, deletions, footnotes},
   "authors": [{author, insertions, deletions}],
   "warnings": [{line, col, message}], "notes": [{line, col, message}]}

Exit status: 0 when the document was read (warnings or not), 1 when it could
not be read, 2 on bad usage.`,
		Flags: append([]cli.Flag{
			&cli.BoolFlag{Name: "json", Usage: "print JSON for machines"},
			&cli.BoolFlag{Name: "notes", Usage: "also list the repairs made (notes), not only warnings"},
			&cli.StringFlag{Name: "author", Usage: "author of the document's own changes (default: its source)"},
			&cli.StringSliceFlag{Name: "edits", Usage: "apply the edit script `FILE.yaml` first; repeatable"},
		}, limitFlags()...),
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return &exitError{code: 2, msg: "inspect takes one FILE (or - for stdin); see itudoc inspect --help"}
			}
			lim, err := limitsFrom(c)
			if err != nil {
				return err
			}
			path := c.Args().First()
			src, err := readSource(path, c.App.Reader, lim)
			if err != nil {
				return err
			}
			r, err := loadAndEdit(path, src, render.Settings{Author: c.String("author"), Edits: c.StringSlice("edits"), Limits: lim})
			if err != nil {
				return &exitError{code: 1, msg: err.Error()}
			}
			d := r.Doc
			if c.Bool("json") {
				return writeInspectJSON(c.App.Writer, d)
			}
			writeOutline(c.App.Writer, d, c.Bool("notes"))
			return nil
		},
	}
}

type inspectProposal struct {
	Action doc.Action `json:"action"`
	ID     string     `json:"id"`
	Number string     `json:"number"`
	Title  string     `json:"title"`
	Line   int        `json:"line"`
}

type inspectMessage struct {
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Message string `json:"message"`
}

type inspectReport struct {
	File      string            `json:"file"`
	Meta      doc.Meta          `json:"meta"`
	Proposals []inspectProposal `json:"proposals"`
	Counts    doc.Stats         `json:"counts"`
	Authors   []doc.AuthorCount `json:"authors"`
	Warnings  []inspectMessage  `json:"warnings"`
	Notes     []inspectMessage  `json:"notes"`
}

func writeInspectJSON(w io.Writer, d *doc.Document) error {
	r := inspectReport{File: d.Source, Meta: d.Meta, Counts: d.Stats(), Authors: d.Authors(), Proposals: []inspectProposal{}, Warnings: []inspectMessage{}, Notes: []inspectMessage{}}
	for _, p := range d.Proposals() {
		r.Proposals = append(r.Proposals, inspectProposal{p.Action, p.ID, p.Number, p.Title, p.Pos.Line})
	}
	for _, m := range d.Diagnostics {
		im := inspectMessage{m.Pos.Line, m.Pos.Col, m.Message}
		if m.Severity == doc.Note {
			r.Notes = append(r.Notes, im)
		} else {
			r.Warnings = append(r.Warnings, im)
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

func writeOutline(w io.Writer, d *doc.Document, notes bool) {
	m := d.Meta
	fmt.Fprintf(w, "%s\n", d.Source)
	fmt.Fprintf(w, "  Document %s  %s  %s  Original: %s\n", orDash(m.Number), orDash(m.Committee), orDash(m.Date), orDash(m.Original))
	fmt.Fprintf(w, "  Source: %s\n  Title:  %s\n", orDash(m.Source), orDash(m.Title))
	if len(m.Signature) > 0 {
		fmt.Fprintf(w, "  Signed: %s\n", strings.Join(m.Signature, " / "))
	}
	for _, b := range d.Cover() {
		if t, ok := b.(*doc.Table); ok {
			fmt.Fprintf(w, "  Cover table: %d rows (line %d)\n", len(t.Rows), t.Pos.Line)
		}
	}
	if m.AnnexPages > 0 {
		fmt.Fprintf(w, "  Annex: %d pages\n", m.AnnexPages)
	}
	ps := d.Proposals()
	fmt.Fprintf(w, "\nProposals (%d):\n", len(ps))
	for i, p := range ps {
		fmt.Fprintf(w, "  %d. %-5s %-12s line %-5d %s\n", i+1, p.Action, p.ID, p.Pos.Line, p.Number)
		if p.Title != "" {
			fmt.Fprintf(w, "     %s\n", p.Title)
		}
	}
	s := d.Stats()
	fmt.Fprintf(w, "\nParagraphs by style:\n")
	styles := make([]string, 0, len(s.Paragraphs))
	for st := range s.Paragraphs {
		styles = append(styles, string(st))
	}
	sort.Strings(styles)
	for _, st := range styles {
		fmt.Fprintf(w, "  %-18s %d\n", st, s.Paragraphs[doc.Style(st)])
	}
	fmt.Fprintf(w, "\nRevisions: %d insertions, %d deletions; footnotes: %d\n", s.Insertions, s.Deletions, s.Footnotes)
	for _, a := range d.Authors() {
		fmt.Fprintf(w, "  %-40s %d insertions, %d deletions\n", a.Author, a.Insertions, a.Deletions)
	}
	var warn, note int
	for _, dg := range d.Diagnostics {
		if dg.Severity == doc.Note {
			note++
		} else {
			warn++
		}
	}
	fmt.Fprintf(w, "\nWarnings: %d", warn)
	if !notes && note > 0 {
		fmt.Fprintf(w, " (and %d repairs made; --notes lists them)", note)
	}
	fmt.Fprintln(w)
	for _, dg := range d.Diagnostics {
		if dg.Severity != doc.Note || notes {
			fmt.Fprintf(w, "  %s\n", dg.Format(d.Source))
		}
	}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
