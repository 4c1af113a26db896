// Package itudoc is the front door of the pipeline: one conference text,
// from its bytes to its outputs, in the stages the mission names:
//
//	Load   the source, in the dialect or a Word file, into the one model
//	       (parse → normalize, or the DOCX reader); the settings' cover
//	       fields; every change given its author and date
//	Edit   the Editorial Committee's edit scripts, each edit a tracked
//	       change of its own author
//	Write  the views (every change tracked, for Word; the clean text, or
//	       the marks, for the annex) → the DOCX writer and the PDF
//	       typesetter, each given the view it prints
//
// Convert is the three in a row. The commands of cmd/itudoc go through
// these functions; the stages' packages are pipeline/… and layouts/…, and
// internal/render holds their settings and the writers' concurrency.
package itudoc

import (
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
)

// Settings say what to make of a document: cover fields, authors and dates
// of changes, edit scripts, formats, the PDF's options, input limits.
type Settings = render.Settings

// Result is a converted document: the model as printed, its outputs, what
// each edit did.
type Result = render.Result

// Output is one output file, named by the suffix that follows the stem.
type Output = render.Output

// Load reads src, named name in diagnostics, into the model (see the
// package comment). The error is a *doc.SourceError for input that is not
// a document.
func Load(name string, src []byte, s Settings) (*doc.Document, error) {
	return render.Load(name, src, s)
}

// Edit applies the settings' edit scripts to d, all or nothing unless
// s.KeepGoing; d is not changed.
func Edit(name string, d *doc.Document, s Settings) (*doc.Document, []edit.Applied, error) {
	return render.Edit(name, d, s)
}

// Write makes the outputs of d, each writer given the view it prints.
func Write(name string, d *doc.Document, s Settings) (*Result, error) {
	return render.Render(name, d, s)
}

// Convert runs the whole pipeline on one document: Load, Edit, Write.
// s must have been validated (Settings.Validate).
func Convert(name string, src []byte, s Settings) (*Result, error) {
	d, err := Load(name, src, s)
	if err != nil {
		return nil, err
	}
	d, edits, err := Edit(name, d, s)
	if err != nil {
		return nil, err
	}
	r, err := Write(name, d, s)
	if err != nil {
		return nil, err
	}
	r.Edits = edits
	return r, nil
}
