// Package canon gives the canonical form of a document, for tests and
// stages that must tell whether two documents say the same thing: it takes
// a *doc.Document and gives one line of text per block, footnote and cover
// field, in reading order; Mismatches says which lines of one form another
// lacks.
//
// The canonical form leaves out what only records how a document was read:
// source positions, change ids (a revision shows what it does), list markers, diagnostics and the
// file name; and it merges adjacent runs alike in format, revision and link,
// so that a run cut in two reads the same as the whole. Everything else
// shows: styles, levels, labels, paragraph marks, runs with their formats,
// revisions and links, footnote references with their marks, tables with
// their header rows, proposals with their actions and ids, footnotes.
package canon

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// Options choose the parts of a document that are compared beside its
// blocks and footnotes.
type Options struct {
	// Meta compares the cover metadata (doc.Meta).
	Meta bool
	// Derived compares the proposal fields that normalize derives from the
	// clean text of the heading (Number, Title); edits copies them into
	// every view unchanged, so they describe the clean text only.
	Derived bool
}

// All compares everything the canonical form holds.
var All = Options{Meta: true, Derived: true}

// Lines gives the canonical form of d.
func Lines(d *doc.Document, o Options) []string {
	w := &writer{o: o}
	if o.Meta {
		m := d.Meta
		w.add("meta conference=%q place=%q code=%q committee=%q number=%q date=%q iso=%q original=%q source=%q title=%q annex=%d",
			m.Conference, m.Place, m.Code, m.Committee, m.Number, m.Date, m.ISODate, m.Original, m.Source, m.Title, m.AnnexPages)
		for _, s := range m.Signature {
			w.add("signature %q", s)
		}
	}
	w.blocks(d.Blocks, "")
	for _, f := range d.Footnotes {
		w.add("footnote %d mark=%q %s", f.ID, f.Mark, Inlines(f.Inlines))
	}
	return w.lines
}

// Diff describes the first difference between the canonical forms of a and
// b, with the lines around it; "" when they are the same.
func Diff(a, b *doc.Document, o Options) string {
	return DiffLines(Lines(a, o), Lines(b, o))
}

// DiffLines describes the first difference between two canonical forms.
func DiffLines(a, b []string) string {
	n := min(len(a), len(b))
	i := 0
	for i < n && a[i] == b[i] {
		i++
	}
	if i == len(a) && i == len(b) {
		return ""
	}
	at := func(s []string, i int) string {
		if i < len(s) {
			return s[i]
		}
		return "(end)"
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "line %d of %d / %d differs:\n", i+1, len(a), len(b))
	if i > 0 {
		fmt.Fprintf(&sb, "  before: %s\n", a[i-1])
	}
	fmt.Fprintf(&sb, "  a: %s\n  b: %s", at(a, i), at(b, i))
	return sb.String()
}

type writer struct {
	o     Options
	lines []string
}

func (w *writer) add(format string, args ...any) {
	w.lines = append(w.lines, fmt.Sprintf(format, args...))
}

func (w *writer) blocks(bs []doc.Block, indent string) {
	for _, b := range bs {
		switch b := b.(type) {
		case *doc.Paragraph:
			w.add("%s%s", indent, Paragraph(b))
		case *doc.Table:
			w.add("%stable", indent)
			for _, r := range b.Rows {
				cells := make([]string, len(r.Cells))
				for i, c := range r.Cells {
					cells[i] = Paragraph(c)
				}
				kind := "row"
				if r.Header {
					kind = "header"
				}
				w.add("%s  %s %s", indent, kind, strings.Join(cells, " ‖ "))
			}
		case *doc.Proposal:
			if w.o.Derived {
				w.add("%sproposal %s %s number=%q title=%q", indent, b.Action, b.ID, b.Number, b.Title)
			} else {
				w.add("%sproposal %s %s", indent, b.Action, b.ID)
			}
			w.blocks(b.Blocks, indent+"  ")
		default:
			panic(fmt.Sprintf("canon: unknown block %T", b))
		}
	}
}

// Paragraph is the canonical form of one paragraph.
func Paragraph(p *doc.Paragraph) string {
	var sb strings.Builder
	sb.WriteString(string(p.Style))
	if p.Level != 0 {
		sb.WriteString(" L" + strconv.Itoa(p.Level))
	}
	if !p.Mark.IsZero() {
		sb.WriteString(" ¶" + revForm(p.Mark))
	}
	if len(p.Label) > 0 {
		sb.WriteString(" label " + Inlines(p.Label))
	}
	sb.WriteString(" : " + Inlines(p.Inlines))
	return sb.String()
}

// Inlines is the canonical form of inlines: runs merged where alike, each
// quoted with its format, revision and link; footnote references as ^MARK.
func Inlines(in []doc.Inline) string {
	var parts []string
	var cur *doc.Run
	var text strings.Builder
	flush := func() {
		if cur != nil && text.Len() > 0 {
			parts = append(parts, runForm(text.String(), cur.Format, revForm(cur.Rev), cur.Link))
		}
		cur = nil
		text.Reset()
	}
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			if il.Text == "" {
				continue
			}
			if cur != nil && (cur.Format != il.Format || revForm(cur.Rev) != revForm(il.Rev) || cur.Link != il.Link) {
				flush()
			}
			if cur == nil {
				cur = il
			}
			text.WriteString(il.Text)
		case *doc.FootnoteRef:
			flush()
			s := "^" + il.Mark + "#" + strconv.Itoa(il.ID)
			if !il.Rev.IsZero() {
				s += "/" + revForm(il.Rev)
			}
			parts = append(parts, s)
		default:
			panic(fmt.Sprintf("canon: unknown inline %T", il))
		}
	}
	flush()
	return strings.Join(parts, " ")
}

// revForm is the canonical form of a revision: what it does, not which
// change it is ("ins", "del", "ins+del" for inserted and then deleted), so
// that two documents with their own change tables compare.
func revForm(r doc.Revision) string {
	switch {
	case r.Ins != 0 && r.Del != 0:
		return "ins+del"
	case r.Ins != 0:
		return "ins"
	case r.Del != 0:
		return "del"
	}
	return ""
}

func runForm(text string, f doc.Format, r string, link string) string {
	s := strconv.Quote(text)
	if f != 0 {
		s += "/" + f.String()
	}
	if r != "" {
		s += "/" + r
	}
	if link != "" {
		s += "/link=" + strconv.Quote(link)
	}
	return s
}

// Entry is one proposal heading, paragraph or table of a document, with
// its canonical form (a table's rows joined by newlines).
type Entry struct {
	Line  string
	Block doc.Block
}

// Entries lists the proposal headings, paragraphs and tables of d in
// reading order: the units in which two documents are told apart.
func Entries(d *doc.Document) []Entry {
	var out []Entry
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Proposal:
				out = append(out, Entry{fmt.Sprintf("proposal %s %s number=%q title=%q", b.Action, b.ID, b.Number, b.Title), b})
				walk(b.Blocks)
			case *doc.Paragraph:
				out = append(out, Entry{Paragraph(b), b})
			default:
				w := &writer{}
				w.blocks([]doc.Block{b}, "")
				out = append(out, Entry{strings.Join(w.lines, "\n"), b})
			}
		}
	}
	walk(d.Blocks)
	return out
}

// Mismatches gives the indices of the entries of want that got does not
// have: every one when the two are as long, else the first and the last
// that differ. Stages that rewrite a document until it reads back the same
// use it to find what to change.
func Mismatches(want, got []Entry) []int {
	if len(want) == 0 {
		return nil // nothing of want to change; got only adds
	}
	if len(want) == len(got) {
		var bad []int
		for i := range want {
			if want[i].Line != got[i].Line {
				bad = append(bad, i)
			}
		}
		return bad
	}
	i := 0
	for i < len(want) && i < len(got) && want[i].Line == got[i].Line {
		i++
	}
	k := 0
	for k < len(want) && k < len(got) && want[len(want)-1-k].Line == got[len(got)-1-k].Line {
		k++
	}
	j := len(want) - 1 - k
	i = min(i, len(want)-1)
	j = max(j, 0)
	if i == j {
		return []int{i}
	}
	return []int{i, j}
}
