package main

import (
	"fmt"
	"io"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/parse"
)

// load reads and normalizes one source: a path, or "-" for stdin.
func load(path string, stdin io.Reader, lim parse.Limits) (*doc.Document, error) {
	src, err := readSource(path, stdin, lim)
	if err != nil {
		return nil, err
	}
	d, err := pipeline.LoadLimited(path, src, lim)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	return d, nil
}

// readSource reads one source: a path, or "-" for stdin; it reads no more
// than one byte past the size limit, for parse to refuse.
func readSource(path string, stdin io.Reader, lim parse.Limits) ([]byte, error) {
	if path != "-" {
		src, err := render.ReadSource(path, lim)
		if err != nil {
			return nil, &exitError{code: 1, msg: err.Error()}
		}
		return src, nil
	}
	src, err := io.ReadAll(io.LimitReader(stdin, int64(lim.MaxBytes)+1))
	if err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("cannot read stdin: %v", err)}
	}
	return src, nil
}
