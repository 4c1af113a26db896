package docx

import (
	"strconv"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Content and relationship types of the package.
const (
	ctMain      = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctStyles    = "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"
	ctSettings  = "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"
	ctFootnotes = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
	ctHeader    = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
	ctCore      = "application/vnd.openxmlformats-package.core-properties+xml"
	ctApp       = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
	ctRels      = "application/vnd.openxmlformats-package.relationships+xml"

	rtBase      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	rtCore      = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
	rtDocument  = rtBase + "officeDocument"
	rtApp       = rtBase + "extended-properties"
	rtStyles    = rtBase + "styles"
	rtSettings  = rtBase + "settings"
	rtFootnotes = rtBase + "footnotes"
	rtHeader    = rtBase + "header"
	rtHyperlink = rtBase + "hyperlink"
)

// Settings values: the default tab stop is the first ITU tab; Word's
// compatibility mode 15 is Word 2013 and later.
const (
	compatibilityMode = "15"
)

func contentTypes() []byte {
	x := &xb{}
	x.raw(xmlHeader)
	x.open("Types", "xmlns", "http://schemas.openxmlformats.org/package/2006/content-types")
	x.empty("Default", "Extension", "rels", "ContentType", ctRels)
	x.empty("Default", "Extension", "xml", "ContentType", "application/xml")
	for _, o := range [][2]string{
		{"/word/document.xml", ctMain},
		{"/word/styles.xml", ctStyles},
		{"/word/settings.xml", ctSettings},
		{"/word/footnotes.xml", ctFootnotes},
		{"/word/header1.xml", ctHeader},
		{"/word/header2.xml", ctHeader},
		{"/docProps/core.xml", ctCore},
		{"/docProps/app.xml", ctApp},
	} {
		x.empty("Override", "PartName", o[0], "ContentType", o[1])
	}
	x.close("Types")
	return x.b
}

// rels gives a relationships part: list as id, type, target, then an
// external hyperlink relationship for each of links (ids from linkRID).
func rels(list [][3]string, links []string) []byte {
	x := &xb{}
	x.raw(xmlHeader)
	x.open("Relationships", "xmlns", nsRel)
	for _, r := range list {
		x.empty("Relationship", "Id", r[0], "Type", r[1], "Target", r[2])
	}
	for i, l := range links {
		x.empty("Relationship", "Id", linkRID(i), "Type", rtHyperlink, "Target", l, "TargetMode", "External")
	}
	x.close("Relationships")
	return x.b
}

// linkRID is the relationship id of the i-th hyperlink target of a part,
// after the ids the package reserves.
func linkRID(i int) string { return "rIdLink" + strconv.Itoa(i+1) }

func packageRels() []byte {
	return rels([][3]string{
		{"rId1", rtDocument, "word/document.xml"},
		{"rId2", rtCore, "docProps/core.xml"},
		{"rId3", rtApp, "docProps/app.xml"},
	}, nil)
}

func documentRels(links []string) []byte {
	return rels([][3]string{
		{ridStyles, rtStyles, "styles.xml"},
		{ridSettings, rtSettings, "settings.xml"},
		{ridFootnotes, rtFootnotes, "footnotes.xml"},
		{ridHeader, rtHeader, "header1.xml"},
		{ridFirstHeader, rtHeader, "header2.xml"},
	}, links)
}

// coreProps gives docProps/core.xml: title, subject (the document number),
// creator, and the document's date as creation and modification date.
func (st *state) coreProps(e env) []byte {
	m := st.d.Meta
	x := &xb{}
	x.raw(xmlHeader)
	x.open("cp:coreProperties",
		"xmlns:cp", "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
		"xmlns:dc", "http://purl.org/dc/elements/1.1/",
		"xmlns:dcterms", "http://purl.org/dc/terms/",
		"xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
	if m.Title != "" {
		x.elem("dc:title", st.clean(m.Title, doc.Pos{}, "title"))
	}
	if m.Number != "" {
		x.elem("dc:subject", st.clean(m.Number, doc.Pos{}, "document number"))
	}
	x.elem("dc:creator", e.author)
	if e.date != "" {
		for _, name := range []string{"dcterms:created", "dcterms:modified"} {
			x.open(name, "xsi:type", "dcterms:W3CDTF")
			x.text(e.date)
			x.close(name)
		}
	}
	x.close("cp:coreProperties")
	return x.b
}

func appProps() []byte {
	x := &xb{}
	x.raw(xmlHeader)
	x.open("Properties",
		"xmlns", "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
		"xmlns:vt", "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes")
	x.elem("Application", "itudoc")
	x.close("Properties")
	return x.b
}

// settings gives word/settings.xml (CT_Settings order): the special
// footnotes Word needs, and no expansion of lines ended by a manual break in
// justified paragraphs.
func settings() []byte {
	x := &xb{}
	x.raw(xmlHeader)
	x.open("w:settings", "xmlns:w", nsW)
	x.empty("w:zoom", "w:percent", "100")
	x.ival("w:defaultTabStop", itu.Page.Tabs[0])
	x.val("w:characterSpacingControl", "doNotCompress")
	x.raw(`<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>`)
	x.open("w:compat")
	x.empty("w:doNotExpandShiftReturn")
	x.empty("w:compatSetting", "w:name", "compatibilityMode", "w:uri", "http://schemas.microsoft.com/office/word", "w:val", compatibilityMode)
	x.close("w:compat")
	x.close("w:settings")
	return x.b
}

// footnotes gives word/footnotes.xml: the separator (id -1) and continuation
// separator (id 0) Word needs, then every footnote of the marked view under
// its id, in style "footnote text", starting with the reference mark and a
// tab.
func (st *state) footnotes(e env) []byte {
	e.inNote = true
	x := &xb{}
	x.raw(xmlHeader)
	x.open("w:footnotes", "xmlns:w", nsW, "xmlns:r", nsR)
	for _, sep := range [][2]string{{"separator", "-1"}, {"continuationSeparator", "0"}} {
		x.open("w:footnote", "w:type", sep[0], "w:id", sep[1])
		x.raw(`<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:` + sep[0] + `/></w:r></w:p>`)
		x.close("w:footnote")
	}
	for _, fn := range st.d.Footnotes {
		x.open("w:footnote", "w:id", strconv.Itoa(fn.ID))
		x.open("w:p")
		pPr(x, itu.ID(doc.StyleFootnoteText), pOpts{})
		x.close("w:pPr")
		x.open("w:r")
		rPr(x, 0, footnoteRefStyle)
		x.raw("<w:footnoteRef/>")
		x.close("w:r")
		x.raw("<w:r><w:tab/></w:r>")
		st.inlines(x, e, fn.Inlines)
		x.close("w:p")
		x.close("w:footnote")
	}
	x.close("w:footnotes")
	return x.b
}

// header gives word/header1.xml, the running header from page 2: "- N -"
// with a PAGE field, then the document reference, centred, in
// itu.Page.HeaderSize.
func (st *state) header() []byte {
	x := &xb{}
	x.raw(xmlHeader)
	x.open("w:hdr", "xmlns:w", nsW, "xmlns:r", nsR)
	size := strconv.Itoa(itu.Page.HeaderSize)
	hrun := func(text string) {
		x.open("w:r")
		x.raw(`<w:rPr><w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/></w:rPr>`)
		x.open("w:t", "xml:space", "preserve")
		x.text(text)
		x.close("w:t")
		x.close("w:r")
	}
	hpara := func() {
		x.open("w:p")
		pPr(x, itu.ID(doc.StyleNormal), pOpts{zeroSpace: true, jc: string(itu.Center)})
		// The paragraph mark in the header size too, so that it does not
		// set a taller line.
		x.raw(`<w:rPr><w:sz w:val="` + size + `"/><w:szCs w:val="` + size + `"/></w:rPr>`)
		x.close("w:pPr")
	}
	hpara()
	hrun("- ")
	x.open("w:fldSimple", "w:instr", " PAGE ")
	hrun("2")
	x.close("w:fldSimple")
	hrun(" -")
	x.close("w:p")
	hpara()
	if ref := st.clean(st.d.Meta.Reference(), doc.Pos{}, "document reference"); ref != "" {
		hrun(ref)
	}
	x.close("w:p")
	x.close("w:hdr")
	return x.b
}

// emptyHeader gives word/header2.xml, the empty first-page header.
func emptyHeader() []byte {
	return []byte(xmlHeader + `<w:hdr xmlns:w="` + nsW + `"><w:p/></w:hdr>`)
}
