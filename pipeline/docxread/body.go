package docxread

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
	"github.com/itudoc/itudoc/pipeline/normalize"
)

// The cover lines layouts/docx writes outside the cover table, and the
// proposal heading; the table's lines are normalize's (MetaLines).
var (
	annexLine    = regexp.MustCompile(`^Annex(?:es)?: *(\d+) pages?$`)
	proposalLine = regexp.MustCompile(`^(\(MOD\)|MOD|ADD\*?|SUP\*?|NOC)\s+(\S.*)$`)
)

// body maps the main document: the cover into Meta and cover blocks, then
// one proposal per Proposal paragraph. A document with no Proposal
// paragraph (a Council document, a report) has its annex read from the
// page break before it, or else from its first annex or resolution number
// line, into one proposal without action or id, as normalize reads it.
func (m *mapper) body() {
	blocks := m.w.Body
	var cur *doc.Proposal
	cover := true
	metaDone := false
	annex := m.annexStart()
	for i := 0; i < len(blocks); i++ {
		if i == annex {
			cover = false
			cur = &doc.Proposal{Pos: pos(blockPos(blocks[i]))}
			m.d.Blocks = append(m.d.Blocks, cur)
		}
		switch b := blocks[i].(type) {
		case *wml.Paragraph:
			p := m.paragraph(b, false)
			if p.Style == doc.StyleProposal {
				cover = false
				cur = m.proposal(b, p)
				m.d.Blocks = append(m.d.Blocks, cur)
				continue
			}
			if empty(p) {
				m.report(b.Pos, doc.Note, "empty paragraph left out")
				continue
			}
			if cur != nil && cur.Pos == (doc.Pos{}) {
				cur.Pos = p.Pos
			}
			if cover {
				var next *wml.Paragraph
				if i+1 < len(blocks) {
					next, _ = blocks[i+1].(*wml.Paragraph)
				}
				if m.coverLine(p, next) {
					continue
				}
				m.d.Blocks = append(m.d.Blocks, p)
				continue
			}
			switch p.Style {
			case doc.StyleResNo:
				if cur.Number == "" {
					cur.Number = oneLine(clean(p.Inlines))
				}
			case doc.StyleRestitle:
				if cur.Title == "" {
					cur.Title = oneLine(clean(p.Inlines))
				}
			}
			cur.Blocks = append(cur.Blocks, p)
		case *wml.Table:
			if cover && !metaDone && len(m.d.Blocks) == 0 && m.metaTable(b) {
				metaDone = true
				continue
			}
			t := m.table(b)
			if cover {
				m.d.Blocks = append(m.d.Blocks, t)
			} else {
				cur.Blocks = append(cur.Blocks, t)
			}
		case *wml.RangeMark, *wml.Unsupported:
			// Reported by wml when it matters.
		}
	}
}

// annexStart is the index of the block the annex of a document without
// Proposal paragraphs starts at, -1 when the document has one or no annex
// can be found.
func (m *mapper) annexStart() int {
	heading := -1
	for i, b := range m.w.Body {
		p, ok := b.(*wml.Paragraph)
		if !ok {
			continue
		}
		switch m.style(p) {
		case doc.StyleProposal:
			return -1
		case doc.StyleAnnexNo, doc.StyleAppendixNo, doc.StyleResNo:
			if heading < 0 {
				heading = i
			}
		}
	}
	for i, b := range m.w.Body {
		if p, ok := b.(*wml.Paragraph); ok && i <= heading && startsPage(p) {
			m.report(p.Pos, doc.Note, "no Proposal paragraph (such as \"MOD WGPL/149/2\"): the annex is read from the page break before it, here")
			return i
		}
	}
	if heading >= 0 {
		m.report(blockPos(m.w.Body[heading]), doc.Note, "no Proposal paragraph (such as \"MOD WGPL/149/2\"): the annex is read from its first heading, here")
	}
	return heading
}

// startsPage reports whether a paragraph starts a page: a page break
// before it (as layouts/docx writes the annex's first paragraph), or a page
// break as its first content (as LibreOffice saves that, and as the writer
// puts one before a table).
func startsPage(p *wml.Paragraph) bool {
	if p.PageBreakBefore {
		return true
	}
	first := wml.ElemKind(0)
	wml.Inlines(p.Inlines, func(x wml.Inline) {
		if r, ok := x.(*wml.Run); ok && first == 0 && len(r.Content) > 0 {
			first = r.Content[0].Kind
		}
	})
	return first == wml.PageBreak
}

// blockPos is where a block of the body stands.
func blockPos(b wml.Block) wml.Pos {
	switch b := b.(type) {
	case *wml.Paragraph:
		return b.Pos
	case *wml.Table:
		return b.Pos
	}
	return wml.Pos{}
}

// empty reports whether a paragraph holds nothing: no text, no label, no
// revised mark.
func empty(p *doc.Paragraph) bool {
	return p.Mark.IsZero() && len(p.Label) == 0 && strings.TrimSpace(doc.Text(p.Inlines)) == "" && !hasRef(p.Inlines)
}

func hasRef(in []doc.Inline) bool {
	for _, x := range in {
		if _, ok := x.(*doc.FootnoteRef); ok {
			return true
		}
	}
	return false
}

// clean is the accepted text of inlines.
func clean(in []doc.Inline) string { return doc.CleanText(in) }

// oneLine folds white space to single spaces.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// proposal starts a proposal at its heading paragraph ("MOD\tWGPL/149/2").
func (m *mapper) proposal(b *wml.Paragraph, p *doc.Paragraph) *doc.Proposal {
	pr := &doc.Proposal{Pos: p.Pos, Blocks: []doc.Block{p}}
	text := oneLine(clean(p.Inlines))
	if g := proposalLine.FindStringSubmatch(text); g != nil {
		pr.Action, pr.ID = doc.Action(g[1]), g[2]
	} else {
		m.report(b.Pos, doc.Warning, "proposal heading %q has no action (MOD, ADD, SUP, NOC, (MOD)) and id", text)
	}
	return pr
}

// coverLine takes a cover paragraph into Meta when it is one of the lines
// the writer makes from it (source, title, signature, annex line), and
// reports whether it did. next is the paragraph after p, if any.
func (m *mapper) coverLine(p *doc.Paragraph, next *wml.Paragraph) bool {
	meta := &m.d.Meta
	text := strings.TrimSpace(clean(p.Inlines))
	switch {
	case p.Style == doc.StyleSource && meta.Source == "":
		meta.Source = oneLine(text)
	case p.Style == doc.StyleTitle1 && meta.Title == "":
		meta.Title = oneLine(text)
	case annexLine.MatchString(text) && meta.AnnexPages == 0:
		meta.AnnexPages, _ = strconv.Atoi(annexLine.FindStringSubmatch(text)[1])
	case meta.Signature == nil && next != nil && annexLine.MatchString(strings.TrimSpace(wml.InlineText(next.Inlines))):
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" {
				meta.Signature = append(meta.Signature, l)
			}
		}
	default:
		return false
	}
	return true
}

// metaTable reads the cover's metadata table into Meta when every line of
// its cells is a metadata line, and reports whether it did.
func (m *mapper) metaTable(t *wml.Table) bool {
	var lines []string
	for _, r := range t.Rows {
		for _, c := range r.Cells {
			wml.Paragraphs(c.Blocks, func(p *wml.Paragraph) {
				for _, l := range strings.Split(wml.InlineText(p.Inlines), "\n") {
					if l = strings.TrimSpace(l); l != "" {
						lines = append(lines, l)
					}
				}
			})
		}
	}
	return normalize.MetaLines(&m.d.Meta, lines)
}

// table maps a table: a row per row, the cell's paragraphs joined into the
// one paragraph a model cell holds.
func (m *mapper) table(t *wml.Table) *doc.Table {
	out := &doc.Table{Pos: pos(t.Pos)}
	if t.Change != nil {
		m.report(t.Pos, doc.Warning, "table formatting change by %q not carried", t.Change.Author)
	}
	for _, r := range t.Rows {
		row := &doc.Row{Header: r.Header}
		for _, rev := range r.Revs {
			m.report(r.Pos, doc.Warning, "table row %s by %q not carried (the model has no row revisions): its text is kept", revWord(rev.Kind), rev.Author)
		}
		if r.Change != nil {
			m.report(r.Pos, doc.Warning, "table row formatting change by %q not carried", r.Change.Author)
		}
		for _, c := range r.Cells {
			for _, rev := range c.Revs {
				m.report(c.Pos, doc.Warning, "table cell %s by %q not carried: its text is kept", revWord(rev.Kind), rev.Author)
			}
			row.Cells = append(row.Cells, m.cell(c))
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}

func revWord(k wml.RevKind) string {
	switch k {
	case wml.Ins:
		return "insertion"
	case wml.Del:
		return "deletion"
	case wml.Merge:
		return "merge"
	}
	return k.String()
}

// cell maps a table cell to one paragraph.
func (m *mapper) cell(c *wml.Cell) *doc.Paragraph {
	var out *doc.Paragraph
	for _, b := range c.Blocks {
		switch b := b.(type) {
		case *wml.Paragraph:
			p := m.paragraph(b, true)
			if out == nil {
				out = p
				continue
			}
			if !empty(p) {
				m.report(b.Pos, doc.Note, "a table cell's paragraphs joined by a line break (a model cell holds one)")
				out.Inlines = append(out.Inlines, &doc.Run{Pos: p.Pos, Text: "\n"})
				out.Inlines = append(out.Inlines, p.Inlines...)
			}
		case *wml.Table:
			m.report(b.Pos, doc.Warning, "a table inside a table cell not carried: its text is kept in the cell")
			nested := m.table(b)
			if out == nil {
				out = &doc.Paragraph{Pos: pos(c.Pos), Style: doc.StyleTableText}
				if m.gen != nil {
					out.Style = ""
				}
			}
			doc.Paragraphs([]doc.Block{nested}, func(p *doc.Paragraph) {
				out.Inlines = append(out.Inlines, &doc.Run{Pos: p.Pos, Text: "\n"})
				out.Inlines = append(out.Inlines, p.Inlines...)
			})
		}
	}
	if out == nil {
		out = &doc.Paragraph{Pos: pos(c.Pos), Style: doc.StyleTableText}
		if m.gen != nil {
			out.Style = "" // normalize styles the cells
		}
	}
	// Word files carry no cell marks (layouts/docx writes none): a wholly
	// revised cell's mark is its text's, as normalize gives it.
	out.Mark = normalize.ParagraphMark(out)
	return out
}

// paragraph maps a paragraph: style, mark, label and text.
func (m *mapper) paragraph(b *wml.Paragraph, inCell bool) *doc.Paragraph {
	if m.gen != nil {
		return m.genericParagraph(b, inCell)
	}
	p := &doc.Paragraph{Pos: pos(b.Pos), Style: m.style(b)}
	if b.Change != nil {
		m.report(b.Pos, doc.Warning, "paragraph formatting change by %q not carried (the paragraph is read as it is now)", b.Change.Author)
	}
	if b.MarkChange != nil {
		m.report(b.Pos, doc.Note, "formatting change of the paragraph mark by %q not carried", b.MarkChange.Author)
	}
	in := m.inlines(b.Inlines, revState{})
	if level := enumLevel(p.Style); level > 0 {
		p.Level = level
		if label, rest, ok := cutAtTab(in); ok {
			p.Label, in = label, rest
		}
	}
	p.Inlines = in
	p.Mark = m.mark(b, inCell, lastRevision(p))
	return p
}

// lastRevision is the revision of the paragraph's last inline with text.
func lastRevision(p *doc.Paragraph) doc.Revision {
	for _, in := range [][]doc.Inline{p.Inlines, p.Label} {
		for i := len(in) - 1; i >= 0; i-- {
			if r, ok := in[i].(*doc.Run); !ok || strings.TrimSpace(r.Text) != "" {
				return in[i].Revision()
			}
		}
	}
	return doc.Revision{}
}

// mark maps the revisions of a paragraph mark: an insertion and a deletion
// at most, the deletion of an inserted mark kept with it. A mark revised
// with the text before it (same kind, author and date: one change, as
// layouts/docx writes a wholly revised paragraph) joins that change.
func (m *mapper) mark(b *wml.Paragraph, inCell bool, last doc.Revision) doc.Revision {
	var rev doc.Revision
	if inCell && len(b.Mark) > 0 {
		m.report(b.Pos, doc.Note, "revision of a table cell's paragraph mark not carried")
		return rev
	}
	same := func(id doc.ChangeID, kind doc.ChangeKind, c wml.Change) bool {
		ch := m.d.Change(id)
		return id != 0 && ch.Kind == kind && ch.Author == c.Author && ch.Date == isoDay(c.Date)
	}
	for _, r := range b.Mark {
		var id doc.ChangeID
		switch {
		case (r.Kind == wml.Ins || r.Kind == wml.MoveTo) && same(last.Ins, doc.Insertion, r.Change):
			id = last.Ins
		case (r.Kind == wml.Del || r.Kind == wml.MoveFrom) && same(last.Del, doc.Deletion, r.Change):
			id = last.Del
		default:
			id = m.newChange(r.Kind, r.Change, b.Pos)
		}
		switch r.Kind {
		case wml.Ins, wml.MoveTo:
			if !rev.IsZero() {
				m.report(b.Pos, doc.Warning, "paragraph mark inserted twice, or after its deletion: the first kept")
				continue
			}
			rev.Ins = id
		case wml.Del, wml.MoveFrom:
			if rev.Del != 0 {
				m.report(b.Pos, doc.Warning, "paragraph mark deleted twice: the first kept")
				continue
			}
			rev.Del = id
		}
	}
	return rev
}

// enumLevel is N for style enumlevN, 0 otherwise.
func enumLevel(s doc.Style) int {
	switch s {
	case doc.StyleEnumlev1:
		return 1
	case doc.StyleEnumlev2:
		return 2
	case doc.StyleEnumlev3:
		return 3
	}
	return 0
}

// cutAtTab cuts inlines at the first tab: the label before it, the text
// after it; the tab itself goes (writers put it back between the two).
func cutAtTab(in []doc.Inline) (label, rest []doc.Inline, ok bool) {
	for i, x := range in {
		r, isRun := x.(*doc.Run)
		if !isRun {
			continue
		}
		j := strings.IndexByte(r.Text, '\t')
		if j < 0 {
			continue
		}
		label = append(label, in[:i]...)
		if j > 0 {
			head := *r
			head.Text = r.Text[:j]
			label = append(label, &head)
		}
		if j+1 < len(r.Text) {
			tail := *r
			tail.Text = r.Text[j+1:]
			rest = append(rest, &tail)
		}
		rest = append(rest, in[i+1:]...)
		return label, rest, true
	}
	return nil, in, false
}

// style gives the ITU style of a paragraph, found by its style's name.
func (m *mapper) style(b *wml.Paragraph) doc.Style {
	id := b.Style
	if s, ok := m.styles[id]; ok {
		return s
	}
	st := m.w.Styles.ByID(id)
	if id == "" {
		st = m.w.Styles.Default("paragraph")
	}
	var name string
	switch {
	case st != nil:
		name = st.Name
	case id != "":
		name = id // a style the styles part does not define: try its id as a name
	default:
		name = string(doc.StyleNormal)
	}
	out, ok := ituStyle(name)
	if !ok {
		m.report(b.Pos, doc.Warning, "paragraph style %q (%s) is not an ITU style: read as Normal", name, id)
		out = doc.StyleNormal
	}
	m.styles[id] = out
	return out
}

// ituStyle gives the ITU style whose name is name, compared by
// wml.Canonical.
func ituStyle(name string) (doc.Style, bool) {
	c := wml.Canonical(name)
	for _, spec := range itu.Styles {
		if wml.Canonical(string(spec.Name)) == c {
			return spec.Name, true
		}
	}
	return "", false
}
