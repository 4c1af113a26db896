// Package normalize repairs what the Word export broke and classifies the
// document.
//
// It takes the flat list of unclassified paragraphs that parse gives (or
// that a reader of another format gives, with tables it read as tables:
// see Normalize) and changes the document in place into its final shape: Meta filled from the
// cover block, the cover body and its Action/Title table, then one
// doc.Proposal per proposal, every paragraph with its ITU style, labelled
// paragraphs with their label and level, footnote references bound to their
// bodies, and the marks of wholly inserted or deleted paragraphs set.
// Each repair is reported in the document's Diagnostics with its position.
//
// Every recogniser the steps use (proposal, resolution, annex and heading
// lines, calls, labels, page-split words, units, cover lines, tables) is
// declared in dialect.go, each with its table test.
//
// The steps, in order, each in a file of its own:
//   - footnotes.go: footnote bodies ("¹ text") are taken out of the flow;
//   - cover.go: the cover block becomes Meta, a table and the cover body;
//   - repair.go: paragraphs split at page ends are joined, a call merged into
//     the paragraph before it is split off, soft line breaks become spaces;
//   - classify.go: annex paragraphs are grouped into proposals and given
//     styles, the heading sequence by a table of steps (headingSteps) and
//     the body by rules in precedence order (bodyRules); labels ("- a)", "a)", "1", "1.", "- i)", nested) are cut from
//     the text, with their revision marks, and given a level;
//   - footnotes.go: superscript marks are bound to footnote bodies;
//   - marks.go: paragraph marks of wholly revised paragraphs are set, and
//     leftover markup is reported.
package normalize

import (
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Normalize changes d, as parse gave it, into its final shape.
//
// d.Blocks are unclassified paragraphs and, from a reader that found real
// tables (package docxread reading a Word file in generic styles), tables:
// a table stays where it stands, in the cover or in a proposal, its cells
// styled Table_head in header rows and Table_text elsewhere, as the
// dialect's own tables are. Footnote references and footnotes the reader
// made are kept as they are (d.Footnotes first, in their order); bodies
// written "¹ text" are bound as for the dialect and numbered after them.
func Normalize(d *doc.Document) {
	paras := make([]*doc.Paragraph, 0, len(d.Blocks))
	given := givenTables{}
	for _, b := range d.Blocks {
		switch b := b.(type) {
		case *doc.Paragraph:
			paras = append(paras, b)
		case *doc.Table:
			// An empty paragraph stands in for the table while the
			// paragraph passes run; cover and repair put the table back.
			stand := &doc.Paragraph{Pos: b.Pos}
			given[stand] = b
			styleCells(b)
			paras = append(paras, stand)
		default:
			panic("normalize: the document was normalized already")
		}
	}
	paras, bodies := takeFootnoteBodies(d, paras)
	first := firstProposal(paras)
	if first < 0 {
		// A Council document or a report has no proposal lines: its annex
		// starts at its first annex or resolution heading.
		if first = firstHeading(paras); first >= 0 {
			d.Report(paras[first].Pos, doc.Note, "no proposal line (such as \"MOD WGPL/149/2\"): the annex is read from its first heading, here")
		} else {
			d.Report(doc.Pos{Line: 1, Col: 1}, doc.Warning, "no proposal found (a line such as \"MOD WGPL/149/2\"): the document has no annex")
			first = len(paras)
		}
	}
	cover := readCover(d, paras[:first], given)
	inferConference(d)
	annex := repair(d, paras[first:], given)
	for _, b := range cover {
		if p, ok := b.(*doc.Paragraph); ok {
			joinLines(d, p)
		}
	}
	d.Blocks = append(cover, classify(d, annex)...)
	bindFootnotes(d, bodies)
	setMarks(d)
	coalesceAll(d)
}

// coalesceAll merges alike runs everywhere, once the passes that report
// positions inside runs are done; one Coalescer for the document batches
// the allocations of its every paragraph.
func coalesceAll(d *doc.Document) {
	var c doc.Coalescer
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		p.Label = c.Coalesce(p.Label)
		p.Inlines = c.Coalesce(p.Inlines)
	})
	for _, fn := range d.Footnotes {
		fn.Inlines = c.Coalesce(fn.Inlines)
	}
}

// givenTables are the tables a reader gave, by the empty paragraph that
// stands in for each while the paragraph passes run.
type givenTables map[*doc.Paragraph]*doc.Table

// styleCells gives the cells of a table a reader gave the styles of the
// dialect's tables, where they have none.
func styleCells(t *doc.Table) {
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			if c.Style != "" {
				continue
			}
			c.Style = doc.StyleTableText
			if r.Header {
				c.Style = doc.StyleTableHead
			}
		}
	}
}
