package docx

import (
	"bytes"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Child orders from the ISO/IEC 29500 transitional schema (ECMA-376 Part 1,
// where CT_RPr is a sequence: Word rejects runs whose properties are out of
// this order even though the 2016 transitional XSD accepts any order).
var (
	orderPPr = []string{"pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
		"numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap",
		"overflowPunct", "topLinePunct", "autoSpaceDE", "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid",
		"spacing", "ind", "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
		"textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr", "sectPr", "pPrChange"}
	// paragraph-mark revisions come first in a w:pPr/w:rPr (CT_ParaRPr).
	orderRPr = []string{"ins", "del", "moveFrom", "moveTo", "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps",
		"smallCaps", "strike", "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
		"vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u",
		"effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout",
		"specVanish", "oMath", "rPrChange"}
	orderSectPr = []string{"headerReference", "footerReference", "footnotePr", "endnotePr", "type", "pgSz",
		"pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols", "formProt", "vAlign", "noEndnote",
		"titlePg", "textDirection", "bidi", "rtlGutter", "docGrid", "printerSettings", "sectPrChange"}
	orderTblPr = []string{"tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
		"tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders", "shd", "tblLayout",
		"tblCellMar", "tblLook", "tblCaption", "tblDescription"}
	orderStyle = []string{"name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden", "uiPriority",
		"semiHidden", "unhideWhenUsed", "qFormat", "locked", "personal", "personalCompose", "personalReply",
		"rsid", "pPr", "rPr", "tblPr", "trPr", "tcPr", "tblStylePr"}
	orderTbl = []string{"tblPr", "tblGrid", "tr"}
)

// checkOrder fails when a child of n is not in order or not known.
func checkOrder(t *testing.T, part string, n *node, order []string) {
	t.Helper()
	last := -1
	for _, k := range n.kids {
		i := slices.Index(order, k.name)
		if i < 0 {
			t.Errorf("%s: unexpected w:%s in w:%s", part, k.name, n.name)
			continue
		}
		if i < last {
			t.Errorf("%s: w:%s after w:%s in w:%s: out of schema order", part, k.name, order[last], n.name)
		}
		// Repeats are allowed only for header references.
		if i == last && k.name != "headerReference" && k.name != "footerReference" && k.name != "tr" {
			t.Errorf("%s: w:%s repeated in w:%s", part, k.name, n.name)
		}
		last = i
	}
}

// checkAllOrders checks every w:pPr, w:rPr, w:sectPr, w:tblPr, w:style and
// w:tbl of a part, and returns how many property elements it checked.
func checkAllOrders(t *testing.T, part string, root *node) map[string]int {
	t.Helper()
	seen := map[string]int{}
	root.walk(nil, func(n, parent *node) {
		var order []string
		switch n.name {
		case "pPr":
			order = orderPPr
		case "rPr":
			order = orderRPr
		case "sectPr":
			order = orderSectPr
		case "tblPr":
			order = orderTblPr
		case "style":
			order = orderStyle
		case "tbl":
			order = orderTbl
		default:
			return
		}
		for _, k := range n.kids {
			seen[n.name+"/"+k.name]++
		}
		checkOrder(t, part, n, order)
	})
	return seen
}

func TestElementOrder(t *testing.T) {
	d := sampleDoc()
	// A run with every format, to put rStyle-less b, i and vertAlign together.
	d.Blocks = append(d.Blocks, para(doc.StyleNormal, fmtRun("all", doc.Bold|doc.Italic|doc.Superscript)))
	p, _, _ := write(t, d, Options{})
	seen := map[string]int{}
	for _, part := range []string{"word/document.xml", "word/styles.xml", "word/footnotes.xml", "word/header1.xml"} {
		for k, v := range checkAllOrders(t, part, p.xml(t, part)) {
			seen[k] += v
		}
	}
	// The check must have met the properties whose order matters.
	for _, want := range []string{
		"pPr/pStyle", "pPr/keepNext", "pPr/keepLines", "pPr/pageBreakBefore", "pPr/tabs", "pPr/spacing",
		"pPr/ind", "pPr/jc", "pPr/rPr", "rPr/ins", "rPr/del", "rPr/rStyle", "rPr/rFonts", "rPr/b", "rPr/bCs",
		"rPr/i", "rPr/iCs", "rPr/caps", "rPr/sz", "rPr/szCs", "rPr/vertAlign", "rPr/lang",
		"sectPr/headerReference", "sectPr/pgSz", "sectPr/pgMar", "sectPr/titlePg",
		"tblPr/tblW", "tblPr/tblBorders", "tblPr/tblLayout", "style/basedOn", "style/next",
	} {
		if seen[want] == 0 {
			t.Errorf("no %s met: the order check does not cover it", want)
		}
	}
}

func TestSectPr(t *testing.T) {
	p, _, _ := write(t, sampleDoc(), Options{})
	body := p.xml(t, "word/document.xml").child("body")
	sect := body.kids[len(body.kids)-1]
	if sect.name != "sectPr" {
		t.Fatalf("last child of w:body is w:%s, want w:sectPr", sect.name)
	}
	var got []string
	for _, k := range sect.kids {
		got = append(got, k.name)
	}
	want := []string{"headerReference", "headerReference", "pgSz", "pgMar", "titlePg"}
	if !slices.Equal(got, want) {
		t.Errorf("sectPr children %v, want %v", got, want)
	}
	sz := sect.child("pgSz")
	if sz.attrs["w"] != "11907" || sz.attrs["h"] != "16840" {
		t.Errorf("pgSz %v, want A4 11907×16840", sz.attrs)
	}
	mar := sect.child("pgMar")
	for k, v := range map[string]string{"top": "1134", "right": "1134", "bottom": "1134", "left": "1134", "header": "425", "footer": "709", "gutter": "0"} {
		if mar.attrs[k] != v {
			t.Errorf("pgMar %s=%q, want %q", k, mar.attrs[k], v)
		}
	}
	refs := map[string]string{}
	for _, h := range sect.all("headerReference") {
		refs[h.attrs["type"]] = h.attrs["id"]
	}
	rels := p.xml(t, "word/_rels/document.xml.rels")
	targets := map[string]string{}
	for _, r := range rels.all("Relationship") {
		targets[r.attrs["Id"]] = r.attrs["Target"]
	}
	if targets[refs["default"]] != "header1.xml" || targets[refs["first"]] != "header2.xml" {
		t.Errorf("header references %v resolve to %v", refs, targets)
	}
	if got := p.xml(t, "word/header2.xml").texts("t"); got != "" {
		t.Errorf("first-page header has text %q", got)
	}
	h := p.xml(t, "word/header1.xml")
	if got := h.texts("t"); got != "- 2 -PP14/149-E" {
		t.Errorf("running header text %q", got)
	}
	if f := h.all("fldSimple"); len(f) != 1 || strings.TrimSpace(f[0].attrs["instr"]) != "PAGE" {
		t.Errorf("running header has no PAGE field")
	}
	for _, sz := range h.all("sz") {
		if sz.attrs["val"] != strconv.Itoa(itu.Page.HeaderSize) {
			t.Errorf("header size %s, want %d", sz.attrs["val"], itu.Page.HeaderSize)
		}
	}
}

func TestEscaping(t *testing.T) {
	const text = `a & b < c > d " e ' f &amp;`
	d := &doc.Document{
		Meta:   doc.Meta{Number: `1<2>&"'`, Title: `T & "q"`, Source: `S'<`},
		Blocks: []doc.Block{para(doc.StyleNormal, run(text))},
	}
	p, _, _ := write(t, d, Options{})
	raw := string(p.files["word/document.xml"])
	if !strings.Contains(raw, `a &amp; b &lt; c &gt; d &quot; e &apos; f &amp;amp;`) {
		t.Errorf("text not escaped in document.xml:\n%s", raw)
	}
	if got := p.xml(t, "word/document.xml").texts("t"); !strings.Contains(got, text) {
		t.Errorf("text does not round-trip: %q", got)
	}
	// Attributes (the revision author) and other parts are escaped too.
	d.Blocks = append(d.Blocks, para(doc.StyleNormal, ins("x", 1)))
	p, _, _ = write(t, d, Options{Author: `A "B" & <C>`})
	ins := p.xml(t, "word/document.xml").all("ins")
	if len(ins) != 1 || ins[0].attrs["author"] != `A "B" & <C>` {
		t.Errorf("author attribute does not round-trip: %v", ins)
	}
	if got := p.xml(t, "word/header1.xml").texts("t"); !strings.HasSuffix(got, `1<2>&"'`) {
		t.Errorf("header reference %q", got)
	}
	core := p.xml(t, "docProps/core.xml")
	if core.child("title").text != `T & "q"` || core.child("subject").text != `1<2>&"'` {
		t.Errorf("core properties do not round-trip")
	}
}

func TestForbiddenCharacters(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		para(doc.StyleNormal, &doc.Run{Pos: doc.Pos{Line: 3, Col: 5}, Text: "ab\x00c\x1bd\uFFFEe\rf"}),
		para(doc.StyleNormal, &doc.Run{Pos: doc.Pos{Line: 7, Col: 1}, Text: "x\ny\x01z"}),
		para(doc.StyleNormal, &doc.Run{Pos: doc.Pos{Line: 9, Col: 1}, Text: "bad\xffutf8 ok\uFFFD"}),
	}}
	p, _, diags := write(t, d, Options{})
	root := p.xml(t, "word/document.xml")
	var got []string
	for _, para := range root.child("body").all("p") {
		got = append(got, para.texts("t"))
	}
	want := []string{"abcdef", "xyz", "badutf8 ok\uFFFD"}
	if !slices.Equal(got, want) {
		t.Errorf("texts %q, want %q", got, want)
	}
	wantPos := []doc.Pos{{Line: 3, Col: 7}, {Line: 8, Col: 2}, {Line: 9, Col: 4}}
	if len(diags) != len(wantPos) {
		t.Fatalf("diagnostics %v, want %d warnings", diags, len(wantPos))
	}
	for i, dg := range diags {
		if dg.Severity != doc.Warning || dg.Pos != wantPos[i] {
			t.Errorf("diagnostic %d: %v at %v, want a warning at %v", i, dg.Severity, dg.Pos, wantPos[i])
		}
	}
	if !strings.Contains(diags[0].Message, "removed 4 character") {
		t.Errorf("message %q does not count the 4 characters removed", diags[0].Message)
	}
}

// revisions gives every w:ins and w:del (run and paragraph-mark revisions)
// of the parts that hold text.
func revisions(t *testing.T, p *pkg) []*node {
	var out []*node
	for _, part := range []string{"word/document.xml", "word/footnotes.xml"} {
		root := p.xml(t, part)
		root.walk(nil, func(n, _ *node) {
			if n.name == "ins" || n.name == "del" {
				out = append(out, n)
			}
		})
	}
	return out
}

func TestRevisionIDsUnique(t *testing.T) {
	d := sampleDoc()
	// A revision in a footnote: ids must run on across parts.
	d.Footnotes[0].Inlines = append(d.Footnotes[0].Inlines, ins(" and more", 13))
	p, _, _ := write(t, d, Options{})
	revs := revisions(t, p)
	ids := map[string]bool{}
	for _, r := range revs {
		id, ok := r.attr("id")
		if !ok {
			t.Fatalf("w:%s without w:id", r.name)
		}
		if ids[id] {
			t.Errorf("revision id %s used twice", id)
		}
		ids[id] = true
		if r.attrs["author"] != "WORKING GROUP OF THE PLENARY" || r.attrs["date"] != "2014-11-03T00:00:00Z" {
			t.Errorf("w:%s author %q date %q", r.name, r.attrs["author"], r.attrs["date"])
		}
	}
	// 12 run marks in the body (the ADD and SUP proposals carry none) plus 2
	// paragraph marks plus the footnote's insertion.
	if len(revs) != 15 {
		t.Errorf("%d revisions, want 15", len(revs))
	}
	// No revisions in an ADD proposal (edits accepts them); a SUP
	// proposal keeps whatever the source gives of it.
	raw := string(p.files["word/document.xml"])
	if !strings.Contains(raw, "this paragraph of a SUP proposal is kept") {
		t.Errorf("a SUP proposal's body paragraph was dropped")
	}
}

func TestRunRevisions(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{para(doc.StyleNormal,
		run("keep "), del("old\ttext", 1), ins("new", 2),
		&doc.Run{Text: " text", Format: doc.Bold, Rev: doc.Revision{Ins: 2}}, run(" end"))}}
	p, _, _ := write(t, d, Options{Author: "me", Date: "2020-02-29"})
	pn := p.xml(t, "word/document.xml").child("body").child("p")
	var kinds []string
	for _, k := range pn.kids {
		kinds = append(kinds, k.name)
	}
	// One w:ins for the two runs of one source mark.
	if want := []string{"pPr", "r", "del", "ins", "r"}; !slices.Equal(kinds, want) {
		t.Fatalf("paragraph children %v, want %v", kinds, want)
	}
	dl := pn.kids[2]
	if dl.texts("t") != "" || dl.texts("delText") != "oldtext" || len(dl.all("tab")) != 1 {
		t.Errorf("deletion: t %q delText %q tabs %d", dl.texts("t"), dl.texts("delText"), len(dl.all("tab")))
	}
	if in := pn.kids[3]; len(in.all("r")) != 2 || in.texts("t") != "new text" || len(in.all("delText")) != 0 {
		t.Errorf("insertion: %d runs, text %q", len(in.all("r")), in.texts("t"))
	}
	if dl.attrs["date"] != "2020-02-29T00:00:00Z" || dl.attrs["author"] != "me" {
		t.Errorf("options not applied: %v", dl.attrs)
	}
	// A revision without text writes nothing and takes no id.
	d = &doc.Document{Blocks: []doc.Block{para(doc.StyleNormal, run("a"), ins("", 1), run("b"))}}
	p, _, _ = write(t, d, Options{})
	if n := len(revisions(t, p)); n != 0 {
		t.Errorf("%d revisions written for an empty insertion", n)
	}
	for _, tt := range pn.all("t") {
		if tt.attrs["space"] != "preserve" {
			t.Errorf("w:t without xml:space=preserve")
		}
	}
}

func TestParagraphMarkRevisions(t *testing.T) {
	p, _, _ := write(t, sampleDoc(), Options{})
	var marked []*node
	for _, pn := range p.xml(t, "word/document.xml").all("p") {
		if pp := pn.child("pPr"); pp != nil && pp.child("rPr") != nil {
			marked = append(marked, pn)
		}
	}
	if len(marked) != 2 {
		t.Fatalf("%d paragraphs with a revised mark, want 2", len(marked))
	}
	for i, want := range []string{"ins", "del"} {
		pn := marked[i]
		mr := pn.child("pPr").child("rPr")
		if len(mr.kids) != 1 || mr.kids[0].name != want {
			t.Errorf("paragraph %d: mark revision %v, want w:%s", i, mr.kids, want)
		}
		// Every run, the label's tab included, is inside the same kind of
		// revision: nothing is left behind when it is accepted or rejected.
		for _, k := range pn.kids[1:] {
			if k.name != want {
				t.Errorf("paragraph %d: w:%s beside a w:%s mark", i, k.name, want)
			}
		}
		if len(pn.all("tab")) != 1 {
			t.Errorf("paragraph %d: no tab between label and text", i)
		}
	}
	if got := marked[1].texts("delText"); !strings.HasPrefix(got, "g)that Council") {
		t.Errorf("deleted paragraph text %q", got)
	}
	if got := marked[0].texts("t"); !strings.HasPrefix(got, "2the preamble") {
		t.Errorf("inserted paragraph text %q", got)
	}
	if st := marked[0].child("pPr").child("pStyle").attrs["val"]; st != "enumlev1" {
		t.Errorf("labelled paragraph in style %q", st)
	}
}

func TestFootnotes(t *testing.T) {
	d := sampleDoc()
	d.Footnotes = append(d.Footnotes, &doc.Footnote{ID: 2, Mark: "2", Inlines: []doc.Inline{run("Second note.")}})
	d.Blocks = append(d.Blocks, para(doc.StyleNormal, run("two"), &doc.FootnoteRef{ID: 2, Mark: "2"},
		run(" again"), &doc.FootnoteRef{ID: 2, Mark: "2"}))
	p, _, diags := write(t, d, Options{})
	notes := map[string]*node{}
	var order []string
	for _, fn := range p.xml(t, "word/footnotes.xml").all("footnote") {
		id := fn.attrs["id"]
		notes[id] = fn
		order = append(order, id+":"+fn.attrs["type"])
	}
	if want := []string{"-1:separator", "0:continuationSeparator", "1:", "2:"}; !slices.Equal(order, want) {
		t.Errorf("footnotes %v, want %v", order, want)
	}
	if len(notes["-1"].all("separator")) != 1 || len(notes["0"].all("continuationSeparator")) != 1 {
		t.Errorf("separator footnotes lack their separator runs")
	}
	refs := p.xml(t, "word/document.xml").all("footnoteReference")
	if len(refs) != 2 {
		t.Fatalf("%d footnote references, want 2 (the repeated one is plain)", len(refs))
	}
	for _, r := range refs {
		fn := notes[r.attrs["id"]]
		if fn == nil || fn.attrs["type"] != "" {
			t.Errorf("reference %s does not resolve to a footnote", r.attrs["id"])
		}
	}
	if got := notes["1"].texts("t"); got != "These include the least developed countries, small island developing states." {
		t.Errorf("footnote 1 text %q", got)
	}
	if len(notes["1"].all("footnoteRef")) != 1 || notes["1"].child("p").child("pPr").child("pStyle").attrs["val"] != "FootnoteText" {
		t.Errorf("footnote 1 lacks its mark or style")
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Message, "referenced again") {
		t.Errorf("diagnostics %v, want one about the repeated reference", diags)
	}
	settings := p.xml(t, "word/settings.xml")
	var special []string
	for _, f := range settings.child("footnotePr").all("footnote") {
		special = append(special, f.attrs["id"])
	}
	if !slices.Equal(special, []string{"-1", "0"}) {
		t.Errorf("settings footnotePr %v", special)
	}

	// A dangling reference is reported and written as its mark.
	d = &doc.Document{Blocks: []doc.Block{para(doc.StyleNormal, run("x"), &doc.FootnoteRef{Pos: doc.Pos{Line: 4, Col: 2}, ID: 9, Mark: "9"})}}
	p, _, diags = write(t, d, Options{})
	if len(p.xml(t, "word/document.xml").all("footnoteReference")) != 0 {
		t.Errorf("dangling reference written as a footnote reference")
	}
	if len(diags) != 1 || diags[0].Pos != (doc.Pos{Line: 4, Col: 2}) || diags[0].Severity != doc.Warning {
		t.Errorf("diagnostics %v", diags)
	}
}

func TestStylesFromSheet(t *testing.T) {
	p, _, _ := write(t, sampleDoc(), Options{})
	st := p.xml(t, "word/styles.xml")
	byID := map[string]*node{}
	for _, s := range st.all("style") {
		byID[s.attrs["styleId"]] = s
	}
	for i, spec := range itu.Styles {
		s := byID[itu.ID(spec.Name)]
		if s == nil {
			t.Errorf("style %s missing", spec.Name)
			continue
		}
		if s.child("name").attrs["val"] != string(spec.Name) {
			t.Errorf("style %s named %q", spec.Name, s.child("name").attrs["val"])
		}
		if (i == 0) != (s.attrs["default"] == "1") {
			t.Errorf("style %s default=%q", spec.Name, s.attrs["default"])
		}
		rp, pp := s.child("rPr"), s.child("pPr")
		if rp.child("sz").attrs["val"] != strconv.Itoa(spec.Size) {
			t.Errorf("style %s size %s, want %d", spec.Name, rp.child("sz").attrs["val"], spec.Size)
		}
		sp := pp.child("spacing")
		if sp.attrs["before"] != strconv.Itoa(spec.Before) || sp.attrs["after"] != strconv.Itoa(spec.After) {
			t.Errorf("style %s spacing %v", spec.Name, sp.attrs)
		}
		ind := pp.child("ind")
		if ind.attrs["left"] != strconv.Itoa(spec.Left) || ind.attrs["hanging"] != strconv.Itoa(spec.Hanging) {
			t.Errorf("style %s indent %v", spec.Name, ind.attrs)
		}
		if pp.child("jc").attrs["val"] != string(spec.Align) {
			t.Errorf("style %s jc %v", spec.Name, pp.child("jc").attrs)
		}
		// Toggles are written where they differ from the parent style.
		var parent itu.Spec
		if spec.BasedOn != "" {
			parent = itu.Lookup(spec.BasedOn)
		}
		if spec.KeepNext != parent.KeepNext && pp.child("keepNext") == nil {
			t.Errorf("style %s keepNext not written", spec.Name)
		}
		if spec.Bold != parent.Bold && rp.child("b") == nil {
			t.Errorf("style %s bold not written", spec.Name)
		}
		if spec.Italic != parent.Italic && rp.child("i") == nil {
			t.Errorf("style %s italic not written", spec.Name)
		}
		if spec.Caps != (rp.child("caps") != nil) {
			t.Errorf("style %s caps", spec.Name)
		}
	}
	// Normal carries the tab stops and the font.
	var tabs []int
	for _, tb := range byID["Normal"].all("tab") {
		n, _ := strconv.Atoi(tb.attrs["pos"])
		tabs = append(tabs, n)
	}
	if !slices.Equal(tabs, itu.Page.Tabs) {
		t.Errorf("Normal tabs %v, want %v", tabs, itu.Page.Tabs)
	}
	if f := st.child("docDefaults").all("rFonts")[0].attrs["ascii"]; f != itu.Font {
		t.Errorf("default font %q", f)
	}
	fr := byID[footnoteRefStyle]
	if fr == nil || fr.attrs["type"] != "character" || fr.child("rPr").child("vertAlign").attrs["val"] != "superscript" {
		t.Errorf("footnote reference character style missing or not superscript")
	}
	// Every style the document uses is defined.
	for _, part := range []string{"word/document.xml", "word/footnotes.xml"} {
		root := p.xml(t, part)
		for _, name := range []string{"pStyle", "rStyle"} {
			for _, s := range root.all(name) {
				if byID[s.attrs["val"]] == nil {
					t.Errorf("%s: %s %q is not defined in styles.xml", part, name, s.attrs["val"])
				}
			}
		}
	}
}

func TestUnknownStyle(t *testing.T) {
	d := &doc.Document{Blocks: []doc.Block{
		&doc.Paragraph{Pos: doc.Pos{Line: 2, Col: 1}, Style: "Fancy", Inlines: []doc.Inline{run("x")}},
		&doc.Paragraph{Pos: doc.Pos{Line: 3, Col: 1}, Style: "Fancy", Inlines: []doc.Inline{run("y")}},
		&doc.Paragraph{Level: 2, Label: lbl(run("a)")), Inlines: []doc.Inline{run("z")}},
	}}
	p, _, diags := write(t, d, Options{})
	var got []string
	for _, s := range p.xml(t, "word/document.xml").all("pStyle") {
		got = append(got, s.attrs["val"])
	}
	if want := []string{"Normal", "Normal", "enumlev2"}; !slices.Equal(got, want) {
		t.Errorf("styles %v, want %v", got, want)
	}
	if len(diags) != 1 || diags[0].Pos.Line != 2 {
		t.Errorf("diagnostics %v, want one warning for the unknown style", diags)
	}
}

func TestCover(t *testing.T) {
	p, _, _ := write(t, sampleDoc(), Options{})
	body := p.xml(t, "word/document.xml").child("body")
	// The metadata table comes first, borderless, two columns.
	first := body.kids[0]
	if first.name != "tbl" || first.child("tblPr").child("tblBorders") != nil {
		t.Fatalf("first body element w:%s, want a borderless w:tbl", first.name)
	}
	cells := first.all("tc")
	if len(cells) != 2 {
		t.Fatalf("cover table has %d cells", len(cells))
	}
	var left, right []string
	for _, pn := range cells[0].all("p") {
		left = append(left, pn.texts("t"))
	}
	for _, pn := range cells[1].all("p") {
		right = append(right, pn.texts("t"))
	}
	if !slices.Equal(left, []string{"Plenipotentiary Conference (PP-14)", "Busan, 20 October - 7 November 2014"}) ||
		!slices.Equal(right, []string{"COMMITTEE 4", "Document 149-E", "3 November 2014", "Original: English"}) {
		t.Errorf("cover table %q | %q", left, right)
	}
	// Source, title, then the cover body; the Action/Title table is bordered
	// with a repeated header row.
	var styles []string
	for _, k := range body.kids[1:6] {
		if k.name == "p" {
			styles = append(styles, k.child("pPr").child("pStyle").attrs["val"])
		} else {
			styles = append(styles, k.name)
		}
	}
	if want := []string{"Source", "Title1", "Normal", "tbl", "Normal"}; !slices.Equal(styles, want) {
		t.Errorf("cover blocks %v, want %v", styles, want)
	}
	tbl := body.kids[4]
	if tbl.child("tblPr").child("tblBorders") == nil {
		t.Errorf("Action/Title table has no borders")
	}
	rows := tbl.all("tr")
	if rows[0].child("trPr") == nil || rows[0].child("trPr").child("tblHeader") == nil || rows[1].child("trPr") != nil {
		t.Errorf("only the first row should be a header row")
	}
	grid := tbl.child("tblGrid").all("gridCol")
	w0, _ := strconv.Atoi(grid[0].attrs["w"])
	w1, _ := strconv.Atoi(grid[1].attrs["w"])
	if w0+w1 != itu.Page.TextWidth() || w0 >= w1 {
		t.Errorf("Action/Title columns %d+%d, want a narrow Action column and the text width", w0, w1)
	}
	sig := body.kids[5]
	if len(sig.all("br")) != 2 || sig.texts("t") != "Musab ABDULLAChairman, Working Group of thePlenary" {
		t.Errorf("signature %q with %d breaks", sig.texts("t"), len(sig.all("br")))
	}
	annex := body.kids[6]
	if annex.texts("t") != "Annex: 44 pages" {
		t.Errorf("annex line %q", annex.texts("t"))
	}
	// The annex starts on a new page.
	next := body.kids[7]
	if next.child("pPr").child("pageBreakBefore") == nil || next.texts("t") != "SUP\tWGPL/149/1" && next.texts("t") != "SUPWGPL/149/1" {
		t.Errorf("first proposal %q does not start a page", next.texts("t"))
	}
	if n := len(body.all("pageBreakBefore")); n != 1 {
		t.Errorf("%d page breaks, want 1", n)
	}

	// Without metadata there is no cover table, source, title or annex line.
	p, _, _ = write(t, &doc.Document{Blocks: []doc.Block{para(doc.StyleNormal, run("only"))}}, Options{})
	body = p.xml(t, "word/document.xml").child("body")
	if len(body.kids) != 2 || body.kids[0].texts("t") != "only" {
		t.Errorf("bare document body has %d elements", len(body.kids))
	}
}

func TestOptions(t *testing.T) {
	d := sampleDoc()
	p, _, _ := write(t, d, Options{})
	core := p.xml(t, "docProps/core.xml")
	if core.child("created").text != "2014-11-03T00:00:00Z" || core.child("creator").text != d.Meta.Source {
		t.Errorf("core properties from the document: %q %q", core.child("created").text, core.child("creator").text)
	}
	// Neither option nor date in the document: no dates at all, author
	// "itudoc".
	d.Meta.ISODate, d.Meta.Source = "", ""
	p, _, _ = write(t, d, Options{})
	for _, r := range revisions(t, p) {
		if _, ok := r.attr("date"); ok || r.attrs["author"] != DefaultAuthor {
			t.Fatalf("w:%s %v, want no date and author %q", r.name, r.attrs, DefaultAuthor)
		}
	}
	if p.xml(t, "docProps/core.xml").child("created") != nil {
		t.Errorf("creation date written without a date")
	}
	if _, _, err := Bytes(d, Options{Date: "3 November 2014"}); err == nil {
		t.Errorf("a malformed date is accepted")
	}
	// A malformed document date is reported, not written.
	d.Meta.ISODate = "2014-13-45"
	p, _, diags := write(t, d, Options{})
	if len(diags) != 1 || diags[0].Severity != doc.Warning || !strings.Contains(diags[0].Message, "2014-13-45") {
		t.Errorf("diagnostics %v, want a warning about the date", diags)
	}
	if _, ok := revisions(t, p)[0].attr("date"); ok {
		t.Errorf("malformed date written")
	}
	// The option wins over the document.
	p, _, _ = write(t, d, Options{Author: "Editor", Date: "2015-01-02"})
	if r := revisions(t, p)[0]; r.attrs["author"] != "Editor" || r.attrs["date"] != "2015-01-02T00:00:00Z" {
		t.Errorf("options not applied: %v", r.attrs)
	}
}

func TestDeterminism(t *testing.T) {
	d := sampleDoc()
	_, a, _ := write(t, d, Options{})
	_, b, _ := write(t, d, Options{})
	if !bytes.Equal(a, b) {
		t.Fatalf("two writes differ")
	}
	p := unzipPkg(t, a)
	want := []string{"[Content_Types].xml", "_rels/.rels", "docProps/core.xml", "docProps/app.xml",
		"word/document.xml", "word/_rels/document.xml.rels", "word/styles.xml", "word/settings.xml",
		"word/footnotes.xml", "word/header1.xml", "word/header2.xml"}
	if !slices.Equal(p.names, want) {
		t.Errorf("parts %v, want %v", p.names, want)
	}
	for _, f := range p.zip.File {
		if !f.Modified.Equal(zipTime) || f.Method != 8 {
			t.Errorf("%s: time %v method %d", f.Name, f.Modified, f.Method)
		}
	}
	// Every part but the content types and relationships is declared.
	ct := p.xml(t, "[Content_Types].xml")
	declared := map[string]bool{}
	for _, o := range ct.all("Override") {
		declared[o.attrs["PartName"]] = true
	}
	for _, name := range p.names {
		if !strings.HasSuffix(name, ".rels") && name != "[Content_Types].xml" && !declared["/"+name] {
			t.Errorf("%s has no content type", name)
		}
	}
	// The input is not changed.
	if !bytes.Equal(a, mustBytes(t, d)) {
		t.Errorf("writing changed the document")
	}
}

func mustBytes(t *testing.T, d *doc.Document) []byte {
	_, b, _ := write(t, d, Options{})
	return b
}

// TestCleanFastPath checks clean's ASCII fast path against the character
// rule it stands for, with the one forbidden or non-ASCII character at each
// place of strings of both sides of eight bytes.
func TestCleanFastPath(t *testing.T) {
	for _, odd := range []string{"\x00", "\x01", "\x1f", "\r", "\t", "\n", "\x7f", "é", "\xff", "\uFFFE", " "} {
		for n := 0; n < 20; n++ {
			for at := 0; at <= n; at++ {
				s := strings.Repeat("a", at) + odd + strings.Repeat("b", n-at)
				want := utf8.ValidString(s)
				for _, r := range s {
					if !xmlChar(r) {
						want = false
					}
				}
				st := &state{}
				if got := st.clean(s, doc.Pos{}, "text") == s; got != want {
					t.Errorf("clean(%q) kept = %v, want %v", s, got, want)
				}
			}
		}
	}
}
