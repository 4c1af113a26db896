// Package ioerr words file-system errors for the people who read them:
// "cannot read PATH: no such file or directory", the path said once (an
// os.PathError would say it again, with the system call's name) and the
// operation in plain words. The error still wraps the original, for
// errors.Is(err, fs.ErrNotExist).
package ioerr

import (
	"errors"
	"io/fs"
)

// Reason gives what went wrong without the path and operation an
// *fs.PathError adds: "no such file or directory".
func Reason(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Cannot gives "cannot VERB PATH: REASON" for err.
func Cannot(verb, path string, err error) error {
	return &cannotError{verb: verb, path: path, err: err}
}

type cannotError struct {
	verb, path string
	err        error
}

func (e *cannotError) Error() string {
	return "cannot " + e.verb + " " + e.path + ": " + Reason(e.err).Error()
}

func (e *cannotError) Unwrap() error { return e.err }
