// Package render converts one source document into its output files, in
// memory: it takes the source bytes and the Settings, runs the pipeline
// (parse → normalize), the DOCX writer and the PDF typesetter, and gives the
// outputs' bytes with the diagnostics of every stage. It writes no file:
// callers (convert, build, check) decide where the bytes go, so that a
// failing document never leaves a partial file anywhere.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"sync"
	"time"

	"github.com/itudoc/itudoc/internal/panics"
	"github.com/itudoc/itudoc/internal/readlimit"
	"github.com/itudoc/itudoc/layouts/docx"
	"github.com/itudoc/itudoc/layouts/pdf"
	"github.com/itudoc/itudoc/layouts/pdfwrite"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// Settings say what to make of a document. The zero value makes both
// outputs with every default taken from the document.
type Settings struct {
	Author     string   `json:"author,omitempty" yaml:"author"`         // of the tracked changes; default: the document's source
	Date       string   `json:"date,omitempty" yaml:"date"`             // YYYY-MM-DD; default: the document's date
	Conference string   `json:"conference,omitempty" yaml:"conference"` // "Plenipotentiary Conference (PP-14)"
	Place      string   `json:"place,omitempty" yaml:"place"`           // "Busan, 20 October - 7 November 2014"
	Formats    []string `json:"formats,omitempty" yaml:"formats"`       // "docx", "pdf"; default both
	PDFMarks   bool     `json:"pdfMarks,omitempty" yaml:"pdf-marks"`    // redline PDF instead of the clean text
	LineBreak  string   `json:"lineBreak,omitempty" yaml:"linebreak"`   // "knuth-plass" (default) or "greedy"
	// Edits are the edit scripts applied to the document, in order (the
	// Editorial Committee's changes, pipeline/edit), as file paths.
	Edits []string `json:"edits,omitempty" yaml:"edits"`
	// KeepGoing applies the edits that can be when others fail, instead
	// of failing the document; the run's choice, like Limits.
	KeepGoing bool `json:"-" yaml:"-"`
	// PDFStandard is the standard the PDF conforms to: "pdfa-2u" (the
	// default: PDF/A-2u, tagged) or "none" (tagged, no PDF/A metadata).
	PDFStandard string `json:"pdfStandard,omitempty" yaml:"pdf-standard"`
	// Limits bound the input; they are the run's, not the document's, so a
	// manifest does not set them and they do not change outputs.
	Limits parse.Limits `json:"-" yaml:"-"`
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Validate checks the settings and fills the defaults of Formats,
// LineBreak and PDFStandard.
func (s *Settings) Validate() error {
	if s.Date != "" {
		if _, err := time.Parse("2006-01-02", s.Date); err != nil || !isoDate.MatchString(s.Date) {
			return fmt.Errorf("date must be YYYY-MM-DD, not %q", s.Date)
		}
	}
	if len(s.Formats) == 0 {
		s.Formats = []string{"docx", "pdf"}
	}
	for _, f := range s.Formats {
		if f != "docx" && f != "pdf" {
			return fmt.Errorf("format must be docx or pdf, not %q", f)
		}
	}
	switch s.LineBreak {
	case "":
		s.LineBreak = "knuth-plass"
	case "knuth-plass", "greedy":
	default:
		return fmt.Errorf("linebreak must be knuth-plass or greedy, not %q", s.LineBreak)
	}
	std, err := pdfwrite.ParseStandard(s.PDFStandard)
	if err != nil {
		return err
	}
	s.PDFStandard = string(std)
	return nil
}

func (s Settings) wants(format string) bool {
	for _, f := range s.Formats {
		if f == format {
			return true
		}
	}
	return false
}

// Output is one output file: Suffix is what follows the stem (".docx",
// "-annex.pdf").
type Output struct {
	Suffix string
	Data   []byte
}

// Result is a converted document.
type Result struct {
	Doc     *doc.Document // normalized and edited, with the diagnostics of every stage
	Outputs []Output
	Edits   []edit.Applied // what each edit of the scripts did
}

// The writers; tests replace them to simulate a bug.
var (
	writeDOCX  = docx.WriteView
	writeAnnex = pdf.WriteView
)

// Convert converts src, named name in diagnostics. The error is a
// *doc.SourceError for input that is not a document, or a writer's failure.
// s must have been validated.
func Convert(name string, src []byte, s Settings) (*Result, error) {
	r, err := Prepare(name, src, s)
	if err != nil {
		return nil, err
	}
	res, err := Render(name, r.Doc, s)
	if err != nil {
		return nil, err
	}
	res.Edits = r.Edits
	return res, nil
}

// Render writes the outputs of a document already loaded and edited (or
// made, as compare makes a redline), named name in errors. d is read, not
// changed, but for the diagnostics of the writers, which are appended to
// it. s must have been validated.
func Render(name string, d *doc.Document, s Settings) (*Result, error) {
	r := &Result{Doc: d}
	// The writers only read d, so the DOCX is written while the PDF is
	// typeset, unless the source is large: then one after the other, so
	// that their peaks of memory do not add up. Outputs and diagnostics
	// keep the order docx, pdf.
	var docxOut, pdfOut *Output
	var docxDiags, pdfDiags []doc.Diagnostic
	var docxErr, pdfErr error
	var docxPanic, pdfPanic *panics.Panic
	var wg sync.WaitGroup
	size := textSize(d)
	parallel := size < parallelBelow
	if s.wants("docx") {
		wgGo(&wg, parallel, func() {
			defer panics.Capture(&docxPanic)
			var buf bytes.Buffer
			buf.Grow(docxSizeGuess(size))
			// The Word file shows every change as a tracked change.
			docxDiags, docxErr = writeDOCX(&buf, revise.Apply(d, revise.Marked), docx.Options{Author: s.Author, Date: s.Date})
			docxOut = &Output{".docx", buf.Bytes()}
		})
	}
	if s.wants("pdf") {
		wgGo(&wg, parallel, func() {
			defer panics.Capture(&pdfPanic)
			var buf bytes.Buffer
			buf.Grow(pdfSizeGuess(size))
			pd := d
			if s.Date != "" { // the PDF's dates are the document's, or --date
				c := *d
				c.Meta.ISODate = s.Date
				pd = &c
			}
			// The annex shows the clean text, or with --pdf-marks the marks.
			po := pdf.Options{Marks: s.PDFMarks, LineBreak: s.LineBreak, Standard: pdfwrite.Standard(s.PDFStandard)}
			pdfDiags, pdfErr = writeAnnex(&buf, po.View(pd), po)
			pdfOut = &Output{"-annex.pdf", buf.Bytes()}
		})
	}
	wg.Wait()
	panics.Repanic(docxPanic, pdfPanic)
	d.Diagnostics = append(append(d.Diagnostics, docxDiags...), pdfDiags...)
	if docxErr != nil {
		return nil, fmt.Errorf("%s: writing the Word file: %w", name, docxErr)
	}
	if pdfErr != nil {
		return nil, fmt.Errorf("%s: writing the PDF annex: %w", name, pdfErr)
	}
	for _, o := range []*Output{docxOut, pdfOut} {
		if o != nil {
			r.Outputs = append(r.Outputs, *o)
		}
	}
	return r, nil
}

// Prepare runs the stages before the writers: Load, then Edit. It gives
// the document the writers print, with what each edit did.
func Prepare(name string, src []byte, s Settings) (*Result, error) {
	d, err := Load(name, src, s)
	if err != nil {
		return nil, err
	}
	d, edits, err := Edit(name, d, s)
	if err != nil {
		return nil, err
	}
	return &Result{Doc: d, Edits: edits}, nil
}

// Load reads a source (the dialect, or a Word file) into the model, parse
// → normalize or the DOCX reader, then gives it the settings' cover fields
// and every change without one its author and date.
func Load(name string, src []byte, s Settings) (*doc.Document, error) {
	d, err := pipeline.LoadLimited(name, src, s.Limits)
	if err != nil {
		return nil, err
	}
	if s.Conference != "" {
		d.Meta.Conference = s.Conference
		d.Meta.Code = doc.ConferenceCode(s.Conference)
	}
	if s.Place != "" {
		d.Meta.Place = s.Place
	}
	d.ResolveChanges(Author(d, s), ChangeDate(d, s))
	return d, nil
}

// Edit applies the settings' edit scripts in order: the Editorial
// Committee's changes, each a tracked change of its script's author. A
// script that fails fails the document (unless KeepGoing); d is not
// changed.
func Edit(name string, d *doc.Document, s Settings) (*doc.Document, []edit.Applied, error) {
	var applied []edit.Applied
	for _, path := range s.Edits {
		script, err := ReadScript(path)
		if err != nil {
			return nil, nil, err
		}
		edited, rep, err := edit.Apply(d, script, edit.Options{KeepGoing: s.KeepGoing})
		if err != nil {
			return nil, nil, fmt.Errorf("%s: the edits cannot apply (nothing was written): %w", name, err)
		}
		for _, f := range rep.Failed {
			edited.Report(doc.Pos{}, doc.Warning, "edit skipped (--keep-going): %v", f)
		}
		d = edited
		applied = append(applied, rep.Applied...)
	}
	return d, applied, nil
}

// Author is the author of the document's own changes: the settings', else
// the document's source, else docx.DefaultAuthor.
func Author(d *doc.Document, s Settings) string {
	switch {
	case s.Author != "":
		return s.Author
	case d.Meta.Source != "":
		return d.Meta.Source
	}
	return docx.DefaultAuthor
}

// ChangeDate is the date of the document's own changes: the settings',
// else the document's; "" when neither is known.
func ChangeDate(d *doc.Document, s Settings) string {
	if s.Date != "" {
		return s.Date
	}
	if _, err := time.Parse("2006-01-02", d.Meta.ISODate); err == nil {
		return d.Meta.ISODate
	}
	return ""
}

// ReadScript reads and parses an edit script: a regular file (a named pipe
// would hang the read), bounded.
func ReadScript(path string) (*edit.Script, error) {
	data, err := readlimit.File(path, edit.MaxScriptBytes)
	if err != nil {
		return nil, err
	}
	return edit.Parse(path, data)
}

// parallelBelow is the size of text under which the two writers run at
// once. The seed is 100 KB; a 5 MB paragraph takes some 100 MB to write as
// DOCX and 200 MB to typeset.
const parallelBelow = 1 << 20

// docxSizeGuess and pdfSizeGuess are about the sizes of the outputs of a
// document of n bytes of text (the seed: 53 and 194 KB of 117 KB; a
// corpus document: 8 to 9 and 53 to 58 KB of 2.5 to 4.5 KB, the fonts
// most of the PDF), so that an output buffer is made once rather than
// grown by doubling, each time allocated, cleared and copied. A guess is
// at most 1 MiB: a larger output is rare, and may compress far better
// than the guess (a 5 MB paragraph's PDF is 2 MB), which would add to the
// peak of memory.
func docxSizeGuess(n int) int { return min(8<<10+n/2, 1<<20) }
func pdfSizeGuess(n int) int  { return min(48<<10+n+n/3, 1<<20) }

// textSize is the bytes of d's text, a measure of the writers' work.
func textSize(d *doc.Document) int {
	n := 0
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		for _, in := range [][]doc.Inline{p.Label, p.Inlines} {
			for _, il := range in {
				if r, ok := il.(*doc.Run); ok {
					n += len(r.Text)
				}
			}
		}
	})
	return n
}

// wgGo runs f on its own goroutine in wg when parallel, else now.
func wgGo(wg *sync.WaitGroup, parallel bool, f func()) {
	if parallel {
		wg.Go(f)
		return
	}
	f()
}

// ReadSource reads a source file, refusing one larger than the limit, and
// anything that is not a regular file (a named pipe, a device), before
// reading it.
func ReadSource(path string, lim parse.Limits) ([]byte, error) {
	return ReadSourceAs(path, path, lim)
}

// ReadSourceAs is ReadSource of the file path, named name in errors (a
// source found through a symbolic link is read at its target but named as
// the user named it).
func ReadSourceAs(path, name string, lim parse.Limits) ([]byte, error) {
	max := lim.MaxBytes
	if max <= 0 {
		max = parse.DefaultLimits.MaxBytes
	}
	src, err := readlimit.FileAs(path, name, int64(max))
	var tl *readlimit.TooLargeError
	if errors.As(err, &tl) {
		return nil, &doc.SourceError{File: name, Msg: fmt.Sprintf("%d bytes, more than the limit of %d (--max-input): not a conference text", tl.Size, max)}
	}
	return src, err
}
