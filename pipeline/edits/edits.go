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
// accepted), and a SUP proposal keeps only its heading (Proposal, ResNo,
// Restitle and the preamble line after the title). A proposal inserted or
// deleted as a whole (the mark of its heading paragraph) is a revision like
// any other: the view that drops its heading drops the proposal, and its
// symbol does not accept its marks.
//
// A paragraph mark is Word's: when a view drops the mark of a paragraph
// whose text it keeps (some of it, at least), the paragraph is joined to the
// next one, keeping its own style, level and label; a paragraph it keeps
// nothing of goes. A table row goes when the view drops every cell of it
// that has text (an empty unmarked cell does not hold it), and a table when
// it has no row left.
package edits

import (
	"strings"

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
			if action.Suppressed() && !b.Style.InHeading() {
				continue
			}
			p, dropped := a.paragraph(b, action)
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
			if t := a.table(b, action); t != nil {
				out = append(out, t)
			}
		case *doc.Proposal:
			flush()
			if a.dropsHeading(b) {
				continue
			}
			np := *b
			rule := b.Action
			if headingMark(b) != doc.Unchanged && rule.New() {
				rule = "" // new text inserted or deleted as a whole: its marks stand
			}
			np.Blocks = a.blocks(b.Blocks, rule)
			out = append(out, &np)
		default:
			panic("edits: unknown block type")
		}
	}
	flush()
	return out
}

// table copies a table under the view, or gives nil when no row is left.
func (a *applier) table(b *doc.Table, action doc.Action) *doc.Table {
	t := &doc.Table{Pos: b.Pos}
	for _, r := range b.Rows {
		nr := &doc.Row{Header: r.Header}
		gone, held := false, false
		for _, c := range r.Cells {
			var p *doc.Paragraph
			if a.dropsMark(c, action) {
				gone = true
			} else {
				p, _ = a.paragraph(c, action)
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
func headingMark(p *doc.Proposal) doc.Rev {
	if len(p.Blocks) == 0 {
		return doc.Unchanged
	}
	if h, ok := p.Blocks[0].(*doc.Paragraph); ok && h.Style == doc.StyleProposal {
		return h.Mark
	}
	return doc.Unchanged
}

// dropsHeading reports whether the view drops the proposal as a whole.
func (a *applier) dropsHeading(p *doc.Proposal) bool {
	switch headingMark(p) {
	case doc.Inserted:
		return a.view == Original
	case doc.Deleted:
		return a.view == Clean
	}
	return false
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
	j.Inlines = append(j.Inlines, next.Inlines...)
	return &j
}

// paragraph copies p under the view. It gives nil when the view keeps
// nothing of p, and reports whether the view dropped p's mark (the caller
// then joins p to the paragraph after it).
func (a *applier) paragraph(p *doc.Paragraph, action doc.Action) (*doc.Paragraph, bool) {
	v := a.viewIn(action)
	mark := p.Mark
	dropped := a.dropsMark(p, action)
	if v != Marked {
		mark = doc.Unchanged
	}
	c := &doc.Paragraph{
		Pos: p.Pos, Style: p.Style, Level: p.Level, Mark: mark,
		Label:   a.inlines(p.Label, v),
		Inlines: a.inlines(p.Inlines, v),
	}
	if dropped && len(c.Label) == 0 && len(c.Inlines) == 0 {
		return nil, true
	}
	return c, dropped
}

// viewIn is the view that rules the text of a proposal with the action.
func (a *applier) viewIn(action doc.Action) View {
	if action.New() {
		return Clean // new text: its marks, if any, are accepted
	}
	return a.view
}

// dropsMark reports whether the view drops p's paragraph mark.
func (a *applier) dropsMark(p *doc.Paragraph, action doc.Action) bool {
	v := a.viewIn(action)
	return v == Clean && p.Mark == doc.Deleted || v == Original && p.Mark == doc.Inserted
}

// inlines copies runs under the view.
func (a *applier) inlines(in []doc.Inline, v View) []doc.Inline {
	var out []doc.Inline
	// Merged texts are built up here and stored once: += on the run would
	// copy the text so far at every merge, quadratic in a long paragraph.
	var merged strings.Builder
	merging := false
	flush := func() {
		if merging {
			out[len(out)-1].(*doc.Run).Text = merged.String()
			merged.Reset()
			merging = false
		}
	}
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
			// Merge with the previous run when the view made them alike.
			if prev, ok := last(out).(*doc.Run); ok && prev.Format == r.Format && prev.Rev == r.Rev && prev.Span == r.Span {
				if !merging {
					merged.WriteString(prev.Text)
					merging = true
				}
				merged.WriteString(r.Text)
				continue
			}
			flush()
			out = append(out, &r)
		case *doc.FootnoteRef:
			f := *il
			f.Rev = rev
			if rev == doc.Unchanged {
				f.Span = 0
			}
			a.refs[f.ID] = true
			a.newRefs = append(a.newRefs, &f)
			flush()
			out = append(out, &f)
		default:
			panic("edits: unknown inline type")
		}
	}
	flush()
	return out
}

func last(in []doc.Inline) doc.Inline {
	if len(in) == 0 {
		return nil
	}
	return in[len(in)-1]
}
