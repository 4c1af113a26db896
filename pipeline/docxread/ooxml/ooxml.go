// Package ooxml reads the package layer of an Office Open XML file (OPC,
// ISO/IEC 29500-2): it takes the bytes of a .docx and gives its parts, their
// content types and relationships, and a safe streaming XML decoder for each
// part. It knows nothing of WordprocessingML; package wml reads that on top.
//
// Reading is bounded, and every bound is checked before anything is
// inflated, from what the zip declares:
//
//   - the file size, and the entry count read from the end of central
//     directory record before the directory itself is parsed;
//   - each part's declared uncompressed size, the sum of the declared sizes
//     of the parts that may be read (XML parts; media are never inflated),
//     and the declared compression ratio of large parts;
//
// and while inflating: a part is read through a reader that stops at its
// declared size, so a zip that lies about a size (a 1 GB part in a 1 MB
// zip) fails after inflating at most the declared size plus one byte. The
// XML decoder refuses any DTD (<!DOCTYPE …>: no entity can be declared, so
// none can expand), has no external entities and no network, and bounds the
// nesting depth.
//
// Every failure is an *Error that prints as one line naming the part, and
// wraps one of the Err* values below for errors.Is.
package ooxml

import (
	"errors"
	"fmt"
	"strconv"
)

// Limits bound what a package may hold. The zero value of a field takes its
// default (DefaultLimits).
type Limits struct {
	// MaxFileSize bounds the .docx itself.
	MaxFileSize int64
	// MaxEntries bounds the zip entries, checked from the end of central
	// directory record before the directory is read: a central directory
	// entry is 46 bytes on disk but a few hundred in memory.
	MaxEntries int
	// MaxPartSize bounds the uncompressed size of any one part read.
	MaxPartSize int64
	// MaxTotalSize bounds the sum of the uncompressed sizes of the parts that
	// may be read (every part except media, which are never inflated).
	MaxTotalSize int64
	// MaxRatio bounds uncompressed/compressed for parts larger than
	// RatioFloor.
	MaxRatio int64
	// MaxDepth bounds the element nesting of an XML part.
	MaxDepth int
}

// Defaults. A long Word document (a 1000-page conference text) has a
// document.xml of 20 to 30 MB and compresses 5 to 20 times; its package has
// a few dozen parts and, with images, a few hundred entries. The seed's
// document.xml is 250 kB, deflated 5:1.
const (
	DefaultMaxFileSize  = 256 << 20 // MiB: room for images, which are not inflated
	DefaultMaxEntries   = 10000
	DefaultMaxPartSize  = 64 << 20 // twice the longest real document.xml
	DefaultMaxTotalSize = 256 << 20
	// Deflate cannot exceed about 1032:1; real XML parts stay below 50:1.
	// 200:1 on a part of more than RatioFloor bytes can only be a bomb.
	DefaultMaxRatio = 200
	// Body, nested tables (tbl, tr, tc, p: four levels each), content
	// controls, revisions and hyperlinks: Word's deepest documents stay
	// below a hundred levels.
	DefaultMaxDepth = 256
)

// RatioFloor is the part size below which the compression ratio is not
// checked: a small part cannot exhaust anything, and short repetitive parts
// (an empty header) compress well.
const RatioFloor = 1 << 20

// DefaultLimits are the limits of a zero Limits.
var DefaultLimits = Limits{
	MaxFileSize:  DefaultMaxFileSize,
	MaxEntries:   DefaultMaxEntries,
	MaxPartSize:  DefaultMaxPartSize,
	MaxTotalSize: DefaultMaxTotalSize,
	MaxRatio:     DefaultMaxRatio,
	MaxDepth:     DefaultMaxDepth,
}

// withDefaults fills the zero fields of l.
func (l Limits) withDefaults() Limits {
	d := DefaultLimits
	if l.MaxFileSize > 0 {
		d.MaxFileSize = l.MaxFileSize
	}
	if l.MaxEntries > 0 {
		d.MaxEntries = l.MaxEntries
	}
	if l.MaxPartSize > 0 {
		d.MaxPartSize = l.MaxPartSize
	}
	if l.MaxTotalSize > 0 {
		d.MaxTotalSize = l.MaxTotalSize
	}
	if l.MaxRatio > 0 {
		d.MaxRatio = l.MaxRatio
	}
	if l.MaxDepth > 0 {
		d.MaxDepth = l.MaxDepth
	}
	return d
}

// The kinds of failure, for errors.Is.
var (
	ErrNotZip     = errors.New("not a zip file")
	ErrTruncated  = errors.New("truncated")
	ErrCorrupt    = errors.New("corrupt")
	ErrLimit      = errors.New("beyond a limit")
	ErrDuplicate  = errors.New("duplicate part")
	ErrNotPackage = errors.New("not an Office Open XML package")
	ErrNoDocument = errors.New("no main document part")
	ErrNotXML     = errors.New("not well-formed XML")
	ErrDTD        = errors.New("DTD refused")
	ErrTooDeep    = errors.New("nested too deep")
)

// Error is a failure to read the package or one of its parts.
type Error struct {
	Part string // the part's name ("word/document.xml"), "" for the package
	Line int    // line in the part's XML, 0 when not known
	Kind error  // one of the Err* values
	Msg  string // what went wrong, one line
}

// Error prints "PART:LINE: MSG", "PART: MSG" or "MSG".
func (e *Error) Error() string {
	switch {
	case e.Part == "":
		return e.Msg
	case e.Line > 0:
		return e.Part + ":" + strconv.Itoa(e.Line) + ": " + e.Msg
	}
	return e.Part + ": " + e.Msg
}

// Unwrap gives the kind, for errors.Is.
func (e *Error) Unwrap() error { return e.Kind }

func errorf(part string, kind error, format string, args ...any) *Error {
	return &Error{Part: part, Kind: kind, Msg: fmt.Sprintf(format, args...)}
}

// size prints a byte count with its binary unit when it has one.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
