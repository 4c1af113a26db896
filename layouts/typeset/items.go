package typeset

import (
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// kind is the kind of an item in Knuth and Plass's sense.
type kind uint8

const (
	box     kind = iota // a word (or a label, or a tab's fixed space)
	glue                // an interword space: width, stretch, shrink
	penalty             // a possible (or forced) break
)

// infinity is a penalty that forbids (positive) or forces (negative) a break,
// and a fill stretch that absorbs any shortfall (the last line).
const infinity = 10000

// frag is a piece of a word in one face, size, rise and revision state.
// (Frags and items are kept small: a paragraph of a million words has
// that many of each.)
type frag struct {
	text          string
	size, rise, w float64
	// node is the structure leaf the fragment's text belongs to.
	node *Node
	face fonts.Style
	rev  uint8 // a doc.Rev
	// fixed marks a fragment whose width is not its text's advance (a
	// special space drawn with a fallback width): it is drawn on its own.
	fixed bool
}

// item is a box, glue or penalty.
type item struct {
	width, stretch, shrink float64
	penalty                float64 // penalty: cost; ≤ -infinity forces a break
	size                   float64 // glue: the space's size, for rules
	// f0 is a box's first fragment, para.frags[f0:]; the next box's f0
	// ends its fragments (fragEnd).
	f0 int32
	// ext is a box's footnote ids, para.fnotes[ext-1], or a glue's special
	// space drawn where the line goes on, para.spaces[ext-1]; 0: none.
	ext  int32
	kind kind
	face fonts.Style // glue: the space's face, for rules
	rev  uint8       // glue: the revision (a doc.Rev) of the space, for rules
	fill bool        // glue: infinite stretch (end of paragraph or forced break)
	tab  bool        // box: the fixed space of a tab, drawing nothing
}

// para is a paragraph collected into items, with its measure.
type para struct {
	spec        itu.Spec
	size        float64 // points
	items       []item
	frags       []frag       // the boxes' fragments
	fnotes      [][]int      // the boxes' footnote ids
	spaces      []drawnSpace // the special spaces of glue items
	firstIndent float64      // x of the first line from the left margin
	indent      float64      // x of the other lines
	firstWidth  float64      // measure of the first line
	width       float64      // measure of the other lines
}

// drawnSpace is a special space (thin, en) set as glue, drawn with its
// glyph (' ' when the face lacks it) where the line goes on.
type drawnSpace struct {
	glyph rune
	node  *Node
}

// fragEnd is the end of the fragments of box i: the next box's first.
func (p *para) fragEnd(i int) int32 {
	for j := i + 1; j < len(p.items); j++ {
		if p.items[j].kind == box {
			return p.items[j].f0
		}
	}
	return int32(len(p.frags))
}

// collector builds the items of one paragraph.
type collector struct {
	l *layouter
	p *para
	// word0 is the first fragment of the word being collected: its
	// fragments go straight to the layouter's arena, l.frags[word0:].
	word0   int
	fns     []int
	space   item // pending glue, emitted before the next word
	spaceOK bool // whether space is pending
	x       float64
	cur     frag   // the fragment being built, when open
	buf     []byte // its text, when it is not a substring of src
	// src is the text being collected; while inSrc, the open fragment's
	// text is src[srcStart:srcEnd], taken without copying.
	src              string
	srcStart, srcEnd int
	inSrc            bool
	open             bool
	// Structure: into is the element receiving the content (a P, an
	// LBody, a Lbl, a Note), leaf the content leaf of the text being
	// collected (made when text comes, nil after a reference or a link).
	into, leaf *Node
	// link is the Link element of the run being collected (nil outside
	// links), linkURI its target.
	link    *Node
	linkURI string
}

// collect turns a paragraph into items. width is the measure (the text width,
// or a table cell's). The content goes into structure element el: a
// label into a Lbl kid of it, the text after a label into an LBody kid of
// a list item, else into el itself. The para is the layouter's scratch
// space, as its items are: it is good until the next collect.
func (l *layouter) collect(par *doc.Paragraph, width float64, el *Node) *para {
	spec := itu.Lookup(par.Style)
	p := &l.par
	*p = para{spec: spec, size: float64(spec.Size) / 2}
	left, hang := itu.Pt(spec.Left), itu.Pt(spec.Hanging)
	p.indent = left
	p.firstIndent = left - hang
	p.width = width - p.indent
	p.firstWidth = width - p.firstIndent
	c := &l.coll
	*c = collector{l: l, p: p, word0: len(l.frags), buf: c.buf[:0], into: el}
	n := 8
	for _, in := range par.Inlines {
		if r, ok := in.(*doc.Run); ok {
			// A box and a glue a space, and a box for the last word.
			n += 2*strings.Count(r.Text, " ") + 2
		}
	}
	// The items live until the paragraph is finalized: the layouter's
	// scratch slice holds them, paragraph after paragraph.
	p.items = l.items[:0]
	if cap(p.items) < n {
		p.items = make([]item, 0, n)
	}
	if len(par.Label) > 0 {
		body := el
		if el != nil {
			if el.Role != RoleH1 { // headings keep their number as text
				c.into = l.addKid(el, RoleLbl)
			}
			if el.Role == RoleLI {
				body = l.addKid(el, RoleLBody)
			}
		}
		c.inlines(par.Label, spec)
		c.flushWord()
		c.spaceOK = false
		// The label's tab goes to the text indent (Word's implicit stop at
		// the hanging indent), or to the next tab stop when the label is
		// wider than the hanging indent.
		c.tab(spec)
		c.into, c.leaf, c.link, c.linkURI = body, nil, nil, ""
	}
	c.inlines(par.Inlines, spec)
	c.flushWord()
	c.spaceOK = false
	// Finish: fill glue and a forced break.
	c.p.items = append(c.p.items,
		item{kind: glue, fill: true},
		item{kind: penalty, penalty: -infinity})
	p.frags, p.fnotes, p.spaces = l.frags, l.fnotes, l.spaces
	return p
}

func (c *collector) inlines(in []doc.Inline, spec itu.Spec) {
	base := fonts.StyleOf(spec.Bold, spec.Italic)
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			face := base
			if il.Format&doc.Bold != 0 {
				face |= fonts.Bold
			}
			if il.Format&doc.Italic != 0 {
				face |= fonts.Italic
			}
			size, rise := c.p.size, 0.0
			if il.Format&doc.Superscript != 0 {
				size = c.p.size * c.l.p.SuperscriptScale
				rise = c.p.size * c.l.p.SuperscriptRise
			}
			text := il.Text
			if spec.Caps {
				text = strings.ToUpper(text)
			}
			c.linkTo(il.Link)
			c.text(il.Pos, text, face, size, rise, c.l.revCode(il.Rev))
		case *doc.FootnoteRef:
			c.linkTo("")
			size := float64(itu.FootnoteRefSize) / 2
			if c.into != nil {
				ref := c.l.addKid(c.into, RoleReference)
				ref.note, ref.Pos = il.ID, il.Pos
				c.leaf = c.l.addKid(ref, RoleContent)
			}
			// Numbered as Word numbers footnotes (the DOCX's automatic
			// marks), not by the mark the source wrote.
			c.text(il.Pos, strconv.Itoa(il.ID), base, size, c.p.size*c.l.p.SuperscriptRise, c.l.revCode(il.Rev))
			c.leaf = nil
			c.fns = append(c.fns, il.ID)
		default:
			panic("typeset: unknown inline type")
		}
	}
}

// linkTo makes the text that follows part of a link to uri ("": none): a
// Link element of its own, so a run with another target or none ends it.
func (c *collector) linkTo(uri string) {
	if uri == c.linkURI || c.into == nil {
		return
	}
	c.linkURI, c.link, c.leaf = uri, nil, nil
	if uri != "" {
		c.link = c.l.addKid(c.into, RoleLink)
		c.link.URI = uri
	}
}

// node gives the content leaf of the text being collected, made on first
// use: in the open link, else in the receiving element.
func (c *collector) node() *Node {
	if c.leaf == nil && c.into != nil {
		if c.link != nil {
			c.leaf = c.l.addKid(c.link, RoleContent)
		} else {
			c.leaf = c.l.addKid(c.into, RoleContent)
		}
	}
	return c.leaf
}

// specialSpace is how a space other than U+0020 is set: its width when
// the face lacks its glyph (in ems, or the width of a character), and
// whether a line may break there.
type specialSpace struct {
	em      float64
	like    rune // when not 0: as wide as this character
	noBreak bool
}

// specialSpaces are the spaces of ITU texts that keep a width of their
// own: thousands separators (U+202F, U+2009), spaces before units and in
// numbers, and the no-break space. The widths apply only when a face
// lacks the glyph; Liberation Serif has them all.
var specialSpaces = map[rune]specialSpace{
	' ': {like: ' ', noBreak: true},   // no-break space
	' ': {em: 1.0 / 5, noBreak: true}, // narrow no-break space
	' ': {like: '0', noBreak: true},   // figure space
	' ': {em: 1.0 / 5},                // thin space
	' ': {em: 1.0 / 2},                // en space
	' ': {em: 1},                      // em space
}

// spaceMetrics is what spaceWidth reads of a face (a *fonts.Face).
type spaceMetrics interface {
	Has(r rune) bool
	Advance(r rune) int
	Em(units int, size float64) float64
}

// spaceWidth is the width of special space r in face f at size, and the
// character to draw for it: r itself when the face has it, else a plain
// space set at a fallback width (fixed).
func spaceWidth(f spaceMetrics, r rune, size float64) (w float64, draw rune, fixed bool) {
	if f.Has(r) {
		return f.Em(f.Advance(r), size), r, false
	}
	sp := specialSpaces[r]
	if sp.like != 0 && f.Has(sp.like) {
		return f.Em(f.Advance(sp.like), size), ' ', true
	}
	if sp.em == 0 {
		sp.em = 0.25 // a character the face lacks too: a quarter em
	}
	return sp.em * size, ' ', true
}

// text adds characters to the current word, ending it at spaces, tabs and
// line breaks.
func (c *collector) text(pos doc.Pos, s string, face fonts.Style, size, rise float64, rev doc.Rev) {
	f := fonts.Metrics(face)
	c.src = s
	ascii := c.l.asciiWidths(face, size)
	for i, r := range s {
		// The common case first: a printable ASCII character going on
		// the fragment being taken from s (addRune, in short).
		if r > ' ' && r < 0x7f && c.inSrc && i == c.srcEnd {
			if w := ascii[r-'!']; w >= 0 {
				c.srcEnd++
				c.cur.w += w
				continue
			}
		}
		switch r {
		case ' ':
			c.flushWord()
			if !c.spaceOK && len(c.p.items) > 0 {
				w := f.SpaceWidth(size)
				c.space = item{kind: glue, width: w, stretch: w * c.l.p.SpaceStretch, shrink: w * c.l.p.SpaceShrink, rev: uint8(rev), face: face, size: size}
				c.spaceOK = true
			}
			continue
		case '\t':
			c.flushWord()
			c.spaceOK = false
			c.tab(c.p.spec)
			continue
		case '\n':
			c.flushWord()
			c.spaceOK = false
			c.p.items = append(c.p.items,
				item{kind: glue, fill: true},
				item{kind: penalty, penalty: -infinity})
			c.x = 0
			continue
		}
		if r >= 0xa0 && unicode.Is(unicode.Zs, r) {
			sp := specialSpaces[r]
			w, draw, fixed := spaceWidth(f, r, size)
			if sp.noBreak {
				// Part of the word: no break there.
				c.closeFrag()
				c.cur = frag{face: face, size: size, rise: rise, rev: uint8(rev), w: w, node: c.node(), fixed: fixed, text: string(draw)}
				c.l.frags = append(c.l.frags, c.cur)
				continue
			}
			// A break may come here; where it does not, the space is drawn
			// at its width, which does not stretch or shrink.
			c.flushWord()
			if len(c.p.items) > 0 {
				c.l.spaces = append(c.l.spaces, drawnSpace{glyph: draw, node: c.node()})
				c.space = item{kind: glue, width: w, rev: uint8(rev), face: face, size: size, ext: int32(len(c.l.spaces))}
				c.spaceOK = true
			}
			continue
		}
		m, ok := f.Map(r)
		if !ok {
			c.l.report(pos, doc.Warning, "the PDF font has no glyph for %q (U+%04X): shown as '?'", r, r)
			m = '?'
		}
		if m == 0 {
			continue
		}
		c.addRune(m, face, size, rise, rev, f, i, m == r)
	}
	if c.open && c.inSrc {
		// The fragment may go on in the next text: copy it out of this one.
		c.buf = append(c.buf[:0], c.src[c.srcStart:c.srcEnd]...)
		c.inSrc = false
	}
	c.src = ""
}

// asciiTable holds the widths of the printable ASCII characters ('!' to
// '~') in one face at one size, each computed as addRune computes it;
// -1 for a character the face lacks.
type asciiTable struct {
	face   fonts.Style
	size   float64
	widths [0x7f - '!']float64
}

// asciiWidths gives the widths of the printable ASCII characters in face
// at size, from the layouter's tables (a paragraph has a few faces and
// sizes; the tables are made once per layouter).
func (l *layouter) asciiWidths(face fonts.Style, size float64) *[0x7f - '!']float64 {
	for _, t := range l.ascii {
		if t.face == face && t.size == size {
			return &t.widths
		}
	}
	f := fonts.Metrics(face)
	t := &asciiTable{face: face, size: size}
	for i := range t.widths {
		r := rune('!' + i)
		t.widths[i] = -1
		if f.Has(r) {
			t.widths[i] = float64(f.Advance(r)) * size / float64(f.UnitsPerEm)
		}
	}
	if len(l.ascii) >= 16 {
		l.ascii = l.ascii[:0] // sizes without end: start again
	}
	l.ascii = append(l.ascii, t)
	return &t.widths
}

// addRune adds r, found at byte i of c.src (same: unmapped), to the open
// fragment or starts a new one.
func (c *collector) addRune(r rune, face fonts.Style, size, rise float64, rev doc.Rev, f *fonts.Face, i int, same bool) {
	w := float64(f.Advance(r)) * size / float64(f.UnitsPerEm)
	node := c.node()
	if c.open && c.cur.face == face && c.cur.size == size && c.cur.rise == rise && c.cur.rev == uint8(rev) && c.cur.node == node {
		if c.inSrc {
			if same && i == c.srcEnd {
				c.srcEnd += utf8.RuneLen(r)
				c.cur.w += w
				return
			}
			// Leave the source: copy what was taken from it.
			c.buf = append(c.buf[:0], c.src[c.srcStart:c.srcEnd]...)
			c.inSrc = false
		}
		c.buf = utf8.AppendRune(c.buf, r)
		c.cur.w += w
		return
	}
	c.closeFrag()
	c.cur = frag{face: face, size: size, rise: rise, rev: uint8(rev), w: w, node: node}
	c.open = true
	if same {
		c.inSrc, c.srcStart, c.srcEnd = true, i, i+utf8.RuneLen(r)
		return
	}
	c.inSrc = false
	c.buf = utf8.AppendRune(c.buf[:0], r)
}

// closeFrag moves the fragment being built into the word.
func (c *collector) closeFrag() {
	if c.open {
		if c.inSrc {
			c.cur.text = c.src[c.srcStart:c.srcEnd]
		} else {
			c.cur.text = string(c.buf)
		}
		c.l.frags = append(c.l.frags, c.cur)
		c.open, c.inSrc = false, false
	}
}

// flushWord ends the current word: the pending space, then the word's box.
func (c *collector) flushWord() {
	c.closeFrag()
	l := c.l
	if len(l.frags) == c.word0 && len(c.fns) == 0 {
		return
	}
	if c.spaceOK {
		c.p.items = append(c.p.items, c.space)
		c.x += c.space.width
		c.spaceOK = false
	}
	// The word's fragments are in the layouter's arena, which the items
	// index (setParagraph empties it when the items are done with); a
	// word cut at slashes is put back there in its parts.
	word := l.frags[c.word0:]
	var parts [][]frag
	if hasSlash(word) && slashCut(word) {
		parts = splitSlash(word)
	}
	if len(parts) > 1 {
		l.frags = l.frags[:c.word0]
		for _, part := range parts {
			c.addBox(part, len(l.frags))
			l.frags = append(l.frags, part...)
		}
	} else {
		c.addBox(word, c.word0)
	}
	// Footnotes go with the word's last box, where their marks are.
	if len(c.fns) > 0 {
		l.fnotes = append(l.fnotes, c.fns)
		c.p.items[len(c.p.items)-1].ext = int32(len(l.fnotes))
	}
	c.word0, c.fns = len(l.frags), nil
}

// addBox adds the box of a word (or part of one) whose fragments are
// frags, at l.frags[f0:]: after a penalty when it follows another box
// (a break after a slash).
func (c *collector) addBox(frags []frag, f0 int) {
	if len(c.p.items) > 0 && c.p.items[len(c.p.items)-1].kind == box && !c.p.items[len(c.p.items)-1].tab {
		c.p.items = append(c.p.items, item{kind: penalty, penalty: c.l.p.SlashPenalty})
	}
	w := 0.0
	for _, f := range frags {
		w += f.w
	}
	c.p.items = append(c.p.items, item{kind: box, width: w, f0: int32(f0)})
	c.x += w
}

// hasSlash reports whether a word holds a slash, where splitSlash may cut.
func hasSlash(word []frag) bool {
	for _, f := range word {
		if strings.IndexByte(f.text, '/') >= 0 {
			return true
		}
	}
	return false
}

// slashCut reports whether splitSlash would cut word, without making
// anything: whether a slash in it has a letter on either side (most
// slashes, as in "WGPL/149/2", have not).
func slashCut(word []frag) bool {
	var before, slash rune // the two characters before r
	for _, f := range word {
		for _, r := range f.text {
			if slash == '/' && unicode.IsLetter(before) && unicode.IsLetter(r) {
				return true
			}
			before, slash = slash, r
		}
	}
	return false
}

// splitSlash cuts a word after each slash that has a letter on either side,
// where a line may break.
func splitSlash(word []frag) [][]frag {
	var rs []rune
	for _, f := range word {
		rs = append(rs, []rune(f.text)...)
	}
	var cuts []int // rune offsets after which to cut
	for i := 1; i+1 < len(rs); i++ {
		if rs[i] == '/' && unicode.IsLetter(rs[i-1]) && unicode.IsLetter(rs[i+1]) {
			cuts = append(cuts, i+1)
		}
	}
	if len(cuts) == 0 {
		return [][]frag{word}
	}
	var out [][]frag
	var cur []frag
	pos := 0 // rune offset of the start of the current frag's rest
	for _, f := range word {
		frs := []rune(f.text)
		for len(frs) > 0 {
			if len(cuts) > 0 && cuts[0] < pos+len(frs) {
				k := cuts[0] - pos
				cuts = cuts[1:]
				if k > 0 {
					cur = append(cur, subFrag(f, frs[:k]))
				}
				out = append(out, cur)
				cur = nil
				frs = frs[k:]
				pos += k
				continue
			}
			cur = append(cur, subFrag(f, frs))
			pos += len(frs)
			frs = nil
		}
	}
	return append(out, cur)
}

func subFrag(f frag, rs []rune) frag {
	s := string(rs)
	f.w = fonts.Metrics(f.face).Width(s, f.size)
	f.text = s
	return f
}

// tab adds a fixed space to the next tab stop, reckoned from the start of
// the current line of the source (exact in the first line, where tabs occur
// in ITU texts): the text indent after a label that fits in the hanging
// indent, else the style's next stop, else Word's default stops.
func (c *collector) tab(spec itu.Spec) {
	p := c.p
	x := p.firstIndent + c.x // from the left margin
	stop := -1.0
	const minGap = 1.5 // points: a label never touches its text
	if spec.Hanging > 0 && x+minGap <= p.indent {
		stop = p.indent
	}
	if stop < 0 {
		for _, t := range tabsOf(spec) {
			if tp := itu.Pt(t); tp > x+minGap {
				stop = tp
				break
			}
		}
	}
	if stop < 0 {
		// Word's default stops: every 36 pt (720 twips) after the last.
		stop = math.Floor((x+minGap)/36)*36 + 36
	}
	w := stop - x
	p.items = append(p.items, item{kind: box, width: w, tab: true, f0: int32(len(c.l.frags))})
	c.x += w
}

// tabsOf gives a style's tab stops, inherited along BasedOn as in Word
// (itu.Lookup gives a style's own).
func tabsOf(spec itu.Spec) []int {
	for i := 0; i < 8 && spec.Tabs == nil && spec.BasedOn != ""; i++ {
		spec = itu.Lookup(spec.BasedOn)
	}
	return spec.Tabs
}
