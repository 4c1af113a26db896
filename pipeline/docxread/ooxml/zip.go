package ooxml

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"errors"
	"io"
	"path"
	"strings"
)

// Zip record signatures and sizes (APPNOTE.TXT 4.3).
const (
	sigLocal        = "PK\x03\x04"
	sigEnd          = "PK\x05\x06"
	sigEnd64Locator = "PK\x06\x07"
	sigEnd64        = "PK\x06\x06"
	endLen          = 22 // end of central directory record, without comment
	end64LocatorLen = 20
	end64Len        = 56
	maxCommentLen   = 0xFFFF
)

// entry is one file of the zip, by part name.
type entry struct {
	f     *zip.File
	index int  // position in the central directory, 1-based
	media bool // never inflated, so not counted in MaxTotalSize
}

// declaredEntries reads the entry count of the end of central directory
// record (or of its zip64 form) without parsing the directory. It tells a
// file that is not a zip from a zip whose end is cut off.
func declaredEntries(data []byte) (uint64, error) {
	if len(data) == 0 {
		return 0, errorf("", ErrNotZip, "empty file: not a zip file (a DOCX is a zip package)")
	}
	from := max(0, len(data)-endLen-maxCommentLen)
	i := bytes.LastIndex(data[from:], []byte(sigEnd))
	if i < 0 || from+i+endLen > len(data) {
		if bytes.HasPrefix(data, []byte(sigLocal)) {
			return 0, errorf("", ErrTruncated, "truncated zip: the end of its central directory is missing")
		}
		return 0, errorf("", ErrNotZip, "not a zip file (a DOCX is a zip package)")
	}
	end := from + i
	n := uint64(binary.LittleEndian.Uint16(data[end+10:]))
	if n != 0xFFFF {
		return n, nil
	}
	// zip64: the locator stands just before the record and points to the
	// zip64 end of central directory record.
	loc := end - end64LocatorLen
	if loc < 0 || string(data[loc:loc+4]) != sigEnd64Locator {
		return n, nil // 65535 entries, no zip64
	}
	off := binary.LittleEndian.Uint64(data[loc+8:])
	if off > uint64(len(data)) || off+end64Len > uint64(len(data)) || string(data[off:off+4]) != sigEnd64 {
		return 0, errorf("", ErrTruncated, "truncated zip: its zip64 end of central directory is missing")
	}
	return binary.LittleEndian.Uint64(data[off+32:]), nil
}

// readZip checks the limits that the zip declares and gives its entries by
// part name. Nothing is inflated.
func readZip(data []byte, lim Limits) (map[string]*entry, []string, error) {
	if int64(len(data)) > lim.MaxFileSize {
		return nil, nil, errorf("", ErrLimit, "file of %s exceeds the limit of %s", size(int64(len(data))), size(lim.MaxFileSize))
	}
	n, err := declaredEntries(data)
	if err != nil {
		return nil, nil, err
	}
	if n > uint64(lim.MaxEntries) {
		return nil, nil, errorf("", ErrLimit, "%d zip entries exceed the limit of %d", n, lim.MaxEntries)
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		// The end record was found, so the directory it points to is cut
		// off or damaged.
		if bytes.HasPrefix(data, []byte(sigLocal)) {
			return nil, nil, errorf("", ErrTruncated, "truncated zip: its central directory is incomplete (%v)", err)
		}
		return nil, nil, errorf("", ErrCorrupt, "corrupt zip: %v", err)
	}
	if uint64(len(zr.File)) > uint64(lim.MaxEntries) {
		return nil, nil, errorf("", ErrLimit, "%d zip entries exceed the limit of %d", len(zr.File), lim.MaxEntries)
	}
	entries := make(map[string]*entry, len(zr.File))
	var names []string
	var total int64
	for i, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue // a folder entry
		}
		name, ok := partName(f.Name)
		if !ok {
			return nil, nil, errorf("", ErrCorrupt, "zip entry %q is not a valid part name", f.Name)
		}
		key := strings.ToLower(name) // part names compare case-insensitively (OPC 9.1.1.1)
		if prev, dup := entries[key]; dup {
			return nil, nil, errorf(name, ErrDuplicate, "duplicate zip entry (entries %d and %d)", prev.index, i+1)
		}
		e := &entry{f: f, index: i + 1, media: isMedia(name)}
		entries[key] = e
		names = append(names, name)
		if e.media {
			continue
		}
		if err := checkDeclared(name, f, lim); err != nil {
			return nil, nil, err
		}
		total += int64(f.UncompressedSize64)
		if total > lim.MaxTotalSize {
			return nil, nil, errorf("", ErrLimit, "parts total more than %s uncompressed, the limit", size(lim.MaxTotalSize))
		}
	}
	return entries, names, nil
}

// checkDeclared checks a part's declared size, ratio and method.
func checkDeclared(name string, f *zip.File, lim Limits) error {
	u, c := f.UncompressedSize64, f.CompressedSize64
	if u > uint64(lim.MaxPartSize) {
		return errorf(name, ErrLimit, "part of %s exceeds the limit of %s", size(int64(min(u, 1<<62))), size(lim.MaxPartSize))
	}
	if u > RatioFloor && (c == 0 || u/c > uint64(lim.MaxRatio)) {
		return errorf(name, ErrLimit, "compression ratio %d:1 exceeds %d:1 (a zip bomb?)", u/max(c, 1), lim.MaxRatio)
	}
	if f.Method != zip.Store && f.Method != zip.Deflate {
		return errorf(name, ErrCorrupt, "compression method %d is not stored or deflate", f.Method)
	}
	return nil
}

// partName turns a zip entry name into a part name without the leading
// slash, refusing names that climb out of the package or are empty.
func partName(zipName string) (string, bool) {
	name := strings.TrimPrefix(zipName, "/")
	if name == "" || strings.Contains(name, "\\") || strings.Contains(name, "\x00") {
		return "", false
	}
	if path.Clean(name) != name || strings.HasPrefix(name, "../") || name == ".." {
		return "", false
	}
	return name, true
}

// isMedia reports whether a part is one the readers never inflate: images,
// embedded objects and fonts.
func isMedia(name string) bool {
	l := strings.ToLower(name)
	for _, dir := range []string{"word/media/", "word/embeddings/", "word/fonts/"} {
		if strings.HasPrefix(l, dir) {
			return true
		}
	}
	return false
}

// partReader reads one part, stopping with an error at the declared size
// (archive/zip stops there too, with a bare zip.ErrFormat) and at the
// package's running total.
type partReader struct {
	name     string
	rc       io.ReadCloser
	left     int64  // bytes the part may still give: declared size - read
	declared int64  // the declared uncompressed size
	total    *int64 // bytes inflated from the package so far
	limit    int64  // MaxTotalSize
	failed   error
}

func (r *partReader) Read(b []byte) (int, error) {
	if r.failed != nil {
		return 0, r.failed
	}
	if int64(len(b)) > r.left+1 {
		b = b[:r.left+1] // one byte beyond the declared size proves a lie
	}
	n, err := r.rc.Read(b)
	if int64(n) > r.left {
		r.failed = errorf(r.name, ErrLimit, "inflates beyond its declared size of %s (a zip bomb?)", size(r.declared))
		return 0, r.failed
	}
	r.left -= int64(n)
	*r.total += int64(n)
	if *r.total > r.limit {
		r.failed = errorf(r.name, ErrLimit, "parts total more than %s uncompressed, the limit", size(r.limit))
		return 0, r.failed
	}
	if err != nil && err != io.EOF {
		r.failed = r.wrap(err)
		return n, r.failed
	}
	return n, err
}

func (r *partReader) wrap(err error) error {
	var ce flate.CorruptInputError
	switch {
	case errors.Is(err, zip.ErrFormat):
		return errorf(r.name, ErrLimit, "inflates beyond its declared size of %s (a zip bomb?)", size(r.declared))
	case errors.Is(err, zip.ErrChecksum):
		return errorf(r.name, ErrCorrupt, "corrupt zip entry: checksum mismatch")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errorf(r.name, ErrTruncated, "truncated zip entry: its data ends early")
	case errors.As(err, &ce):
		return errorf(r.name, ErrCorrupt, "corrupt zip entry: bad deflate data at byte %d", int64(ce))
	}
	return errorf(r.name, ErrCorrupt, "corrupt zip entry: %v", err)
}

func (r *partReader) Close() error { return r.rc.Close() }
