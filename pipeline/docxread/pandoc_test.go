package docxread_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// pandocRendition writes a parsed (not normalized) document as pandoc's
// Markdown, so that pandoc reads what itudoc's parser read: each paragraph
// with its list marker (indented as the source indents it) or heading
// marker; each revision mark as a span the track-changes filter sees,
// [text]{.insertion} or [text]{.deletion} (a deletion nested in an
// insertion nested in its span), however the dialect wrote it (~~ beside
// punctuation, a mark around a link, which pandoc reads otherwise); bold,
// italic, superscript and links as pandoc writes them; every other
// character escaped, but for the ')' and '.' of a paragraph's first word,
// which pandoc reads as the seed gives it to it ("- a) text" is a list
// inside a list for pandoc, lettered a); tabs as &#9; (pandoc turns a written tab
// into spaces); the lines of a paragraph as the lines of the seed (pandoc
// reads them with +hard_line_breaks).
func pandocRendition(d *doc.Document) string {
	var sb strings.Builder
	for _, b := range d.Blocks {
		p := b.(*doc.Paragraph)
		marker := ""
		switch {
		case p.List != nil && p.List.Ordered > 0:
			marker = strings.Repeat(" ", p.List.Indent) + fmt.Sprintf("%d. ", p.List.Ordered)
		case p.List != nil:
			marker = strings.Repeat(" ", p.List.Indent) + "- "
		case p.Heading > 0:
			marker = strings.Repeat("#", p.Heading) + " "
		}
		text := spans(p.Inlines)
		// Continuation lines stand under the item's text.
		text = strings.ReplaceAll(text, "\n", "\n"+strings.Repeat(" ", len(marker)))
		sb.WriteString(marker + text + "\n\n")
	}
	return sb.String()
}

// spans writes inlines: runs of one insertion in one span, runs of one
// deletion in one span inside it, then links, then formats.
func spans(in []doc.Inline) string {
	var sb strings.Builder
	start := true // the first word is left as pandoc reads it
	group := func(in []doc.Inline, key func(doc.Inline) int, write func([]doc.Inline, int)) {
		for i := 0; i < len(in); {
			j := i + 1
			for j < len(in) && key(in[j]) == key(in[i]) {
				j++
			}
			write(in[i:j], key(in[i]))
			i = j
		}
	}
	var runs func(in []doc.Inline)
	runs = func(in []doc.Inline) {
		links := func(x doc.Inline) string {
			if r, ok := x.(*doc.Run); ok {
				return r.Link
			}
			return ""
		}
		for i := 0; i < len(in); {
			j := i + 1
			for j < len(in) && links(in[j]) == links(in[i]) {
				j++
			}
			if l := links(in[i]); l != "" {
				sb.WriteString("[")
				formatted(&sb, in[i:j], &start)
				sb.WriteString("](" + l + ")")
			} else {
				formatted(&sb, in[i:j], &start)
			}
			i = j
		}
	}
	group(in, func(x doc.Inline) int { return int(x.Revision().Ins) }, func(g []doc.Inline, ins int) {
		if ins != 0 {
			sb.WriteString("[")
		}
		group(g, func(x doc.Inline) int { return int(x.Revision().Del) }, func(g []doc.Inline, del int) {
			if del != 0 {
				sb.WriteString("[")
			}
			runs(g)
			if del != 0 {
				sb.WriteString("]{.deletion}")
			}
		})
		if ins != 0 {
			sb.WriteString("]{.insertion}")
		}
	})
	return sb.String()
}

// formatted writes runs with their formats, spaces and line ends at their
// edges outside the emphasis.
func formatted(sb *strings.Builder, in []doc.Inline, start *bool) {
	for _, x := range in {
		r, ok := x.(*doc.Run)
		if !ok {
			continue // the parser makes no footnote references
		}
		text := r.Text
		core := strings.Trim(text, " \n\u2028")
		lead, trail := text[:strings.Index(text, core)], text[strings.Index(text, core)+len(core):]
		if core == "" {
			sb.WriteString(escape(text, false))
			continue
		}
		open, close := "", ""
		switch {
		case r.Format&doc.Bold != 0 && r.Format&doc.Italic != 0:
			open, close = "***", "***"
		case r.Format&doc.Bold != 0:
			open, close = "**", "**"
		case r.Format&doc.Italic != 0:
			open, close = "*", "*"
		}
		body := escape(core, *start)
		if r.Format&doc.Superscript != 0 {
			body = "^" + strings.ReplaceAll(body, " ", `\ `) + "^"
		}
		sb.WriteString(escape(lead, false) + open + body + close + escape(trail, false))
		*start = false
	}
}

// escape writes text for pandoc: ASCII punctuation escaped (but ')' and
// '.' of a paragraph's first word, which pandoc reads as a list marker
// when the seed has one), tabs as &#9;, the parser's hard break as a
// backslash line end.
func escape(text string, firstWord bool) string {
	var sb strings.Builder
	first := true
	for _, c := range text {
		switch {
		case c == '\t':
			sb.WriteString("&#9;")
		case c == '\u2028':
			sb.WriteString("\\\n")
		case c == '\n':
			sb.WriteString("\n")
		case firstWord && first && (c == ')' || c == '.'):
			sb.WriteRune(c)
		case c < 128 && strings.ContainsRune("\\`*_{}[]()<>#+-.!|~^$@&'\":;,=/?%", c):
			sb.WriteString("\\" + string(c))
		default:
			sb.WriteRune(c)
		}
		if c == ' ' || c == '\t' {
			first = false
		}
	}
	return sb.String()
}

// TestPandocSeed: pandoc's DOCX of the seed, in pandoc's generic styles
// (First Paragraph, Body Text, Compact, real list numbering), its marks made
// tracked changes by the Lua filter testdata/track-changes.lua, reads as
// the seed: nine proposals with their actions, ids, resolution numbers and
// titles, every call and label of each (in order, with their text), all 26
// insertions and 188 deletions with the author and date the filter gave
// them, the cover's metadata, and its two footnotes.
//
// Method: pandoc's Markdown is not the dialect (it reads "~~" beside
// punctuation, "[…](#)" around a link and a tab otherwise), so the seed is
// first read by itudoc's own parser (parse.Parse, the step of Load before
// normalize) and written back as pandoc's Markdown (pandocRendition): every
// mark a span the filter sees, the text and lines as itudoc read them. pandoc
// then reads that with +hard_line_breaks (the seed's lines are lines) and
// -smart (its quotes are as written), and the DOCX it makes goes through
// pipeline.Load as any .docx.
func TestPandocSeed(t *testing.T) {
	bin := testtool.Need(t, "pandoc")
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	want, err := pipeline.Load("pp14-149-e.md", src)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := parse.Parse("pp14-149-e.md", src)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	md := filepath.Join(dir, "pp14-149-e.pandoc.md")
	if err := os.WriteFile(md, []byte(pandocRendition(parsed)), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "pp14-149-e.docx")
	cmd := exec.Command(bin, "-f", "markdown+hard_line_breaks-smart-fancy_lists", "--lua-filter", filepath.Join("testdata", "track-changes.lua"),
		"-M", "track-author="+want.Meta.Source, "-M", "track-date="+want.Meta.ISODate, "-o", out, md)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("pandoc: %v\n%s", err, stderr.String())
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	got, err := pipeline.Load("pp14-149-e.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	for _, dg := range got.Diagnostics {
		if dg.Severity != doc.Note {
			t.Logf("%s", dg.Format("pp14-149-e.docx"))
		}
	}
	gp, wp := got.Proposals(), want.Proposals()
	if len(gp) != 9 || len(wp) != 9 {
		t.Fatalf("%d proposals read, %d in the seed, want 9", len(gp), len(wp))
	}
	for i := range wp {
		g, w := gp[i], wp[i]
		if g.Action != w.Action || g.ID != w.ID || g.Number != w.Number || g.Title != w.Title {
			t.Errorf("proposal %d: %s %s %q %q, want %s %s %q %q", i+1, g.Action, g.ID, g.Number, g.Title, w.Action, w.ID, w.Number, w.Title)
		}
		gs, ws := structure(g), structure(w)
		if k := firstDiff(gs, ws); k >= 0 {
			t.Errorf("proposal %s, paragraph %d:\n got %s\nwant %s", w.ID, k+1, at(gs, k), at(ws, k))
		}
	}
	gs, ws := got.Stats(), want.Stats()
	if gs.Insertions != 26 || gs.Deletions != 188 || ws.Insertions != 26 || ws.Deletions != 188 {
		t.Errorf("%d insertions and %d deletions read (the seed: %d and %d), want 26 and 188", gs.Insertions, gs.Deletions, ws.Insertions, ws.Deletions)
	}
	for _, a := range got.Authors() {
		if a.Author != want.Meta.Source {
			t.Errorf("changes by %q", a.Author)
		}
	}
	for _, c := range got.Changes {
		if c.Date != want.Meta.ISODate {
			t.Fatalf("a change of %s", c.Date)
		}
	}
	if !reflect.DeepEqual(got.Meta, want.Meta) {
		t.Errorf("meta\n got %+v\nwant %+v", got.Meta, want.Meta)
	}
	if len(got.Footnotes) != len(want.Footnotes) || len(got.Footnotes) != 2 {
		t.Errorf("%d footnotes, the seed %d", len(got.Footnotes), len(want.Footnotes))
	}
	// Beyond the list: the whole document, every paragraph's style,
	// level, mark, label and text with its revisions, the cover's table,
	// the footnotes' text.
	g, w := shape(revise.Apply(got, revise.Marked)), shape(revise.Apply(want, revise.Marked))
	if g != w {
		gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
		i := firstDiff(gl, wl)
		t.Errorf("shape differs at line %d:\n got %s\nwant %s", i+1, at(gl, i), at(wl, i))
	}
	// So itudoc makes of pandoc's DOCX the DOCX it makes of the seed.
	ours := convert(t, "pp14-149-e.md", src, render.Settings{})
	theirs := convert(t, "pp14-149-e.docx", data, render.Settings{})
	if !bytes.Equal(ours.Outputs[0].Data, theirs.Outputs[0].Data) {
		t.Errorf("the DOCX converted from pandoc's DOCX is not the DOCX converted from the seed")
	}
	// And it was the generic path: pandoc's styles, Word's numbering.
	typed, err := wml.Read(data, ooxml.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	styles, numbered := map[string]bool{}, 0
	wml.Paragraphs(typed.Body, func(p *wml.Paragraph) {
		if st := typed.Styles.ByID(p.Style); st != nil {
			styles[st.Name] = true
		}
		if p.Num != nil {
			numbered++
		}
	})
	items := 0
	for _, b := range parsed.Blocks {
		if b.(*doc.Paragraph).List != nil {
			items++
		}
	}
	if !styles["Body Text"] || !styles["Compact"] || numbered != items || items == 0 {
		t.Errorf("pandoc's DOCX has styles %v and %d numbered paragraphs (the seed %d list items): not the generic DOCX this test is about", styles, numbered, items)
	}
}

// structure lists a proposal's calls and labelled paragraphs, each as
// "style level label | text" (their marked text), and every other
// paragraph's style.
func structure(p *doc.Proposal) []string {
	var out []string
	doc.Paragraphs(p.Blocks, func(q *doc.Paragraph) {
		switch {
		case q.Style == doc.StyleCall || len(q.Label) > 0:
			out = append(out, fmt.Sprintf("%s %d %s | %s", q.Style, q.Level, inlines(q.Label), inlines(q.Inlines)))
		default:
			out = append(out, string(q.Style))
		}
	})
	return out
}

func at(s []string, i int) string {
	if i < len(s) {
		return s[i]
	}
	return "(nothing)"
}

// TestTrackChangesFilter: the filter makes pandoc write the dialect's marks
// as pandoc's Markdown reads them (~~…~~, […](#), […](# "AUTHOR DATE"))
// and the spans of the rendition as Word tracked changes, each its own
// change with its author and date; pandoc's footnote is a real footnote,
// kept as the reader read it.
func TestTrackChangesFilter(t *testing.T) {
	bin := testtool.Need(t, "pandoc")
	dir := t.TempDir()
	md := filepath.Join(dir, "t.md")
	src := "MOD WGPL/1/1\n\nRESOLUTION 1 (REV. BUSAN, 2014)\n\nA title\n\nThe Conference,\n\nrecalling\n\n" +
		"Keep ~~old~~ and [new](#), [theirs](# \"EDITORIAL COMMITTEE 2014-11-05\") and [gone]{.deletion}, with a note^[A real note.]\n"
	if err := os.WriteFile(md, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "t.docx")
	cmd := exec.Command(bin, "-f", "markdown-smart", "--lua-filter", filepath.Join("testdata", "track-changes.lua"),
		"-M", "track-author=WG", "-M", "track-date=2014-11-03", "-o", out, md)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pandoc: %v\n%s", err, b)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	d, err := pipeline.Load("t.docx", data)
	if err != nil {
		t.Fatal(err)
	}
	texts := map[doc.ChangeID]string{}
	var last *doc.Paragraph
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		last = p
		for _, x := range p.Inlines {
			if r, ok := x.(*doc.Run); ok {
				for _, id := range []doc.ChangeID{r.Rev.Ins, r.Rev.Del} {
					texts[id] += r.Text
				}
			}
		}
	})
	var got []string
	for i, c := range d.Changes {
		got = append(got, fmt.Sprintf("%s %q by %s %s", c.Kind, texts[doc.ChangeID(i+1)], c.Author, c.Date))
	}
	expect(t, got,
		`deletion "old" by WG 2014-11-03`,
		`insertion "new" by WG 2014-11-03`,
		`insertion "theirs" by EDITORIAL COMMITTEE 2014-11-05`,
		`deletion "gone" by WG 2014-11-03`)
	if last == nil {
		t.Fatal("no paragraph")
	}
	if last.Style != doc.StyleNormal || !strings.HasSuffix(inlines(last.Inlines), `, with a note"<1>`) {
		t.Errorf("last paragraph %s", inlines(last.Inlines))
	}
	if len(d.Footnotes) != 1 || inlines(d.Footnotes[0].Inlines) != `"A real note."` {
		t.Errorf("footnotes %+v", d.Footnotes)
	}
}
