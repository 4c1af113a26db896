package wml_test

import (
	"errors"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// bombDoc is a package whose main part is the start of a document and then
// n spaces, well-formed as far as it goes, but declares declared bytes.
func bombDoc(n int64, declared uint64) []byte {
	files := docxtest.Minimal(nil)
	start := `<?xml version="1.0"?><w:document xmlns:w="` + docxtest.NSW + `"><w:body><w:p><w:r><w:t>`
	files[2] = docxtest.File{Name: "word/document.xml", Raw: docxtest.Fill(start, ' ', n), Declared: declared}
	return docxtest.Zip(files...)
}

// TestBadDOCX: the bad DOCX of issue 12, through the whole reader, each
// with its one-line error. Memory is bounded (checked here: what a refusal
// allocates is a small multiple of the input, whatever the part would
// inflate to); time is bounded by the bytes inflated, at most a part's
// declared size plus one byte (checked for the lying bomb) and at most
// MaxTotalSize in all, each parsed once, linearly.
func TestBadDOCX(t *testing.T) {
	deep := strings.Repeat(`<w:ins w:id="1" w:author="A">`, 10000) + strings.Repeat(`</w:ins>`, 10000)
	for _, c := range []struct {
		name string
		data func() []byte
		kind error
		want string
	}{
		{"not a zip", func() []byte { return []byte("%PDF-1.4\n") }, ooxml.ErrNotZip,
			"not a zip file (a DOCX is a zip package)"},
		{"truncated zip", func() []byte { d, _ := docxtest.Seed(t, render.Settings{}); return d[:len(d)-100] }, ooxml.ErrTruncated,
			"truncated zip: the end of its central directory is missing"},
		{"missing document part", func() []byte {
			return docxtest.Zip(docxtest.File{Name: "[Content_Types].xml", Data: []byte(`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`)},
				docxtest.File{Name: "_rels/.rels", Data: []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + ooxml.RelOfficeDocument + `" Target="word/document.xml"/></Relationships>`)})
		}, ooxml.ErrNoDocument,
			"no main document part: _rels/.rels names word/document.xml, which the zip does not hold"},
		{"document not XML", func() []byte { return docxtest.Body("<w:p><w:r><w:t>a & b</w:t></w:r></w:p>") }, ooxml.ErrNotXML,
			"word/document.xml:2: not well-formed XML: invalid character entity & (no semicolon)"},
		{"DTD with entity expansion", func() []byte {
			return docxtest.Package(map[string]string{"word/document.xml": `<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "a"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document xmlns:w="` + docxtest.NSW + `"><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>`}, nil)
		}, ooxml.ErrDTD,
			"word/document.xml:1: DTD refused (<!DOCTYPE …>): a DOCX part has none, and its entities could expand without bound"},
		{"1 GB part in a 1 MB zip", func() []byte { return bombDoc(1<<30, 1<<30) }, ooxml.ErrLimit,
			"word/document.xml: part of 1024 MiB exceeds the limit of 64 MiB"},
		{"1 GB part declared as 64 KiB", func() []byte { return bombDoc(1<<30, 64<<10) }, ooxml.ErrLimit,
			"word/document.xml: inflates beyond its declared size of 64 KiB (a zip bomb?)"},
		{"10 000 nested w:ins", func() []byte { return docxtest.Body("<w:p>" + deep + "</w:p>") }, ooxml.ErrTooDeep,
			"word/document.xml:2: elements nested deeper than 256"},
		{"duplicate entries", func() []byte {
			doc := []byte(docxtest.Document("<w:p/>"))
			return docxtest.Zip(append(docxtest.Minimal(doc), docxtest.File{Name: "word/document.xml", Data: doc})...)
		}, ooxml.ErrDuplicate, "word/document.xml: duplicate zip entry (entries 3 and 4)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := c.data()
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			pkg, err := ooxml.Open(data, ooxml.Limits{})
			if err == nil {
				_, err = wml.Parse(pkg)
			}
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatalf("read, want %q", c.want)
			}
			if err.Error() != c.want || !errors.Is(err, c.kind) {
				t.Errorf("error\n got %q\nwant %q (%v)", err, c.want, c.kind)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is more than one line: %q", err)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(4*len(data))+8<<20 {
				t.Errorf("allocated %d bytes refusing a %d-byte file", grew, len(data))
			}
			if pkg != nil && pkg.Inflated() > 64<<10+1+2000 {
				t.Errorf("inflated %d bytes", pkg.Inflated())
			}
		})
	}
}

// FuzzRead reads arbitrary bytes as a DOCX: it must not panic, fail with
// one line, and read twice alike.
func FuzzRead(f *testing.F) {
	seed, _ := docxtest.Seed(f, render.Settings{})
	f.Add(seed)
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files {
		c, err := docxtest.ReadCase(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(casePackage(c))
	}
	f.Add(docxtest.Body(`<w:p><w:ins w:id="1" w:author="A"><w:del w:id="2" w:author="B"><w:r><w:delText>x</w:delText></w:r></w:del></w:ins></w:p>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		readTwice(t, data)
	})
}

// FuzzBody reads arbitrary body XML in a well-formed package, where the
// mutations reach the WordprocessingML reader instead of the zip's
// checksums.
func FuzzBody(f *testing.F) {
	files, _ := filepath.Glob("testdata/cases/*.txt")
	for _, file := range files {
		c, err := docxtest.ReadCase(file)
		if err != nil {
			f.Fatal(err)
		}
		if body, ok := c.Sections["document.xml"]; ok && !strings.HasPrefix(body, "<?xml") {
			f.Add(body)
		}
	}
	f.Fuzz(func(t *testing.T, body string) {
		readTwice(t, docxtest.Body(body))
	})
}

func readTwice(t *testing.T, data []byte) {
	d, err := wml.Read(data, ooxml.Limits{MaxPartSize: 8 << 20, MaxTotalSize: 16 << 20})
	if err != nil {
		if strings.Contains(err.Error(), "\n") || err.Error() == "" {
			t.Fatalf("error not one line: %q", err)
		}
		var oe *ooxml.Error
		if !errors.As(err, &oe) {
			t.Fatalf("error %q is not an *ooxml.Error", err)
		}
		return
	}
	dump := d.Dump()
	for _, r := range d.Reports {
		if r.Pos.Part == "" || strings.Contains(r.String(), "\n") {
			t.Fatalf("report without a part or on more than one line: %q", r.String())
		}
	}
	d2, err := wml.Read(data, ooxml.Limits{MaxPartSize: 8 << 20, MaxTotalSize: 16 << 20})
	if err != nil || d2.Dump() != dump {
		t.Fatalf("second read differs (%v)", err)
	}
}

// BenchmarkRefuseBomb measures refusing a 1 GB part that declares 64 KiB
// (a 1 MB zip): the time and memory of inflating 64 KiB, not a gigabyte.
func BenchmarkRefuseBomb(b *testing.B) {
	data := bombDoc(1<<30, 64<<10)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wml.Read(data, ooxml.Limits{}); !errors.Is(err, ooxml.ErrLimit) {
			b.Fatal(err)
		}
	}
}

// BenchmarkRefuseDeep measures refusing 10 000 nested w:ins.
func BenchmarkRefuseDeep(b *testing.B) {
	data := docxtest.Body("<w:p>" + strings.Repeat(`<w:ins w:id="1" w:author="A">`, 10000) + strings.Repeat(`</w:ins>`, 10000) + "</w:p>")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := wml.Read(data, ooxml.Limits{}); !errors.Is(err, ooxml.ErrTooDeep) {
			b.Fatal(err)
		}
	}
}
