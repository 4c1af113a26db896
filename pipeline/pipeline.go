// Package pipeline runs the front half of itudoc: it takes source bytes and
// gives a normalized document (parse → normalize → pilcrow), ready for the
// edits stage and the writers in layouts/.
package pipeline

import (
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/normalize"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/pilcrow"
)

// Load parses and normalizes src, read from the file name (used in
// diagnostics; "-" for stdin). The error is a *doc.SourceError for input
// that cannot be read as a document at all; everything else is repaired and
// reported in the document's Diagnostics.
func Load(name string, src []byte) (*doc.Document, error) {
	return LoadLimited(name, src, parse.DefaultLimits)
}

// LoadLimited is Load within the limits lim (see parse.Limits).
func LoadLimited(name string, src []byte, lim parse.Limits) (*doc.Document, error) {
	d, err := parse.ParseLimited(name, src, lim)
	if err != nil {
		return nil, err
	}
	normalize.Normalize(d)
	pilcrow.Read(d)
	return d, nil
}
