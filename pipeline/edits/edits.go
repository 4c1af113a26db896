// Package edits is the revision model. It takes a normalized document and
// gives one of three views of it, each a new document that shares nothing
// with its input:
//
//   - Marked: the revisions as written, for the DOCX writer's tracked changes;
//   - Clean: every change accepted (insertions kept, deletions dropped), the
//     text of the clean PDF;
//   - Original: every change rejected (deletions kept, insertions dropped).
//
// In every view, proposal symbols rule the revisions as ITU practice does:
// an ADD proposal is new text and carries no revision marks (stray marks are
// accepted). A SUP proposal keeps whatever the source gives of it (its
// heading, any preamble, its Reasons): nothing the source carries is
// dropped.
package edits

import (
	"github.com/itudoc/itudoc/pipeline/doc"
)

// View selects which text of a revised document to give.
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

// Apply gives the view v of d. d is not changed. Diagnostics are not copied.
func Apply(d *doc.Document, v View) *doc.Document {
	out := &doc.Document{Source: d.Source, Meta: d.Meta, Spans: d.Spans}
	a := applier{view: v, refs: map[int]bool{}}
	out.Blocks = a.blocks(d.Blocks, "")
	// Footnotes whose every reference went with a revision go too; the rest
	// are renumbered in order.
	renum := map[int]int{}
	for _, fn := range d.Footnotes {
		if !a.refs[fn.ID] {
			continue
		}
		c := &doc.Footnote{ID: len(out.Footnotes) + 1, Mark: fn.Mark, Pos: fn.Pos, Inlines: a.inlines(fn.Inlines, v)}
		renum[fn.ID] = c.ID
		out.Footnotes = append(out.Footnotes, c)
	}
	for _, r := range a.newRefs {
		r.ID = renum[r.ID]
	}
	return out
}

type applier struct {
	view    View
	refs    map[int]bool       // footnote ids still cited
	newRefs []*doc.FootnoteRef // copies, renumbered at the end
}

// blocks copies blocks under the view; action is the enclosing proposal's.
func (a *applier) blocks(in []doc.Block, action doc.Action) []doc.Block {
	var out []doc.Block
	for _, b := range in {
		switch b := b.(type) {
		case *doc.Paragraph:
			if p := a.paragraph(b, action); p != nil {
				out = append(out, p)
			}
		case *doc.Table:
			t := &doc.Table{Pos: b.Pos}
			for _, r := range b.Rows {
				nr := &doc.Row{Header: r.Header}
				for _, c := range r.Cells {
					p := a.paragraph(c, action)
					if p == nil { // a cell keeps its paragraph, emptied
						p = &doc.Paragraph{Pos: c.Pos, Style: c.Style}
					}
					nr.Cells = append(nr.Cells, p)
				}
				t.Rows = append(t.Rows, nr)
			}
			out = append(out, t)
		case *doc.Proposal:
			np := *b
			np.Blocks = a.blocks(b.Blocks, b.Action)
			out = append(out, &np)
		default:
			panic("edits: unknown block type")
		}
	}
	return out
}

// paragraph copies p under the view, or gives nil when the view drops it.
func (a *applier) paragraph(p *doc.Paragraph, action doc.Action) *doc.Paragraph {
	v := a.view
	if action.New() {
		v = Clean // new text: its marks, if any, are accepted
	}
	mark := p.Mark
	switch {
	case v == Clean && mark == doc.Deleted, v == Original && mark == doc.Inserted:
		return nil
	case v != Marked:
		mark = doc.Unchanged
	}
	return &doc.Paragraph{
		Pos: p.Pos, Style: p.Style, Level: p.Level, Mark: mark,
		Label:   a.inlines(p.Label, v),
		Inlines: a.inlines(p.Inlines, v),
	}
}

// inlines copies runs under the view, alike runs merged.
func (a *applier) inlines(in []doc.Inline, v View) []doc.Inline {
	out := make([]doc.Inline, 0, len(in))
	for _, il := range in {
		rev := il.Revision()
		switch {
		case v == Clean && rev == doc.Deleted, v == Original && rev == doc.Inserted:
			continue
		case v != Marked:
			rev = doc.Unchanged
		}
		switch il := il.(type) {
		case *doc.Run:
			r := *il
			r.Rev = rev
			if rev == doc.Unchanged {
				r.Span = 0
			}
			out = append(out, &r)
		case *doc.FootnoteRef:
			f := *il
			f.Rev = rev
			if rev == doc.Unchanged {
				f.Span = 0
			}
			a.refs[f.ID] = true
			a.newRefs = append(a.newRefs, &f)
			out = append(out, &f)
		default:
			panic("edits: unknown inline type")
		}
	}
	return doc.Coalesce(out)
}
