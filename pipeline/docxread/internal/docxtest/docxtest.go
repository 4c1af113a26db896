// Package docxtest builds DOCX packages by hand for the tests of the DOCX
// reader: a tiny zip writer that can also lie (declared sizes, duplicate
// entries, a gigabyte that deflates to a megabyte), a minimal WordprocessingML
// package around a body, and txtar-style case files (one case per file, as
// goldmark's spec tests are one case per entry).
package docxtest

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// File is one zip entry.
type File struct {
	Name string
	Data []byte
	// Store writes the entry uncompressed instead of deflated.
	Store bool
	// Raw, when set, is written as the entry's compressed data as it is,
	// with Data ignored, Declared as its uncompressed size and CRC as its
	// checksum: the way to make a zip that lies.
	Raw      []byte
	Declared uint64
	CRC      uint32
}

// Zip writes the files in order (duplicates too) and gives the zip.
func Zip(files ...File) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.Name, Method: zip.Deflate, Modified: time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)}
		if f.Store {
			h.Method = zip.Store
		}
		if f.Raw != nil {
			h.CompressedSize64 = uint64(len(f.Raw))
			h.UncompressedSize64 = f.Declared
			h.CRC32 = f.CRC
			w, err := zw.CreateRaw(h)
			if err != nil {
				panic(err)
			}
			w.Write(f.Raw)
			continue
		}
		w, err := zw.CreateHeader(h)
		if err != nil {
			panic(err)
		}
		w.Write(f.Data)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return buf.Bytes()
}

// Zeros gives a deflate stream that inflates to n zero bytes (n a multiple
// of 1 MiB); see Fill.
func Zeros(n int64) []byte { return Fill("", 0, n) }

// Fill gives a deflate stream that inflates to prefix and then n bytes b
// (n a multiple of 1 MiB), cheaply: the prefix deflated and flushed to a
// byte boundary, then one deflated MiB of b, flushed, repeated (each block
// carries its own Huffman tables, and a back reference into the previous
// copy reads b again), then an empty final block. A gigabyte is about a
// megabyte of stream, made in milliseconds.
func Fill(prefix string, b byte, n int64) []byte {
	const mib = 1 << 20
	var out bytes.Buffer
	if prefix != "" {
		fw, _ := flate.NewWriter(&out, flate.BestCompression)
		fw.Write([]byte(prefix))
		fw.Flush()
	}
	var one bytes.Buffer
	fw, _ := flate.NewWriter(&one, flate.BestCompression)
	fw.Write(bytes.Repeat([]byte{b}, mib))
	fw.Flush()
	block := one.Bytes()
	out.Grow(int(n/mib)*len(block) + 8)
	for i := int64(0); i < n/mib; i++ {
		out.Write(block)
	}
	end, _ := flate.NewWriter(&out, flate.BestCompression)
	end.Close() // the final, empty block
	return out.Bytes()
}

// ZerosCRC is the CRC-32 of n zero bytes.
func ZerosCRC(n int64) uint32 {
	h := crc32.NewIEEE()
	buf := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(buf)))
		h.Write(buf[:k])
		n -= k
	}
	return h.Sum32()
}

// Namespaces of the parts Package writes.
const (
	NSW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	NSR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

// Content types of the parts Package knows.
var contentTypes = map[string]string{
	"word/document.xml":  "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
	"word/styles.xml":    "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
	"word/numbering.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
	"word/footnotes.xml": "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
	"word/endnotes.xml":  "application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml",
	"word/comments.xml":  "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
	"word/settings.xml":  "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
	"word/header1.xml":   "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml",
	"word/footer1.xml":   "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml",
}

var relTypes = map[string]string{
	"word/styles.xml":    "styles",
	"word/numbering.xml": "numbering",
	"word/footnotes.xml": "footnotes",
	"word/endnotes.xml":  "endnotes",
	"word/comments.xml":  "comments",
	"word/settings.xml":  "settings",
	"word/header1.xml":   "header",
	"word/footer1.xml":   "footer",
}

// Links are the external hyperlink relationships Package adds to the main
// document: r:id "rIdLink1" → the first, and so on.
type Links []string

// Package makes a DOCX from its parts, stored without compression (so
// that fuzzing mutates XML, not deflate streams), by name: "word/document.xml" and any
// of the parts in contentTypes (its relationship added), with
// [Content_Types].xml and the relationships written around them. A part
// given as raw XML fragment without "<?xml" and without a root is not
// wrapped: the caller writes whole parts (see Document and Wrap).
func Package(parts map[string]string, links Links) []byte {
	names := make([]string, 0, len(parts))
	for n := range parts {
		names = append(names, n)
	}
	sort.Strings(names)
	var ct strings.Builder
	ct.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`)
	ct.WriteString(`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>`)
	var rels strings.Builder
	rels.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`)
	files := []File{{Name: "[Content_Types].xml", Store: true}, {Name: "_rels/.rels", Store: true, Data: []byte(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)}}
	for i, n := range names {
		if t, ok := contentTypes[n]; ok {
			fmt.Fprintf(&ct, `<Override PartName="/%s" ContentType="%s"/>`, n, t)
		}
		if t, ok := relTypes[n]; ok {
			fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/%s" Target="%s"/>`, i+10, t, strings.TrimPrefix(n, "word/"))
		}
		files = append(files, File{Name: n, Data: []byte(parts[n]), Store: true})
	}
	for i, l := range links {
		fmt.Fprintf(&rels, `<Relationship Id="rIdLink%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="%s" TargetMode="External"/>`, i+1, l)
	}
	ct.WriteString(`</Types>`)
	rels.WriteString(`</Relationships>`)
	files[0].Data = []byte(ct.String())
	files = append(files, File{Name: "word/_rels/document.xml.rels", Data: []byte(rels.String()), Store: true})
	return Zip(files...)
}

// Wrap makes a whole part from the root element name ("w:document") and its
// inner XML, declaring the w, r, mc, wp, a, pic, v, m and w14 namespaces.
func Wrap(root, inner string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<` + root + ` xmlns:w="` + NSW + `" xmlns:r="` + NSR + `"` +
		` xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"` +
		` xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"` +
		` xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"` +
		` xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"` +
		` xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"` +
		` xmlns:v="urn:schemas-microsoft-com:vml"` +
		` xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"` +
		` xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml"` +
		` mc:Ignorable="w14">` + inner + `</` + root + `>`
}

// Document makes word/document.xml from the inner XML of w:body.
func Document(body string) string { return Wrap("w:document", "<w:body>"+body+"</w:body>") }

// Body is a package with only a main document holding body.
func Body(body string) []byte {
	return Package(map[string]string{"word/document.xml": Document(body)}, nil)
}

// Case is one case file: named sections, each the text up to the next
// "-- NAME --" line (txtar's format).
type Case struct {
	Comment  string
	Sections map[string]string
	Order    []string
}

// ReadCase reads a case file.
func ReadCase(path string) (*Case, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	return ParseCase(string(b)), nil
}

// ParseCase parses the txtar-style text s.
func ParseCase(s string) *Case {
	c := &Case{Sections: map[string]string{}}
	cur := ""
	var sb strings.Builder
	flush := func() {
		if cur == "" {
			c.Comment = sb.String()
		} else {
			c.Sections[cur] = sb.String()
			c.Order = append(c.Order, cur)
		}
		sb.Reset()
	}
	for _, line := range strings.SplitAfter(s, "\n") {
		t := strings.TrimRight(line, "\n")
		if strings.HasPrefix(t, "-- ") && strings.HasSuffix(t, " --") && len(t) > 6 {
			flush()
			cur = strings.TrimSpace(t[3 : len(t)-3])
			continue
		}
		sb.WriteString(line)
	}
	flush()
	return c
}

// Drain reads r to the end, for tests that only want the error.
func Drain(r io.Reader) (int64, error) { return io.Copy(io.Discard, r) }

// Seed converts the bundled seed document with the given settings (formats
// forced to DOCX) through internal/render, as the commands do, and gives the
// DOCX and the normalized document it was written from.
func Seed(tb testing.TB, s render.Settings) ([]byte, *doc.Document) {
	tb.Helper()
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		tb.Fatal(err)
	}
	s.Formats = []string{"docx"}
	if err := s.Validate(); err != nil {
		tb.Fatal(err)
	}
	r, err := render.Convert(filepath.Base(testtool.Seed()), src, s)
	if err != nil {
		tb.Fatal(err)
	}
	return r.Outputs[0].Data, r.Doc
}

// Format prints the case back in its file form.
func (c *Case) Format() string {
	var sb strings.Builder
	sb.WriteString(c.Comment)
	for _, name := range c.Order {
		sb.WriteString("-- " + name + " --\n")
		sb.WriteString(c.Sections[name])
	}
	return sb.String()
}

// Minimal gives the entries of the smallest package around a main
// document part: content types, package relationships and the part.
func Minimal(document []byte) []File {
	return []File{
		{Name: "[Content_Types].xml", Data: []byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`)},
		{Name: "_rels/.rels", Data: []byte(`<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`)},
		{Name: "word/document.xml", Data: document},
	}
}

// Edit is what EditInLibreOffice does as Author: insert Insert before the
// first occurrence of Before, delete the first occurrence of Delete, and
// accept the first tracked change not by Author.
type Edit struct {
	Author, Insert, Before, Delete string
}

// Edited is a DOCX after LibreOffice edited it: the DOCX it saved, the
// plain text of Accept All and of Reject All on that file, and the change
// it accepted.
type Edited struct {
	DOCX               []byte
	Accepted, Rejected string
	AcceptedChange     struct{ Author, Type, Text string }
}

// EditInLibreOffice drives LibreOffice through UNO (scripts/lo-edit.py, run by the
// system Python, which Debian's python3-uno binds to) to make the edit e on
// docx. It skips the test (fails it under CI) when soffice or the bindings
// are missing.
func EditInLibreOffice(t *testing.T, docx []byte, e Edit) *Edited {
	t.Helper()
	soffice := testtool.Need(t, "soffice")
	python := "/usr/bin/python3"
	if err := exec.Command(python, "-c", "import uno").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s cannot import uno (python3-uno), and CI is set", python)
		}
		t.Skipf("%s cannot import uno (python3-uno); skipping (this fails under CI)", python)
	}
	dir := t.TempDir()
	in, out := filepath.Join(dir, "in.docx"), filepath.Join(dir, "out.docx")
	if err := os.WriteFile(in, docx, 0o644); err != nil {
		t.Fatal(err)
	}
	script := filepath.Join(testtool.RepoRoot(), "scripts", "lo-edit.py")
	// A hung soffice must not hang the suite; this bounds it, it times nothing.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, script, soffice, filepath.Join(dir, "profile"), in, out, e.Author, e.Insert, e.Before, e.Delete)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("lo-edit.py: %v\n%s%s", err, stdout, stderr.Bytes())
	}
	var res struct {
		Accepted *struct{ Author, Type, Text string }
	}
	if err := json.Unmarshal(stdout, &res); err != nil || res.Accepted == nil {
		t.Fatalf("lo-edit.py said %q (%v)", stdout, err)
	}
	ed := &Edited{AcceptedChange: *res.Accepted}
	read := func(path string) []byte {
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ed.DOCX = read(out)
	ed.Accepted = strings.TrimPrefix(string(read(out+".accepted.txt")), "\uFEFF")
	ed.Rejected = strings.TrimPrefix(string(read(out+".rejected.txt")), "\uFEFF")
	return ed
}
