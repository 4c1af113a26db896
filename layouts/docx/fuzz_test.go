package docx

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// FuzzWrite writes every document pipeline.Load makes of arbitrary source
// and checks the package: every part is well-formed XML, every revision,
// footnote and bookmark id is unique, and the text round-trips both ways:
// the words of the w:t runs outside w:del are the clean view's, and those
// outside w:ins (deleted text included) the original's. Seed corpus:
// testdata/fuzz/FuzzWrite and testtool.FuzzSources.
func FuzzWrite(f *testing.F) {
	for _, s := range testtool.FuzzSources {
		f.Add([]byte(s))
	}
	f.Fuzz(checkWrite)
}

// TestSeedRoundTrip runs the fuzz checks on the seed document.
func TestSeedRoundTrip(t *testing.T) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	checkWrite(t, src)
}

// checkWrite is FuzzWrite's check of one source.
func checkWrite(t *testing.T, src []byte) {
	d, err := pipeline.Load("fuzz.md", src)
	if err != nil {
		return
	}
	pk, _, _ := write(t, d, Options{})
	parts := map[string]*node{}
	for _, name := range pk.names {
		if strings.HasSuffix(name, ".xml") || strings.HasSuffix(name, ".rels") {
			parts[name] = parseXML(t, name, pk.files[name])
		}
	}
	checkUniqueIDs(t, parts)
	body := parts["word/document.xml"].child("body")
	notes := parts["word/footnotes.xml"]
	for _, c := range []struct {
		view revise.View
		skip string // text inside this element is not in the view
	}{{revise.Clean, "del"}, {revise.Original, "ins"}} {
		got := normWords(wordText(body, c.skip) + " " + wordText(notes, c.skip))
		want := normWords(strings.Map(func(r rune) rune {
			if !xmlChar(r) {
				return -1
			}
			return r
		}, strings.Join(viewWords(d, c.view), " ")))
		if i := firstDiff(got, want); i >= 0 {
			t.Fatalf("%s view: word %d differs\n got: …%s…\nwant: …%s…", c.view, i, around(got, i), around(want, i))
		}
	}
}

// checkUniqueIDs fails when two revisions, two footnotes or two bookmarks
// of the package share an id: Word refuses such a file or merges them.
func checkUniqueIDs(t *testing.T, parts map[string]*node) {
	t.Helper()
	kinds := map[string]string{
		"ins": "revision", "del": "revision", "rPrChange": "revision", "pPrChange": "revision",
		"tblPrChange": "revision", "trPrChange": "revision", "tcPrChange": "revision",
		"moveFrom": "revision", "moveTo": "revision",
		"footnote": "footnote", "endnote": "endnote", "bookmarkStart": "bookmark",
	}
	seen := map[string]string{}
	for _, name := range []string{"word/document.xml", "word/footnotes.xml", "word/endnotes.xml"} {
		root := parts[name]
		if root == nil {
			continue
		}
		root.walk(nil, func(n, _ *node) {
			kind, ok := kinds[n.name]
			if !ok {
				return
			}
			id, ok := n.attr("id")
			if !ok {
				t.Fatalf("%s: a w:%s without w:id", name, n.name)
			}
			key := kind + " " + id
			if where, dup := seen[key]; dup {
				t.Fatalf("%s id %s used twice (%s and %s w:%s)", kind, id, where, name, n.name)
			}
			seen[key] = fmt.Sprintf("%s w:%s", name, n.name)
		})
	}
}

// wordText gives the text a reader sees below n, leaving out what is inside
// a skip element (w:del for the accepted text, w:ins for the rejected):
// w:t and w:delText as written, tabs and breaks as spaces, paragraphs
// apart.
func wordText(n *node, skip string) string {
	var sb strings.Builder
	var walk func(n *node)
	walk = func(n *node) {
		switch n.name {
		case skip:
			return
		case "t", "delText":
			sb.WriteString(n.text)
		case "tab", "br", "cr":
			sb.WriteByte(' ')
		}
		for _, k := range n.kids {
			walk(k)
		}
		if n.name == "p" {
			sb.WriteByte(' ')
		}
	}
	walk(n)
	return sb.String()
}

// FuzzWriteRun writes one paragraph of arbitrary text, label, revision and
// format, bypassing the parser, and checks that every part is well-formed
// XML and that the text survives, less the characters XML forbids.
func FuzzWriteRun(f *testing.F) {
	f.Add("plain text", "", uint8(0), uint8(0))
	f.Add("a\tb\nc & <d> \"e\" 'f'", "label", uint8(1), uint8(7))
	f.Add("\x00\x1b\uFFFE\r bad \xff", "~", uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, text, label string, rev, format uint8) {
		r := []doc.Revision{{}, {Ins: 1}, {Del: 1}, {Ins: 1, Del: 2}}[rev%4]
		run := &doc.Run{Pos: doc.Pos{Line: 1, Col: 1}, Text: text, Rev: r, Format: doc.Format(format % 8)}
		p := &doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{run}, Mark: r}
		if label != "" {
			p.Style, p.Level = doc.StyleEnumlev1, 1
			p.Label = []doc.Inline{&doc.Run{Text: label, Rev: r}}
		}
		d := &doc.Document{Meta: doc.Meta{Title: text, Number: label}, Blocks: []doc.Block{p}}
		pk, _, _ := write(t, d, Options{Author: label})
		for _, name := range pk.names {
			parseXML(t, name, pk.files[name])
		}
		got := pk.xml(t, "word/document.xml").child("body").texts("t", "delText")
		want := strings.Map(func(c rune) rune {
			if c == '\t' || c == '\n' || !xmlChar(c) {
				return -1
			}
			return c
		}, strings.ToValidUTF8(label, "")+strings.ToValidUTF8(text, ""))
		// The title is written too (Title1), before the paragraph.
		if !strings.HasSuffix(got, want) {
			t.Errorf("text %q, want it to end with %q", got, want)
		}
	})
}
