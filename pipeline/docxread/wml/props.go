package wml

import (
	"encoding/xml"
	"strings"
)

// pPr reads paragraph properties into para.
func (p *parser) pPr(para *Paragraph) error {
	return p.x.Each(func(el xml.StartElement) error {
		switch wname(el) {
		case "pStyle":
			para.Style = wattr(el, "val")
		case "numPr":
			n, err := p.numPr()
			para.Num = n
			return err
		case "rPr":
			props, marks, err := p.rPr()
			para.Mark = marks
			for _, m := range marks {
				p.revision(para.Pos, m.Change)
			}
			if props.Change != nil {
				c := props.Change.Change
				para.MarkChange = &c
			}
			return err
		case "pPrChange":
			ch := &PPrChange{Change: change(el)}
			p.revision(para.Pos, ch.Change)
			para.Change = ch
			return p.x.Each(func(el xml.StartElement) error {
				if wname(el) != "pPr" {
					return p.x.Skip()
				}
				var old Paragraph
				err := p.pPr(&old)
				ch.Style, ch.Num = old.Style, old.Num
				return err
			})
		case "sectPr":
			para.SectionEnd = true
		case "pageBreakBefore":
			para.PageBreakBefore = toggle(el) == On
		}
		return p.x.Skip()
	})
}

// numPr reads w:numPr.
func (p *parser) numPr() (*NumPr, error) {
	n := &NumPr{}
	err := p.x.Each(func(el xml.StartElement) error {
		switch wname(el) {
		case "numId":
			n.NumID = wattr(el, "val")
		case "ilvl":
			n.Level = min(max(atoi(wattr(el, "val"), 0), 0), 8)
		}
		return p.x.Skip()
	})
	return n, err
}

// rPr reads run properties, and the revisions a paragraph mark's rPr
// holds (w:ins, w:del, w:moveFrom, w:moveTo).
func (p *parser) rPr() (RunProps, []Rev, error) {
	var props RunProps
	var marks []Rev
	err := p.x.Each(func(el xml.StartElement) error {
		switch name := wname(el); name {
		case "rStyle":
			props.Style = wattr(el, "val")
		case "b":
			props.Bold = toggle(el)
		case "i":
			props.Italic = toggle(el)
		case "u":
			props.Underline = wattr(el, "val")
			if props.Underline == "" {
				props.Underline = "single"
			}
		case "strike":
			props.Strike = toggle(el)
		case "dstrike":
			props.DoubleStrike = toggle(el)
		case "caps":
			props.Caps = toggle(el)
		case "smallCaps":
			props.SmallCaps = toggle(el)
		case "vanish":
			props.Hidden = toggle(el)
		case "vertAlign":
			props.VertAlign = wattr(el, "val")
		case "ins", "del", "moveFrom", "moveTo":
			kind := map[string]RevKind{"ins": Ins, "del": Del, "moveFrom": MoveFrom, "moveTo": MoveTo}[name]
			marks = append(marks, Rev{Kind: kind, Change: change(el)})
		case "rPrChange":
			ch := &RPrChange{Change: change(el)}
			p.revision(p.pos(), ch.Change)
			props.Change = ch
			return p.x.Each(func(el xml.StartElement) error {
				if wname(el) != "rPr" {
					return p.x.Skip()
				}
				old, _, err := p.rPr()
				old.Change = nil
				ch.Old = old
				return err
			})
		}
		return p.x.Skip()
	})
	return props, marks, err
}

// table reads a w:tbl.
func (p *parser) table() (*Table, error) {
	t := &Table{Pos: p.nextPos()}
	var child func(el xml.StartElement) error
	child = func(el xml.StartElement) error {
		switch wname(el) {
		case "tblPr":
			return p.x.Each(func(el xml.StartElement) error {
				switch wname(el) {
				case "tblStyle":
					t.Style = wattr(el, "val")
				case "tblPrChange":
					c := change(el)
					p.revision(t.Pos, c)
					t.Change = &c
				}
				return p.x.Skip()
			})
		case "tblGrid":
			return p.x.Each(func(el xml.StartElement) error {
				switch wname(el) {
				case "gridCol":
					t.Grid = append(t.Grid, atoi(wattr(el, "w"), 0))
				case "tblGridChange":
					c := change(el)
					p.revision(t.Pos, c)
					if t.Change == nil {
						t.Change = &c
					}
				}
				return p.x.Skip()
			})
		case "tr":
			r, err := p.row()
			t.Rows = append(t.Rows, r)
			return err
		}
		return p.rowLevel(el, child)
	}
	err := p.x.Each(child)
	return t, err
}

// rowLevel handles what may wrap rows or cells (content controls, custom
// XML) by giving their content to fn, and skips markers; anything else is
// reported.
func (p *parser) rowLevel(el xml.StartElement, fn func(xml.StartElement) error) error {
	switch wname(el) {
	case "sdt":
		return p.sdt(fn)
	case "customXml":
		return p.x.Each(func(el xml.StartElement) error {
			if wname(el) == "customXmlPr" {
				return p.x.Skip()
			}
			return fn(el)
		})
	case "bookmarkStart", "bookmarkEnd", "proofErr", "permStart", "permEnd",
		"moveFromRangeStart", "moveFromRangeEnd", "moveToRangeStart", "moveToRangeEnd",
		"commentRangeStart", "commentRangeEnd", "tblPrEx":
		return p.x.Skip()
	}
	_, err := p.unsupported(el, "element <"+qname(el.Name)+"> in a table", p.nextPos())
	return err
}

// row reads a w:tr.
func (p *parser) row() (*Row, error) {
	r := &Row{Pos: p.nextPos()}
	var cell func(el xml.StartElement) error
	cell = func(el xml.StartElement) error {
		switch wname(el) {
		case "trPr":
			return p.x.Each(func(el xml.StartElement) error {
				switch name := wname(el); name {
				case "tblHeader":
					r.Header = toggle(el) == On
				case "ins", "del":
					rev := Rev{Kind: Ins, Change: change(el)}
					if name == "del" {
						rev.Kind = Del
					}
					p.revision(r.Pos, rev.Change)
					r.Revs = append(r.Revs, rev)
				case "trPrChange":
					c := change(el)
					p.revision(r.Pos, c)
					r.Change = &c
				}
				return p.x.Skip()
			})
		case "tblPrEx":
			return p.x.Each(func(el xml.StartElement) error {
				if wname(el) == "tblPrExChange" {
					c := change(el)
					p.revision(r.Pos, c)
					r.Change = &c
				}
				return p.x.Skip()
			})
		case "tc":
			c, err := p.cell()
			r.Cells = append(r.Cells, c)
			return err
		}
		return p.rowLevel(el, cell)
	}
	err := p.x.Each(cell)
	return r, err
}

// cell reads a w:tc.
func (p *parser) cell() (*Cell, error) {
	c := &Cell{Pos: p.nextPos(), Span: 1}
	var out []Block
	err := p.x.Each(func(el xml.StartElement) error {
		if wname(el) != "tcPr" {
			return p.block(el, &out)
		}
		return p.x.Each(func(el xml.StartElement) error {
			switch name := wname(el); name {
			case "gridSpan":
				c.Span = max(atoi(wattr(el, "val"), 1), 1)
			case "vMerge":
				c.VMerge = wattr(el, "val")
				if c.VMerge == "" {
					c.VMerge = "continue"
				}
			case "cellIns", "cellDel", "cellMerge":
				rev := Rev{Kind: map[string]RevKind{"cellIns": Ins, "cellDel": Del, "cellMerge": Merge}[name], Change: change(el)}
				p.revision(c.Pos, rev.Change)
				c.Revs = append(c.Revs, rev)
			case "tcPrChange":
				ch := change(el)
				p.revision(c.Pos, ch)
				c.Change = &ch
			}
			return p.x.Skip()
		})
	})
	c.Blocks = out
	return c, err
}

// unsupported skips content that has no value here, counting its
// paragraphs, and reports it with its text at pos. what names it; "" for
// drawings and pictures, named from what they hold. An unknown element is a
// warning, the rest cannot be carried.
func (p *parser) unsupported(el xml.StartElement, what string, pos Pos) (*Unsupported, error) {
	sk, err := p.skipped()
	if what == "" {
		what = sk.kind(el.Name.Local)
	}
	u := &Unsupported{Pos: pos, What: what, Text: sk.text()}
	if strings.HasPrefix(what, "element <") {
		if t := oneLine(u.Text, maxReportText); t != "" {
			p.warn(pos, "%s not read: %q", what, t)
		} else {
			p.warn(pos, "%s not read", what)
		}
	} else {
		p.report(Report{Pos: pos, Kind: CannotCarry, What: what, Text: u.Text})
	}
	return u, err
}

// skip is what a skipped subtree held.
type skip struct {
	words                        []string
	textbox, image, chart, smart bool
	descr                        string
}

func (s *skip) text() string {
	if s.descr != "" && len(s.words) == 0 {
		return s.descr
	}
	return strings.Join(s.words, " ")
}

// kind names a drawing from what it holds.
func (s *skip) kind(local string) string {
	switch {
	case s.textbox:
		return "text box"
	case s.chart:
		return "chart"
	case s.smart:
		return "diagram (SmartArt)"
	case s.image:
		return "image"
	}
	if local == "pict" {
		return "drawing (VML)"
	}
	return "drawing"
}

// skipped reads to the end of the current element, counting its w:p (so
// that positions stay those of the XML), collecting its text (w:t, m:t,
// not twice from a fallback) and noting what it holds.
func (p *parser) skipped() (*skip, error) {
	s := &skip{}
	depth := p.x.Depth()
	fallback := 0 // depth of an mc:Fallback being read, 0 for none
	var word strings.Builder
	inText := false
	for p.x.Depth() >= depth {
		tok, err := p.x.Token()
		if err != nil {
			return s, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch {
			case isMC(t.Name) && t.Name.Local == "Fallback" && fallback == 0:
				fallback = p.x.Depth()
			case isW(t.Name) && t.Name.Local == "p":
				p.para++
				if word.Len() > 0 {
					s.words = append(s.words, word.String())
					word.Reset()
				}
			case isW(t.Name) && t.Name.Local == "txbxContent":
				s.textbox = true
			case t.Name.Local == "blip" || t.Name.Local == "imagedata":
				s.image = true
			case t.Name.Local == "chart":
				s.chart = true
			case t.Name.Local == "relIds" && strings.Contains(t.Name.Space, "diagram"):
				s.smart = true
			case t.Name.Local == "docPr":
				if d := anyAttr(t, "descr"); d != "" {
					s.descr = d
				} else if d := anyAttr(t, "title"); d != "" && s.descr == "" {
					s.descr = d
				}
			}
			inText = fallback == 0 && (isW(t.Name) && (t.Name.Local == "t" || t.Name.Local == "delText") || isM(t.Name) && t.Name.Local == "t")
		case xml.EndElement:
			if fallback > 0 && p.x.Depth() < fallback {
				fallback = 0
			}
			inText = false
		case xml.CharData:
			if inText {
				word.Write(t)
			}
		}
	}
	if word.Len() > 0 {
		s.words = append(s.words, word.String())
	}
	return s, nil
}

// skipCounting skips the current element, counting its paragraphs.
func (p *parser) skipCounting() error {
	_, err := p.skipped()
	return err
}
