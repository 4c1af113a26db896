package main

import (
	"fmt"
	"io"
	"os"

	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// maxInput is the largest source itudoc reads: conference texts are well
// under a megabyte; anything near this is not one.
const maxInput = 64 << 20

// load reads and normalizes one source: a path, or "-" for stdin.
func load(path string, stdin io.Reader) (*doc.Document, error) {
	src, err := readSource(path, stdin)
	if err != nil {
		return nil, err
	}
	d, err := pipeline.Load(path, src)
	if err != nil {
		return nil, &exitError{code: 1, msg: err.Error()}
	}
	return d, nil
}

// readSource reads one source: a path, or "-" for stdin.
func readSource(path string, stdin io.Reader) ([]byte, error) {
	var src []byte
	var err error
	if path == "-" {
		src, err = io.ReadAll(io.LimitReader(stdin, maxInput+1))
	} else {
		var f *os.File
		if f, err = os.Open(path); err == nil {
			src, err = io.ReadAll(io.LimitReader(f, maxInput+1))
			f.Close()
		}
	}
	if err != nil {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("cannot read %s: %v", path, unwrapPathError(err))}
	}
	if len(src) > maxInput {
		return nil, &exitError{code: 1, msg: fmt.Sprintf("%s: larger than %d MiB: not a conference text", path, maxInput>>20)}
	}
	return src, nil
}

// unwrapPathError drops the path os.PathError repeats.
func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
