// Package readlimit reads files that anyone may have put in a tree (sources,
// pack manifests, build stamps, golden outputs) without letting one take the
// machine: a file larger than the caller's limit is refused before it is
// read, and whatever is not a regular file (a named pipe would block for
// ever, a device would never end, a folder is not a file) is refused before
// a byte is read, with an error that says what it is.
//
// Errors are worded by ioerr ("cannot read PATH: not a regular file (a named
// pipe)"); a file over the limit is a *TooLargeError, for callers that word
// it their own way.
package readlimit

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/itudoc/itudoc/internal/ioerr"
)

// TooLargeError is a file over the limit. Size is the file's size as
// stat gave it.
type TooLargeError struct {
	Path      string
	Size, Max int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("cannot read %s: %d bytes, more than the limit of %d", e.Path, e.Size, e.Max)
}

// NotRegularError is a path that is not a regular file.
type NotRegularError struct {
	Path string
	Mode fs.FileMode
}

func (e *NotRegularError) Error() string {
	return "cannot read " + e.Path + ": not a regular file (" + Kind(e.Mode) + ")"
}

// Kind names what a file mode is, for messages: "a named pipe", "a device",
// "a folder", ...
func Kind(m fs.FileMode) string {
	switch {
	case m.IsRegular():
		return "a regular file"
	case m&fs.ModeDir != 0:
		return "a folder"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// File reads path, a regular file of at most max bytes.
func File(path string, max int64) ([]byte, error) { return FileAs(path, path, max) }

// FileAs is File, naming the file name in errors.
func FileAs(path, name string, max int64) ([]byte, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, ioerr.Cannot("read", name, err)
	}
	if err := check(name, st, max); err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, ioerr.Cannot("read", name, err)
	}
	defer f.Close()
	return read(f, name, st, max)
}

// FileIn reads name inside root (which refuses symbolic links that lead
// out of it), a regular file of at most max bytes; path is how messages
// name it.
func FileIn(root *os.Root, name, path string, max int64) ([]byte, error) {
	st, err := root.Stat(name)
	if err != nil {
		return nil, ioerr.Cannot("read", path, err)
	}
	if err := check(path, st, max); err != nil {
		return nil, err
	}
	f, err := root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, ioerr.Cannot("read", path, err)
	}
	defer f.Close()
	return read(f, path, st, max)
}

func check(path string, st fs.FileInfo, max int64) error {
	if !st.Mode().IsRegular() {
		return &NotRegularError{Path: path, Mode: st.Mode()}
	}
	if st.Size() > max {
		return &TooLargeError{Path: path, Size: st.Size(), Max: max}
	}
	return nil
}

// read reads the opened f, checking that it is still the regular file that
// was checked (not swapped for a pipe between stat and open) and that it
// did not grow past max since.
func read(f *os.File, path string, before fs.FileInfo, max int64) ([]byte, error) {
	st, err := f.Stat()
	if err != nil {
		return nil, ioerr.Cannot("read", path, err)
	}
	if !st.Mode().IsRegular() {
		return nil, &NotRegularError{Path: path, Mode: st.Mode()}
	}
	if !os.SameFile(before, st) {
		return nil, ioerr.Cannot("read", path, fmt.Errorf("it was replaced while being opened"))
	}
	if st.Size() > max {
		return nil, &TooLargeError{Path: path, Size: st.Size(), Max: max}
	}
	// Read into a buffer of the size stat gave (a file that grew since
	// grows it), not one grown by doubling from 512 bytes.
	var buf bytes.Buffer
	buf.Grow(int(st.Size()) + bytes.MinRead)
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, ioerr.Cannot("read", path, err)
	}
	b := buf.Bytes()
	if int64(len(b)) > max {
		return nil, &TooLargeError{Path: path, Size: int64(len(b)), Max: max}
	}
	return b, nil
}
