// Package pdf writes the clean PDF annex of a conference document. It takes
// a normalized (marked) document, derives the view to print with
// pipeline/edits (the clean text, or with Options.Marks the redline:
// insertions underlined, deletions struck through), has layouts/typeset lay
// it out, and draws the resulting frames (writer.go). It decides nothing
// about layout.
//
// The output is A4, embeds subsets of the Liberation Serif faces the frames
// use, from package fonts (loaded from bytes, never from disk), has one
// outline entry per proposal and an info dictionary (title, subject,
// producer "itudoc", creation and modification dates from Meta.ISODate). It
// is byte-identical for the same input: the dates are the document's, the
// objects are written in a fixed order.
//
// The writer writes what fpdf (codeberg.org/go-pdf/fpdf), which drew the
// annex before it, wrote for the same frames, at a fraction of the cost;
// fpdf stays as the reference it is tested against (fpdf_test.go).
package pdf

import (
	"fmt"
	"io"
	"time"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edits"
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
		return edits.Apply(d, edits.Marked)
	}
	return edits.Apply(d, edits.Clean)
}

// fallbackDate is used when the document has no parseable date, so that the
// output stays reproducible.
var fallbackDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// WriteAnnex typesets the proposals of d, a normalized document, and writes
// them to w as PDF. Diagnostics report what the typesetter had to replace or
// could not keep; the error is fpdf's or w's.
func WriteAnnex(w io.Writer, d *doc.Document, opt Options) ([]doc.Diagnostic, error) {
	res, diags := typeset.Layout(opt.View(d), opt.Params())
	if len(d.Proposals()) == 0 {
		diags = append(diags, doc.Diagnostic{Severity: doc.Warning, Message: "the document has no proposals: the annex is a blank page"})
	}
	date, err := time.Parse("2006-01-02", d.Meta.ISODate)
	if err != nil {
		diags = append(diags, doc.Diagnostic{Severity: doc.Warning,
			Message: fmt.Sprintf("no document date (ISODate %q): PDF dates set to %s", d.Meta.ISODate, fallbackDate.Format("2006-01-02"))})
		date = fallbackDate
	}
	info := Info{
		Title:   "Annex to Document " + d.Meta.Reference(),
		Subject: d.Meta.Title,
		Date:    date,
	}
	if d.Meta.Conference != "" {
		info.Title = d.Meta.Conference + " – " + info.Title
	}
	return diags, Draw(w, res.Pages, info)
}

// Info is the document information the exporter records.
type Info struct {
	Title, Subject string
	Date           time.Time // creation and modification date
}

// Draw draws pages and writes the PDF to w. Every text item must hold only
// characters its face has (the typesetter sees to it); one that does not
// is an error.
func Draw(w io.Writer, pages []typeset.Page, info Info) error {
	return draw(w, pages, info)
}

// usedFaces gives Regular and the faces of the pages' text, in the order
// of fonts.Styles.
func usedFaces(pages []typeset.Page) []fonts.Style {
	var used [4]bool
	used[fonts.Regular] = true
	for _, pg := range pages {
		for _, it := range pg.Items {
			if t, ok := it.(*typeset.Text); ok {
				used[t.Face&3] = true
			}
		}
	}
	var out []fonts.Style
	for _, s := range fonts.Styles {
		if used[s] {
			out = append(out, s)
		}
	}
	return out
}

// uncovered gives a character of t its face has no glyph for. The
// typesetter maps or replaces such characters; this guards the contract, so
// that fpdf never draws a missing glyph silently.
func uncovered(t *typeset.Text) (rune, bool) {
	f := fonts.Metrics(t.Face)
	for _, r := range t.Text {
		if !f.Has(r) {
			return r, true
		}
	}
	return 0, false
}
