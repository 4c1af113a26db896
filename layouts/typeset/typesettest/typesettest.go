// Package typesettest builds documents by hand for the typesetter's and the
// PDF exporter's tests, so that unit tests do not depend on the parser. It
// takes text in the seed's inline notation and gives doc paragraphs and
// inlines; it is for tests only.
package typesettest

import (
	"regexp"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// Para is a paragraph of a style whose text is read by Runs.
func Para(style doc.Style, text string) *doc.Paragraph {
	return &doc.Paragraph{Style: style, Inlines: Runs(text)}
}

// Labelled is an enumlev paragraph of a level with a label.
func Labelled(level int, label, text string) *doc.Paragraph {
	return &doc.Paragraph{Style: doc.EnumlevStyle(level), Level: level, Label: Runs(label), Inlines: Runs(text)}
}

var markRE = regexp.MustCompile(`~~(.*?)~~|\[(.*?)\]\(#\)|\*\*(.*?)\*\*|\*(.*?)\*`)

// Runs reads the seed's inline marks: ~~deleted~~, [inserted](#), **bold**
// and *italic*; everything else is unchanged text.
func Runs(s string) []doc.Inline {
	var out []doc.Inline
	// The ids point into no change table: the typesetter only asks how a
	// revision shows.
	add := func(text string, f doc.Format, rev doc.Revision) {
		if text != "" {
			out = append(out, &doc.Run{Text: text, Format: f, Rev: rev})
		}
	}
	last := 0
	for _, m := range markRE.FindAllStringSubmatchIndex(s, -1) {
		add(s[last:m[0]], 0, doc.Revision{})
		switch {
		case m[2] >= 0:
			add(s[m[2]:m[3]], 0, doc.Revision{Del: 1})
		case m[4] >= 0:
			add(s[m[4]:m[5]], 0, doc.Revision{Ins: 1})
		case m[6] >= 0:
			add(s[m[6]:m[7]], doc.Bold, doc.Revision{})
		case m[8] >= 0:
			add(s[m[8]:m[9]], doc.Italic, doc.Revision{})
		}
		last = m[1]
	}
	add(s[last:], 0, doc.Revision{})
	return out
}
