package docx

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Relationship ids of word/_rels/document.xml.rels.
const (
	ridStyles      = "rId1"
	ridSettings    = "rId2"
	ridFootnotes   = "rId3"
	ridHeader      = "rId4" // running header, pages 2 on
	ridFirstHeader = "rId5" // empty first-page header
)

// Layout values the style sheet does not hold (u): the cover lines sit
// tight in their table, the signature and the annex line stand apart from
// the body, and table columns get widths from their text.
const (
	coverLeftShare  = 2   // the left column of the cover table takes 2/3
	signatureBefore = 720 // 36 pt before the signature block
	annexBefore     = 480 // 24 pt before "Annex: N pages"
	tableBorderSize = 4   // eighths of a point: a 0.5 pt rule
	minColumnWeight = 4   // characters: the narrowest column weight
	maxColumnWeight = 60  // characters: the widest column weight
)

// Character styles the writer defines beside the paragraph styles of
// layouts/itu.
const (
	footnoteRefStyle  = "FootnoteReference" // id of the footnote mark style
	footnoteRefName   = "footnote reference"
	defaultParaFontID = "DefaultParagraphFont"
)

// pOpts are the direct paragraph properties the writer adds to a style.
type pOpts struct {
	pageBreak bool   // w:pageBreakBefore: the first paragraph of the annex
	inCell    bool   // in a table cell: the cell mark cannot be revised
	keepLines bool   // w:keepLines
	before    int    // w:spacing/@w:before when > 0
	zeroSpace bool   // w:spacing before and after 0
	jc        string // w:jc, "" for the style's
}

// document appends word/document.xml to b.
func (st *state) document(e env, b []byte) []byte {
	x := &xb{b: b}
	x.raw(xmlHeader)
	x.open("w:document", "xmlns:w", nsW, "xmlns:r", nsR)
	x.open("w:body")
	st.cover(x, e)
	brk := true
	st.blocks(x, e, st.d.Blocks[len(st.d.Cover()):], &brk)
	sectPr(x)
	x.close("w:body")
	x.close("w:document")
	return x.b
}

// cover writes the cover page: the metadata table, source, title, the cover
// body (introduction and the Action/Title table), the signature and the
// annex line.
func (st *state) cover(x *xb, e env) {
	m := st.d.Meta
	st.metaTable(x)
	if m.Source != "" {
		st.line(x, doc.StyleSource, m.Source, false, pOpts{})
	}
	if m.Title != "" {
		st.line(x, doc.StyleTitle1, m.Title, false, pOpts{})
	}
	brk := false
	st.blocks(x, e, st.d.Cover(), &brk)
	if len(m.Signature) > 0 {
		st.line(x, doc.StyleNormal, strings.Join(m.Signature, "\n"), false, pOpts{keepLines: true, before: signatureBefore, jc: string(itu.Left)})
	}
	if m.AnnexPages > 0 {
		st.line(x, doc.StyleNormal, "Annex: "+strconv.Itoa(m.AnnexPages)+" pages", false, pOpts{before: annexBefore, jc: string(itu.Left)})
	}
}

// metaTable writes the borderless two-column table at the top of the cover:
// conference and place on the left; committee, document number, date and
// original language on the right. Empty fields are left out, and the table
// when every field is.
func (st *state) metaTable(x *xb) {
	m := st.d.Meta
	type cline struct {
		text string
		bold bool
	}
	var left, right []cline
	add := func(col *[]cline, text string, bold bool) {
		if text != "" {
			*col = append(*col, cline{text, bold})
		}
	}
	add(&left, m.Conference, true)
	add(&left, m.Place, false)
	add(&right, m.Committee, true)
	if m.Agenda != "" {
		add(&right, "Agenda item: "+m.Agenda, true)
	}
	add(&right, m.RevisionLine(), true)
	if m.Number != "" {
		add(&right, "Document "+m.Number, true)
	}
	add(&right, m.Date, false)
	if m.Original != "" {
		add(&right, "Original: "+m.Original, false)
	}
	if len(left) == 0 && len(right) == 0 {
		return
	}
	width := itu.Page.TextWidth()
	widths := []int{width * coverLeftShare / 3, width - width*coverLeftShare/3}
	tblStart(x, widths, false)
	x.open("w:tr")
	for i, col := range [][]cline{left, right} {
		tcStart(x, widths[i])
		if len(col) == 0 {
			st.line(x, doc.StyleNormal, "", false, pOpts{zeroSpace: true, jc: string(itu.Left)})
		}
		for _, l := range col {
			st.line(x, doc.StyleNormal, l.text, l.bold, pOpts{zeroSpace: true, jc: string(itu.Left)})
		}
		x.close("w:tc")
	}
	x.close("w:tr")
	x.close("w:tbl")
}

// line writes a paragraph of plain text from the metadata ('\n' breaks the
// line).
func (st *state) line(x *xb, style doc.Style, text string, bold bool, o pOpts) {
	x.open("w:p")
	pPr(x, itu.ID(style), o)
	x.close("w:pPr")
	if text != "" {
		f := doc.Format(0)
		if bold {
			f = doc.Bold
		}
		st.run(x, env{}, &doc.Run{Text: text, Format: f}, "cover text")
	}
	x.close("w:p")
}

// pPr opens w:pPr and writes the properties, in CT_PPrBase order; the caller
// may add w:rPr and closes it.
func pPr(x *xb, styleID string, o pOpts) {
	x.open("w:pPr")
	x.val("w:pStyle", styleID)
	if o.keepLines {
		x.empty("w:keepLines")
	}
	if o.pageBreak {
		x.empty("w:pageBreakBefore")
	}
	switch {
	case o.zeroSpace:
		x.empty("w:spacing", "w:before", "0", "w:after", "0")
	case o.before > 0:
		x.empty("w:spacing", "w:before", strconv.Itoa(o.before))
	}
	if o.jc != "" {
		x.val("w:jc", o.jc)
	}
}

// blocks writes blocks in order; *brk asks for a page break before the first
// block written, and is cleared once it is.
func (st *state) blocks(x *xb, e env, blocks []doc.Block, brk *bool) {
	for _, b := range blocks {
		switch b := b.(type) {
		case *doc.Paragraph:
			st.paragraph(x, e, b, pOpts{pageBreak: *brk})
			*brk = false
		case *doc.Table:
			if *brk {
				x.raw(`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`)
				*brk = false
			}
			st.table(x, e, b)
		case *doc.Proposal:
			st.blocks(x, e, b.Blocks, brk)
		default:
			panic(fmt.Sprintf("docx: unknown block type %T", b))
		}
	}
}

// styleOf gives the style a paragraph is written in: its own, the enumlev
// style of its level for a labelled paragraph without one, else fallback.
// A style that layouts/itu does not define is reported and replaced by
// fallback, so that every w:pStyle resolves in styles.xml.
func (st *state) styleOf(p *doc.Paragraph, fallback doc.Style) doc.Style {
	s := p.Style
	if s == "" {
		if len(p.Label) > 0 && p.Level > 0 {
			return doc.EnumlevStyle(p.Level)
		}
		return fallback
	}
	for _, spec := range itu.Styles {
		if spec.Name == s {
			return s
		}
	}
	if st.styles == nil {
		st.styles = map[doc.Style]bool{}
	}
	if !st.styles[s] {
		st.styles[s] = true
		st.diags = append(st.diags, doc.Diagnostic{Pos: p.Pos, Severity: doc.Warning,
			Message: fmt.Sprintf("style %q is not in the ITU style sheet; written as %s", s, fallback)})
	}
	return fallback
}

// paragraph writes one paragraph: style, paragraph-mark revision, then the
// label, a tab and the text.
func (st *state) paragraph(x *xb, e env, p *doc.Paragraph, o pOpts) {
	st.paragraphIn(x, e, p, o, doc.StyleNormal)
}

func (st *state) paragraphIn(x *xb, e env, p *doc.Paragraph, o pOpts, fallback doc.Style) {
	x.open("w:p")
	pPr(x, itu.ID(st.styleOf(p, fallback)), o)
	if !p.Mark.IsZero() && !o.inCell {
		x.open("w:rPr")
		st.revMark(x, e, p.Mark)
		x.close("w:rPr")
	}
	x.close("w:pPr")
	in := p.Inlines
	if len(p.Label) > 0 {
		// The label, its tab and the text go into the state's scratch
		// slice and tab run, reused from paragraph to paragraph (inlines
		// keeps neither, and writes no paragraph of its own).
		in = append(st.labelled[:0], p.Label...)
		// The tab between label and text goes with the label: inserted or
		// deleted along with a label wholly inserted or deleted (alone or
		// with its paragraph), so that accepting or rejecting leaves no
		// stray tab behind; a label only partly changed keeps its tab.
		st.tab = doc.Run{Pos: p.Pos, Text: "\t", Rev: labelRev(p.Label)}
		in = append(in, &st.tab)
		in = append(in, p.Inlines...)
		st.labelled = in
	}
	st.inlines(x, e, in)
	x.close("w:p")
}

// labelRev is the revision of a label wholly in one revision, or none.
func labelRev(label []doc.Inline) doc.Revision {
	rev := label[0].Revision()
	for _, il := range label[1:] {
		if il.Revision() != rev {
			return doc.Revision{}
		}
	}
	return rev
}

// revMark writes the empty w:ins and w:del of a revised paragraph mark,
// in CT_ParaRPr order.
func (st *state) revMark(x *xb, e env, rev doc.Revision) {
	if rev.Ins != 0 {
		st.revStart(x, e, "w:ins", rev.Ins)
		x.raw("/>")
	}
	if rev.Del != 0 {
		st.revStart(x, e, "w:del", rev.Del)
		x.raw("/>")
	}
}

// revStart appends the start tag, unclosed, of a new w:ins or w:del (tag)
// of change id: a fresh w:id, the change's author and date (the
// document's where the change names none). It writes the attributes
// straight into x, as x.start would, without a slice of them: there is
// one per revised run.
func (st *state) revStart(x *xb, e env, tag string, id doc.ChangeID) {
	c := st.d.Change(id)
	author := e.author
	if c.Author != "" {
		author = st.clean(c.Author, c.Pos, "revision author")
	}
	x.b = append(x.b, '<')
	x.b = append(x.b, tag...)
	x.b = append(x.b, ` w:id="`...)
	x.b = strconv.AppendInt(x.b, int64(st.nextRev()), 10)
	x.b = append(x.b, `" w:author="`...)
	x.b = appendEscaped(x.b, author)
	x.b = append(x.b, '"')
	switch {
	case c.Date != "":
		x.b = append(x.b, ` w:date="`...)
		x.b = append(appendEscaped(x.b, c.Date), `T00:00:00Z"`...)
	case e.date != "":
		x.b = append(x.b, ` w:date="`...)
		x.b = append(appendEscaped(x.b, e.date), '"')
	}
}

// inlines writes runs: consecutive runs of one link go into one
// w:hyperlink (revisions inside it, as CT_Hyperlink allows and w:ins does
// not allow the other way round).
func (st *state) inlines(x *xb, e env, in []doc.Inline) {
	for i := 0; i < len(in); {
		link := linkOf(in[i])
		j := i + 1
		for j < len(in) && linkOf(in[j]) == link {
			j++
		}
		if link == "" {
			st.revisions(x, e, in[i:j])
		} else {
			x.open("w:hyperlink", "r:id", st.links.rid(link))
			st.revisions(x, e, in[i:j])
			x.close("w:hyperlink")
		}
		i = j
	}
}

func linkOf(in doc.Inline) string {
	if r, ok := in.(*doc.Run); ok {
		return r.Link
	}
	return ""
}

// revisions writes runs, grouping consecutive runs of one insertion into
// one w:ins and, inside it or alone, those of one deletion into one w:del:
// a deletion of inserted text nests in the insertion, as Word writes it.
func (st *state) revisions(x *xb, e env, in []doc.Inline) {
	for i := 0; i < len(in); {
		ins := in[i].Revision().Ins
		j := i + 1
		for j < len(in) && in[j].Revision().Ins == ins {
			j++
		}
		if ins == 0 {
			st.deletions(x, e, in[i:j])
		} else if !empty(in[i:j]) {
			st.revStart(x, e, "w:ins", ins)
			x.raw(">")
			st.deletions(x, e, in[i:j])
			x.close("w:ins")
		}
		i = j
	}
}

// deletions writes runs of one insertion (or none), grouping consecutive
// runs of one deletion into one w:del.
func (st *state) deletions(x *xb, e env, in []doc.Inline) {
	for i := 0; i < len(in); {
		del := in[i].Revision().Del
		if del == 0 {
			st.inline(x, e, in[i])
			i++
			continue
		}
		j := i + 1
		for j < len(in) && in[j].Revision().Del == del {
			j++
		}
		if !empty(in[i:j]) {
			st.revStart(x, e, "w:del", del)
			x.raw(">")
			inner := e
			inner.del = true
			for k := i; k < j; k++ {
				st.inline(x, inner, in[k])
			}
			x.close("w:del")
		}
		i = j
	}
}

// empty reports whether inlines would write nothing: runs without text.
func empty(in []doc.Inline) bool {
	for _, il := range in {
		if r, ok := il.(*doc.Run); !ok || r.Text != "" {
			return false
		}
	}
	return true
}

func (st *state) inline(x *xb, e env, in doc.Inline) {
	switch in := in.(type) {
	case *doc.Run:
		st.run(x, e, in, "text")
	case *doc.FootnoteRef:
		st.noteRef(x, e, in)
	default:
		panic(fmt.Sprintf("docx: unknown inline type %T", in))
	}
}

// run writes one w:r: properties, then text split at tabs and line breaks.
// In a deletion the text is w:delText; tabs and breaks stay w:tab and w:br.
// what names the text in diagnostics.
func (st *state) run(x *xb, e env, r *doc.Run, what string) {
	text := st.clean(r.Text, r.Pos, what)
	if text == "" {
		return
	}
	x.open("w:r")
	rPr(x, r.Format, "")
	tOpen, tClose := `<w:t xml:space="preserve">`, "</w:t>"
	if e.del {
		tOpen, tClose = `<w:delText xml:space="preserve">`, "</w:delText>"
	}
	// Most runs hold neither tab nor line break: one text element, found
	// by two fast searches rather than a byte loop.
	if strings.IndexByte(text, '\t') < 0 && strings.IndexByte(text, '\n') < 0 {
		x.raw(tOpen)
		x.text(text)
		x.raw(tClose)
		x.close("w:r")
		return
	}
	start := 0
	for i := 0; i <= len(text); i++ {
		if i < len(text) && text[i] != '\t' && text[i] != '\n' {
			continue
		}
		if i > start {
			x.raw(tOpen)
			x.text(text[start:i])
			x.raw(tClose)
		}
		if i < len(text) {
			if text[i] == '\t' {
				x.raw("<w:tab/>")
			} else {
				x.raw("<w:br/>")
			}
		}
		start = i + 1
	}
	x.close("w:r")
}

// rPr writes run properties in CT_RPr order (rStyle, b, i, vertAlign).
func rPr(x *xb, f doc.Format, rStyle string) {
	if f == 0 && rStyle == "" {
		return
	}
	x.open("w:rPr")
	if rStyle != "" {
		x.val("w:rStyle", rStyle)
	}
	if f&doc.Bold != 0 {
		x.raw("<w:b/>")
	}
	if f&doc.Italic != 0 {
		x.raw("<w:i/>")
	}
	if f&doc.Superscript != 0 {
		x.val("w:vertAlign", "superscript")
	}
	x.close("w:rPr")
}

// noteRef writes a footnote reference. A reference to a footnote that does
// not exist, a second reference to one footnote (Word binds a footnote to one
// reference) and a reference inside a footnote are written as their mark in
// superscript.
func (st *state) noteRef(x *xb, e env, f *doc.FootnoteRef) {
	plain := func(sev doc.Severity, msg string) {
		if msg != "" {
			st.diags = append(st.diags, doc.Diagnostic{Pos: f.Pos, Severity: sev, Message: msg})
		}
		mark := f.Mark
		if mark == "" {
			mark = strconv.Itoa(f.ID)
		}
		st.run(x, e, &doc.Run{Pos: f.Pos, Text: mark, Format: doc.Superscript}, "footnote mark")
	}
	switch {
	case e.inNote:
		plain(doc.Warning, fmt.Sprintf("footnote reference %q inside a footnote written as a plain superscript mark", f.Mark))
	case f.ID < 1 || f.ID >= len(st.notes):
		plain(doc.Warning, fmt.Sprintf("footnote reference %q has no footnote; written as a plain superscript mark", f.Mark))
	case st.notes[f.ID]:
		plain(doc.Warning, fmt.Sprintf("footnote %d referenced again; the second reference is written as a plain superscript mark", f.ID))
	default:
		st.notes[f.ID] = true
		x.open("w:r")
		rPr(x, 0, footnoteRefStyle)
		x.empty("w:footnoteReference", "w:id", strconv.Itoa(f.ID))
		x.close("w:r")
	}
}

// table writes a doc.Table as a bordered w:tbl; header rows repeat on each
// page. Rows shorter than the longest are padded with empty cells.
func (st *state) table(x *xb, e env, t *doc.Table) {
	n := 0
	for _, r := range t.Rows {
		n = max(n, len(r.Cells))
	}
	if n == 0 {
		return
	}
	widths := columnWidths(t, n, itu.Page.TextWidth())
	tblStart(x, widths, true)
	for _, r := range t.Rows {
		x.open("w:tr")
		fallback := doc.StyleTableText
		if r.Header {
			fallback = doc.StyleTableHead
			x.raw("<w:trPr><w:tblHeader/></w:trPr>")
		}
		for i := range n {
			tcStart(x, widths[i])
			if i < len(r.Cells) {
				st.paragraphIn(x, e, r.Cells[i], pOpts{inCell: true}, fallback)
			} else {
				st.line(x, fallback, "", false, pOpts{})
			}
			x.close("w:tc")
		}
		x.close("w:tr")
	}
	x.close("w:tbl")
}

// columnWidths shares width among n columns in proportion to the longest
// text of each (clamped), so that the Action column of the cover table is
// narrow and the Title column wide.
func columnWidths(t *doc.Table, n, width int) []int {
	weights := make([]int, n)
	for i := range weights {
		weights[i] = minColumnWeight
	}
	for _, r := range t.Rows {
		for i, c := range r.Cells {
			l := utf8.RuneCountInString(doc.Text(c.Inlines)) + utf8.RuneCountInString(doc.Text(c.Label))
			weights[i] = max(weights[i], min(l, maxColumnWeight))
		}
	}
	total := 0
	for _, w := range weights {
		total += w
	}
	widths := make([]int, n)
	used := 0
	for i, w := range weights {
		widths[i] = width * w / total
		used += widths[i]
	}
	widths[n-1] += width - used
	return widths
}

// tblStart opens w:tbl and writes its properties (CT_TblPr order) and grid.
func tblStart(x *xb, widths []int, borders bool) {
	total := 0
	for _, w := range widths {
		total += w
	}
	x.open("w:tbl")
	x.open("w:tblPr")
	x.empty("w:tblW", "w:w", strconv.Itoa(total), "w:type", "dxa")
	if borders {
		x.open("w:tblBorders")
		for _, side := range []string{"w:top", "w:left", "w:bottom", "w:right", "w:insideH", "w:insideV"} {
			x.empty(side, "w:val", "single", "w:sz", strconv.Itoa(tableBorderSize), "w:space", "0", "w:color", "auto")
		}
		x.close("w:tblBorders")
	}
	x.empty("w:tblLayout", "w:type", "fixed")
	x.close("w:tblPr")
	x.open("w:tblGrid")
	for _, w := range widths {
		x.empty("w:gridCol", "w:w", strconv.Itoa(w))
	}
	x.close("w:tblGrid")
}

// tcStart opens a cell of the given width.
func tcStart(x *xb, width int) {
	x.open("w:tc")
	x.open("w:tcPr")
	x.empty("w:tcW", "w:w", strconv.Itoa(width), "w:type", "dxa")
	x.close("w:tcPr")
}

// sectPr writes the section properties from itu.Page, in CT_SectPr order.
func sectPr(x *xb) {
	p := itu.Page
	x.open("w:sectPr")
	x.empty("w:headerReference", "w:type", "default", "r:id", ridHeader)
	if p.DifferentFirstPage {
		x.empty("w:headerReference", "w:type", "first", "r:id", ridFirstHeader)
	}
	x.empty("w:pgSz", "w:w", strconv.Itoa(p.Width), "w:h", strconv.Itoa(p.Height))
	x.empty("w:pgMar",
		"w:top", strconv.Itoa(p.Top), "w:right", strconv.Itoa(p.Right),
		"w:bottom", strconv.Itoa(p.Bottom), "w:left", strconv.Itoa(p.Left),
		"w:header", strconv.Itoa(p.HeaderDistance), "w:footer", strconv.Itoa(p.FooterDistance),
		"w:gutter", "0")
	if p.DifferentFirstPage {
		x.empty("w:titlePg")
	}
	x.close("w:sectPr")
}
