// Package pilcrow reads the dialect's paragraph-mark revisions. It takes a
// normalized document and changes it in place: a paragraph that ends with
// a pilcrow inserted, "[¶](#)", or deleted, "~~¶~~", loses the pilcrow
// and has its paragraph mark inserted or deleted (doc.Paragraph.Mark). That
// is how the source dialect says that a paragraph was split in two (the
// first one's mark inserted) or that two were merged into one (the first
// one's mark deleted); see pipeline/revise for what the views make of it.
//
// A wholly inserted or deleted paragraph needs no pilcrow: normalize marks
// its paragraph mark from its text (normalize/marks.go). The pilcrow must
// be a mark of its own, the last thing in the paragraph; a pilcrow inside
// a longer mark ("[see ¶](#)") is text.
package pilcrow

import "github.com/itudoc/itudoc/pipeline/doc"

// Sign is the character that stands for a paragraph mark.
const Sign = "¶"

// Read sets the paragraph marks that pilcrows say.
func Read(d *doc.Document) {
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		if rev, ok := At(p.Inlines); ok {
			p.Inlines = p.Inlines[:len(p.Inlines)-1]
			p.Mark = rev
		}
	})
}

// At reports whether inlines end with a pilcrow mark, and its revision.
func At(in []doc.Inline) (doc.Revision, bool) {
	n := len(in)
	if n == 0 {
		return doc.Revision{}, false
	}
	r, ok := in[n-1].(*doc.Run)
	if !ok || r.Text != Sign || r.Rev.IsZero() {
		return doc.Revision{}, false
	}
	if n > 1 {
		if prev, ok := in[n-2].(*doc.Run); ok && prev.Rev == r.Rev {
			return doc.Revision{}, false // the end of a longer mark
		}
	}
	return r.Rev, true
}
