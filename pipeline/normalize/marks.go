package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// setMarks sets the paragraph mark of every wholly inserted or deleted
// paragraph, so that accepting or rejecting all changes leaves no empty
// paragraph; it also reports revision marks where the proposal symbol rules
// them out, and markup the parser left as text.
func setMarks(d *doc.Document) {
	for _, b := range d.Blocks {
		prop, _ := b.(*doc.Proposal)
		blocks := []doc.Block{b}
		doc.Paragraphs(blocks, func(p *doc.Paragraph) {
			for _, kind := range []doc.ChangeKind{doc.Deletion, doc.Insertion} {
				if rev, ok := wholly(kind, p.Label, p.Inlines); ok {
					p.Mark = rev
					spreadRevision(p.Label, rev)
					spreadRevision(p.Inlines, rev)
					break
				}
			}
			if prop != nil && prop.Action.New() && (hasRevisions(p.Label) || hasRevisions(p.Inlines)) {
				d.Report(p.Pos, doc.Warning, "revision marks in %s proposal %s: ADD is new text, so they are accepted", prop.Action, prop.ID)
			}
			reportLeftovers(d, p)
		})
	}
}

// ParagraphMark is the revision setMarks gives the mark of a paragraph:
// the last visible inline's when every visible inline of its label and
// text is deleted, or every one inserted (and not deleted); none
// otherwise. The DOCX reader gives it to table cells, whose marks Word
// files do not carry.
func ParagraphMark(p *doc.Paragraph) doc.Revision {
	for _, kind := range []doc.ChangeKind{doc.Deletion, doc.Insertion} {
		if rev, ok := wholly(kind, p.Label, p.Inlines); ok {
			return rev
		}
	}
	return doc.Revision{}
}

// reportLeftovers warns about markup that stayed text: an unpaired "~~" or
// "**", or an insertion "[...](#" that was never closed.
func reportLeftovers(d *doc.Document, p *doc.Paragraph) {
	for _, in := range [2][]doc.Inline{p.Label, p.Inlines} {
		for _, il := range in {
			if r, ok := il.(*doc.Run); ok {
				reportLeftoversIn(d, r)
			}
		}
	}
}

// reportLeftoversIn reports the leftover markup of one run.
func reportLeftoversIn(d *doc.Document, r *doc.Run) {
	if strings.IndexByte(r.Text, '~') >= 0 {
		for i := 0; i < len(r.Text); i++ {
			if r.Text[i] != '~' {
				continue
			}
			j := i
			for j < len(r.Text) && r.Text[j] == '~' {
				j++
			}
			switch {
			case j-i == 2:
				d.Report(atOffset(r, i), doc.Warning, "unpaired ~~: kept as text (a deletion needs ~~ on both sides)")
			case j-i > 2:
				d.Report(atOffset(r, i), doc.Note, "%d tildes are not a mark (a deletion is exactly ~~): kept as text", j-i)
			}
			i = j
		}
	}
	if i := strings.Index(r.Text, "**"); i >= 0 {
		d.Report(atOffset(r, i), doc.Warning, "unpaired **: kept as text (bold needs ** on both sides)")
	}
	if i := strings.Index(r.Text, "](#"); i >= 0 {
		d.Report(atOffset(r, i), doc.Warning, "unclosed insertion \"[...](#\": kept as text")
	}
}

func atOffset(r *doc.Run, i int) doc.Pos {
	pos := r.Pos
	pos.Col += utf8.RuneCountInString(r.Text[:i])
	return pos
}
