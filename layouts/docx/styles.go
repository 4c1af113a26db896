package docx

import (
	"slices"
	"strconv"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// styles gives word/styles.xml from itu.Styles and itu.Page: document
// defaults (font, size, language), every paragraph style in the style sheet's
// order, the default paragraph font, the footnote reference character style
// and the default table style.
func styles() []byte {
	x := &xb{b: make([]byte, 0, 8<<10)}
	x.raw(xmlHeader)
	x.open("w:styles", "xmlns:w", nsW)
	normal := itu.Styles[0]
	x.open("w:docDefaults")
	x.open("w:rPrDefault")
	x.open("w:rPr")
	x.empty("w:rFonts", "w:ascii", itu.Font, "w:eastAsia", itu.Font, "w:hAnsi", itu.Font, "w:cs", itu.Font)
	x.ival("w:sz", normal.Size)
	x.ival("w:szCs", normal.Size)
	x.empty("w:lang", "w:val", "en-GB", "w:eastAsia", "en-US", "w:bidi", "ar-SA")
	x.close("w:rPr")
	x.close("w:rPrDefault")
	x.raw("<w:pPrDefault/>")
	x.close("w:docDefaults")

	for i, s := range itu.Styles {
		attrs := []string{"w:type", "paragraph"}
		if i == 0 {
			attrs = append(attrs, "w:default", "1")
		} else if s.Name != doc.StyleFootnoteText {
			attrs = append(attrs, "w:customStyle", "1")
		}
		attrs = append(attrs, "w:styleId", itu.ID(s.Name))
		x.open("w:style", attrs...)
		x.val("w:name", string(s.Name))
		var parent itu.Spec // zero: every property off
		if s.BasedOn != "" {
			x.val("w:basedOn", itu.ID(s.BasedOn))
			parent = itu.Lookup(s.BasedOn)
		}
		if s.Next != "" {
			x.val("w:next", itu.ID(s.Next))
		}
		x.empty("w:qFormat")
		stylePPr(x, s, parent)
		styleRPr(x, s, parent)
		x.close("w:style")
	}

	x.raw(`<w:style w:type="character" w:default="1" w:styleId="` + defaultParaFontID + `"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>`)
	x.open("w:style", "w:type", "character", "w:styleId", footnoteRefStyle)
	x.val("w:name", footnoteRefName)
	x.val("w:basedOn", defaultParaFontID)
	x.open("w:rPr")
	x.ival("w:sz", itu.FootnoteRefSize)
	x.ival("w:szCs", itu.FootnoteRefSize)
	x.val("w:vertAlign", "superscript")
	x.close("w:rPr")
	x.close("w:style")
	x.raw(`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>`)
	x.close("w:styles")
	return x.b
}

// onOff writes a toggle property when the style differs from its parent
// (each itu.Spec is complete, so a false under a true parent is written as
// w:val="0").
func onOff(x *xb, name string, v, parent bool) {
	switch {
	case v && !parent:
		x.empty(name)
	case !v && parent:
		x.val(name, "0")
	}
}

// stylePPr writes a paragraph style's w:pPr in CT_PPrBase order.
func stylePPr(x *xb, s, parent itu.Spec) {
	x.open("w:pPr")
	onOff(x, "w:keepNext", s.KeepNext, parent.KeepNext)
	onOff(x, "w:keepLines", s.KeepLines, parent.KeepLines)
	onOff(x, "w:pageBreakBefore", s.PageBreak, parent.PageBreak)
	if s.Tabs != nil {
		// Word adds a style's tabs to its parent's: clear those not kept.
		x.open("w:tabs")
		var all []int
		for _, t := range parent.Tabs {
			if !slices.Contains(s.Tabs, t) {
				all = append(all, -t-1) // cleared, sorted in below
			}
		}
		all = append(all, s.Tabs...)
		slices.SortFunc(all, func(a, b int) int { return tabPos(a) - tabPos(b) })
		for _, t := range all {
			kind := "left"
			if t < 0 {
				kind = "clear"
			}
			x.empty("w:tab", "w:val", kind, "w:pos", strconv.Itoa(tabPos(t)))
		}
		x.close("w:tabs")
	}
	x.empty("w:spacing", "w:before", strconv.Itoa(s.Before), "w:after", strconv.Itoa(s.After))
	x.empty("w:ind", "w:left", strconv.Itoa(s.Left), "w:hanging", strconv.Itoa(s.Hanging))
	align := s.Align
	if align == "" {
		align = itu.Left
	}
	x.val("w:jc", string(align))
	x.close("w:pPr")
}

func tabPos(t int) int {
	if t < 0 {
		return -t - 1
	}
	return t
}

// styleRPr writes a paragraph style's w:rPr in CT_RPr order.
func styleRPr(x *xb, s, parent itu.Spec) {
	x.open("w:rPr")
	onOff(x, "w:b", s.Bold, parent.Bold)
	onOff(x, "w:bCs", s.Bold, parent.Bold)
	onOff(x, "w:i", s.Italic, parent.Italic)
	onOff(x, "w:iCs", s.Italic, parent.Italic)
	onOff(x, "w:caps", s.Caps, parent.Caps)
	x.ival("w:sz", s.Size)
	x.ival("w:szCs", s.Size)
	x.close("w:rPr")
}
