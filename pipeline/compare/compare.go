// Package compare makes the redline of two versions of a document.
//
// It takes two normalized documents, OLD and NEW, reads each with all its
// changes accepted (revise.Clean), and gives one marked document whose
// accepted view is NEW's clean view and whose rejected view is OLD's:
// revise.Apply(result, revise.Clean) and revise.Apply(result, revise.Original)
// have the canonical form (pipeline/canon) of the two inputs' clean views,
// paragraph structure, styles, labels, footnotes and tables included. The
// result's cover metadata is NEW's (the model has no revisions of it;
// differences are noted), and its diagnostics are notes on what the redline
// cannot show as such: moves, changes of style or formatting, a proposal
// whose symbol changed or an ADD proposal that changed (edits accepts the
// marks of new text, so these are shown deleted and inserted as a whole).
//
// The redline is made structure first (align.go): proposals are aligned by
// id, and within a proposal its heading, then its sections by their call
// words ("recalling", "instructs the Secretary-General"), then items by
// content and similarity; a paragraph split in two or two merged into one
// is a paragraph-mark revision; a moved paragraph is deleted and inserted,
// with a note. Text is diffed by words, spaces and punctuation (text.go).
//
// With Options.ReadBack set (a writer and reader of the source dialect,
// layouts/markdown.ReadBack), compare keeps to what the dialect can say:
// where the marked document would not read back as itself (a relabelling
// the dialect cannot write, a level that depends on the order of deleted
// and inserted items), it shows that part otherwise (settle.go: a label
// changed by characters, a pair deleted and inserted, insertions first);
// what still does not read back is a warning in the diagnostics.
//
// Same inputs, same output: no clock, no map order, no time limits (work is
// bounded by the size of the inputs, see diff.go).
package compare

import (
	"fmt"
	"strings"

	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// Options tune a comparison; the zero value is ready to use.
type Options struct {
	// ReadBack writes a marked document in the source dialect and reads it
	// back; nil leaves the redline as the model can hold it.
	ReadBack func(*doc.Document) (*doc.Document, error)
}

// maxSettle bounds the rounds of writing and reading back: each round
// changes at least one choice, and there are few to change.
const maxSettle = 64

// Compare gives the marked document that turns old into new; see the
// package comment.
func Compare(old, new *doc.Document, o Options) *doc.Document {
	c := &comparer{
		old:      revise.Apply(old, revise.Clean),
		new:      revise.Apply(new, revise.Clean),
		knob:     map[*doc.Paragraph]int{},
		flipped:  map[doc.Block]bool{},
		inherent: map[doc.Block]bool{},
		bags:     map[doc.Block]bag{},
	}
	res := c.build()
	if o.ReadBack != nil {
		c.findInherent(o.ReadBack)
		res = c.settle(res, o.ReadBack)
	}
	return res
}

// comparer holds the two clean views and the choices that settle made; a
// build makes the redline from them.
type comparer struct {
	old, new *doc.Document

	// Choices, kept across builds (see settle).
	knob     map[*doc.Paragraph]int // a paired paragraph (by its old one): pairWords, pairChars, unpaired
	flipped  map[doc.Block]bool     // blocks of change regions shown insertions first
	inherent map[doc.Block]bool     // input blocks that do not read back even in their own document

	// State of one build.
	spans     int
	kinds     map[int]doc.ChangeKind // the kind of each span's change
	footnotes []*doc.Footnote
	notes     []doc.Diagnostic
	origins   []origin                          // of each entry of the result (see entries)
	from      map[*doc.Paragraph]*doc.Paragraph // result paragraph → the input paragraph it shows whole
	whole     map[*doc.Paragraph]bool           // result paragraphs of proposals replaced as a whole
	bags      map[doc.Block]bag                 // words of input blocks
	at        doc.Pos                           // NEW's position of the paragraph being diffed, for notes
}

// The steps of a paired paragraph's knob.
const (
	pairWords = iota // label and text diffed by words
	pairChars        // the label diffed by characters
	unpaired         // deleted and inserted whole
)

// origin is what made one entry of the result: settle changes it when the
// entry does not read back.
type origin struct {
	pair     []*doc.Paragraph // the old paragraphs of a pair, split or merge
	labelled bool             // the pair's labels differ
	same     bool             // the pair is unchanged
	src      []doc.Block      // the input blocks the entry shows
	region   []doc.Block      // the change region the entry belongs to
	before   []doc.Block      // the change region just before the entry
}

func (c *comparer) build() *doc.Document {
	c.spans, c.footnotes, c.notes, c.origins = 0, nil, nil, nil
	c.kinds = map[int]doc.ChangeKind{}
	c.from = map[*doc.Paragraph]*doc.Paragraph{}
	c.whole = map[*doc.Paragraph]bool{}
	out := &doc.Document{Source: c.new.Source, Meta: c.new.Meta}
	c.noteMeta()
	out.Blocks = c.blockList(c.old.Cover(), c.new.Cover())
	pa, pb := c.old.Proposals(), c.new.Proposals()
	in := interner{}
	ida, idb := make([]int, len(pa)), make([]int, len(pb))
	for i, p := range pa {
		ida[i] = in.id(p.ID)
	}
	for i, p := range pb {
		idb[i] = in.id(p.ID)
	}
	for _, e := range Diff(ida, idb) {
		for i := 0; i < e.A1-e.A0; i++ {
			switch e.Kind {
			case Equal:
				out.Blocks = append(out.Blocks, c.proposal(pa[e.A0+i], pb[e.B0+i])...)
			case Delete:
				out.Blocks = append(out.Blocks, c.wholeProposal(pa[e.A0+i], doc.Deleted))
			}
		}
		if e.Kind == Insert {
			for _, q := range pb[e.B0:e.B1] {
				out.Blocks = append(out.Blocks, c.wholeProposal(q, doc.Inserted))
			}
		}
	}
	c.noteMoves(out)
	out.Footnotes = c.footnotes
	out.Changes = make([]doc.Change, c.spans)
	for span := 1; span <= c.spans; span++ {
		kind := c.kinds[span]
		if kind == 0 {
			kind = doc.Insertion // a span made and not used
		}
		out.Changes[span-1] = doc.Change{Kind: kind} // by the document's author: the caller names it
	}
	out.Diagnostics = c.notes
	return out
}

func (in interner) id(s string) int {
	id, ok := in[s]
	if !ok {
		id = len(in)
		in[s] = id
	}
	return id
}

// proposal compares two proposals with the same id.
func (c *comparer) proposal(p, q *doc.Proposal) []doc.Block {
	why := ""
	switch {
	case p.Action != q.Action:
		why = fmt.Sprintf("its symbol changed from %s to %s", p.Action, q.Action)
	case !sameHeading(p, q):
		why = "its heading line changed"
	case q.Action.New() && !sameBlocks(p.Blocks, q.Blocks):
		why = fmt.Sprintf("it is %s (new text, which carries no revision marks)", q.Action)
	}
	if why != "" {
		c.note(q.Pos, "proposal %s: %s, so the old proposal is shown deleted and the new one inserted", q.ID, why)
		return []doc.Block{c.wholeProposal(p, doc.Deleted), c.wholeProposal(q, doc.Inserted)}
	}
	np := &doc.Proposal{Action: q.Action, ID: q.ID, Number: q.Number, Title: q.Title}
	c.origins = append(c.origins, origin{})
	np.Blocks = c.blockList(p.Blocks, q.Blocks)
	return []doc.Block{np}
}

func sameHeading(p, q *doc.Proposal) bool {
	if len(p.Blocks) == 0 || len(q.Blocks) == 0 {
		return len(p.Blocks) == len(q.Blocks)
	}
	return sameBlocks(p.Blocks[:1], q.Blocks[:1])
}

func sameBlocks(a, b []doc.Block) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if blockKey(a[i]) != blockKey(b[i]) {
			return false
		}
	}
	return true
}

// blockKey is the canonical form of a block, for exact matches.
func blockKey(b doc.Block) string {
	switch b := b.(type) {
	case *doc.Paragraph:
		return canon.Paragraph(b)
	case *doc.Table:
		return strings.Join(canon.Lines(&doc.Document{Blocks: []doc.Block{b}}, canon.Options{}), "\n")
	}
	panic(fmt.Sprintf("compare: unexpected block %T", b))
}

// wholeProposal copies a proposal with every paragraph marked rev.
func (c *comparer) wholeProposal(p *doc.Proposal, rev doc.Rev) *doc.Proposal {
	np := &doc.Proposal{Action: p.Action, ID: p.ID, Number: p.Number, Title: p.Title}
	c.origins = append(c.origins, origin{})
	for _, b := range p.Blocks {
		m := c.markBlock(b, rev)
		if mp, ok := m.(*doc.Paragraph); ok {
			c.whole[mp] = true
		}
		np.Blocks = append(np.Blocks, m)
		c.origins = append(c.origins, origin{src: []doc.Block{b}})
	}
	return np
}

// note records a note once per build; Pos is NEW's (or OLD's) position.
func (c *comparer) note(pos doc.Pos, format string, args ...any) {
	c.notes = append(c.notes, doc.Diagnostic{Pos: pos, Severity: doc.Note, Message: fmt.Sprintf(format, args...)})
}

// noteMeta notes cover metadata that differs: the model cannot mark it, so
// the result has NEW's.
func (c *comparer) noteMeta() {
	a, b := c.old.Meta, c.new.Meta
	for _, f := range []struct{ name, old, new string }{
		{"conference", a.Conference, b.Conference}, {"place", a.Place, b.Place}, {"committee", a.Committee, b.Committee},
		{"document number", a.Number, b.Number}, {"date", a.Date, b.Date}, {"original", a.Original, b.Original},
		{"source", a.Source, b.Source}, {"title", a.Title, b.Title},
		{"signature", strings.Join(a.Signature, " / "), strings.Join(b.Signature, " / ")},
		{"annex pages", fmt.Sprint(a.AnnexPages), fmt.Sprint(b.AnnexPages)},
	} {
		if f.old != f.new {
			c.note(doc.Pos{}, "cover %s changed from %q to %q: the redline's cover has the new one (cover fields carry no revision marks)", f.name, f.old, f.new)
		}
	}
}

// noteMoves notes paragraphs deleted in one place and inserted with
// (nearly) the same text in another: the model has no moves, so they stay
// a deletion and an insertion.
func (c *comparer) noteMoves(d *doc.Document) {
	var deleted, inserted []*doc.Paragraph
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Paragraph:
				if c.from[b] == nil || c.whole[b] {
					continue // not a whole paragraph of one input, or one of a proposal replaced
				}
				if b.Mark.Shown() == doc.Inserted {
					inserted = append(inserted, b)
				} else if b.Mark.Shown() == doc.Deleted {
					deleted = append(deleted, b)
				}
			case *doc.Proposal:
				walk(b.Blocks)
			}
		}
	}
	walk(d.Blocks)
	taken := map[*doc.Paragraph]bool{}
	for _, p := range deleted {
		was := c.from[p]
		g := c.bag(was)
		if g.total < minMovedWords {
			continue
		}
		for _, q := range inserted {
			is := c.from[q]
			if !taken[q] && similarity(g, c.bag(is)) >= minMovedSimilarity {
				taken[q] = true
				c.note(is.Pos, "paragraph moved from old line %d (%q): shown deleted where it was and inserted where it is", was.Pos.Line, excerpt(doc.Text(is.Inlines)))
				break
			}
		}
	}
}

// A deleted and an inserted paragraph are one moved paragraph when they
// have at least minMovedWords words, nearly all in common.
const (
	minMovedWords      = 3
	minMovedSimilarity = 0.9
)

func excerpt(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:57]) + "..."
	}
	return s
}
