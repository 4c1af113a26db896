package parse

import (
	"errors"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/pipeline/doc"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func mustParse(t *testing.T, src string) *doc.Document {
	t.Helper()
	d, err := Parse("t.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// runs renders a paragraph's runs as text|format|rev, one per run.
func runs(p *doc.Paragraph) string {
	var s []string
	for _, il := range p.Inlines {
		r := il.(*doc.Run)
		s = append(s, r.Text+"|"+r.Format.String()+"|"+r.Rev.Shown().String())
	}
	return strings.Join(s, " ; ")
}

func para(t *testing.T, d *doc.Document, i int) *doc.Paragraph {
	t.Helper()
	if i >= len(d.Blocks) {
		t.Fatalf("want paragraph %d, have %d blocks", i, len(d.Blocks))
	}
	return d.Blocks[i].(*doc.Paragraph)
}

func TestRevisionMarks(t *testing.T) {
	d := mustParse(t, "RESOLUTION 64 (REV. [BUSAN, 2014](#)~~GUADALAJARA, 2010~~)\n")
	want := "RESOLUTION 64 (REV. || ; BUSAN, 2014||ins ; GUADALAJARA, 2010||del ; )||"
	if got := runs(para(t, d, 0)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if len(d.Changes) != 2 || d.Changes[0].Kind != doc.Insertion || d.Changes[1].Kind != doc.Deletion {
		t.Errorf("changes %+v, want an insertion and a deletion", d.Changes)
	}
}

// TestMarksHiddenByMarkdown: a pair of delimiters one of which Markdown
// hides (in a link's title, on a code fence's first line) is kept as text
// with a warning, where it used to panic (found by FuzzLoad and FuzzWrite);
// the document's other marks are read as before.
func TestMarksHiddenByMarkdown(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{"[AAAA](# ~~)000~~000 and ~~gone~~ here\n", "[|| ; AAAA|| ; ](# ~~)000~~000 and || ; gone||del ;  here||"},
		{"~~kept~~ then\n\n~~~0~~\n~~\n", "kept||del ;  then||"},
		{"[a [b](#) c](x ~~)d~~ and ~~gone~~\n", "[|| ; a || ; b||ins ;  c|| ; ](x ~~)d~~ and || ; gone||del"},
	} {
		d := mustParse(t, tc.src)
		if got := runs(para(t, d, 0)); got != tc.want {
			t.Errorf("%q: got  %s\nwant %s", tc.src, got, tc.want)
		}
		hidden := 0
		for _, dg := range d.Diagnostics {
			if strings.Contains(dg.Message, "partly inside Markdown syntax that hides its text") {
				hidden++
			}
		}
		if hidden != 1 {
			t.Errorf("%q: %d warnings of a hidden mark, want 1: %+v", tc.src, hidden, d.Diagnostics)
		}
		for _, c := range d.Changes {
			if c.Kind != doc.Deletion && c.Kind != doc.Insertion {
				t.Errorf("%q: change %+v", tc.src, c)
			}
		}
	}
}

func TestSingleTildeIsText(t *testing.T) {
	d := mustParse(t, "from ~10~20 MHz and ~~gone~~ here\n")
	got := runs(para(t, d, 0))
	if !strings.Contains(got, "~10~20 MHz") || !strings.Contains(got, "gone||del") {
		t.Errorf("single tildes must stay text, double delete: %s", got)
	}
}

func TestFormatsAndEscapes(t *testing.T) {
	d := mustParse(t, "**bold *both*** and *it* \\(x\\) a\\*b [Geneva \\(June 2014\\)](#)\n")
	want := "bold |b| ; both|bi| ;  and || ; it|i| ;  (x) a*b || ; Geneva (June 2014)||ins"
	if got := runs(para(t, d, 0)); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

func TestPositions(t *testing.T) {
	d := mustParse(t, "first\n\nsecond é ~~del~~\n")
	p := para(t, d, 1)
	if p.Pos != (doc.Pos{Line: 3, Col: 1}) {
		t.Errorf("paragraph at %v, want 3:1", p.Pos)
	}
	del := p.Inlines[1].(*doc.Run)
	if del.Pos != (doc.Pos{Line: 3, Col: 12}) {
		t.Errorf("deleted run at %v, want 3:12 (columns in characters)", del.Pos)
	}
}

func TestBOMAndLineEnds(t *testing.T) {
	for name, src := range map[string]string{
		"bom+crlf": "\ufeffone\r\ntwo\r\n\r\nthree\r\n",
		"cr":       "one\rtwo\r\rthree\r",
	} {
		d := mustParse(t, src)
		if len(d.Blocks) != 2 {
			t.Fatalf("%s: %d blocks, want 2", name, len(d.Blocks))
		}
		if got := doc.Text(para(t, d, 0).Inlines); got != "one\ntwo" {
			t.Errorf("%s: %q", name, got)
		}
		if p := para(t, d, 1); p.Pos.Line != 4 {
			t.Errorf("%s: second paragraph on line %d, want 4", name, p.Pos.Line)
		}
	}
}

func TestListMarkers(t *testing.T) {
	d := mustParse(t, "- a) one\n - b) nested\n\n2. two\n")
	cases := []doc.ListMarker{{Bullet: true}, {Bullet: true, Indent: 1}, {Ordered: 2}}
	for i, want := range cases {
		p := para(t, d, i)
		if p.List == nil || *p.List != want {
			t.Errorf("paragraph %d: marker %+v, want %+v", i, p.List, want)
		}
	}
}

// A numbered line right after a list item is a lazy continuation line to
// CommonMark; in the dialect it is an item of its own.
func TestLazyListItemSplit(t *testing.T) {
	d := mustParse(t, "- 1 to refrain\n2. to help\n")
	if len(d.Blocks) != 2 {
		t.Fatalf("%d blocks, want 2", len(d.Blocks))
	}
	p := para(t, d, 1)
	if doc.Text(p.Inlines) != "to help" || p.List == nil || p.List.Ordered != 2 {
		t.Errorf("second item: %q %+v", doc.Text(p.Inlines), p.List)
	}
	if p.Pos.Line != 2 {
		t.Errorf("second item on line %d", p.Pos.Line)
	}
}

func TestTableRowsKeepLeadingTab(t *testing.T) {
	d := mustParse(t, "Action\tTitle\nMOD\tRES 1\n\tRES 2\n")
	if got := doc.Text(para(t, d, 0).Inlines); got != "Action\tTitle\nMOD\tRES 1\n\tRES 2" {
		t.Errorf("%q", got)
	}
}

func TestBadInputErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		src  string
		want string
		pos  doc.Pos
	}{
		"empty":      {"", "empty", doc.Pos{}},
		"whitespace": {" \n\t\n", "empty", doc.Pos{}},
		"nul":        {"text\nab\x00c", "NUL byte", doc.Pos{Line: 2, Col: 3}},
		"latin1":     {"ok\ncaf\xe9\n", "invalid UTF-8", doc.Pos{Line: 2, Col: 4}},
		"surrogate":  {"x \xed\xa0\x80 y", "invalid UTF-8", doc.Pos{Line: 1, Col: 3}},
	} {
		_, err := Parse("bad.md", []byte(tc.src))
		var se *doc.SourceError
		if !errors.As(err, &se) {
			t.Errorf("%s: error %v, want a SourceError", name, err)
			continue
		}
		if !strings.Contains(se.Error(), tc.want) || se.Pos != tc.pos || !strings.HasPrefix(se.Error(), "bad.md") {
			t.Errorf("%s: %q at %v, want %q at %v", name, se.Error(), se.Pos, tc.want, tc.pos)
		}
	}
}

func TestControlCharactersDropped(t *testing.T) {
	d := mustParse(t, "a\x01b\x7fc\n")
	if got := doc.Text(para(t, d, 0).Inlines); got != "a b c" {
		t.Errorf("%q", got)
	}
	if len(d.Diagnostics) != 1 || d.Diagnostics[0].Severity != doc.Warning || d.Diagnostics[0].Pos != (doc.Pos{Line: 1, Col: 2}) {
		t.Errorf("diagnostics %+v", d.Diagnostics)
	}
}

// A form feed is white space: a space, with a note, not a character a
// writer would drop and so join the words around it (found by FuzzWrite:
// "0\f0" became "00" in the Word file).
func TestFormFeedIsSpace(t *testing.T) {
	d := mustParse(t, "0\f0\n\nx\f\fy\n")
	if got := doc.Text(para(t, d, 0).Inlines) + "|" + doc.Text(para(t, d, 1).Inlines); got != "0 0|x  y" {
		t.Errorf("%q", got)
	}
	if len(d.Diagnostics) != 2 || d.Diagnostics[0].Severity != doc.Note || d.Diagnostics[1].Pos != (doc.Pos{Line: 3, Col: 2}) {
		t.Errorf("diagnostics %+v", d.Diagnostics)
	}
}

func TestForeignMarkdownKeptAsText(t *testing.T) {
	d := mustParse(t, "# Heading\n\n    indented\n\n[link](http://x.org) <b>x</b>\n")
	var all []string
	for _, b := range d.Blocks {
		all = append(all, doc.Text(b.(*doc.Paragraph).Inlines))
	}
	if got := strings.Join(all, "|"); got != "Heading|indented|link <b>x</b>" {
		t.Errorf("%q", got)
	}
	if h := para(t, d, 0).Heading; h != 1 {
		t.Errorf("heading level %d, want 1", h)
	}
	if len(d.Diagnostics) != 1 {
		t.Errorf("want a warning for the code block alone; got %+v", d.Diagnostics)
	}
	if r := para(t, d, 2).Inlines[0].(*doc.Run); r.Link != "http://x.org" || r.Text != "link" {
		t.Errorf("link run %+v, want its target kept", r)
	}
}

func TestNestingLimit(t *testing.T) {
	brackets := "ok\n\n" + strings.Repeat("[", 5000) + "x" + strings.Repeat("](#)", 5000) + "\n"
	lists := "ok\n\n" + strings.Repeat("- ", 40) + "deep\n"
	quotes := strings.Repeat("> ", 500) + "q\n"
	indented := strings.Repeat(" ", 200) + "just indented text\n"
	for name, tc := range map[string]struct {
		src string
		pos doc.Pos
	}{
		"brackets": {brackets, doc.Pos{Line: 3, Col: 33}},
		"lists":    {lists, doc.Pos{Line: 3, Col: 1}},
		"quotes":   {quotes, doc.Pos{Line: 1, Col: 1}},
	} {
		_, err := Parse("t.md", []byte(tc.src))
		var se *doc.SourceError
		if !errors.As(err, &se) || se.Pos != tc.pos || !strings.Contains(se.Msg, "more than 32 levels") {
			t.Errorf("%s: %v, want a nesting error at %v", name, err, tc.pos)
		}
		// Within a higher limit the same input is read, without a panic.
		if _, err := ParseLimited("t.md", []byte(tc.src), Limits{MaxDepth: 100000}); err != nil {
			t.Errorf("%s with a high limit: %v", name, err)
		}
	}
	if _, err := Parse("t.md", []byte(indented)); err != nil {
		t.Errorf("indentation without list markers is not nesting: %v", err)
	}
}

func TestSizeLimit(t *testing.T) {
	_, err := ParseLimited("big.md", []byte(strings.Repeat("a", 2000)), Limits{MaxBytes: 1000})
	if err == nil || !strings.Contains(err.Error(), "big.md: error: 2000 bytes, more than the limit of 1000") {
		t.Errorf("%v", err)
	}
}
