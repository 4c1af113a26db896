package docx

import (
	"strings"
	"testing"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// FuzzWrite writes documents of arbitrary text, revisions and formats and
// checks that every part is well-formed XML and that the text survives,
// less the characters XML forbids.
func FuzzWrite(f *testing.F) {
	f.Add("plain text", "", uint8(0), uint8(0))
	f.Add("a\tb\nc & <d> \"e\" 'f'", "label", uint8(1), uint8(7))
	f.Add("\x00\x1b\uFFFE\r bad \xff", "~", uint8(2), uint8(3))
	f.Fuzz(func(t *testing.T, text, label string, rev, format uint8) {
		r := doc.Rev(rev % 3)
		run := &doc.Run{Pos: doc.Pos{Line: 1, Col: 1}, Text: text, Rev: r, Format: doc.Format(format % 8)}
		if r != doc.Unchanged {
			run.Span = 1
		}
		p := &doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{run}, Mark: r}
		if label != "" {
			p.Style, p.Level = doc.StyleEnumlev1, 1
			p.Label = []doc.Inline{&doc.Run{Text: label, Rev: r, Span: run.Span}}
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
