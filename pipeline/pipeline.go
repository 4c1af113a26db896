// Package pipeline runs the front half of itudoc: it takes source bytes and
// gives a normalized document, ready for the edit stage and the writers in
// layouts/. A source in the dialect goes through parse → normalize; a Word
// file (.docx) through the DOCX reader (pipeline/docxread), which gives the
// same model, every author's changes in its change table; then pilcrow reads
// the marks of paragraph marks ("[¶](#)", "~~¶~~") the dialect writes.
package pipeline

import (
	"bytes"
	"path/filepath"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/normalize"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/pilcrow"
)

// IsDOCX reports whether a source is a Word file: named .docx, or a zip.
func IsDOCX(name string, src []byte) bool {
	return strings.EqualFold(filepath.Ext(name), ".docx") || bytes.HasPrefix(src, []byte("PK\x03\x04"))
}

// Load parses and normalizes src, read from the file name (used in
// diagnostics; "-" for stdin). The error is a *doc.SourceError for input
// that cannot be read as a document at all; everything else is repaired and
// reported in the document's Diagnostics.
func Load(name string, src []byte) (*doc.Document, error) {
	return LoadLimited(name, src, parse.DefaultLimits)
}

// LoadLimited is Load within the limits lim (see parse.Limits).
func LoadLimited(name string, src []byte, lim parse.Limits) (*doc.Document, error) {
	if IsDOCX(name, src) {
		return loadDOCX(name, src, lim)
	}
	d, err := parse.ParseLimited(name, src, lim)
	if err != nil {
		return nil, err
	}
	normalize.Normalize(d)
	d.SortDiagnostics()
	pilcrow.Read(d)
	return d, nil
}

// loadDOCX reads a Word file within the limits: the file no larger than the
// source limit, and what its parts inflate to bounded by the reader's.
func loadDOCX(name string, src []byte, lim parse.Limits) (*doc.Document, error) {
	ol := ooxml.Limits{}
	if lim.MaxBytes > 0 {
		ol.MaxFileSize = int64(lim.MaxBytes)
	}
	res, err := docxread.Read(name, src, ol)
	if err != nil {
		return nil, &doc.SourceError{File: name, Msg: err.Error()}
	}
	res.Doc.SortDiagnostics()
	return res.Doc, nil
}
