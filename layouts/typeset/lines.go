package typeset

import (
	"math"
	"slices"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// vline is a set line: its height, baseline offset from its top, and frame
// items with X from the page's left edge and Y from the line's top.
type vline struct {
	height, ascent float64
	items          []Item
	fnotes         []int
	stat           LineStat
}

// block is a laid-out paragraph (or table row, or footnote body).
type block struct {
	lines     []vline
	before    float64
	after     float64
	keepNext  bool
	keepLines bool
	pageBreak bool   // starts on a new page (annexes, appendices)
	mark      string // outline title of a proposal, on its first paragraph
	pos       doc.Pos
	// node is the block's structure element (P, H1, LI, Table), style and
	// level the paragraph's, for the assembler to place it.
	node  *Node
	style doc.Style
	level int
}

// setParagraph collects, breaks and finalizes a paragraph at x0 (the left
// edge of its measure) with measure width, its content going into
// structure element el (see collect).
func (l *layouter) setParagraph(par *doc.Paragraph, x0, width float64, el *Node) *block {
	p := l.collect(par, width, el)
	lines := l.breakLines(p)
	if len(p.items) > maxKept {
		// A huge paragraph: the breaker's scratch goes before the lines
		// are set, not after (the lines are in it).
		lines = slices.Clone(lines)
		l.kp = kpScratch{}
	}
	bl := l.newBlock()
	*bl = block{
		before:    itu.Pt(p.spec.Before),
		after:     itu.Pt(p.spec.After),
		keepNext:  p.spec.KeepNext,
		keepLines: p.spec.KeepLines,
		pageBreak: p.spec.PageBreak,
		pos:       par.Pos,
		node:      el,
		style:     par.Style,
		level:     par.Level,
	}
	reg := fonts.Metrics(fonts.Regular)
	height := reg.LineHeight(p.size)
	ascent := reg.Em(reg.Ascent, p.size)
	bl.lines = l.newLines(len(lines))
	for i, ln := range lines {
		bl.lines[i] = l.finalize(p, ln, x0, height, ascent)
	}
	clear(p.items) // let go of the structure nodes
	l.items = p.items[:0]
	// Nothing refers to the fragments any more (the texts have their
	// strings): the arenas start again.
	clear(l.frags)
	l.frags = l.frags[:0]
	clear(l.fnotes)
	l.fnotes = l.fnotes[:0]
	clear(l.spaces)
	l.spaces = l.spaces[:0]
	if cap(l.items) > maxKept {
		// A huge paragraph: its scratch space goes with it, rather than
		// staying for paragraphs a thousandth of its size.
		l.items, l.frags, l.fnotes, l.spaces = nil, nil, nil, nil
	}
	return bl
}

// maxKept is the most items whose scratch space a layouter keeps from one
// paragraph to the next: a page of text is a few thousand.
const maxKept = 1 << 16

// finalize places the items of a line: each word at its x, the spaces of a
// justified line adjusted by the line's ratio.
func (l *layouter) finalize(p *para, ln line, x0, height, ascent float64) vline {
	items := p.items
	W, x := p.width, x0+p.indent
	if ln.first {
		W, x = p.firstWidth, x0+p.firstIndent
	}
	justify := p.spec.Align == itu.Justify && !ln.forced
	r := ln.ratio
	if math.IsInf(r, 0) || math.IsNaN(r) {
		r = 0 // nothing to adjust: set at natural width
	}
	if !justify && r > 0 {
		// Ragged and last lines keep natural spaces; but a line the breaker
		// fitted by shrinking is shrunk, or it would stick out.
		r = 0
	}
	if p.spec.Align == itu.Center {
		// The line's width and shrink, summed in the order prefix sums.
		set, shrink := 0.0, 0.0
		for i := ln.start; i < ln.end; i++ {
			switch it := &items[i]; {
			case it.kind == box:
				set += it.width
			case it.kind == glue && !it.fill:
				set += it.width
				shrink += it.shrink
			}
		}
		if r < 0 {
			set += r * shrink
		}
		x += (W - set) / 2
	}
	vl := vline{height: height, ascent: ascent, stat: LineStat{Ratio: ln.ratio, Justified: justify}}
	// The items are gathered in scratch space, then kept by keepItems.
	vl.items = l.lineItems[:0]
	if math.IsInf(vl.stat.Ratio, 0) {
		vl.stat.Ratio = 0
		if justify {
			// A justified line with nothing to stretch: as bad as it gets.
			vl.stat.Ratio = math.Copysign(10, ln.ratio)
		}
	}
	var cur *Text // text being extended across natural spaces
	var curEnd float64
	var last *Text // the last text set
	// The link area being extended: its Link element and extent.
	var link *Node
	var linkX1, linkX2 float64
	endLink := func() {
		if link != nil {
			vl.items = append(vl.items, &LinkArea{X1: linkX1, Y1: 0, X2: linkX2, Y2: height, Node: link})
			link = nil
		}
	}
	linkTo := func(n *Node, x1, x2 float64) {
		var el *Node
		if n != nil && n.parent != nil && n.parent.Role == RoleLink {
			el = n.parent
		}
		if el != link {
			endLink()
			link, linkX1 = el, x1
		}
		linkX2 = x2
	}
	joined := false // cur's text is in buf
	buf := l.textBuf[:0]
	finish := func() {
		if joined {
			cur.Text = string(buf)
			joined = false
		}
	}
	rules := l.rules[:0]
	addRule := func(x1, x2, y, w float64, color RGB) {
		if n := len(rules); n > 0 {
			pr := rules[n-1]
			if pr.Y1 == y && pr.Width == w && pr.Color == color && math.Abs(pr.X2-x1) < 0.01 {
				pr.X2 = x2
				return
			}
		}
		rules = append(rules, l.newRule(Rule{X1: x1, Y1: y, X2: x2, Y2: y, Width: w, Color: color}))
	}
	revRule := func(rev doc.Rev, face fonts.Style, size, rise, x1, x2 float64) {
		f := fonts.Metrics(face)
		color := AuthorColor(int(rev) >> revKindBits)
		switch rev & revKindMask {
		case doc.Inserted:
			addRule(x1, x2, ascent-rise-f.Em(f.UnderlinePos, size), f.Em(f.UnderlineThickness, size), color)
		case doc.Deleted:
			addRule(x1, x2, ascent-rise-f.Em(f.StrikePos, size), f.Em(f.StrikeThickness, size), color)
		}
	}
	pendingSpace := "" // a natural space that may join two texts
	for i := ln.start; i < ln.end; i++ {
		it := &items[i]
		switch it.kind {
		case box:
			if it.tab {
				if last != nil {
					last.Space = true // a tab is a word break too
				}
				finish()
				cur = nil
				endLink()
				x += it.width
				continue
			}
			for _, f := range p.frags[it.f0:p.fragEnd(i)] {
				y := ascent - f.rise
				linkTo(f.node, x, x+f.w)
				if f.fixed {
					// Drawn on its own: its width is not its glyph's.
					finish()
					last = l.newText(Text{X: x, Y: y, Face: f.face, Size: f.size, Text: f.text, Node: f.node})
					vl.items = append(vl.items, last)
					cur = nil
				} else if cur != nil && cur.Face == f.face && cur.Size == f.size && cur.Y == y && cur.Node == f.node && math.Abs(curEnd-x) < 1e-9 {
					if !joined {
						buf = append(buf[:0], cur.Text...)
						joined = true
					}
					buf = append(append(buf, pendingSpace...), f.text...)
				} else {
					finish()
					if cur != nil && pendingSpace != "" {
						cur.Space = true // the space it would have taken in
					}
					cur = l.newText(Text{X: x, Y: y, Face: f.face, Size: f.size, Text: f.text, Node: f.node})
					last = cur
					vl.items = append(vl.items, cur)
				}
				pendingSpace = ""
				revRule(doc.Rev(f.rev), f.face, f.size, f.rise, x, x+f.w)
				x += f.w
				curEnd = x
			}
			if it.ext > 0 {
				vl.fnotes = append(vl.fnotes, p.fnotes[it.ext-1]...)
			}
		case glue:
			w := it.width
			if !it.fill {
				switch {
				case r > 0:
					w += r * it.stretch
				case r < 0:
					w += r * it.shrink
				}
			}
			if doc.Rev(it.rev) != doc.Unchanged && i+1 < ln.end {
				revRule(doc.Rev(it.rev), it.face, it.size, 0, x, x+w)
			}
			if it.ext > 0 {
				// A special space inside the line: drawn, on its own.
				sp := p.spaces[it.ext-1]
				finish()
				last = l.newText(Text{X: x, Y: ascent, Face: it.face, Size: it.size, Text: string(sp.glyph), Node: sp.node})
				vl.items = append(vl.items, last)
				cur = nil
				pendingSpace = ""
				x += w
				continue
			}
			// A space at its natural width joins the texts on either side
			// into one run, when it is exactly the space of their face.
			if cur != nil && r == 0 && !it.fill && cur.Face == it.face && cur.Size == it.size && w == fonts.Metrics(it.face).SpaceWidth(it.size) {
				pendingSpace = " "
				x += w
				curEnd = x
			} else {
				if last != nil && !it.fill {
					last.Space = true
				}
				finish()
				cur = nil
				pendingSpace = ""
				x += w
			}
		case penalty:
			x += it.width
		}
	}
	finish()
	if last != nil && ln.end < len(items) && items[ln.end].kind == glue && !items[ln.end].fill {
		last.Space = true // broken at a space
	}
	endLink()
	l.textBuf = buf
	for _, r := range rules {
		vl.items = append(vl.items, r)
	}
	l.rules = rules[:0]
	clear(rules)
	l.lineItems = vl.items
	vl.items = l.keepItems(vl.items)
	clear(l.lineItems)
	return vl
}

// keepItems copies a line's items into a chunk of frame item slots, which
// the layout's pages keep alive together (as newText's texts), its
// capacity cut to its length so that nothing appends into the next line's.
func (l *layouter) keepItems(its []Item) []Item {
	if len(its) > cap(l.itemArena)-len(l.itemArena) {
		l.itemArena = make([]Item, 0, max(1024, len(its)))
	}
	n := len(l.itemArena)
	l.itemArena = append(l.itemArena, its...)
	return l.itemArena[n:len(l.itemArena):len(l.itemArena)]
}

// newBlock and newLines give blocks and their lines allocated in chunks,
// which the vertical list keeps alive together; the lines' slice has its
// capacity cut to its length.
func (l *layouter) newBlock() *block {
	if len(l.blocks) == cap(l.blocks) {
		l.blocks = make([]block, 0, 64)
	}
	l.blocks = l.blocks[:len(l.blocks)+1]
	return &l.blocks[len(l.blocks)-1]
}

func (l *layouter) newLines(n int) []vline {
	if n > cap(l.vlines)-len(l.vlines) {
		l.vlines = make([]vline, 0, max(256, n))
	}
	i := len(l.vlines)
	l.vlines = l.vlines[:i+n]
	return l.vlines[i : i+n : i+n]
}

// newText and newRule give frame items allocated in chunks, which the
// layout's pages keep alive together.
func (l *layouter) newText(t Text) *Text {
	if len(l.texts) == cap(l.texts) {
		l.texts = make([]Text, 0, 512)
	}
	l.texts = append(l.texts, t)
	return &l.texts[len(l.texts)-1]
}

func (l *layouter) newRule(r Rule) *Rule {
	if len(l.ruleArena) == cap(l.ruleArena) {
		l.ruleArena = make([]Rule, 0, 128)
	}
	l.ruleArena = append(l.ruleArena, r)
	return &l.ruleArena[len(l.ruleArena)-1]
}
