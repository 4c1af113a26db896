package docxread_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/golden"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/pdf"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// fixedPointCase is a source converted, its DOCX imported and converted
// again.
type fixedPointCase struct {
	name string // the source's file name
	path string
	s    render.Settings // of the first conversion; the DOCX is converted with none
}

func fixedPointCases(t *testing.T) []fixedPointCase {
	t.Helper()
	corpus, err := filepath.Glob(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "*-?.md"))
	if err != nil || len(corpus) < 9 {
		t.Fatalf("the corpus has %d documents, want at least 9 (%v)", len(corpus), err)
	}
	seed := testtool.Seed()
	cases := []fixedPointCase{{name: filepath.Base(seed), path: seed}}
	for _, f := range corpus {
		cases = append(cases, fixedPointCase{name: filepath.Base(f), path: f})
	}
	script := filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml")
	return append(cases, fixedPointCase{name: filepath.Base(seed), path: seed, s: render.Settings{Edits: []string{script}}})
}

func convert(t *testing.T, name string, src []byte, s render.Settings) *render.Result {
	t.Helper()
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	r, err := render.Convert(name, src, s)
	if err != nil {
		t.Fatalf("convert %s: %v", name, err)
	}
	if len(r.Outputs) != 2 {
		t.Fatalf("convert %s: %d outputs", name, len(r.Outputs))
	}
	return r
}

// TestFixedPoint: convert(import(convert(x))) is convert(x), byte for byte,
// for the seed, every corpus document, and the seed edited by the
// Editorial Committee's script (two authors; its DOCX holds the edits, so
// it is converted without the script, as a user converts it back: run
// again on its own output the script fails, as one of its anchors names
// the label "f)" that its renumbering changed). The
// DOCX goes through pipeline.Load as a .docx source, the reader's every
// path (cover table, Council sections without proposal line, revisions and
// addenda, annexes and appendices, headings, tables, links, footnotes).
//
// The PDF of the seed differs in one known way: its footnote marks. The
// source writes both of its footnotes "¹" and the PDF prints the source's
// mark, while the DOCX numbers its notes (as Word does: a reference holds no
// mark) and the reader marks them 1 and 2. That printing is
// layouts/typeset's (FootnoteRef.Mark, Footnote.Mark), not the reader's.
// The pdf sub-test proves that it is the whole difference, by typesetting
// the source's model with the reader's marks and getting the reader's PDF,
// before it skips; any other difference fails.
func TestFixedPoint(t *testing.T) {
	for _, c := range fixedPointCases(t) {
		name := c.name
		if len(c.s.Edits) > 0 {
			name += "+edits"
		}
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile(c.path)
			if err != nil {
				t.Fatal(err)
			}
			first := convert(t, c.name, src, c.s)
			docxName := strings.TrimSuffix(c.name, ".md") + ".docx"
			again := convert(t, docxName, first.Outputs[0].Data, render.Settings{})
			t.Run("model", func(t *testing.T) {
				// Stronger than the bytes: what the writers leave out (a
				// table cell's mark) is read back too.
				if !reflect.DeepEqual(first.Doc.Meta, again.Doc.Meta) {
					t.Errorf("meta\n got %+v\nwant %+v", again.Doc.Meta, first.Doc.Meta)
				}
				// The changes' authors, not their number: one change cut
				// into several w:ins or w:del (over paragraphs, table
				// cells or a hyperlink's edge) reads back as several, as
				// nothing in the DOCX joins them.
				if g, w := authorNames(again.Doc), authorNames(first.Doc); g != w {
					t.Errorf("authors %s, want %s", g, w)
				}
				want := first.Doc
				if len(c.s.Edits) > 0 {
					want = editedTitles(t, want)
				}
				g, w := shape(again.Doc), shape(want)
				if g != w {
					gl, wl := strings.Split(g, "\n"), strings.Split(w, "\n")
					i := firstDiff(gl, wl)
					t.Errorf("shape differs at line %d:\n got %s\nwant %s", i+1, gl[min(i, len(gl)-1)], wl[min(i, len(wl)-1)])
				}
			})
			t.Run("docx", func(t *testing.T) {
				if bytes.Equal(first.Outputs[0].Data, again.Outputs[0].Data) {
					return
				}
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "first.docx"), first.Outputs[0].Data, 0o644); err != nil {
					t.Fatal(err)
				}
				diff, err := golden.DiffDocxIn(again.Outputs[0].Data, dir, "first.docx")
				if err != nil {
					t.Fatal(err)
				}
				t.Errorf("the DOCX converted from the DOCX differs from the first (golden: the first):\n%s", cut(diff, 4000))
			})
			t.Run("pdf", func(t *testing.T) {
				got, want := again.Outputs[1].Data, first.Outputs[1].Data
				if bytes.Equal(got, want) {
					return
				}
				dir := t.TempDir()
				if err := os.WriteFile(filepath.Join(dir, "first.pdf"), want, 0o644); err != nil {
					t.Fatal(err)
				}
				diff, err := golden.DiffPDFIn(got, dir, "first.pdf")
				if err != nil {
					t.Fatal(err)
				}
				marks := markDiffs(first.Doc, again.Doc)
				if len(marks) == 0 {
					t.Fatalf("the PDF converted from the DOCX differs from the first, footnote marks alike (golden: the first):\n%s", cut(diff, 4000))
				}
				remarked := withMarksOf(first.Doc, again.Doc)
				var buf bytes.Buffer
				if _, err := pdf.WriteAnnex(&buf, remarked, pdf.Options{LineBreak: "knuth-plass"}); err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(buf.Bytes(), got) {
					t.Fatalf("the PDF converted from the DOCX differs from the first in more than its footnote marks (%s):\n%s", strings.Join(marks, "; "), cut(diff, 4000))
				}
				t.Logf("PDF differences (golden: the first):\n%s", cut(diff, 2000))
				t.Skipf("expected to fail until layouts/typeset prints footnote numbers, not the source's marks: the PDFs differ in footnote marks only (%s; the source's model typeset with the reader's marks gives the reader's PDF byte for byte)", strings.Join(marks, "; "))
			})
		})
	}
}

func authorNames(d *doc.Document) string {
	var names []string
	for _, a := range d.Authors() {
		names = append(names, strconv.Quote(a.Author))
	}
	sort.Strings(names) // the reader's table is in document order, an edited one is not
	return strings.Join(names, ", ")
}

// editedTitles gives d with each proposal's Title the clean text of its
// Restitle paragraph: pipeline/edit keeps the Title the source gave when
// an edit changes that paragraph (the committee's quote rule makes
// "ITU's" curly), while the DOCX holds, and the reader reads, the edited
// title. It reports each title it changes.
func editedTitles(t *testing.T, d *doc.Document) *doc.Document {
	c := *d
	c.Blocks = nil
	for _, b := range d.Blocks {
		p, ok := b.(*doc.Proposal)
		if !ok {
			c.Blocks = append(c.Blocks, b)
			continue
		}
		q := *p
		for _, b := range p.Blocks {
			if para, ok := b.(*doc.Paragraph); ok && para.Style == doc.StyleRestitle {
				if title := strings.Join(strings.Fields(doc.CleanText(para.Inlines)), " "); title != q.Title {
					t.Logf("proposal %s: title %q as edited, %q in the proposal", q.ID, title, q.Title)
					q.Title = title
				}
				break
			}
		}
		c.Blocks = append(c.Blocks, &q)
	}
	return &c
}

// markDiffs lists the footnotes and references whose marks differ between
// the source's model and the one read from its DOCX.
func markDiffs(src, read *doc.Document) []string {
	var out []string
	for i, f := range src.Footnotes {
		if i < len(read.Footnotes) && f.Mark != read.Footnotes[i].Mark {
			out = append(out, fmt.Sprintf("footnote %d marked %q in the source, %q as read", f.ID, f.Mark, read.Footnotes[i].Mark))
		}
	}
	if len(src.Footnotes) != len(read.Footnotes) {
		out = append(out, fmt.Sprintf("%d footnotes in the source, %d read", len(src.Footnotes), len(read.Footnotes)))
	}
	a, b := refs(src), refs(read)
	for i := range min(len(a), len(b)) {
		if a[i].Mark != b[i].Mark || a[i].ID != b[i].ID {
			out = append(out, fmt.Sprintf("reference %d to footnote %d marked %q in the source, to %d %q as read", i+1, a[i].ID, a[i].Mark, b[i].ID, b[i].Mark))
		}
	}
	if len(a) != len(b) {
		out = append(out, fmt.Sprintf("%d references in the source, %d read", len(a), len(b)))
	}
	return out
}

func refs(d *doc.Document) []*doc.FootnoteRef {
	var out []*doc.FootnoteRef
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		for _, in := range [][]doc.Inline{p.Label, p.Inlines} {
			for _, x := range in {
				if r, ok := x.(*doc.FootnoteRef); ok {
					out = append(out, r)
				}
			}
		}
	})
	return out
}

// withMarksOf gives src with each footnote and reference marked as read
// marks it (their number), everything else src's own.
func withMarksOf(src, read *doc.Document) *doc.Document {
	c := *src
	c.Footnotes = nil
	for i, f := range src.Footnotes {
		g := *f
		if i < len(read.Footnotes) {
			g.Mark = read.Footnotes[i].Mark
		}
		c.Footnotes = append(c.Footnotes, &g)
	}
	// References are marked in place: src is not used after this.
	theirs := refs(read)
	for i, r := range refs(&c) {
		if i < len(theirs) {
			r.Mark = theirs[i].Mark
		}
	}
	return &c
}

func cut(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "\n…"
}
