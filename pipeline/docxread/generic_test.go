package docxread_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// A Word document in Word's own styles: Normal, List Paragraph with real
// numbering (letters "%1)", roman sub-items "%2)", "%1." and "%1.%2"
// decimals, a restart, a second w:num continuing the first, a form that is
// no label of the dialect, bullets), a heading, a cover table, a table in
// the annex, a footnote and an inserted item.
const genericStyles = `<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/></w:style>`

func lvl(ilvl int, format, text string, start int) string {
	return fmt.Sprintf(`<w:lvl w:ilvl="%d"><w:start w:val="%d"/><w:numFmt w:val="%s"/><w:lvlText w:val="%s"/></w:lvl>`, ilvl, start, format, text)
}

var genericNumbering = `<w:abstractNum w:abstractNumId="1">` + lvl(0, "lowerLetter", "%1)", 1) + lvl(1, "lowerRoman", "%2)", 1) + `</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="2">` + lvl(0, "decimal", "%1.", 1) + lvl(1, "decimal", "%1.%2", 1) + `</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="3">` + lvl(0, "upperLetter", "(%1)", 1) + `</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="4">` + lvl(0, "bullet", "•", 1) + `</w:abstractNum>` +
	`<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="1"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>` +
	`<w:num w:numId="4"><w:abstractNumId w:val="3"/></w:num>` +
	`<w:num w:numId="5"><w:abstractNumId w:val="4"/></w:num>` +
	`<w:num w:numId="6"><w:abstractNumId w:val="1"/></w:num>`

func para(style, text string) string {
	ppr := ""
	if style != "" {
		ppr = `<w:pPr><w:pStyle w:val="` + style + `"/></w:pPr>`
	}
	return `<w:p>` + ppr + `<w:r><w:t xml:space="preserve">` + text + `</w:t></w:r></w:p>`
}

func item(num string, level int, text string) string {
	return fmt.Sprintf(`<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%s"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">%s</w:t></w:r></w:p>`, level, num, text)
}

func cell(text string) string { return `<w:tc>` + para("", text) + `</w:tc>` }

var genericBody = para("", "") + `<w:tbl><w:tr>` + cell("Plenipotentiary Conference (PP-14)") +
	`<w:tc>` + para("", "COMMITTEE 4") + para("", "Document 149-E") + para("", "3 November 2014") + para("", "Original: English") + `</w:tc></w:tr></w:tbl>` +
	para("", "WORKING GROUP OF THE PLENARY") +
	`<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>A TITLE</w:t></w:r></w:p>` +
	para("", "") +
	para("", "MOD WGPL/149/2") +
	para("", "RESOLUTION 64 (REV. BUSAN, 2014)") +
	para("", "Title of it") +
	para("", "The Plenipotentiary Conference (Busan, 2014),") +
	para("", "recalling") +
	item("1", 0, "the first;") +
	`<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr><w:rPr><w:ins w:id="1" w:author="Delegate" w:date="2014-11-04T00:00:00Z"/></w:rPr></w:pPr>` +
	`<w:ins w:id="2" w:author="Delegate" w:date="2014-11-04T00:00:00Z"><w:r><w:t>the second, inserted;</w:t></w:r></w:ins></w:p>` +
	item("1", 1, "a sub-item;") +
	item("1", 0, `the third, with a note</w:t></w:r><w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t>;`) +
	para("", "resolves") +
	item("3", 0, "to act:") +
	item("3", 1, "in detail;") +
	item("2", 0, "again from a;") +
	item("6", 0, "going on from the first list;") +
	item("4", 0, "a form that is no label;") +
	item("5", 0, "a bullet;") +
	para("Heading1", "1 Scope") +
	`<w:tbl><w:tr><w:trPr><w:tblHeader/></w:trPr>` + cell("Category") + cell("Fee") + `</w:tr><w:tr>` + cell("Filing") + cell("570") + `</w:tr></w:tbl>` +
	para("", "Reasons: to be clear.")

const genericNotes = `<w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> A real footnote.</w:t></w:r></w:p></w:footnote>`

func genericDOCX(body string) []byte {
	return docxtest.Package(map[string]string{
		"word/document.xml":  docxtest.Document(body),
		"word/styles.xml":    docxtest.Wrap("w:styles", genericStyles),
		"word/numbering.xml": docxtest.Wrap("w:numbering", genericNumbering),
		"word/footnotes.xml": docxtest.Wrap("w:footnotes", genericNotes),
	}, nil)
}

// outlineOf lists every paragraph of a proposal as "style level
// label|text", table cells included.
func outlineOf(p *doc.Proposal) []string {
	var out []string
	doc.Paragraphs(p.Blocks, func(q *doc.Paragraph) {
		s := string(q.Style)
		if q.Level > 0 {
			s += fmt.Sprintf(" %d", q.Level)
		}
		if len(q.Label) > 0 {
			s += " " + inlines(q.Label)
		}
		out = append(out, s+"|"+inlines(q.Inlines))
	})
	return out
}

// TestGenericStyles: a Word document in generic styles is read by the
// dialect's recognisers: the cover table into Meta, the source and the
// bold title, the proposal and its heading sequence, calls, labels made
// from the numbering Word shows (letters, roman sub-items at level 2 as
// the indent of their level says, decimals, a restart, a list going on in
// a second w:num), the inserted item's label inserted with its mark, a
// bullet as the ITU dash, a heading style as a heading, the annex's table
// with its header row, the real footnote kept; and it says so, at the
// reader's positions.
func TestGenericStyles(t *testing.T) {
	data := genericDOCX(genericBody)
	res, err := docxread.Read("pp14-149-e.docx", data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	d := res.Doc
	m := d.Meta
	if m.Conference != "Plenipotentiary Conference (PP-14)" || m.Committee != "COMMITTEE 4" || m.Number != "149-E" || m.ISODate != "2014-11-03" ||
		m.Original != "English" || m.Source != "WORKING GROUP OF THE PLENARY" || m.Title != "A TITLE" || m.Reference() != "PP14/149-E" {
		t.Errorf("meta %+v", m)
	}
	ps := d.Proposals()
	if len(ps) != 1 || ps[0].Action != doc.ActionMOD || ps[0].ID != "WGPL/149/2" || ps[0].Number != "RESOLUTION 64 (REV. BUSAN, 2014)" || ps[0].Title != "Title of it" {
		t.Fatalf("proposals %+v", ps)
	}
	expect(t, outlineOf(ps[0]),
		`Proposal|"MOD\tWGPL/149/2"`,
		`ResNo|"RESOLUTION 64 (REV. BUSAN, 2014)"`,
		`Restitle|"Title of it"`,
		`Normalaftertitle|"The Plenipotentiary Conference (Busan, 2014),"`,
		`Call|"recalling"`,
		`enumlev1 1 "a)"|"the first;"`,
		`enumlev1 1 [+"b)"+]|[+"the second, inserted;"+]`,
		`enumlev2 2 "i)"|"a sub-item;"`,
		`enumlev1 1 "c)"|"the third, with a note"<1>";"`,
		`Call|"resolves"`,
		`enumlev1 1 "1."|"to act:"`,
		`enumlev2 2 "1.1"|"in detail;"`,
		`enumlev1 1 "a)"|"again from a;"`,
		`enumlev1 1 "d)"|"going on from the first list;"`,
		`Normal|"(A)\ta form that is no label;"`,
		`enumlev1 1 "–"|"a bullet;"`,
		`Heading 1|"1 Scope"`,
		`Table_head|"Category"`, `Table_head|"Fee"`, `Table_text|"Filing"`, `Table_text|"570"`,
		`Reasons|{b}"Reasons:"" to be clear."`)
	inserted := ps[0].Blocks[6].(*doc.Paragraph)
	if c := d.Change(inserted.Mark.Ins); c.Author != "Delegate" || c.Date != "2014-11-04" || inserted.Label[0].Revision() != inserted.Mark {
		t.Errorf("inserted item: mark %+v (%+v), label %+v", inserted.Mark, c, inserted.Label)
	}
	if len(d.Footnotes) != 1 || inlines(d.Footnotes[0].Inlines) != `"A real footnote."` {
		t.Errorf("footnotes %+v", d.Footnotes)
	}
	typed, err := wml.Read(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	at := func(text string) int { // the first paragraph whose text starts so ("" only an empty one)
		n := 0
		wml.Paragraphs(typed.Body, func(p *wml.Paragraph) {
			if pt := wml.InlineText(p.Inlines); n == 0 && strings.HasPrefix(pt, text) && (text != "" || pt == "") {
				n = p.Pos.Para
			}
		})
		if n == 0 {
			t.Fatalf("no paragraph %q", text)
		}
		return n
	}
	for _, w := range []struct {
		sev  doc.Severity
		line int
		msg  string
	}{
		{doc.Warning, 0, `the document, in "List Paragraph", "Normal", "heading 1", is read by the rules of the source dialect`},
		{doc.Note, at("Plenipotentiary"), "the first table read as the cover's metadata"},
		{doc.Note, at("the first;"), `labels of list numbering 1 level 0 made from its numbering (lowerLetter "%1)"): "a)" here`},
		{doc.Note, at("a sub-item"), `labels of list numbering 1 level 1 made from its numbering (lowerRoman "%2)"): "i)" here`},
		{doc.Note, at("in detail"), `labels of list numbering 3 level 1 made from its numbering (decimal "%1.%2"): "1.1" here`},
		{doc.Warning, at("a form that"), `list number "(A)" (numbering 4 level 0, upperLetter "(%1)") is not a label form of the dialect: kept as text`},
		{doc.Note, at("1 Scope"), `paragraphs in style "heading 1" read as headings of level 1`},
		{doc.Note, at(""), "empty paragraph left out"}, // before the cover table, which is still the cover's
	} {
		found := false
		for _, dg := range d.Diagnostics {
			if dg.Severity == w.sev && strings.Contains(dg.Message, w.msg) && (w.line == 0 || dg.Pos.Line == w.line) {
				found = true
			}
		}
		if !found {
			t.Errorf("no %s at §%d: %s", w.sev, w.line, w.msg)
		}
	}
	for _, dg := range d.Diagnostics {
		t.Logf("%s", dg.Format("pp14-149-e.docx"))
	}
}

// One paragraph in an ITU style that says what it is makes the document
// one in ITU styles: its Normal paragraphs stay Normal, nothing is read
// by the dialect's rules.
func TestITUStyleNotGeneric(t *testing.T) {
	body := strings.Replace(genericBody, para("", "recalling"), para("Call", "recalling"), 1)
	res, err := docxread.Read("x.docx", genericDOCX(body), ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Doc.Proposals()) != 0 {
		t.Errorf("%d proposals: the Normal paragraph \"MOD WGPL/149/2\" was read by the dialect's rules", len(res.Doc.Proposals()))
	}
	for _, dg := range res.Doc.Diagnostics {
		if strings.Contains(dg.Message, "rules of the source dialect") {
			t.Errorf("%s", dg.Message)
		}
	}
}

func TestFormatNumber(t *testing.T) {
	for _, c := range []struct {
		n      int
		format string
		want   string
	}{
		{1, "lowerLetter", "a"}, {26, "lowerLetter", "z"}, {27, "lowerLetter", "aa"}, {28, "upperLetter", "BB"},
		{4, "lowerRoman", "iv"}, {1994, "upperRoman", "MCMXCIV"}, {7, "decimalZero", "07"}, {12, "decimalZero", "12"},
		{3, "decimal", "3"}, {3, "ordinal", "3"}, {3, "none", ""},
	} {
		if got := docxread.FormatNumber(c.n, c.format); got != c.want {
			t.Errorf("FormatNumber(%d, %s) = %q, want %q", c.n, c.format, got, c.want)
		}
	}
}

func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
