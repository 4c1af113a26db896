// Package pdf writes the PDF annex of a conference document. It takes a
// normalized (marked) document and Options, derives the view to print
// with pipeline/edits (the clean text, or with Options.Marks the redline:
// insertions underlined, deletions struck through), has layouts/typeset
// lay it out and layouts/pdfwrite write each page as soon as it is set,
// and gives the PDF bytes on an io.Writer with the diagnostics of both. It
// decides nothing about layout or serialisation.
//
// The file is A4, PDF/A-2u and tagged by default (see pdfwrite), with one
// outline entry per proposal, the title "CONFERENCE – Annex to Document
// REF", the cover title as subject, the document's language
// (itu.Lang) and its date (Meta.ISODate) as creation and modification
// date. It is byte-identical for the same input.
package pdf

import (
	"fmt"
	"io"
	"time"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/layouts/pdfwrite"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// Options select what WriteAnnex prints. The zero value prints the clean
// annex, Knuth–Plass line breaking, numbered from page 2.
type Options struct {
	// Marks prints the marked view: insertions underlined, deletions struck
	// through.
	Marks bool
	// LineBreak is "knuth-plass" (default, also for "") or "greedy".
	LineBreak string
	// FirstPage is the number of the first annex page; 0 means 2 (the cover
	// of the original document is page 1).
	FirstPage int
	// Standard is the PDF standard to conform to: "" or pdfwrite.PDFA2U
	// (the default), or pdfwrite.None.
	Standard pdfwrite.Standard
}

// Params gives the typesetting parameters for opt.
func (opt Options) Params() typeset.Params {
	p := typeset.Defaults
	if opt.LineBreak != "" {
		p.LineBreak = opt.LineBreak
	}
	if opt.FirstPage != 0 {
		p.FirstPage = opt.FirstPage
	}
	return p
}

// View gives the view of d that opt prints.
func (opt Options) View(d *doc.Document) *doc.Document {
	if opt.Marks {
		v := revise.Apply(d, revise.Marked)
		addLegend(v)
		return v
	}
	return revise.Apply(d, revise.Clean)
}

// addLegend puts a legend of the changes' authors before the annex of the
// marked view: each author's name marked as their first change is, in
// their colour (typeset.AuthorColor), as Word shows its reviewers.
func addLegend(d *doc.Document) {
	props := d.Proposals()
	if len(props) == 0 || len(d.Changes) == 0 {
		return
	}
	first := map[string]doc.Revision{}
	var order []string
	for i, c := range d.Changes {
		// An author's name is shown underlined as their first insertion,
		// or struck through as their first deletion if they only delete.
		id := doc.ChangeID(i + 1)
		rev, seen := first[c.Author]
		switch {
		case !seen:
			order = append(order, c.Author)
			if c.Kind == doc.Deletion {
				first[c.Author] = doc.Revision{Del: id}
			} else {
				first[c.Author] = doc.Revision{Ins: id}
			}
		case rev.Ins == 0 && c.Kind == doc.Insertion:
			first[c.Author] = doc.Revision{Ins: id}
		}
	}
	in := []doc.Inline{&doc.Run{Text: "Changes by "}}
	for i, a := range order {
		if i > 0 {
			in = append(in, &doc.Run{Text: ", "})
		}
		name := a
		if name == "" {
			name = "the document's author"
		}
		in = append(in, &doc.Run{Text: name, Rev: first[a]})
	}
	in = append(in, &doc.Run{Text: ": insertions are underlined and deletions struck through, in the colour of their author.", Format: doc.Italic})
	legend := &doc.Paragraph{Style: doc.StyleNormal, Inlines: in}
	p := props[0]
	p.Blocks = append([]doc.Block{legend}, p.Blocks...)
}

// WriteAnnex typesets the view of d that opt chooses (Options.View: the
// clean text, or the marks) and writes it; see WriteView.
func WriteAnnex(w io.Writer, d *doc.Document, opt Options) ([]doc.Diagnostic, error) {
	return WriteView(w, opt.View(d), opt)
}

// WriteView typesets the proposals of view, the document as the annex is
// to show it (a view of pipeline/revise), and writes them to w as PDF, each
// page as it is set. Diagnostics report what the typesetter had to replace
// or could not keep; the error is the writer's or w's.
func WriteView(w io.Writer, view *doc.Document, opt Options) ([]doc.Diagnostic, error) {
	d := view
	var diags []doc.Diagnostic
	if len(d.Proposals()) == 0 {
		diags = append(diags, doc.Diagnostic{Severity: doc.Warning, Message: "the document has no proposals: the annex is a blank page"})
	}
	date, err := time.Parse("2006-01-02", d.Meta.ISODate)
	if err != nil {
		diags = append(diags, doc.Diagnostic{Severity: doc.Warning,
			Message: fmt.Sprintf("no document date (ISODate %q): PDF dates set to %s", d.Meta.ISODate, pdfwrite.FallbackDate.Format("2006-01-02"))})
		date = pdfwrite.FallbackDate
	}
	info := pdfwrite.Info{
		Title:    "Annex to Document " + d.Meta.Reference(),
		Subject:  d.Meta.Title,
		Lang:     itu.Lang(d.Meta),
		Date:     date,
		Standard: opt.Standard,
	}
	if d.Meta.Conference != "" {
		info.Title = d.Meta.Conference + " – " + info.Title
	}
	pw := pdfwrite.New(w, info)
	res, layoutDiags, err := typeset.Stream(view, opt.Params(), pw.Page)
	diags = append(layoutDiags, diags...)
	if err != nil {
		pw.Abort()
		return diags, err
	}
	return diags, pw.Close(res.Struct)
}
