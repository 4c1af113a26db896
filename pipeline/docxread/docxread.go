// Package docxread maps a DOCX to itudoc's document model: pandoc's
// Readers/Docx.hs step, after package wml's Parse.hs step. It takes a
// *wml.Docx (or the bytes of a .docx) and gives a normalized
// *doc.Document, as pipeline.Load gives for the source dialect, with the
// tracked changes of every author kept in a change table beside it.
//
// A document in ITU styles — the DOCX that layouts/docx writes, and what
// Word or LibreOffice make of it after an edit — is mapped by its styles,
// as listed below. A document with no paragraph in an ITU style that says
// what it is (no Proposal, ResNo, Call, enumlevN, …: pandoc's Body Text,
// First Paragraph and Compact, Word's Normal and List Paragraph) is read
// as the source dialect is: the reader gives package normalize a flat list
// of unclassified paragraphs (runs with their revisions, list numbering as
// Paragraph.List with the number Word shows as the label text — "%1)" in
// lowerLetter is "a)" —, heading styles as Paragraph.Heading), real tables
// and real footnotes, and normalize's recognisers classify it (cover,
// proposals, calls, labels), with a warning that says so and notes of what
// was inferred (see generic.go).
//
// What it maps in ITU styles:
//
//   - styles: a paragraph's style id → its name in styles.xml → the ITU
//     style of that name (names compare by wml.Canonical, so LibreOffice's
//     renamed ids and Word's localised ones find their style); other styles
//     are read as Normal, with a warning;
//   - labels: in an enumlevN paragraph the text before the first tab is the
//     label, with its own revision marks, and N the level;
//   - revisions: each w:ins, w:del, w:moveFrom or w:moveTo is one change of
//     the document's change table (kind, author, date, position), and runs
//     inside it point to it; a deletion nested in another author's
//     insertion keeps both, as the model nests them. Result.Changes[id-1]
//     keeps the DOCX form of change id (its w:id, date as written). A move
//     is a deletion and an insertion, with a note: the model has no moves;
//   - paragraph marks: w:pPr/w:rPr/w:ins or w:del → Paragraph.Mark;
//   - the cover: the first table's metadata lines (read by
//     normalize.MetaLines, as the dialect's: revisions, addenda and
//     corrigenda, Council agenda items), the Source and Title1 paragraphs,
//     the signature and "Annex: N pages" → Meta; the cover body and its
//     Action/Title table stay blocks;
//   - proposals: each Proposal paragraph starts a doc.Proposal (action and
//     id from its text, number and title from the ResNo and Restitle
//     paragraphs' accepted text) holding the paragraphs up to the next; a
//     document without one (a Council document) has one section without
//     action or id, from the page break before its annex (or its first
//     AnnexNo, AppendixNo or ResNo paragraph) on;
//   - table cells: their paragraph's mark is its text's when the text is
//     wholly inserted or deleted (normalize.ParagraphMark), as Word files
//     carry no cell marks;
//   - footnotes (and endnotes, as footnotes) in order of first reference,
//     without the mark and tab the writer puts before their text;
//   - hyperlinks → Run.Link; bold, italic and superscript → Run.Format.
//
// What the model cannot hold is reported in the document's diagnostics:
// everything wml reports, formatting changes (w:rPrChange, w:pPrChange),
// row and cell revisions, and direct formatting other than bold, italic and
// superscript. Diagnostics carry the DOCX position as doc.Pos{Line: the
// paragraph number, Col: the run number} (see wml.Pos); for a part other
// than the main document the message names the part.
package docxread

import (
	"fmt"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// Change is one tracked change of the DOCX in its own form: Changes[id-1]
// is the DOCX form of the document's change id.
type Change struct {
	Kind wml.RevKind
	wml.Change
	Pos wml.Pos
}

// Result is a DOCX read into the model.
type Result struct {
	Doc     *doc.Document
	Changes []Change // Changes[id-1] is the DOCX form of Doc.Change(id)
	// Typed is the WordprocessingML the model was made from.
	Typed *wml.Docx
}

// Change gives the DOCX form of a change, or nil for 0 or an unknown id.
func (r *Result) Change(id doc.ChangeID) *Change {
	if id < 1 || int(id) > len(r.Changes) {
		return nil
	}
	return &r.Changes[id-1]
}

// Read reads the .docx bytes data, named name in the document (its Source),
// within lim. The error is the package's or a part's (see ooxml.Error); all
// else is in the document's diagnostics.
func Read(name string, data []byte, lim ooxml.Limits) (*Result, error) {
	w, err := wml.Read(data, lim)
	if err != nil {
		return nil, err
	}
	return Map(name, w), nil
}

// Map maps typed WordprocessingML to the model.
func Map(name string, w *wml.Docx) *Result {
	m := &mapper{w: w, d: &doc.Document{Source: name}, res: &Result{Typed: w}, notes: map[string]int{}, styles: map[string]doc.Style{}}
	m.res.Doc = m.d
	for _, r := range w.Reports {
		m.report(r.Pos, doc.Warning, "%s", r.Message())
	}
	if m.isGeneric() {
		m.genericBody() // footnotes, then normalize, included
	} else {
		m.body()
		m.footnotes()
	}
	m.formatReports()
	return m.res
}

// mapper holds the state of one mapping.
type mapper struct {
	w      *wml.Docx
	d      *doc.Document
	res    *Result
	notes  map[string]int       // footnote (or endnote) key → model id, in order of first reference
	order  []noteRef            // the notes referenced, by model id - 1
	styles map[string]doc.Style // style id → ITU style, once resolved
	lost   map[string]*lostFormat
	gen    *genericState // set while a document in generic styles is mapped
}

// noteRef names a footnote or an endnote of the DOCX.
type noteRef struct {
	endnote bool
	id      string
}

// lostFormat counts runs with a direct format the model cannot hold.
type lostFormat struct {
	first wml.Pos
	n     int
}

// pos gives the model position of a DOCX position: line = paragraph,
// column = run (1 for the paragraph itself).
func pos(p wml.Pos) doc.Pos {
	if p.Para == 0 {
		return doc.Pos{}
	}
	return doc.Pos{Line: p.Para, Col: max(p.Run, 1)}
}

// report adds a diagnostic at a DOCX position, naming the part when it is
// not the main document (the model's positions have no part).
func (m *mapper) report(at wml.Pos, sev doc.Severity, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if at.Part != "" && at.Part != m.w.Main {
		msg = at.Part + ": " + msg
	}
	m.d.Diagnostics = append(m.d.Diagnostics, doc.Diagnostic{Pos: pos(at), Severity: sev, Message: msg})
}
