package wml

import (
	"encoding/xml"
	"strings"

	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
)

// parser reads the content of one part: blocks, paragraphs, runs. It is a
// recursive descent over the decoder's tokens; the decoder bounds the depth,
// so the recursion is bounded too.
type parser struct {
	*reader
	x    *ooxml.Decoder
	part string
	rels map[string]ooxml.Relationship // the part's relationships, by id
	para int                           // w:p elements started so far in the part
	cur  int                           // the paragraph being read (para counts skipped ones too)
	run  int                           // w:r elements started so far in the paragraph
	// open are the complex fields begun and not yet ended, innermost last;
	// they may span paragraphs.
	open []*openField
}

type openField struct {
	begin  *FieldChar
	result bool // past separate: instruction text is done
}

// newParser opens part for content parsing.
func (r *reader) newParser(part string) (*parser, error) {
	x, err := r.decoder(part)
	if err != nil {
		return nil, err
	}
	p := &parser{reader: r, x: x, part: part, rels: map[string]ooxml.Relationship{}}
	rels, err := r.pkg.Relationships(part)
	if err != nil {
		x.Close()
		return nil, err
	}
	for _, rel := range rels {
		p.rels[rel.ID] = rel
	}
	return p, nil
}

// pos is the position of what starts now: the current paragraph and run.
func (p *parser) pos() Pos { return Pos{Part: p.part, Para: p.cur, Run: p.run} }

// paraPos is the current paragraph.
func (p *parser) paraPos() Pos { return Pos{Part: p.part, Para: p.cur} }

// nextPos is where a table or row that starts now stands: its first
// paragraph, the next one.
func (p *parser) nextPos() Pos { return Pos{Part: p.part, Para: p.para + 1} }

// finish reports fields left open at the end of the part and closes it.
func (p *parser) finish() {
	for _, f := range p.open {
		p.warn(f.begin.Pos, "field %s is not closed by the end of the part", fieldName(f.begin.Field.Instr))
	}
	p.open = nil
	p.x.Close()
}

// story reads a part whose root element holds blocks: w:document (its
// w:body, named by inner) or w:hdr / w:ftr (inner "").
func (r *reader) story(part, root, inner string) ([]Block, error) {
	p, err := r.newParser(part)
	if err != nil {
		return nil, err
	}
	defer p.finish()
	var blocks []Block
	err = p.x.Root(root, func(xml.StartElement) error {
		if inner == "" {
			var err error
			blocks, err = p.blocks()
			return err
		}
		return p.x.Each(func(el xml.StartElement) error {
			if wname(el) != inner {
				return p.x.Skip() // w:background
			}
			var err error
			blocks, err = p.blocks()
			return err
		})
	})
	return blocks, err
}

// notes reads footnotes.xml or endnotes.xml: root w:footnotes holding
// w:footnote (child), leaving out the separators.
func (r *reader) notes(part, root, child string) ([]*Note, error) {
	p, err := r.newParser(part)
	if err != nil {
		return nil, err
	}
	defer p.finish()
	var notes []*Note
	err = p.x.Root(root, func(xml.StartElement) error {
		return p.x.Each(func(el xml.StartElement) error {
			if wname(el) != child {
				return p.x.Skip()
			}
			switch wattr(el, "type") {
			case "separator", "continuationSeparator", "continuationNotice":
				return p.skipCounting()
			}
			n := &Note{Pos: p.nextPos(), ID: wattr(el, "id")}
			var err error
			n.Blocks, err = p.blocks()
			notes = append(notes, n)
			return err
		})
	})
	return notes, err
}

// comments reads comments.xml.
func (r *reader) comments(part string) ([]*Comment, error) {
	p, err := r.newParser(part)
	if err != nil {
		return nil, err
	}
	defer p.finish()
	var cs []*Comment
	err = p.x.Root("comments", func(xml.StartElement) error {
		return p.x.Each(func(el xml.StartElement) error {
			if wname(el) != "comment" {
				return p.x.Skip()
			}
			c := &Comment{Pos: p.nextPos(), ID: wattr(el, "id"), Author: wattr(el, "author"),
				Initials: wattr(el, "initials"), Date: wattr(el, "date")}
			var err error
			c.Blocks, err = p.blocks()
			cs = append(cs, c)
			return err
		})
	})
	return cs, err
}

// blocks reads block-level content up to the end of the current element.
func (p *parser) blocks() ([]Block, error) {
	var out []Block
	err := p.x.Each(func(el xml.StartElement) error {
		return p.block(el, &out)
	})
	return out, err
}

func (p *parser) block(el xml.StartElement, out *[]Block) error {
	if isMC(el.Name) && el.Name.Local == "AlternateContent" {
		return p.alternate(func(el xml.StartElement) error { return p.block(el, out) })
	}
	if isM(el.Name) && (el.Name.Local == "oMathPara" || el.Name.Local == "oMath") {
		u, err := p.unsupported(el, "equation", p.nextPos())
		*out = append(*out, u)
		return err
	}
	switch wname(el) {
	case "p":
		para, err := p.paragraph()
		*out = append(*out, para)
		return err
	case "tbl":
		t, err := p.table()
		*out = append(*out, t)
		return err
	case "sdt":
		return p.sdt(func(el xml.StartElement) error { return p.block(el, out) })
	case "customXml":
		return p.x.Each(func(el xml.StartElement) error {
			if wname(el) == "customXmlPr" {
				return p.x.Skip()
			}
			return p.block(el, out)
		})
	case "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
		"commentRangeStart", "commentRangeEnd":
		*out = append(*out, p.rangeMark(el, p.nextPos()))
		return p.x.Skip()
	case "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd", "sectPr",
		"customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
		"customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd":
		return p.x.Skip()
	case "altChunk":
		u, err := p.unsupported(el, "imported file (w:altChunk)", p.nextPos())
		*out = append(*out, u)
		return err
	case "ins", "del", "moveFrom", "moveTo":
		// Allowed between paragraphs by the schema around runs, which
		// belong in no paragraph; no writer we know makes it.
		u, err := p.unsupported(el, "revision outside a paragraph (w:"+el.Name.Local+")", p.nextPos())
		*out = append(*out, u)
		return err
	}
	u, err := p.unsupported(el, "element <"+qname(el.Name)+">", p.nextPos())
	*out = append(*out, u)
	return err
}

// sdt reads a content control, giving the children of its w:sdtContent to
// fn: the control is unwrapped, as pandoc does.
func (p *parser) sdt(fn func(xml.StartElement) error) error {
	return p.x.Each(func(el xml.StartElement) error {
		if wname(el) == "sdtContent" {
			return p.x.Each(fn)
		}
		return p.x.Skip() // w:sdtPr, w:sdtEndPr
	})
}

// alternate reads mc:AlternateContent, giving the children of its
// mc:Fallback to fn. Its mc:Choice branches need namespaces this reader
// does not know (wps shapes, w14 features), so markup compatibility asks
// for the fallback; their paragraphs still count for positions.
func (p *parser) alternate(fn func(xml.StartElement) error) error {
	return p.x.Each(func(el xml.StartElement) error {
		if isMC(el.Name) && el.Name.Local == "Fallback" {
			return p.x.Each(fn)
		}
		return p.skipCounting()
	})
}

// paragraph reads a w:p whose start was the last token.
func (p *parser) paragraph() (*Paragraph, error) {
	p.para++
	outer, outerRun := p.cur, p.run
	p.cur, p.run = p.para, 0
	defer func() { p.cur, p.run = outer, outerRun }()
	para := &Paragraph{Pos: p.paraPos()}
	var in []Inline
	err := p.x.Each(func(el xml.StartElement) error {
		if wname(el) == "pPr" {
			return p.pPr(para)
		}
		return p.inline(el, &in)
	})
	para.Inlines = foldFields(in)
	return para, err
}

// inlines reads inline content up to the end of the current element, with
// fields folded.
func (p *parser) inlines() ([]Inline, error) {
	var out []Inline
	err := p.x.Each(func(el xml.StartElement) error { return p.inline(el, &out) })
	return foldFields(out), err
}

// inline reads one child of a paragraph (or of a revision, hyperlink,
// field, content control…) into out.
func (p *parser) inline(el xml.StartElement, out *[]Inline) error {
	if isMC(el.Name) && el.Name.Local == "AlternateContent" {
		return p.alternate(func(el xml.StartElement) error { return p.inline(el, out) })
	}
	if isM(el.Name) && (el.Name.Local == "oMath" || el.Name.Local == "oMathPara") {
		u, err := p.unsupported(el, "equation", p.paraPos())
		*out = append(*out, u)
		return err
	}
	switch name := wname(el); name {
	case "r":
		return p.runInto(out)
	case "ins", "del", "moveFrom", "moveTo":
		kind := map[string]RevKind{"ins": Ins, "del": Del, "moveFrom": MoveFrom, "moveTo": MoveTo}[name]
		rev := &Revision{Pos: p.pos(), Kind: kind, Change: change(el)}
		rev.Pos.Run++ // it stands at its first run
		p.revision(rev.Pos, rev.Change)
		var err error
		rev.Inlines, err = p.inlines()
		*out = append(*out, rev)
		return err
	case "hyperlink":
		h := &Hyperlink{Pos: p.pos(), Anchor: wattr(el, "anchor")}
		h.Pos.Run++
		if id := rattr(el, "id"); id != "" {
			rel, ok := p.rels[id]
			if !ok {
				p.warn(h.Pos, "hyperlink relationship %s is not in %s's relationships", id, p.part)
			}
			h.Target, h.External = rel.Target, rel.External
		}
		var err error
		h.Inlines, err = p.inlines()
		*out = append(*out, h)
		return err
	case "fldSimple":
		f := &Field{Pos: p.pos(), Instr: wattr(el, "instr"), Simple: true}
		f.Pos.Run++
		var err error
		f.Inlines, err = p.inlines()
		*out = append(*out, hyperlinkField(f))
		return err
	case "smartTag", "customXml", "dir", "bdo":
		// Wrappers of inline content: unwrapped.
		return p.x.Each(func(el xml.StartElement) error {
			switch wname(el) {
			case "smartTagPr", "customXmlPr":
				return p.x.Skip()
			}
			return p.inline(el, out)
		})
	case "sdt":
		return p.sdt(func(el xml.StartElement) error { return p.inline(el, out) })
	case "moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
		"commentRangeStart", "commentRangeEnd":
		pos := p.pos()
		pos.Run++
		*out = append(*out, p.rangeMark(el, pos))
		return p.x.Skip()
	case "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
		"customXmlInsRangeStart", "customXmlInsRangeEnd", "customXmlDelRangeStart", "customXmlDelRangeEnd",
		"customXmlMoveFromRangeStart", "customXmlMoveFromRangeEnd", "customXmlMoveToRangeStart", "customXmlMoveToRangeEnd":
		return p.x.Skip()
	case "subDoc":
		u, err := p.unsupported(el, "subdocument (w:subDoc)", p.paraPos())
		*out = append(*out, u)
		return err
	}
	u, err := p.unsupported(el, "element <"+qname(el.Name)+">", p.paraPos())
	*out = append(*out, u)
	return err
}

// rangeMark reads a range marker element's attributes.
func (p *parser) rangeMark(el xml.StartElement, pos Pos) *RangeMark {
	kind := map[string]RangeKind{
		"moveFromRangeStart": MoveFromStart, "moveFromRangeEnd": MoveFromEnd,
		"moveToRangeStart": MoveToStart, "moveToRangeEnd": MoveToEnd,
		"commentRangeStart": CommentStart, "commentRangeEnd": CommentEnd,
	}[el.Name.Local]
	m := &RangeMark{Pos: pos, Kind: kind, ID: wattr(el, "id"), Name: wattr(el, "name")}
	if kind == MoveFromStart || kind == MoveToStart {
		m.Change = change(el)
	}
	return m
}

// runInto reads a w:r into out: usually one *Run, but a run is cut where it
// holds a field character or content that is not text (an image), which
// then stands between its pieces. Runs are numbered as in the XML whether
// or not they are kept.
func (p *parser) runInto(out *[]Inline) error {
	p.run++
	pos := p.pos()
	cur := &Run{Pos: pos}
	props := RunProps{}
	flush := func() {
		if len(cur.Content) > 0 {
			cur.Props = props
			*out = append(*out, cur)
			cur = &Run{Pos: pos}
		}
	}
	put := func(in Inline) {
		flush()
		*out = append(*out, in)
	}
	err := p.x.Each(func(el xml.StartElement) error {
		if isMC(el.Name) && el.Name.Local == "AlternateContent" {
			return p.alternate(func(el xml.StartElement) error { return p.runChild(el, cur, &props, put) })
		}
		return p.runChild(el, cur, &props, put)
	})
	flush() // a run left empty (properties only, or instruction text) is dropped
	return err
}

// runChild reads one child of a w:r.
func (p *parser) runChild(el xml.StartElement, cur *Run, props *RunProps, put func(Inline)) error {
	if !isW(el.Name) {
		u, err := p.unsupported(el, "element <"+qname(el.Name)+">", p.pos())
		put(u)
		return err
	}
	add := func(e Elem) error {
		cur.Content = append(cur.Content, e)
		return p.x.Skip()
	}
	switch el.Name.Local {
	case "rPr":
		var err error
		var marks []Rev
		*props, marks, err = p.rPr()
		if len(marks) > 0 {
			p.warn(p.pos(), "revision marks in a run's properties belong to a paragraph mark; ignored")
		}
		return err
	case "t", "delText":
		text, err := p.x.Text()
		kind := Text
		if el.Name.Local == "delText" {
			kind = DelText
		}
		cur.Content = append(cur.Content, Elem{Kind: kind, Text: text})
		return err
	case "tab", "ptab":
		return add(Elem{Kind: Tab})
	case "br":
		switch wattr(el, "type") {
		case "page":
			return add(Elem{Kind: PageBreak})
		case "column":
			return add(Elem{Kind: ColumnBreak})
		}
		return add(Elem{Kind: Break})
	case "cr":
		return add(Elem{Kind: Break})
	case "noBreakHyphen":
		return add(Elem{Kind: NoBreakHyphen})
	case "softHyphen":
		return add(Elem{Kind: SoftHyphen})
	case "sym":
		return add(Elem{Kind: Sym, Text: symChar(wattr(el, "char")), Font: wattr(el, "font")})
	case "footnoteReference":
		return add(Elem{Kind: FootnoteRef, Text: wattr(el, "id")})
	case "endnoteReference":
		return add(Elem{Kind: EndnoteRef, Text: wattr(el, "id")})
	case "footnoteRef", "endnoteRef":
		return add(Elem{Kind: NoteMark})
	case "commentReference":
		return add(Elem{Kind: CommentRef, Text: wattr(el, "id")})
	case "annotationRef", "separator", "continuationSeparator", "lastRenderedPageBreak":
		return p.x.Skip()
	case "fldChar":
		fc := p.fieldChar(wattr(el, "fldCharType"))
		if fc != nil {
			put(fc)
		}
		return p.x.Skip()
	case "instrText", "delInstrText":
		text, err := p.x.Text()
		if n := len(p.open); n > 0 && !p.open[n-1].result {
			p.open[n-1].begin.Field.Instr += text
			return err
		}
		put(&Unsupported{Pos: p.pos(), What: "field instruction outside a field", Text: text})
		p.report(Report{Pos: p.pos(), Kind: CannotCarry, What: "field instruction outside a field", Text: text})
		return err
	case "pgNum":
		put(&Field{Pos: p.pos(), Instr: "PAGE", Simple: true})
		return p.x.Skip()
	case "drawing", "pict", "object", "ruby", "contentPart", "embedObject", "fldData",
		"dayShort", "dayLong", "monthShort", "monthLong", "yearShort", "yearLong":
		what := map[string]string{"object": "embedded object", "ruby": "ruby (phonetic guide)",
			"contentPart": "ink (w:contentPart)", "embedObject": "embedded object", "fldData": "field data"}[el.Name.Local]
		if strings.HasPrefix(el.Name.Local, "day") || strings.HasPrefix(el.Name.Local, "month") || strings.HasPrefix(el.Name.Local, "year") {
			what = "date block (w:" + el.Name.Local + ")"
		}
		u, err := p.unsupported(el, what, p.pos())
		put(u)
		return err
	}
	u, err := p.unsupported(el, "element <"+qname(el.Name)+">", p.pos())
	put(u)
	return err
}

// fieldChar handles a w:fldChar: a begin opens a field (which may span
// paragraphs), a separate ends its instruction, an end closes it. The
// characters are kept as nodes; foldFields makes them one Field where it
// can.
func (p *parser) fieldChar(typ string) *FieldChar {
	pos := p.pos()
	switch typ {
	case "begin":
		fc := &FieldChar{Pos: pos, Kind: FieldBegin, Field: &FieldInfo{}}
		p.open = append(p.open, &openField{begin: fc})
		return fc
	case "separate":
		if n := len(p.open); n > 0 {
			p.open[n-1].result = true
			return &FieldChar{Pos: pos, Kind: FieldSeparate, Field: p.open[n-1].begin.Field}
		}
	case "end":
		if n := len(p.open); n > 0 {
			f := p.open[n-1].begin.Field
			p.open = p.open[:n-1]
			return &FieldChar{Pos: pos, Kind: FieldEnd, Field: f}
		}
	default:
		p.warn(pos, "field character of type %q ignored", typ)
		return nil
	}
	p.warn(pos, "field %s character outside a field ignored", typ)
	return nil
}

// symChar turns w:sym's w:char (hex, often in the symbol-font area F0xx)
// into the character.
func symChar(hex string) string {
	n := 0
	for _, c := range strings.ToUpper(hex) {
		switch {
		case c >= '0' && c <= '9':
			n = n*16 + int(c-'0')
		case c >= 'A' && c <= 'F':
			n = n*16 + int(c-'A'+10)
		default:
			return ""
		}
		if n > 0x10FFFF {
			return ""
		}
	}
	if n == 0 {
		return ""
	}
	return string(rune(n))
}
