// Package revise gives views of a revised document: it takes a normalized
// (or edited) document and a decision for each of its changes, and gives a
// new document that shares nothing with its input, each change accepted,
// rejected or kept as a tracked change:
//
//   - Marked: every change kept, for the DOCX writer's tracked changes;
//   - Clean: every change accepted (insertions kept, deletions dropped), the
//     text of the clean PDF;
//   - Original: every change rejected (deletions kept, insertions dropped);
//   - ByAuthor: one author's changes accepted or rejected, the others kept
//     (Word's "by reviewer"): rejecting the Editorial Committee's changes
//     alone gives back the text as the committee was sent it.
//
// A run inserted by one author and deleted by another is dropped when the
// deletion is accepted or the insertion rejected, and keeps whichever of the
// two changes is kept otherwise.
//
// In every view, proposal symbols rule the revisions as ITU practice does:
// an ADD proposal is new text and carries no revision marks (its changes
// are accepted). A SUP proposal keeps whatever the source gives of it (its
// heading, any preamble, its Reasons): nothing the source carries is
// dropped. A proposal inserted or deleted as a whole (the mark of its
// heading paragraph) is a change like any other: the view that drops its
// heading drops the proposal, and its symbol does not accept its marks.
//
// A paragraph mark is Word's: when a view drops the mark of a paragraph
// whose text it keeps (some of it, at least), the paragraph is joined to the
// next one, keeping its own style, level and label; a paragraph it keeps
// nothing of goes. A table row goes when the view drops every cell of it
// that has text (an empty unmarked cell does not hold it), and a table when
// it has no row left.
package revise

import (
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Decision is what a view does with one change.
type Decision int

const (
	Keep   Decision = iota // shown as a tracked change
	Accept                 // made part of the text
	Reject                 // undone
)

// Decide gives the decision for a change.
type Decide func(doc.Change) Decision

// View selects one of the three whole-document views.
type View int

const (
	Marked   View = iota // revisions as written
	Clean                // all changes accepted
	Original             // all changes rejected
)

func (v View) String() string {
	switch v {
	case Clean:
		return "clean"
	case Original:
		return "original"
	}
	return "marked"
}

// decide is the View as a Decide.
func (v View) decide() Decide {
	dec := Keep
	switch v {
	case Clean:
		dec = Accept
	case Original:
		dec = Reject
	}
	return func(doc.Change) Decision { return dec }
}

// ByAuthor decides dec for the changes of author, Keep for the others.
func ByAuthor(author string, dec Decision) Decide {
	return func(c doc.Change) Decision {
		if c.Author == author {
			return dec
		}
		return Keep
	}
}

// Apply gives the view v of d. d is not changed. Diagnostics are not copied.
func Apply(d *doc.Document, v View) *doc.Document { return Decided(d, v.decide()) }

// Decided gives the view of d in which each change is decided by decide.
// d is not changed. Diagnostics are not copied; the change table is, so
// that change ids keep their meaning.
func Decided(d *doc.Document, decide Decide) *doc.Document {
	out := &doc.Document{Source: d.Source, Meta: d.Meta, Changes: append([]doc.Change(nil), d.Changes...)}
	a := applier{d: d, decide: decide, refs: map[int]bool{}}
	out.Blocks = a.blocks(d.Blocks, false)
	// Footnotes whose every reference went with a revision go too; the rest
	// are renumbered in order.
	renum := map[int]int{}
	for _, fn := range d.Footnotes {
		if !a.refs[fn.ID] {
			continue
		}
		c := &doc.Footnote{ID: len(out.Footnotes) + 1, Mark: fn.Mark, Pos: fn.Pos, Inlines: a.inlines(fn.Inlines, false)}
		renum[fn.ID] = c.ID
		out.Footnotes = append(out.Footnotes, c)
	}
	for _, r := range a.newRefs {
		r.ID = renum[r.ID]
	}
	out.NameProposals() // the number and title this view reads
	return out
}

type applier struct {
	d       *doc.Document
	decide  Decide
	refs    map[int]bool       // footnote ids still cited
	newRefs []*doc.FootnoteRef // copies, renumbered at the end
}

// resolve applies the decisions to one revision: it gives what is left of
// it, and false when the text it marks is gone from the view. In new text
// (an ADD proposal) every change is accepted.
func (a *applier) resolve(r doc.Revision, newText bool) (doc.Revision, bool) {
	dec := func(id doc.ChangeID) Decision {
		if newText {
			return Accept
		}
		return a.decide(a.d.Change(id))
	}
	if r.Del != 0 {
		switch dec(r.Del) {
		case Accept:
			return doc.Revision{}, false
		case Reject:
			r.Del = 0
		}
	}
	if r.Ins != 0 {
		switch dec(r.Ins) {
		case Accept:
			r.Ins = 0
		case Reject:
			return doc.Revision{}, false
		}
	}
	return r, true
}

// blocks copies blocks under the view; newText is set inside ADD
// proposals, whose changes are accepted.
func (a *applier) blocks(in []doc.Block, newText bool) []doc.Block {
	var out []doc.Block
	var joining *doc.Paragraph // a paragraph whose mark the view dropped
	flush := func() {
		if joining != nil {
			out = append(out, joining)
			joining = nil
		}
	}
	for _, b := range in {
		switch b := b.(type) {
		case *doc.Paragraph:
			p, dropped := a.paragraph(b, newText)
			if p == nil {
				continue
			}
			if joining != nil {
				p = join(joining, p)
				joining = nil
			}
			if dropped {
				joining = p
				continue
			}
			out = append(out, p)
		case *doc.Table:
			flush()
			if t := a.table(b, newText); t != nil {
				out = append(out, t)
			}
		case *doc.Proposal:
			flush()
			mark := headingMark(b)
			if _, keep := a.resolve(mark, newText); !keep {
				continue // inserted or deleted as a whole, and the view drops it
			}
			np := *b
			// New text inserted or deleted as a whole: its marks stand.
			np.Blocks = a.blocks(b.Blocks, b.Action.New() && mark.IsZero())
			if len(np.Blocks) == 0 && len(b.Blocks) > 0 {
				// A proposal with no heading line (one a resolution
				// line opens) goes with the last of its blocks: an
				// empty shell is not in the view.
				continue
			}
			out = append(out, &np)
		default:
			panic("revise: unknown block type")
		}
	}
	flush()
	return out
}

// table copies a table under the view, or gives nil when no row is left.
func (a *applier) table(b *doc.Table, newText bool) *doc.Table {
	t := &doc.Table{Pos: b.Pos}
	for _, r := range b.Rows {
		nr := &doc.Row{Header: r.Header}
		gone, held := false, false
		for _, c := range r.Cells {
			var p *doc.Paragraph
			if _, keep := a.resolve(c.Mark, newText); !keep {
				gone = true
			} else {
				p, _ = a.paragraph(c, newText)
				held = held || len(c.Inlines) > 0 || len(c.Label) > 0
			}
			if p == nil { // a cell keeps its paragraph, emptied
				p = &doc.Paragraph{Pos: c.Pos, Style: c.Style}
			}
			nr.Cells = append(nr.Cells, p)
		}
		if gone && !held {
			continue
		}
		t.Rows = append(t.Rows, nr)
	}
	if len(t.Rows) == 0 && len(b.Rows) > 0 {
		return nil
	}
	return t
}

// headingMark is the mark of a proposal's heading paragraph.
func headingMark(p *doc.Proposal) doc.Revision {
	if len(p.Blocks) == 0 {
		return doc.Revision{}
	}
	if h, ok := p.Blocks[0].(*doc.Paragraph); ok && h.Style == doc.StyleProposal {
		return h.Mark
	}
	return doc.Revision{}
}

// join joins p, whose mark a view dropped, to next: p's style, level and
// label, then p's text, next's label (with a tab) and next's text.
func join(p, next *doc.Paragraph) *doc.Paragraph {
	j := *p
	j.Mark = next.Mark
	j.Inlines = append([]doc.Inline{}, p.Inlines...)
	if len(next.Label) > 0 {
		j.Inlines = append(j.Inlines, next.Label...)
		j.Inlines = append(j.Inlines, &doc.Run{Pos: next.Pos, Text: "\t"})
	}
	j.Inlines = doc.Coalesce(append(j.Inlines, next.Inlines...))
	return &j
}

// paragraph copies p under the view. It gives nil when the view keeps
// nothing of p, and reports whether the view dropped p's mark (the caller
// then joins p to the paragraph after it).
func (a *applier) paragraph(p *doc.Paragraph, newText bool) (*doc.Paragraph, bool) {
	mark, keep := a.resolve(p.Mark, newText)
	c := &doc.Paragraph{
		Pos: p.Pos, Style: p.Style, Level: p.Level, Mark: mark,
		Label:   a.inlines(p.Label, newText),
		Inlines: a.inlines(p.Inlines, newText),
	}
	if !keep {
		c.Mark = doc.Revision{}
		if len(c.Label) == 0 && len(c.Inlines) == 0 {
			return nil, true
		}
	}
	return c, !keep
}

// inlines copies runs under the view, alike runs merged.
func (a *applier) inlines(in []doc.Inline, newText bool) []doc.Inline {
	out := make([]doc.Inline, 0, len(in))
	for _, il := range in {
		rev, keep := a.resolve(il.Revision(), newText)
		if !keep {
			continue
		}
		switch il := il.(type) {
		case *doc.Run:
			r := *il
			r.Rev = rev
			out = append(out, &r)
		case *doc.FootnoteRef:
			f := *il
			f.Rev = rev
			a.refs[f.ID] = true
			a.newRefs = append(a.newRefs, &f)
			out = append(out, &f)
		default:
			panic("revise: unknown inline type")
		}
	}
	return doc.Coalesce(out)
}
