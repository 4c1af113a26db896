package typeset

import (
	"fmt"
	"strconv"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// elem is one entry of the vertical list: a line of a block, with the rules
// for breaking a page before it.
type elem struct {
	vline
	before  float64 // space above it when it does not start a page
	breakOK bool    // a page may end before it
	newPage bool    // a page must end before it (unless it starts one)
	mark    string  // outline title, on a proposal's first line
	pos     doc.Pos
}

// push appends a block's lines to the vertical list, marking where a page
// may break: not after a keep-with-next paragraph, not inside a keep-lines
// one, and not leaving fewer than Orphans lines at the foot of a page or
// Widows lines at the head of the next.
func (l *layouter) push(bl *block) {
	prevKeep, prevAfter := l.lastKeep, l.lastAfter
	n := len(bl.lines)
	for j, ln := range bl.lines {
		e := elem{vline: ln, pos: bl.pos}
		if j == 0 {
			e.before = bl.before + prevAfter
			e.breakOK = !prevKeep
			e.newPage = bl.pageBreak
			e.mark = bl.mark
		} else {
			e.breakOK = !bl.keepLines && j >= l.p.Orphans && n-j >= l.p.Widows
		}
		l.res.Lines = append(l.res.Lines, ln.stat)
		l.elems = append(l.elems, e)
	}
	l.lastKeep = bl.keepNext
	l.lastAfter = bl.after
}

// footnote gives the laid-out body of footnote id, its mark as a raised
// label.
func (l *layouter) footnote(id int) *block {
	if b, ok := l.fnCache[id]; ok {
		return b
	}
	if l.fnCache == nil {
		l.fnCache, l.notes = map[int]*block{}, map[int]*Node{}
	}
	fn := l.d.Footnote(id)
	var bl *block
	if fn == nil {
		l.report(doc.Pos{}, doc.Warning, "footnote %d is cited but missing", id)
		bl = &block{}
	} else {
		par := &doc.Paragraph{Pos: fn.Pos, Style: doc.StyleFootnoteText,
			Label:   []doc.Inline{&doc.Run{Pos: fn.Pos, Text: strconv.Itoa(fn.ID), Format: doc.Superscript}},
			Inlines: fn.Inlines}
		note := &Node{Role: RoleNote, ID: fmt.Sprintf("fn%d", id), Pos: fn.Pos}
		l.notes[id] = note
		l.noteOrder = append(l.noteOrder, id)
		bl = l.setParagraph(par, marginL, textWidth, note)
	}
	l.fnCache[id] = bl
	return bl
}

func (bl *block) height() float64 {
	h := 0.0
	for _, ln := range bl.lines {
		h += ln.height
	}
	return h
}

// pageState tracks what is on the page being filled.
type pageState struct {
	used   float64 // body height used
	fnH    float64 // footnote area height
	fnSeen map[int]bool
	fnList []int
}

// footnoteCost is the footnote area a line adds to a page.
func (l *layouter) footnoteCost(st *pageState, ids []int) (float64, []int) {
	var add float64
	var fresh []int
	for _, id := range ids {
		if st.fnSeen[id] || contains(fresh, id) {
			continue
		}
		if len(st.fnList) == 0 && len(fresh) == 0 {
			add += l.p.FootnoteGap
		}
		fb := l.footnote(id)
		add += fb.before + fb.height()
		fresh = append(fresh, id)
	}
	return add, fresh
}

func contains(s []int, x int) bool {
	for _, y := range s {
		if y == x {
			return true
		}
	}
	return false
}

// paginate cuts the vertical list into pages: it fills a page as far as
// lines (and the footnotes they cite) fit, then ends it at the last legal
// break on it. When there is none (a keep chain longer than a page), it ends
// the page where the list stopped fitting and reports it. A paragraph
// whose style breaks the page (an annex) starts a new one. Each page goes
// to l.emit when it is set, or else to the result.
func (l *layouter) paginate() error {
	avail := pageH - marginT - marginB
	es := l.elems
	num := l.p.FirstPage
	for i := 0; i < len(es); {
		st := &pageState{fnSeen: map[int]bool{}}
		j := i
		for ; j < len(es); j++ {
			if j > i && es[j].newPage {
				break
			}
			h := es[j].height
			if j > i {
				h += es[j].before
			}
			add, fresh := l.footnoteCost(st, es[j].fnotes)
			if j > i && st.used+h+st.fnH+add > avail {
				break
			}
			st.used += h
			st.fnH += add
			for _, id := range fresh {
				st.fnSeen[id] = true
				st.fnList = append(st.fnList, id)
			}
		}
		k := j
		if j < len(es) && !es[j].newPage {
			k = -1
			for c := j; c > i; c-- {
				if es[c].breakOK {
					k = c
					break
				}
			}
			if k < 0 {
				k = j
				l.report(es[j].pos, doc.Warning, "page %d: no legal page break (keep-with-next or widow/orphan rules cannot all be kept)", num)
			}
		}
		pg := l.page(num, es[i:k])
		if l.emit != nil {
			if err := l.emit(&pg); err != nil {
				return err
			}
			// Written: let go of the page's lines and items.
			clear(es[i:k])
		} else {
			l.res.Pages = append(l.res.Pages, pg)
		}
		num++
		i = k
	}
	return nil
}

// page places a page's lines, its footnotes and its running header.
func (l *layouter) page(num int, es []elem) Page {
	pg := Page{Number: num, Width: pageW, Height: pageH}
	n := 2
	for _, e := range es {
		n += len(e.items)
	}
	pg.Items = make([]Item, 0, n+n/8) // and a few footnotes
	if num >= 2 {
		// First in the content stream, so text extraction reads it first.
		pg.Items = append(pg.Items, l.header(num)...)
	}
	if l.fnSet == nil {
		l.fnSet = map[int]bool{}
	}
	y := marginT
	var fns []int
	for n, e := range es {
		if n > 0 {
			y += e.before
		}
		if e.mark != "" {
			pg.Marks = append(pg.Marks, Mark{Title: e.mark, Y: y})
		}
		pg.Items = move(pg.Items, e.items, y)
		y += e.height
		for _, id := range e.fnotes {
			if !contains(fns, id) {
				fns = append(fns, id)
			}
		}
	}
	if len(fns) > 0 {
		h := l.p.FootnoteGap
		for _, id := range fns {
			fb := l.footnote(id)
			h += fb.before + fb.height()
		}
		fy := pageH - marginB - h
		pg.Items = append(pg.Items, &Rule{X1: marginL, Y1: fy + l.p.FootnoteGap/2, X2: marginL + l.p.FootnoteRule, Y2: fy + l.p.FootnoteGap/2, Width: l.p.RuleWidth})
		fy += l.p.FootnoteGap
		for _, id := range fns {
			fb := l.footnote(id)
			fy += fb.before
			// A footnote cited again on a later page is set there again,
			// as an artifact: its content is in the structure once.
			again := l.fnSet[id]
			l.fnSet[id] = true
			for _, ln := range fb.lines {
				pg.Items = l.shift(pg.Items, ln.items, fy, again)
				fy += ln.height
			}
		}
		pg.Footnotes = fns
	}
	return pg
}

// header is the running header: "- N -" centred, the reference below it,
// at the header distance from the top edge.
func (l *layouter) header(num int) []Item {
	size := float64(itu.Page.HeaderSize) / 2
	f := fonts.Metrics(fonts.Regular)
	y := itu.Pt(itu.Page.HeaderDistance) + f.Em(f.Ascent, size)
	var out []Item
	for _, s := range []string{fmt.Sprintf("- %d -", num), l.d.Meta.Reference()} {
		if s != "" {
			w := f.Width(s, size)
			out = append(out, &Text{X: marginL + (textWidth-w)/2, Y: y, Face: fonts.Regular, Size: size, Text: s, Node: PageHeader})
		}
		y += f.LineHeight(size)
	}
	return out
}

// move appends to out items moved down by dy, in place: for the items of
// body lines and table cells, which are placed once.
func move(out, items []Item, dy float64) []Item {
	for _, it := range items {
		switch it := it.(type) {
		case *Text:
			it.Y += dy
		case *Rule:
			it.Y1 += dy
			it.Y2 += dy
		case *LinkArea:
			it.Y1 += dy
			it.Y2 += dy
		default:
			panic("typeset: unknown item type")
		}
	}
	return append(out, items...)
}

// shift appends to out copies of items moved down by dy: for footnote
// bodies, which are kept and may be placed on more than one page; an
// artifact copy's texts are not content.
func (l *layouter) shift(out, items []Item, dy float64, artifact bool) []Item {
	for _, it := range items {
		switch it := it.(type) {
		case *Text:
			c := l.newText(*it)
			c.Y += dy
			if artifact {
				c.Node = nil
			}
			out = append(out, c)
		case *LinkArea:
			c := *it
			c.Y1 += dy
			c.Y2 += dy
			out = append(out, &c)
		case *Rule:
			c := l.newRule(*it)
			c.Y1 += dy
			c.Y2 += dy
			out = append(out, c)
		default:
			panic("typeset: unknown item type")
		}
	}
	return out
}

// setTable sets a table as one unbreakable block: equal columns, each cell
// a paragraph set in its column, rules around the cells. Row heights are
// the tallest cell's.
func (l *layouter) setTable(t *doc.Table) *block {
	bl := &block{keepLines: true, pos: t.Pos, node: l.newNode(Node{Role: RoleTable, Pos: t.Pos})}
	cols := 0
	for _, r := range t.Rows {
		if len(r.Cells) > cols {
			cols = len(r.Cells)
		}
	}
	if cols == 0 {
		return bl
	}
	const pad = 5.4 // Word's default cell margin, 0.19 cm
	cw := textWidth / float64(cols)
	var items []Item
	y := 0.0
	for _, r := range t.Rows {
		rowH := 0.0
		var cells [][]Item
		tr := l.addKid(bl.node, RoleTR)
		role := RoleTD
		if r.Header {
			role = RoleTH
		}
		for c, cell := range r.Cells {
			td := l.addKid(tr, role)
			td.Pos = cell.Pos
			cb := l.setParagraph(cell, marginL+float64(c)*cw+pad, cw-2*pad, td)
			cy := y + cb.before
			var its []Item
			for _, ln := range cb.lines {
				its = move(its, ln.items, cy)
				cy += ln.height
			}
			cy += cb.after
			if cy-y > rowH {
				rowH = cy - y
			}
			cells = append(cells, its)
		}
		for _, its := range cells {
			items = append(items, its...)
		}
		items = append(items, &Rule{X1: marginL, Y1: y, X2: marginL + textWidth, Y2: y, Width: l.p.RuleWidth})
		for c := 0; c <= cols; c++ {
			x := marginL + float64(c)*cw
			items = append(items, &Rule{X1: x, Y1: y, X2: x, Y2: y + rowH, Width: l.p.RuleWidth})
		}
		y += rowH
	}
	items = append(items, &Rule{X1: marginL, Y1: y, X2: marginL + textWidth, Y2: y, Width: l.p.RuleWidth})
	bl.before = itu.Pt(itu.Lookup(doc.StyleNormal).Before)
	bl.lines = []vline{{height: y, items: items}}
	return bl
}
