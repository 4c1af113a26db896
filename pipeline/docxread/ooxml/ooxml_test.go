package ooxml_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

const (
	ctMain = ooxml.CTMain
	body   = `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body/></w:document>`
)

// minimal gives the entries of the smallest package.
func minimal(document []byte) []docxtest.File { return docxtest.Minimal(document) }

func seedDOCX(t testing.TB) []byte {
	b, _ := docxtest.Seed(t, render.Settings{})
	return b
}

func TestOpenSeed(t *testing.T) {
	data := seedDOCX(t)
	p, err := ooxml.Open(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if p.Main() != "word/document.xml" {
		t.Errorf("main part %q", p.Main())
	}
	// Every relationship of the writer resolves to a part, found by type.
	for _, typ := range []string{ooxml.RelStyles, ooxml.RelSettings, ooxml.RelFootnotes, ooxml.RelHeader} {
		parts, err := p.Related(p.Main(), typ)
		if err != nil || len(parts) == 0 {
			t.Errorf("Related(%s): %v, %v", typ, parts, err)
		}
		for _, part := range parts {
			if !strings.HasPrefix(part, "word/") || p.ContentType(part) == "" {
				t.Errorf("%s: part %q, content type %q", typ, part, p.ContentType(part))
			}
		}
	}
	headers, _ := p.Related(p.Main(), ooxml.RelHeader)
	if len(headers) != 2 {
		t.Errorf("headers %v, want header1 and header2", headers)
	}
	// The part reads back whole and as the zip says.
	b, err := p.Read(p.Main())
	if err != nil || !bytes.HasPrefix(b, []byte("<?xml")) {
		t.Fatalf("Read: %d bytes, %v", len(b), err)
	}
	before := p.Inflated()
	if b2, err := p.Read(p.Main()); err != nil || !bytes.Equal(b, b2) || p.Inflated() != before+int64(len(b)) {
		t.Errorf("second read: %v; Inflated went from %d to %d reading %d bytes", err, before, p.Inflated(), len(b))
	}
	if !p.Has("WORD/Document.XML") {
		t.Errorf("part names must compare case-insensitively")
	}
}

func TestResolveTargets(t *testing.T) {
	rels := `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="a" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/styles" Target="../word/./styles.xml"/>` +
		`<Relationship Id="b" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="/word/footnotes.xml"/>` +
		`<Relationship Id="c" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.itu.int/a?b=1&amp;c=2" TargetMode="External"/>` +
		`</Relationships>`
	files := append(minimal([]byte(body)),
		docxtest.File{Name: "word/_rels/document.xml.rels", Data: []byte(rels)},
		docxtest.File{Name: "word/styles.xml", Data: []byte("<x/>")},
		docxtest.File{Name: "word/footnotes.xml", Data: []byte("<x/>")})
	p, err := ooxml.Open(docxtest.Zip(files...), ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := p.Relationships("word/document.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := []ooxml.Relationship{
		{ID: "a", Type: ooxml.RelStyles, Target: "word/styles.xml"},
		{ID: "b", Type: ooxml.RelFootnotes, Target: "word/footnotes.xml"},
		{ID: "c", Type: ooxml.RelHyperlink, Target: "https://www.itu.int/a?b=1&c=2", External: true},
	}
	if len(got) != len(want) {
		t.Fatalf("got %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("relationship %d: got %+v, want %+v", i, got[i], want[i])
		}
	}
	if s, _ := p.Related("word/document.xml", ooxml.RelStyles); len(s) != 1 || s[0] != "word/styles.xml" {
		t.Errorf("strict styles type not found as transitional: %v", s)
	}
}

// bomb is a zip whose main part inflates to n zero bytes; declared is the
// size its headers claim.
func bomb(n int64, declared uint64) []byte {
	files := minimal(nil)
	files[2] = docxtest.File{Name: "word/document.xml", Raw: docxtest.Zeros(n), Declared: declared, CRC: docxtest.ZerosCRC(int64(declared))}
	return docxtest.Zip(files...)
}

const gib = 1 << 30

// badCases are packages the reader must refuse, each with the one line it
// says. read names a part to read after Open succeeds ("" for none): limits
// that only inflating can prove fail there.
var badCases = []struct {
	name string
	data func(t testing.TB) []byte
	lim  ooxml.Limits
	read string
	kind error
	want string // "{len}" stands for the input's size
}{
	{"empty", func(testing.TB) []byte { return nil }, ooxml.Limits{}, "", ooxml.ErrNotZip,
		"empty file: not a zip file (a DOCX is a zip package)"},
	{"not a zip", func(testing.TB) []byte { return []byte("MOD WGPL/149/1\n\nRESOLUTION 1\n") }, ooxml.Limits{}, "", ooxml.ErrNotZip,
		"not a zip file (a DOCX is a zip package)"},
	{"truncated zip", func(t testing.TB) []byte { d := seedDOCX(t); return d[:len(d)/2] }, ooxml.Limits{}, "", ooxml.ErrTruncated,
		"truncated zip: the end of its central directory is missing"},
	{"central directory cut", func(t testing.TB) []byte {
		d := seedDOCX(t)
		// Keep the end record but drop the directory before it.
		return append(d[:len(d)-200:len(d)-200], d[len(d)-22:]...)
	}, ooxml.Limits{}, "", ooxml.ErrTruncated,
		"truncated zip: its central directory is incomplete (zip: not a valid zip file)"},
	{"OpenDocument", func(testing.TB) []byte {
		return docxtest.Zip(docxtest.File{Name: "mimetype", Data: []byte("application/vnd.oasis.opendocument.text"), Store: true}, docxtest.File{Name: "content.xml", Data: []byte("<x/>")})
	}, ooxml.Limits{}, "", ooxml.ErrNotPackage,
		"no [Content_Types].xml: an OpenDocument file (.odt?), not a DOCX"},
	{"no content types", func(testing.TB) []byte { return docxtest.Zip(minimal([]byte(body))[1:]...) }, ooxml.Limits{}, "", ooxml.ErrNotPackage,
		"no [Content_Types].xml: a zip, but not an Office Open XML package"},
	{"no main relationship", func(testing.TB) []byte {
		f := minimal([]byte(body))
		f[1].Data = []byte(`<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>`)
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "", ooxml.ErrNoDocument,
		"no main document part: _rels/.rels names no officeDocument relationship"},
	{"missing document part", func(testing.TB) []byte { return docxtest.Zip(minimal(nil)[:2]...) }, ooxml.Limits{}, "", ooxml.ErrNoDocument,
		"no main document part: _rels/.rels names word/document.xml, which the zip does not hold"},
	{"a spreadsheet", func(testing.TB) []byte {
		f := minimal([]byte(body))
		f[0].Data = bytes.Replace(f[0].Data, []byte(ctMain), []byte("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"), 1)
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "", ooxml.ErrNoDocument,
		`word/document.xml: main part has content type "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": a spreadsheet, not a Word document`},
	{"content types not XML", func(testing.TB) []byte {
		f := minimal([]byte(body))
		f[0].Data = []byte("<Types>\n<Default Extension='xml'></Types>")
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "", ooxml.ErrNotXML,
		"[Content_Types].xml:2: not well-formed XML: element <Default> closed by </Types>"},
	{"relationships not XML", func(testing.TB) []byte {
		f := minimal([]byte(body))
		f[1].Data = []byte("Id=rId1 Target=word/document.xml")
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "", ooxml.ErrNotXML,
		"_rels/.rels:1: not well-formed XML: text before the root element"},
	{"DTD in the relationships", func(testing.TB) []byte {
		f := minimal([]byte(body))
		f[1].Data = []byte(`<?xml version="1.0"?>` + "\n" + `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>` + "\n" + `<Relationships>&b;</Relationships>`)
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "", ooxml.ErrDTD,
		"_rels/.rels:2: DTD refused (<!DOCTYPE …>): a DOCX part has none, and its entities could expand without bound"},
	{"duplicate entries", func(testing.TB) []byte {
		return docxtest.Zip(append(minimal([]byte(body)), docxtest.File{Name: "Word/Document.xml", Data: []byte(body)})...)
	}, ooxml.Limits{}, "", ooxml.ErrDuplicate,
		"Word/Document.xml: duplicate zip entry (entries 3 and 4)"},
	{"too many entries", func(testing.TB) []byte {
		f := minimal([]byte(body))
		for i := range 10 {
			f = append(f, docxtest.File{Name: "customXml/item" + string(rune('a'+i)) + ".xml", Data: []byte("<x/>")})
		}
		return docxtest.Zip(f...)
	}, ooxml.Limits{MaxEntries: 12}, "", ooxml.ErrLimit,
		"13 zip entries exceed the limit of 12"},
	{"file too large", func(testing.TB) []byte { return docxtest.Zip(minimal([]byte(body))...) }, ooxml.Limits{MaxFileSize: 100}, "", ooxml.ErrLimit,
		"file of {len} bytes exceeds the limit of 100 bytes"},
	{"1 GB part, declared", func(testing.TB) []byte { return bomb(gib, gib) }, ooxml.Limits{}, "", ooxml.ErrLimit,
		"word/document.xml: part of 1024 MiB exceeds the limit of 64 MiB"},
	{"1 GB part, declared 10 KiB", func(testing.TB) []byte { return bomb(gib, 10<<10) }, ooxml.Limits{}, "word/document.xml", ooxml.ErrLimit,
		"word/document.xml: inflates beyond its declared size of 10 KiB (a zip bomb?)"},
	{"ratio", func(testing.TB) []byte { return bomb(32<<20, 32<<20) }, ooxml.Limits{}, "", ooxml.ErrLimit,
		fmt.Sprintf("word/document.xml: compression ratio %d:1 exceeds 200:1 (a zip bomb?)", 32<<20/len(docxtest.Zeros(32<<20)))},
	{"total size", func(testing.TB) []byte {
		f := minimal(bytes.Repeat([]byte(" "), 3000))
		f = append(f, docxtest.File{Name: "word/styles.xml", Data: bytes.Repeat([]byte(" "), 3000)})
		return docxtest.Zip(f...)
	}, ooxml.Limits{MaxTotalSize: 5000}, "", ooxml.ErrLimit,
		"parts total more than 5000 bytes uncompressed, the limit"},
	{"checksum", func(testing.TB) []byte {
		f := minimal(nil)
		f[2] = docxtest.File{Name: "word/document.xml", Raw: []byte(body), Declared: uint64(len(body)), CRC: 12345}
		f[2].Store = true
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "word/document.xml", ooxml.ErrCorrupt,
		"word/document.xml: corrupt zip entry: checksum mismatch"},
	{"truncated entry", func(testing.TB) []byte {
		z := docxtest.Zeros(1 << 20)
		f := minimal(nil)
		f[2] = docxtest.File{Name: "word/document.xml", Raw: z[:len(z)/2], Declared: 1 << 20, CRC: docxtest.ZerosCRC(1 << 20)}
		return docxtest.Zip(f...)
	}, ooxml.Limits{}, "word/document.xml", ooxml.ErrTruncated,
		"word/document.xml: truncated zip entry: its data ends early"},
	{"climbing name", func(testing.TB) []byte {
		return docxtest.Zip(append(minimal([]byte(body)), docxtest.File{Name: "../../etc/passwd", Data: []byte("x")})...)
	}, ooxml.Limits{}, "", ooxml.ErrCorrupt,
		`zip entry "../../etc/passwd" is not a valid part name`},
}

func TestBadPackages(t *testing.T) {
	for _, c := range badCases {
		t.Run(c.name, func(t *testing.T) {
			data := c.data(t)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			p, err := ooxml.Open(data, c.lim)
			var inflated int64
			if err == nil {
				if c.read == "" {
					t.Fatalf("Open succeeded, want %q", c.want)
				}
				_, err = p.Read(c.read)
				inflated = p.Inflated()
			} else if c.read != "" {
				t.Fatalf("Open: %v, want it to fail reading %s", err, c.read)
			}
			runtime.ReadMemStats(&after)
			if err == nil {
				t.Fatalf("no error, want %q", c.want)
			}
			want := strings.ReplaceAll(c.want, "{len}", strconv.Itoa(len(data)))
			if err.Error() != want {
				t.Errorf("error\n got %q\nwant %q", err, want)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error %q is not %v", err, c.kind)
			}
			// Bounded memory: refusing allocates a few times the input at
			// most, whatever the part would inflate to (a gigabyte here).
			if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(4*len(data))+8<<20 {
				t.Errorf("allocated %d bytes refusing a %d-byte file", grew, len(data))
			}
			// Bounded work: a lying part stops at its declared size + 1.
			if c.read != "" {
				if lim := int64(10 << 10); strings.Contains(c.name, "10 KiB") && inflated > lim {
					t.Errorf("inflated %d bytes of a part that declared %d", inflated, lim)
				}
			}
		})
	}
}

func TestDecoderRefuses(t *testing.T) {
	deep := strings.Repeat("<a>", 300) + strings.Repeat("</a>", 300)
	for _, c := range []struct{ name, xml, want string }{
		{"billion laughs", `<?xml version="1.0"?>` + "\n" + `<!DOCTYPE lolz [` + "\n" + ` <!ENTITY lol "lol">` + "\n" + ` <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>` + "\n" + `<lolz>&lol2;</lolz>`,
			"p.xml:4: DTD refused (<!DOCTYPE …>): a DOCX part has none, and its entities could expand without bound"},
		{"external entity", `<!DOCTYPE x SYSTEM "file:///etc/passwd"><x/>`,
			"p.xml:1: DTD refused (<!DOCTYPE …>): a DOCX part has none, and its entities could expand without bound"},
		{"undeclared entity", `<x>&lol9;</x>`,
			"p.xml:1: not well-formed XML: invalid character entity &lol9; (no DTD, so only &amp; &lt; &gt; &quot; &apos; and character references)"},
		{"deep", deep, "p.xml:1: elements nested deeper than 256"},
		{"unclosed", "<x>\n<y>", "p.xml:2: not well-formed XML: unexpected EOF"},
		{"UTF-16", `<?xml version="1.0" encoding="UTF-16"?><x/>`,
			`p.xml:1: not well-formed XML: encoding "UTF-16": only UTF-8 parts are read`},
	} {
		t.Run(c.name, func(t *testing.T) {
			d := ooxml.NewDecoder("p.xml", strings.NewReader(c.xml), 0)
			var err error
			for err == nil {
				_, err = d.Token()
			}
			if err == io.EOF || err.Error() != c.want {
				t.Errorf("got %q\nwant %q", err, c.want)
			}
		})
	}
}

func TestDecoderReads(t *testing.T) {
	src := "\uFEFF<?xml version=\"1.0\"?><!-- c --><r a='1'><?pi x?>t<k>in</k>&amp;&#65;</r>\n"
	d := ooxml.NewDecoder("p.xml", strings.NewReader(src), 2)
	var text string
	err := d.Root("r", func(root xml.StartElement) error {
		if ooxml.Attr(root, "a") != "1" {
			t.Errorf("attr a = %q", ooxml.Attr(root, "a"))
		}
		var err error
		text, err = d.Text()
		return err
	})
	if err != nil || text != "t&A" {
		t.Errorf("Root: %q, %v; want the root's own text t&A", text, err)
	}
}
