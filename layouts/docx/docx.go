// Package docx writes a conference document as an ITU-style Word file.
//
// Write takes a normalized *doc.Document (as pipeline.Load gives it), derives
// its marked view with revise.Apply(d, revise.Marked), and gives a .docx
// package (WordprocessingML, ISO/IEC 29500 transitional) in which every
// revision of the source is a real Word tracked change: inserted runs in
// w:ins, deleted runs in w:del with w:delText, and whole inserted or deleted
// paragraphs with a revised paragraph mark. Styles come from layouts/itu
// (styles.xml is generated from itu.Styles and itu.Page), footnotes go to
// footnotes.xml, and the running header from page 2 shows "- N -" and the
// document reference.
//
// The output depends only on the document and the Options: no clock, fixed
// part order and zip times, so that two writes give the same bytes.
//
// The writer follows pandoc's DOCX writer: a phased top-level function
// (Write), a read-only environment passed by value (env: revision author and
// date, the revision the current runs are in) and a state passed by pointer
// (state: revision id counter, footnotes written, diagnostics).
package docx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"github.com/klauspost/compress/flate"
	"io"
	"sync"
	"time"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// Options control what the writer records about the revisions. Zero values
// take their defaults from the document.
type Options struct {
	// Author of the tracked changes and of the package; default
	// d.Meta.Source, or "itudoc" when that is empty.
	Author string
	// Date of the tracked changes and of the package properties, YYYY-MM-DD;
	// default d.Meta.ISODate. With neither, revisions carry no w:date (it is
	// optional) and the package no creation date. The clock is never read.
	Date string
}

// DefaultAuthor is the revision author when neither Options.Author nor the
// document's source is known.
const DefaultAuthor = "itudoc"

// zipTime is the modification time of every zip entry, fixed so that the
// output is reproducible (the earliest time MS-DOS dates can hold).
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// env is the read-only context of what is being written, passed by value:
// a callee that changes it changes it for its own callees only.
type env struct {
	author string // revision author
	date   string // revision date, xsd:dateTime, or "" for none
	del    bool   // inside a w:del: text is w:delText
	inNote bool   // inside footnotes.xml: no footnote references
}

// state is what the writer accumulates, passed by pointer.
type state struct {
	d      *doc.Document // the marked view
	revID  int           // last w:ins/w:del id given; one counter for the package
	notes  []bool        // notes[id] once footnote id has been referenced
	diags  []doc.Diagnostic
	styles map[doc.Style]bool // unknown styles already reported
	links  *linkTable         // hyperlink targets of the part being written
	// Scratch of paragraphIn: a labelled paragraph's inlines and the tab
	// after its label.
	labelled []doc.Inline
	tab      doc.Run
}

// linkTable numbers the hyperlink targets of one part, in order of first
// use, so that the relationship ids are the same on every run.
type linkTable struct {
	ids     map[string]int
	targets []string
}

// rid gives the relationship id of target in t.
func (t *linkTable) rid(target string) string {
	if t.ids == nil {
		t.ids = map[string]int{}
	}
	i, ok := t.ids[target]
	if !ok {
		i = len(t.targets)
		t.ids[target] = i
		t.targets = append(t.targets, target)
	}
	return linkRID(i)
}

// nextRev gives a fresh revision id.
func (st *state) nextRev() int {
	st.revID++
	return st.revID
}

// documentBufs keeps the buffers of word/document.xml, the one large part
// (a quarter of a megabyte for the seed), between packages: grown from
// nothing each time, it cost more in copies and collections than its
// writing. One larger than maxPooledDocument (a document of long
// paragraphs) is left to the collector rather than kept.
var documentBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledDocument = 8 << 20

// fixedParts are the parts that are the same in every package, made once
// and shared read-only (writeZip only reads them).
var fixedParts = sync.OnceValue(func() (p struct{ contentTypes, packageRels, appProps, styles, settings, emptyHeader []byte }) {
	p.contentTypes, p.packageRels, p.appProps = contentTypes(), packageRels(), appProps()
	p.styles, p.settings, p.emptyHeader = styles(), settings(), emptyHeader()
	return p
})

// part is one file of the package.
type part struct {
	name string
	data []byte
}

// Write writes the marked view of d (revise.Marked: every change a tracked
// change) as a .docx package to w; see WriteView.
func Write(w io.Writer, d *doc.Document, opt Options) ([]doc.Diagnostic, error) {
	return WriteView(w, revise.Apply(d, revise.Marked), opt)
}

// WriteView writes view, the document as the package is to show it (a view
// of pipeline/revise: its changes the tracked changes), as a .docx package
// to w; view is not changed. The diagnostics are about things the writer
// had to repair (characters XML forbids, dangling footnote references); the
// error is set only when the Options are invalid or w fails.
func WriteView(w io.Writer, view *doc.Document, opt Options) ([]doc.Diagnostic, error) {
	d := view
	// Phase 1: options.
	e, err := newEnv(d, opt)
	if err != nil {
		return nil, err
	}
	st := &state{d: view}
	if opt.Date == "" && e.date == "" && d.Meta.ISODate != "" {
		st.diags = append(st.diags, doc.Diagnostic{Severity: doc.Warning,
			Message: fmt.Sprintf("document date %q is not YYYY-MM-DD; revisions are written without a date", d.Meta.ISODate)})
	}
	st.notes = make([]bool, len(st.d.Footnotes)+1)
	e.author = st.clean(e.author, doc.Pos{}, "revision author")

	// Phase 2: the parts. The body is written before the footnotes, so
	// that revision ids run on from document.xml into footnotes.xml.
	docLinks, noteLinks := &linkTable{}, &linkTable{}
	st.links = docLinks
	docBuf := documentBufs.Get().(*[]byte)
	document := st.document(e, (*docBuf)[:0])
	defer func() {
		if cap(document) <= maxPooledDocument {
			*docBuf = document[:0]
			documentBufs.Put(docBuf)
		}
	}()
	st.links = noteLinks
	footnotes := st.footnotes(e)
	fixed := fixedParts()
	parts := []part{
		{"[Content_Types].xml", fixed.contentTypes},
		{"_rels/.rels", fixed.packageRels},
		{"docProps/core.xml", st.coreProps(e)},
		{"docProps/app.xml", fixed.appProps},
		{"word/document.xml", document},
		{"word/_rels/document.xml.rels", documentRels(docLinks.targets)},
		{"word/styles.xml", fixed.styles},
		{"word/settings.xml", fixed.settings},
		{"word/footnotes.xml", footnotes},
		{"word/header1.xml", st.header()},
		{"word/header2.xml", fixed.emptyHeader},
	}
	if len(noteLinks.targets) > 0 {
		parts = append(parts, part{"word/_rels/footnotes.xml.rels", rels(nil, noteLinks.targets)})
	}

	// Phase 3: the zip.
	if err := writeZip(w, parts); err != nil {
		return st.diags, err
	}
	return st.diags, nil
}

// newEnv resolves the options against the document.
func newEnv(d *doc.Document, opt Options) (env, error) {
	e := env{author: opt.Author}
	if e.author == "" {
		e.author = d.Meta.Source
	}
	if e.author == "" {
		e.author = DefaultAuthor
	}
	date := opt.Date
	if date != "" {
		if _, err := time.Parse(time.DateOnly, date); err != nil {
			return env{}, fmt.Errorf("docx: revision date %q is not YYYY-MM-DD", date)
		}
	} else if _, err := time.Parse(time.DateOnly, d.Meta.ISODate); err == nil {
		date = d.Meta.ISODate
	}
	if date != "" {
		e.date = date + "T00:00:00Z"
	}
	return e, nil
}

// deflateLevel trades the package's size for the writer's time: most of
// the time went to deflate at the default level.
const deflateLevel = flate.BestSpeed

var deflaters = sync.Pool{New: func() any {
	w, err := flate.NewWriter(io.Discard, deflateLevel)
	if err != nil {
		panic(err) // only for a bad level, a constant
	}
	return w
}}

// writeZip writes the parts in order, deflated, with fixed times.
func writeZip(w io.Writer, parts []part) error {
	zw := zip.NewWriter(w)
	// One deflater for every part, reset between them, and kept for the next
	// package: making one costs more than compressing a small part.
	def := deflaters.Get().(*flate.Writer)
	defer deflaters.Put(def)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		def.Reset(out)
		return def, nil
	})
	for _, p := range parts {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return err
		}
		if _, err := fw.Write(p.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// Bytes is Write into a new slice, for callers that keep the package in
// memory.
func Bytes(d *doc.Document, opt Options) ([]byte, []doc.Diagnostic, error) {
	var buf bytes.Buffer
	diags, err := Write(&buf, d, opt)
	return buf.Bytes(), diags, err
}
