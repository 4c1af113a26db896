package wml

import (
	"encoding/xml"

	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
)

// Numbering is numbering.xml: abstract list definitions and the w:num
// instances paragraphs refer to. Methods on a nil or empty Numbering find
// nothing.
type Numbering struct {
	Abstract []*AbstractNum
	Nums     []*Num
	abs      map[string]*AbstractNum
	nums     map[string]*Num
}

// AbstractNum is a w:abstractNum: up to nine levels.
type AbstractNum struct {
	ID           string
	Levels       []*Level
	StyleLink    string // w:styleLink: this defines a numbering style
	NumStyleLink string // w:numStyleLink: the levels are the numbering style's
}

// Level is a w:lvl.
type Level struct {
	Level  int    // w:ilvl, 0-8
	Start  int    // w:start, 1 when not set
	Format string // w:numFmt: "decimal", "lowerLetter", "lowerRoman", "bullet", …
	Text   string // w:lvlText: "%1)", "%1.%2", "–"
	Style  string // w:pStyle: the paragraph style bound to the level
	Suffix string // w:suff: "tab" (default), "space" or "nothing"
}

// Num is a w:num: an abstract definition with level overrides.
type Num struct {
	ID        string
	Abstract  string
	Overrides []*Override
}

// Override is a w:lvlOverride: a new start, a new level, or both.
type Override struct {
	Level int
	Start int    // w:startOverride, -1 for none
	Def   *Level // a w:lvl of its own, nil for none
}

// Num gives the w:num with id, or nil.
func (n *Numbering) Num(id string) *Num {
	if n == nil {
		return nil
	}
	return n.nums[id]
}

// AbstractFor gives the abstract definition a w:num uses, following one
// numStyleLink to the numbering style's definition; nil when missing.
func (n *Numbering) AbstractFor(numID string) *AbstractNum {
	num := n.Num(numID)
	if num == nil {
		return nil
	}
	a := n.abs[num.Abstract]
	if a != nil && a.NumStyleLink != "" {
		for _, b := range n.Abstract {
			if b.StyleLink == a.NumStyleLink && b != a {
				return b
			}
		}
	}
	return a
}

// Level gives the level ilvl of w:num numID with its overrides applied, or
// nil.
func (n *Numbering) Level(numID string, ilvl int) *Level {
	num := n.Num(numID)
	if num == nil {
		return nil
	}
	var lvl *Level
	if a := n.AbstractFor(numID); a != nil {
		for _, l := range a.Levels {
			if l.Level == ilvl {
				lvl = l
			}
		}
	}
	for _, o := range num.Overrides {
		if o.Level != ilvl {
			continue
		}
		if o.Def != nil {
			lvl = o.Def
		}
		if o.Start >= 0 && lvl != nil {
			c := *lvl
			c.Start = o.Start
			lvl = &c
		}
	}
	return lvl
}

// readNumbering reads numbering.xml.
func readNumbering(open func(string) (*ooxml.Decoder, error), part string) (*Numbering, error) {
	x, err := open(part)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	n := &Numbering{abs: map[string]*AbstractNum{}, nums: map[string]*Num{}}
	err = x.Root("numbering", func(xml.StartElement) error {
		return x.Each(func(el xml.StartElement) error {
			switch wname(el) {
			case "abstractNum":
				a := &AbstractNum{ID: wattr(el, "abstractNumId")}
				err := x.Each(func(el xml.StartElement) error {
					switch wname(el) {
					case "lvl":
						l, err := readLevel(x, el)
						a.Levels = append(a.Levels, l)
						return err
					case "styleLink":
						a.StyleLink = wattr(el, "val")
					case "numStyleLink":
						a.NumStyleLink = wattr(el, "val")
					}
					return x.Skip()
				})
				n.Abstract = append(n.Abstract, a)
				if _, dup := n.abs[a.ID]; !dup {
					n.abs[a.ID] = a
				}
				return err
			case "num":
				num := &Num{ID: wattr(el, "numId")}
				err := x.Each(func(el xml.StartElement) error {
					switch wname(el) {
					case "abstractNumId":
						num.Abstract = wattr(el, "val")
					case "lvlOverride":
						o := &Override{Level: atoi(wattr(el, "ilvl"), 0), Start: -1}
						num.Overrides = append(num.Overrides, o)
						return x.Each(func(el xml.StartElement) error {
							switch wname(el) {
							case "startOverride":
								o.Start = atoi(wattr(el, "val"), -1)
							case "lvl":
								l, err := readLevel(x, el)
								o.Def = l
								return err
							}
							return x.Skip()
						})
					}
					return x.Skip()
				})
				n.Nums = append(n.Nums, num)
				if _, dup := n.nums[num.ID]; !dup {
					n.nums[num.ID] = num
				}
				return err
			}
			return x.Skip()
		})
	})
	return n, err
}

// readLevel reads a w:lvl whose start is el.
func readLevel(x *ooxml.Decoder, el xml.StartElement) (*Level, error) {
	l := &Level{Level: min(max(atoi(wattr(el, "ilvl"), 0), 0), 8), Start: 1, Suffix: "tab"}
	err := x.Each(func(el xml.StartElement) error {
		switch wname(el) {
		case "start":
			l.Start = atoi(wattr(el, "val"), 1)
		case "numFmt":
			l.Format = wattr(el, "val")
		case "lvlText":
			l.Text = wattr(el, "val")
		case "pStyle":
			l.Style = wattr(el, "val")
		case "suff":
			l.Suffix = wattr(el, "val")
		}
		return x.Skip()
	})
	return l, err
}
