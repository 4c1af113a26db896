// Package itu is the ITU style sheet: page geometry and paragraph styles,
// one source of truth read by both the DOCX writer and the PDF typesetter.
//
// All lengths are in twips (1/20 pt; 567 twips = 1 cm), as in
// WordprocessingML; the typesetter converts with Pt. Values marked (c) in
// comments come from the common ITU template; (u) are customary for conference
// texts and were chosen here (see ../shared/ITU-STYLE.md).
package itu

import (
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// Twips per point.
const TwipsPerPt = 20

// Pt converts twips to points.
func Pt(twips int) float64 { return float64(twips) / TwipsPerPt }

// PageSpec is the page geometry (c).
type PageSpec struct {
	Width, Height                  int // A4
	Top, Bottom, Left, Right       int
	HeaderDistance, FooterDistance int
	HeaderSize                     int // half-points, running header text
	DifferentFirstPage             bool
	Tabs                           []int // default tab stops of Normal
}

// Page is the ITU A4 page (c).
var Page = PageSpec{
	Width: 11907, Height: 16840,
	Top: 1134, Bottom: 1134, Left: 1134, Right: 1134,
	HeaderDistance: 425, FooterDistance: 709,
	HeaderSize:         18, // 9 pt
	DifferentFirstPage: true,
	Tabs:               []int{794, 1191, 1588, 1985},
}

// TextWidth is the width of the type area.
func (p PageSpec) TextWidth() int { return p.Width - p.Left - p.Right }

// Font is the body font family. The PDF embeds Liberation Serif, metric-
// compatible with it.
const Font = "Times New Roman"

// Align is a paragraph alignment.
type Align string

const (
	Left    Align = "left"
	Center  Align = "center"
	Justify Align = "both" // WordprocessingML's name for justified
)

// Spec is the formatting of one paragraph style.
type Spec struct {
	Name      doc.Style
	BasedOn   doc.Style // "" for Normal
	Next      doc.Style // style of the paragraph Word starts after this one
	Size      int       // half-points, as w:sz
	Before    int       // space before, twips
	After     int       // space after, twips
	Left      int       // left indent, twips
	Hanging   int       // hanging indent, twips (first line starts at Left-Hanging)
	Align     Align
	Bold      bool
	Italic    bool
	Caps      bool  // shown in capitals
	KeepNext  bool  // keep with next paragraph
	KeepLines bool  // keep the paragraph's lines together
	PageBreak bool  // start on a new page (annexes and appendices)
	Tabs      []int // tab stops, twips from the left margin
}

// Styles lists every paragraph style, Normal first; the order is the order
// of styles.xml.
var Styles = []Spec{
	{Name: doc.StyleNormal, Size: 24, Before: 120, Align: Justify, Tabs: Page.Tabs},                                                                                        // (c) 12 pt, 6 pt before
	{Name: doc.StyleNormalAfterTitle, BasedOn: doc.StyleNormal, Next: doc.StyleNormal, Size: 24, Before: 360, Align: Justify},                                              // (c) 18 pt before
	{Name: doc.StyleCall, BasedOn: doc.StyleNormal, Next: doc.StyleNormal, Size: 24, Before: 160, Left: 794, Italic: true, KeepNext: true, Align: Left},                    // (u)
	{Name: doc.StyleEnumlev1, BasedOn: doc.StyleNormal, Size: 24, Before: 80, Left: 794, Hanging: 794, Align: Justify},                                                     // (c)
	{Name: doc.StyleEnumlev2, BasedOn: doc.StyleEnumlev1, Size: 24, Before: 80, Left: 1191, Hanging: 397, Align: Justify},                                                  // (c)
	{Name: doc.StyleEnumlev3, BasedOn: doc.StyleEnumlev2, Size: 24, Before: 80, Left: 1588, Hanging: 397, Align: Justify},                                                  // (c)
	{Name: doc.StyleProposal, BasedOn: doc.StyleNormal, Next: doc.StyleResNo, Size: 24, Before: 240, Bold: true, KeepNext: true, Align: Left},                              // (u)
	{Name: doc.StyleResNo, BasedOn: doc.StyleNormal, Next: doc.StyleRestitle, Size: 28, Before: 480, Caps: true, KeepNext: true, Align: Center},                            // (u) keep with its title
	{Name: doc.StyleRestitle, BasedOn: doc.StyleNormal, Next: doc.StyleNormalAfterTitle, Size: 28, Before: 240, Bold: true, KeepNext: true, Align: Center},                 // (u)
	{Name: doc.StyleReasons, BasedOn: doc.StyleNormal, Size: 24, Before: 120, Align: Left},                                                                                 // (u)
	{Name: doc.StyleSource, BasedOn: doc.StyleNormal, Next: doc.StyleTitle1, Size: 28, Before: 840, Bold: true, Align: Center},                                             // (u)
	{Name: doc.StyleTitle1, BasedOn: doc.StyleNormal, Size: 28, Before: 240, Caps: true, Align: Center, KeepNext: true},                                                    // (c)
	{Name: doc.StyleHeadingB, BasedOn: doc.StyleNormal, Next: doc.StyleNormal, Size: 24, Before: 160, Bold: true, KeepNext: true, Align: Left},                             // (c)
	{Name: doc.StyleTableText, BasedOn: doc.StyleNormal, Size: 22, Before: 40, After: 40, Align: Left},                                                                     // (c)
	{Name: doc.StyleTableHead, BasedOn: doc.StyleNormal, Size: 22, Before: 80, After: 80, Bold: true, Align: Center, KeepNext: true},                                       // (c)
	{Name: doc.StyleAnnexNo, BasedOn: doc.StyleNormal, Next: doc.StyleAnnextitle, Size: 28, Before: 480, Caps: true, KeepNext: true, PageBreak: true, Align: Center},       // (c) page break before the annex
	{Name: doc.StyleAnnextitle, BasedOn: doc.StyleNormal, Next: doc.StyleNormalAfterTitle, Size: 28, Before: 240, Bold: true, KeepNext: true, Align: Center},               // (c)
	{Name: doc.StyleAppendixNo, BasedOn: doc.StyleNormal, Next: doc.StyleAppendixtitle, Size: 28, Before: 480, Caps: true, KeepNext: true, PageBreak: true, Align: Center}, // (c) as AnnexNo
	{Name: doc.StyleAppendixtitle, BasedOn: doc.StyleNormal, Next: doc.StyleNormalAfterTitle, Size: 28, Before: 240, Bold: true, KeepNext: true, Align: Center},            // (c) as Annextitle
	{Name: doc.StyleHeading1, BasedOn: doc.StyleNormal, Next: doc.StyleNormal, Size: 24, Before: 280, Left: 794, Hanging: 794, Bold: true, KeepNext: true, Align: Left},    // (c) "1<TAB>Scope"
	{Name: doc.StyleHeading2, BasedOn: doc.StyleHeading1, Next: doc.StyleNormal, Size: 24, Before: 200, Left: 794, Hanging: 794, Bold: true, KeepNext: true, Align: Left},  // (c)
	{Name: doc.StyleHeading3, BasedOn: doc.StyleHeading2, Next: doc.StyleNormal, Size: 24, Before: 160, Left: 794, Hanging: 794, Bold: true, KeepNext: true, Align: Left},  // (c)
	{Name: doc.StyleFootnoteText, BasedOn: doc.StyleNormal, Size: 20, Before: 60, Left: 255, Hanging: 255, KeepLines: true, Align: Left},                                   // (c) 10 pt
}

// FootnoteRefSize is the size of footnote reference marks, half-points (c).
const FootnoteRefSize = 18

// Lookup returns the spec of a style; unknown names fall back to Normal.
func Lookup(name doc.Style) Spec {
	for _, s := range Styles {
		if s.Name == name {
			return s
		}
	}
	return Styles[0]
}

// ID is the style id WordprocessingML uses for a style name: the name
// without spaces ("footnote text" → "FootnoteText").
func ID(name doc.Style) string {
	if name == doc.StyleFootnoteText {
		return "FootnoteText"
	}
	return strings.ReplaceAll(string(name), " ", "")
}

// languages maps the language letter of a document number ("149-E") to
// the document's language tag; ITU's English is British.
var languages = map[string]string{
	"E": "en-GB", "F": "fr", "S": "es", "A": "ar", "C": "zh", "R": "ru",
}

// Lang gives the language of a document as a BCP 47 tag: from the letter
// that ends its number ("149-E" is English, "149-F" French), else
// "en-GB".
func Lang(m doc.Meta) string {
	if i := strings.LastIndexByte(m.Number, '-'); i >= 0 {
		if l, ok := languages[strings.ToUpper(m.Number[i+1:])]; ok {
			return l
		}
	}
	return "en-GB"
}
