package normalize

import (
	"strings"
	"testing"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/revise"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

// head is a minimal proposal heading for the tests' annexes.
const head = "MOD WGPL/1/1\n\nRESOLUTION 1 (REV. BUSAN, 2014)\n\nTitle of it\n\nThe Plenipotentiary Conference (Busan, 2014),\n\n"

func load(t *testing.T, src string) *doc.Document {
	t.Helper()
	d, err := parse.Parse("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	Normalize(d)
	return d
}

// body lists the paragraphs after the proposal heading as
// "style level label|text".
func body(d *doc.Document) []string {
	var out []string
	for _, p := range d.Proposals() {
		for _, b := range p.Blocks[4:] {
			doc.Paragraphs([]doc.Block{b}, func(p *doc.Paragraph) {
				s := string(p.Style)
				if p.Level > 0 {
					s += " " + string(rune('0'+p.Level))
				}
				if len(p.Label) > 0 {
					s += " " + doc.Text(p.Label)
				}
				out = append(out, s+"|"+doc.Text(p.Inlines))
			})
		}
	}
	return out
}

func expect(t *testing.T, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n  %s\nwant\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func hasDiag(d *doc.Document, sev doc.Severity, line int, substr string) bool {
	for _, dg := range d.Diagnostics {
		if dg.Severity == sev && dg.Pos.Line == line && strings.Contains(dg.Message, substr) {
			return true
		}
	}
	return false
}

func TestHeadingClassified(t *testing.T) {
	d := load(t, head+"recalling\n\n- a) text;\n")
	p := d.Proposals()[0]
	var styles []string
	for _, b := range p.Blocks {
		styles = append(styles, string(b.(*doc.Paragraph).Style))
	}
	expect(t, styles, "Proposal", "ResNo", "Restitle", "Normalaftertitle", "Call", "enumlev1")
	if p.Action != doc.ActionMOD || p.ID != "WGPL/1/1" || p.Number != "RESOLUTION 1 (REV. BUSAN, 2014)" || p.Title != "Title of it" {
		t.Errorf("proposal %+v", p)
	}
}

func TestLabelForms(t *testing.T) {
	d := load(t, head+"resolves\n\n- a) dash-a\n\na) plain-a\n\n1 number\n\n1. dotted\n\n- 3.2 decimal\n\n2. ordered list\n")
	expect(t, body(d),
		"Call|resolves",
		"enumlev1 1 a)|dash-a",
		"enumlev1 1 a)|plain-a",
		"enumlev1 1 1|number",
		"enumlev1 1 1.|dotted",
		"enumlev1 1 3.2|decimal",
		"enumlev1 1 2.|ordered list")
}

func TestNestedLevels(t *testing.T) {
	d := load(t, head+"instructs the Director\n\n1 to intensify work in order to:\n\n- i) address threats;\n- ii) seek ways;\n- iii) facilitate, in particular:\n - a) Resolution 50;\n - b) Resolution 52;\n\n2 to continue\n\n- 11 to endorse:\n- WSIS Statement;\n - WSIS Vision,\n")
	expect(t, body(d),
		"Call|instructs the Director",
		"enumlev1 1 1|to intensify work in order to:",
		"enumlev2 2 i)|address threats;",
		"enumlev2 2 ii)|seek ways;",
		"enumlev2 2 iii)|facilitate, in particular:",
		"enumlev3 3 a)|Resolution 50;",
		"enumlev3 3 b)|Resolution 52;",
		"enumlev1 1 2|to continue",
		"enumlev1 1 11|to endorse:",
		"enumlev2 2 –|WSIS Statement;",
		"enumlev2 2 –|WSIS Vision,")
}

// "i)" after "h)" is the letter i, not the roman numeral one.
func TestLetterIAfterH(t *testing.T) {
	d := load(t, head+"recalling\n\nh) eighth;\n\ni) ninth;\n\nj) tenth,\n")
	expect(t, body(d), "Call|recalling", "enumlev1 1 h)|eighth;", "enumlev1 1 i)|ninth;", "enumlev1 1 j)|tenth,")
}

func TestRevisionMarksKeptOnLabels(t *testing.T) {
	d := load(t, head+"~~7~~8 to report\n\n4~~5~~ to consider\n\n~~f) — the memorandum;~~\n")
	ps := d.Proposals()[0].Blocks
	p := ps[4].(*doc.Paragraph)
	if doc.CleanText(p.Label) != "8" || doc.OriginalText(p.Label) != "78" {
		t.Errorf("label ~~7~~8 read as %q", doc.Text(p.Label))
	}
	if p.Label[0].Revision().Shown() != doc.Deleted {
		t.Error("the 7 of ~~7~~8 lost its deletion")
	}
	p = ps[5].(*doc.Paragraph)
	if doc.Text(p.Label) != "45" || doc.CleanText(p.Label) != "4" {
		t.Errorf("label 4~~5~~ read as %q", doc.Text(p.Label))
	}
	// A deleted item whose tab the export wrote as " — ".
	p = ps[6].(*doc.Paragraph)
	if doc.Text(p.Label) != "f)" || doc.Text(p.Inlines) != "the memorandum;" || p.Mark.Shown() != doc.Deleted {
		t.Errorf("deleted item: label %q text %q mark %v", doc.Text(p.Label), doc.Text(p.Inlines), p.Mark)
	}
}

func TestPageSplitJoined(t *testing.T) {
	d := load(t, head+"noting\n\na) the holding of the 10 year review event of\n\nthe WSIS entitled “Towards”;\n\nb) next;\n")
	expect(t, body(d), "Call|noting", "enumlev1 1 a)|the holding of the 10 year review event of the WSIS entitled “Towards”;", "enumlev1 1 b)|next;")
	if !hasDiag(d, doc.Note, 13, "page end") {
		t.Errorf("no note for the join: %+v", d.Diagnostics)
	}
}

// A call ends without punctuation and is followed by lower case text: it must
// not be joined.
func TestCallNotJoined(t *testing.T) {
	d := load(t, head+"taking into account further\n\nthe need to draw up proposals,\n\n[noting\n\nthat there is\n")
	expect(t, body(d), "Call|taking into account further", "Normal|the need to draw up proposals,", "Call|[noting", "Normal|that there is")
}

func TestMergedCallSplit(t *testing.T) {
	d := load(t, head+"~~7~~8 to report annually, further instructs the Director of the Bureau\n\neach within the scope of his responsibilities:\n")
	expect(t, body(d), "enumlev1 1 78|to report annually,", "Call|further instructs the Director of the Bureau", "Normal|each within the scope of his responsibilities:")
}

func TestSoftBreaksBecomeSpaces(t *testing.T) {
	d := load(t, "MOD WGPL/1/1\n\nRESOLUTION 1\n\n**Strengthening the role\nof ITU**\n\nThe Conference\n(Busan, 2014),\n")
	p := d.Proposals()[0]
	if p.Title != "Strengthening the role of ITU" {
		t.Errorf("title %q", p.Title)
	}
	if got := doc.Text(p.Blocks[3].(*doc.Paragraph).Inlines); got != "The Conference (Busan, 2014)," {
		t.Errorf("preamble %q", got)
	}
}

func TestFootnotesBound(t *testing.T) {
	d := load(t, head+"- q) countries¹ in achieving;\n\n¹ These include the least developed countries.\n\n- r) the mechanism¹, and FIRST⁷;\n\n¹ To be formalized.\n")
	if len(d.Footnotes) != 2 {
		t.Fatalf("%d footnotes, want 2", len(d.Footnotes))
	}
	if doc.Text(d.Footnotes[0].Inlines) != "These include the least developed countries." || doc.Text(d.Footnotes[1].Inlines) != "To be formalized." {
		t.Errorf("footnotes %q / %q", doc.Text(d.Footnotes[0].Inlines), doc.Text(d.Footnotes[1].Inlines))
	}
	ps := d.Proposals()[0].Blocks
	if len(ps) != 6 {
		t.Fatalf("footnote bodies left in the flow: %d blocks", len(ps))
	}
	refs := 0
	doc.Paragraphs(ps, func(p *doc.Paragraph) {
		for _, il := range p.Inlines {
			if r, ok := il.(*doc.FootnoteRef); ok {
				refs++
				if r.ID != refs {
					t.Errorf("reference %d bound to footnote %d", refs, r.ID)
				}
			}
		}
	})
	if refs != 2 {
		t.Errorf("%d references, want 2", refs)
	}
	if got := doc.Text(ps[5].(*doc.Paragraph).Inlines); got != "the mechanism, and FIRST⁷;" {
		t.Errorf("text %q: ⁷ has no body and must stay text", got)
	}
	if !hasDiag(d, doc.Warning, 13, "⁷ has no footnote text") {
		t.Errorf("no warning for ⁷: %+v", d.Diagnostics)
	}
}

func TestParagraphMarks(t *testing.T) {
	d := load(t, head+"~~a)~~ ~~gone;~~\n\n[new paragraph](#)\n\nmixed ~~old~~ [new](#)\n")
	ps := d.Proposals()[0].Blocks
	for i, want := range []doc.Rev{doc.Deleted, doc.Inserted, doc.Unchanged} {
		p := ps[4+i].(*doc.Paragraph)
		if p.Mark.Shown() != want {
			t.Errorf("paragraph %d mark %v, want %v", i, p.Mark, want)
		}
		if want != doc.Unchanged {
			for _, il := range append(p.Label, p.Inlines...) {
				if il.Revision().Shown() != want {
					t.Errorf("paragraph %d: run %q not %v", i, il.(*doc.Run).Text, want)
				}
			}
		}
	}
}

// A deleted paragraph whose last words were inserted, then deleted, has a
// deleted mark, not an inserted and deleted one: the original view keeps it
// a paragraph of its own (found by FuzzWrite: "~~0[0000~~](#)" before a
// paragraph joined it in the original view).
func TestDeletedParagraphEndingInsertedKeepsItsMark(t *testing.T) {
	d := load(t, head+"~~old [new~~](#)\n\nnext\n\n~~[both](#)~~\n\nlast\n")
	ps := d.Proposals()[0].Blocks
	for i, want := range []doc.Revision{{Del: 1}, {}, {Ins: 4, Del: 3}} {
		p := ps[4+i].(*doc.Paragraph)
		if p.Mark.Ins != 0 != (want.Ins != 0) || p.Mark.Del != 0 != (want.Del != 0) {
			t.Errorf("paragraph %q: mark %+v, want one like %+v", doc.Text(p.Inlines), p.Mark, want)
		}
	}
	var original []string
	doc.Paragraphs(revise.Apply(d, revise.Original).Blocks, func(p *doc.Paragraph) { original = append(original, doc.Text(p.Inlines)) })
	if got := strings.Join(original[len(original)-3:], "|"); got != "old |next|last" {
		t.Errorf("original view ends %q, want old |next|last", got)
	}
}

func TestCoverRead(t *testing.T) {
	d := load(t, "Plenipotentiary Conference (PP-14)\nBusan, 20 October - 7 November 2014\n\nCOMMITTEE 4\n\nDocument 149-E\n3 November 2014\nOriginal: English\n\nWORKING GROUP OF THE PLENARY\n\n**A TITLE**\n\nBody text.\n\nAction\tTitle\nSUP\tRES 1\n\nJohn DOE\nChairman of the\nGroup\n\nAnnex: 3 pages\n\n"+head)
	m := d.Meta
	if m.Conference != "Plenipotentiary Conference (PP-14)" || m.Code != "PP14" || m.Place != "Busan, 20 October - 7 November 2014" ||
		m.Committee != "COMMITTEE 4" || m.Number != "149-E" || m.ISODate != "2014-11-03" || m.Original != "English" ||
		m.Source != "WORKING GROUP OF THE PLENARY" || m.Title != "A TITLE" || m.AnnexPages != 3 ||
		strings.Join(m.Signature, "|") != "John DOE|Chairman of the Group" {
		t.Errorf("meta %+v", m)
	}
	if m.Reference() != "PP14/149-E" {
		t.Errorf("reference %q", m.Reference())
	}
	cover := d.Cover()
	if len(cover) != 2 {
		t.Fatalf("cover has %d blocks, want the body paragraph and the table", len(cover))
	}
	if _, ok := cover[1].(*doc.Table); !ok {
		t.Errorf("second cover block is %T", cover[1])
	}
}

func TestLeftoversReported(t *testing.T) {
	d := load(t, head+"an ~~unbalanced deletion.\n\nan [unclosed insertion](#.\n\nno text:\n\n- b)\n")
	for _, w := range []struct {
		line int
		msg  string
	}{{9, "unpaired ~~"}, {11, "unclosed insertion"}, {15, "no text after it"}} {
		if !hasDiag(d, doc.Warning, w.line, w.msg) {
			t.Errorf("no warning %q on line %d: %+v", w.msg, w.line, d.Diagnostics)
		}
	}
}

func TestNoProposals(t *testing.T) {
	d := load(t, "Just a paragraph.\n")
	if len(d.Proposals()) != 0 || !hasDiag(d, doc.Warning, 1, "no proposal") {
		t.Errorf("want a warning and no proposals: %+v", d.Diagnostics)
	}
}

func TestProposalWithoutResolution(t *testing.T) {
	d := load(t, "ADD WGPL/1/9\n\nrecalling\n\n- a) text,\n")
	p := d.Proposals()[0]
	if !hasDiag(d, doc.Warning, 3, "no resolution number") {
		t.Errorf("no warning: %+v", d.Diagnostics)
	}
	if s := p.Blocks[1].(*doc.Paragraph).Style; s != doc.StyleCall {
		t.Errorf("call classified %s", s)
	}
}

// A table a reader gives stays where it stands, in the cover and in a
// proposal, its cells styled as the dialect's tables; the paragraphs around
// it are read as they would be without it (the cover's signature before
// "Annex: N pages", the item after it a label of its own).
func TestGivenTablesKept(t *testing.T) {
	d, err := parse.Parse("t.md", []byte("WORKING GROUP OF THE PLENARY\n\n**A TITLE**\n\nCOVERTABLE\n\nJohn DOE\n\nAnnex: 3 pages\n\n"+head+"recalling\n\n- a) text;\n\nANNEXTABLE\n\nb) more\n"))
	if err != nil {
		t.Fatal(err)
	}
	cell := func(text string) *doc.Paragraph {
		return &doc.Paragraph{Inlines: []doc.Inline{&doc.Run{Text: text}}}
	}
	given := map[string]*doc.Table{}
	for i, b := range d.Blocks {
		p := b.(*doc.Paragraph)
		if text := doc.Text(p.Inlines); strings.HasSuffix(text, "TABLE") {
			tb := &doc.Table{Pos: p.Pos, Rows: []*doc.Row{{Header: true, Cells: []*doc.Paragraph{cell("Action"), cell(text)}}, {Cells: []*doc.Paragraph{cell("SUP"), {Style: doc.StyleNormal}}}}}
			given[text] = tb
			d.Blocks[i] = tb
		}
	}
	Normalize(d)
	cover := d.Cover()
	if len(cover) != 1 || cover[0] != doc.Block(given["COVERTABLE"]) {
		t.Errorf("cover blocks %v, want the cover table alone", cover)
	}
	if d.Meta.Title != "A TITLE" || strings.Join(d.Meta.Signature, "|") != "John DOE" || d.Meta.AnnexPages != 3 {
		t.Errorf("meta %+v", d.Meta)
	}
	var styles []string
	doc.Paragraphs([]doc.Block{given["COVERTABLE"]}, func(p *doc.Paragraph) { styles = append(styles, string(p.Style)) })
	expect(t, styles, "Table_head", "Table_head", "Table_text", "Normal")
	blocks := d.Proposals()[0].Blocks
	if len(blocks) != 8 || blocks[6] != doc.Block(given["ANNEXTABLE"]) {
		t.Fatalf("proposal blocks %v, want the table in seventh place", blocks)
	}
	expect(t, body(d), "Call|recalling", "enumlev1 1 a)|text;", "Table_head|Action", "Table_head|ANNEXTABLE", "Table_text|SUP", "Normal|", "enumlev1 1 b)|more")
}

func TestMetaLines(t *testing.T) {
	var m doc.Meta
	if MetaLines(&m, []string{"COMMITTEE 4", "Not a cover line"}) || m.Committee != "" {
		t.Errorf("a line that is not a cover line took %+v", m)
	}
	if !MetaLines(&m, []string{"Agenda item: PL 1.4", "Corrigendum 1 to", "Document C24/12-E", "28 May 2024", "Original: English"}) {
		t.Fatal("cover lines not read")
	}
	if m.Agenda != "PL 1.4" || m.Revision != "Cor.1" || m.Number != "C24/12-E" || m.ISODate != "2024-05-28" || m.Original != "English" {
		t.Errorf("meta %+v", m)
	}
	if m.Reference() != "C24/12(Cor.1)-E" {
		t.Errorf("reference %q", m.Reference())
	}
}
