// Package markdown writes a document in the source dialect, the Markdown
// that Word exports (see ../../../shared/ITU-STYLE.md and README's "The
// source dialect"). It takes a normalized document, marked or not, and
// gives source text that pipeline.Load reads back as the same document
// (pipeline/canon: the same blocks, styles, levels, labels, marks, runs,
// footnotes and cover), and a warning for each part it cannot write so.
// It serves compare (the redline as source), and will serve import and edit.
//
// What is written:
//   - the cover: its metadata as the lines a cover has ("COMMITTEE 4",
//     "Document 149-E", the date, "Original: English", the conference and
//     place, the source, the bold title), the cover body, the signature and
//     "Annex: N pages";
//   - every paragraph on one line, a blank line after it: labels before
//     their text ("a) text"), or as list items ("  - i) text") where the
//     level needs it; proposal headings, resolution lines, calls as text;
//   - runs with **bold**, *italic*, ~~deleted~~ and [inserted](#), one mark
//     for each run of one revision, never across paragraphs; a paragraph
//     mark revised alone (a split or a merge) as a pilcrow mark at the end,
//     [¶](#) or ~~¶~~ (pipeline/pilcrow);
//   - tables as tab-separated lines, the first row the header;
//   - footnote references as superscript digits, each footnote's text
//     ("¹ text") after the paragraph that first cites it.
//
// The dialect's reader decides what reads back, so the writer asks it: it
// writes, reads its output with pipeline.Load, and where a paragraph came
// back otherwise it writes that paragraph another way and tries again (a
// label as a list item, indented or not, for its level; the characters
// around a mark's delimiters as character references, &#32;, where
// CommonMark's flanking rules would not see a mark: "~~promote ~~" is no
// deletion to it, "~~promote&#32;~~" is). A reader that needs none of
// this gets plain text.
package markdown

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/parse"
	"github.com/itudoc/itudoc/pipeline/pilcrow"
)

// Options say whose changes a mark without a title stands for: the
// document's own author and date, which reading the source back gives its
// untitled marks (the source line, or the --author and --date of the
// command). A change by another author, or of another date, is written
// with a title: [text](# "AUTHOR YYYY-MM-DD"), ~~text~~(# "…").
type Options struct {
	Author string
	Date   string // YYYY-MM-DD
}

// ownOptions are the Options a document reads back with when no command
// names an author: its source and its date.
func ownOptions(d *doc.Document) Options {
	return Options{Author: d.Meta.Source, Date: d.Meta.ISODate}
}

// Write gives d in the source dialect, and a warning for each part of d
// that does not read back as itself. Marks without a title are the
// document's own (its source's, on its date).
func Write(d *doc.Document) ([]byte, []doc.Diagnostic) { return NewSession().Write(d) }

// WriteWith is Write with the document's own author and date given.
func WriteWith(d *doc.Document, opt Options) ([]byte, []doc.Diagnostic) {
	src, _, diags := NewSession().writeWith(d, opt)
	return src, diags
}

// ReadBack writes d in the source dialect and reads it back as
// pipeline.Load reads a file; compare uses it to keep its redline to what
// the dialect can say.
func ReadBack(d *doc.Document) (*doc.Document, error) { return NewSession().ReadBack(d) }

// A Session writes several documents, remembering how each paragraph had
// to be written (by its text), so that the next document with the same
// paragraphs needs fewer tries: compare writes a redline many times over
// as it settles. A Session is not safe for concurrent use.
type Session struct {
	how map[string]how
}

// NewSession gives a session that remembers nothing yet.
func NewSession() *Session { return &Session{how: map[string]how{}} }

// Write is the package's Write, in the session.
func (s *Session) Write(d *doc.Document) ([]byte, []doc.Diagnostic) {
	src, _, diags := s.write(d)
	return src, diags
}

// ReadBack is the package's ReadBack, in the session.
func (s *Session) ReadBack(d *doc.Document) (*doc.Document, error) {
	_, back, diags := s.write(d)
	if back == nil {
		return nil, fmt.Errorf("%s", diags[0].Message)
	}
	return back, nil
}

// maxRounds bounds the tries: each round changes how some paragraph is
// written, and there are three forms and three strictnesses.
const maxRounds = 8

// maxWarnings bounds the warnings of one document.
const maxWarnings = 20

func (s *Session) write(d *doc.Document) ([]byte, *doc.Document, []doc.Diagnostic) {
	return s.writeWith(d, ownOptions(d))
}

func (s *Session) writeWith(d *doc.Document, opt Options) ([]byte, *doc.Document, []doc.Diagnostic) {
	w := &writer{d: d, opt: opt, how: map[*doc.Paragraph]*how{}, session: s}
	want := canon.Entries(d)
	var src []byte
	var back *doc.Document
	for round := 0; ; round++ {
		src = w.render()
		var err error
		back, err = pipeline.Load("redline.md", src)
		if err != nil {
			return src, nil, []doc.Diagnostic{{Severity: doc.Warning, Message: "the written text cannot be read back: " + err.Error()}}
		}
		got := canon.Entries(back)
		bad := canon.Mismatches(want, got)
		if len(bad) == 0 || round == maxRounds || !w.escalate(bad, want, got) {
			break
		}
	}
	// In reading order, so that of two paragraphs alike the later wins,
	// every time.
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		if h := w.how[p]; h != nil && *h != (how{}) {
			s.how[howKey(p)] = *h
		}
	})
	return src, back, w.warnings(want, back)
}

// warnings describes what of d does not read back.
func (w *writer) warnings(want []canon.Entry, back *doc.Document) []doc.Diagnostic {
	var out []doc.Diagnostic
	got := canon.Entries(back)
	bad := canon.Mismatches(want, got)
	for _, i := range bad {
		if len(out) == maxWarnings {
			break
		}
		g := "(nothing)"
		if i < len(got) {
			g = got[i].Line
		}
		out = append(out, doc.Diagnostic{Pos: want[i].Block.Position(), Severity: doc.Warning,
			Message: fmt.Sprintf("the source dialect cannot say this as it is: %s reads back as %s", excerpt(want[i].Line), excerpt(g))})
	}
	if len(bad) == 0 {
		if diff := canon.Diff(w.d, back, canon.All); diff != "" {
			out = append(out, doc.Diagnostic{Severity: doc.Warning, Message: "the source dialect cannot say this as it is: " + diff})
		}
	}
	return out
}

func excerpt(s string) string {
	if r := []rune(s); len(r) > 100 {
		return string(r[:97]) + "..."
	}
	return s
}

// how says how to write one paragraph.
type how struct {
	form   int // a labelled paragraph: asText, asIndentedItem or asItem
	strict int // character references at delimiters: none, needed, all
	tried  int // forms tried
}

const (
	asText         = iota // "a) text"
	asIndentedItem        // "  - a) text": a list item indented under the one before
	asItem                // "- a) text"
	forms
)

const (
	strictNone   = iota // plain
	strictNeeded        // where CommonMark's flanking rules need them
	strictAll           // at every edge of every delimited span
)

func (w *writer) howOf(p *doc.Paragraph) *how {
	h := w.how[p]
	if h == nil {
		h = &how{}
		if w.session != nil && len(w.session.how) > 0 {
			*h = w.session.how[howKey(p)]
		}
		w.how[p] = h
	}
	return h
}

// escalate writes each bad entry another way: a labelled paragraph whose
// text came back but not its level or style takes the next form; anything
// else the next strictness. It reports whether anything changed.
func (w *writer) escalate(bad []int, want, got []canon.Entry) bool {
	changed := false
	for _, i := range bad {
		var paras []*doc.Paragraph
		switch b := want[i].Block.(type) {
		case *doc.Paragraph:
			paras = []*doc.Paragraph{b}
		case *doc.Table:
			doc.Paragraphs([]doc.Block{b}, func(p *doc.Paragraph) { paras = append(paras, p) })
		case *doc.Proposal:
			if len(b.Blocks) > 0 {
				if p, ok := b.Blocks[0].(*doc.Paragraph); ok {
					paras = []*doc.Paragraph{p}
				}
			}
		}
		for _, p := range paras {
			h := w.howOf(p)
			textCameBack := false
			if q, ok := entryAt(got, i).(*doc.Paragraph); ok {
				textCameBack = canon.Inlines(p.Label) == canon.Inlines(q.Label) && canon.Inlines(p.Inlines) == canon.Inlines(q.Inlines)
			}
			switch {
			case len(p.Label) > 0 && textCameBack && h.tried < forms-1:
				h.form = (h.form + 1) % forms
				h.tried++
				changed = true
			case h.strict < strictAll:
				h.strict++
				changed = true
			case len(p.Label) > 0 && h.tried < forms-1:
				h.form = (h.form + 1) % forms
				h.tried++
				changed = true
			}
		}
	}
	return changed
}

func entryAt(es []canon.Entry, i int) doc.Block {
	if i < len(es) {
		return es[i].Block
	}
	return nil
}

// writer renders a document.
type writer struct {
	d       *doc.Document
	opt     Options
	pilcrow *doc.Run // the pilcrow of the paragraph being written, if any
	session *Session
	atoms   []atom // a buffer for paragraph
	how     map[*doc.Paragraph]*how
	out     bytes.Buffer
	written map[int]bool // footnotes written
	pending []int        // footnotes cited by the block being written
}

func (w *writer) render() []byte {
	w.out.Reset()
	w.written = map[int]bool{}
	w.cover()
	for _, b := range w.d.Blocks[len(w.d.Cover()):] {
		w.block(b)
	}
	// Footnotes cited nowhere, at the end.
	for _, f := range w.d.Footnotes {
		if !w.written[f.ID] {
			w.footnote(f)
		}
	}
	return bytes.TrimRight(w.out.Bytes(), "\n")
}

func (w *writer) cover() {
	m := w.d.Meta
	var meta []string
	if m.Committee != "" {
		meta = append(meta, m.Committee)
	}
	if m.Number != "" {
		meta = append(meta, "Document "+m.Number)
	}
	if m.Date != "" {
		meta = append(meta, m.Date)
	}
	if m.Original != "" {
		meta = append(meta, "Original: "+m.Original)
	}
	w.lines(meta)
	var conf []string
	if m.Conference != "" {
		conf = append(conf, m.Conference)
		if m.Place != "" {
			conf = append(conf, m.Place)
		}
	}
	w.lines(conf)
	if m.Source != "" {
		w.lines([]string{m.Source})
	}
	if m.Title != "" {
		w.out.WriteString("**" + escapeLine(m.Title) + "**\n\n")
	}
	for _, b := range w.d.Cover() {
		w.block(b)
	}
	w.lines(m.Signature)
	if m.AnnexPages > 0 {
		unit := "pages"
		if m.AnnexPages == 1 {
			unit = "page"
		}
		w.out.WriteString(fmt.Sprintf("Annex: %d %s\n\n", m.AnnexPages, unit))
	}
}

// lines writes one paragraph of plain lines, if there are any.
func (w *writer) lines(ls []string) {
	if len(ls) == 0 {
		return
	}
	for i, l := range ls {
		if i > 0 {
			w.out.WriteByte('\n')
		}
		w.out.WriteString(escapeLine(l))
	}
	w.out.WriteString("\n\n")
}

// escapeLine escapes a plain line of text.
func escapeLine(s string) string {
	var sb strings.Builder
	as := textAtoms(nil, s)
	markLineStarts(as)
	writeAtoms(&sb, as)
	return sb.String()
}

func (w *writer) block(b doc.Block) {
	switch b := b.(type) {
	case *doc.Paragraph:
		w.paragraph(b)
	case *doc.Table:
		w.table(b)
	case *doc.Proposal:
		for _, pb := range b.Blocks {
			w.block(pb)
		}
		return
	default:
		panic(fmt.Sprintf("markdown: unknown block %T", b))
	}
	// Footnotes first cited in the block, after it.
	for _, id := range w.pending {
		if f := w.d.Footnote(id); f != nil && !w.written[id] {
			w.footnote(f)
		}
	}
	w.pending = w.pending[:0]
}

func (w *writer) paragraph(p *doc.Paragraph) {
	h := w.howOf(p)
	in := p.Inlines
	if !p.Mark.IsZero() && markOf(p) != p.Mark {
		w.pilcrow = &doc.Run{Text: pilcrow.Sign, Rev: p.Mark}
		in = append(append([]doc.Inline{}, in...), w.pilcrow)
	}
	// The parser reads marks by the characters around their delimiters: ask
	// it, for this paragraph alone, before the whole document is read back.
	as := w.atoms
	for {
		as = as[:0]
		switch {
		case len(p.Label) > 0 && len(in) > 0 && sameRevision(p.Label[len(p.Label)-1], in[0]):
			// One change over label and text ("~~b) text~~"): one mark,
			// the space between in it, so that it reads back as one.
			joined := append(append(append([]doc.Inline{}, p.Label...), &doc.Run{Text: " ", Rev: in[0].Revision()}), in...)
			as = w.inlineAtoms(as, joined)
		case len(p.Label) > 0:
			as = w.inlineAtoms(as, p.Label)
			if len(in) > 0 {
				as = append(as, atom{r: ' '})
			}
			as = w.inlineAtoms(as, in)
		default:
			as = w.inlineAtoms(as, in)
		}
		markLineStarts(as)
		protect(as, h.strict)
		if h.strict == strictAll || !hasFlank(as) || parsesAs(as, p.Label, in) {
			break
		}
		h.strict++
	}
	if len(p.Label) > 0 {
		switch h.form {
		case asIndentedItem:
			w.out.WriteString("  - ")
		case asItem:
			w.out.WriteString("- ")
		}
	}
	writeAtoms(&w.out, as)
	w.out.WriteString("\n\n")
	w.atoms = as // reused: a paragraph's atoms are many, and short-lived
}

// howKey is what a session remembers a paragraph by: its style, level,
// mark and runs.
func howKey(p *doc.Paragraph) string {
	var sb strings.Builder
	sb.WriteString(string(p.Style))
	sb.WriteByte(byte('0' + p.Level))
	sb.WriteByte(revByte(p.Mark))
	for _, in := range [][]doc.Inline{p.Label, p.Inlines} {
		sb.WriteByte(0)
		for _, il := range in {
			switch il := il.(type) {
			case *doc.Run:
				sb.WriteByte(1)
				sb.WriteByte(byte(il.Format))
				sb.WriteByte(revByte(il.Rev))
				sb.WriteString(il.Text)
			case *doc.FootnoteRef:
				sb.WriteByte(2)
				sb.WriteByte(revByte(il.Rev))
				sb.WriteString(il.Mark)
			}
		}
	}
	return sb.String()
}

// sameRevision reports whether two inlines are in one revision, a change.
func sameRevision(a, b doc.Inline) bool {
	return !a.Revision().IsZero() && a.Revision() == b.Revision()
}

// revByte is a revision's kind as one byte: what it does, not which change.
func revByte(r doc.Revision) byte {
	b := byte('0')
	if r.Ins != 0 {
		b++
	}
	if r.Del != 0 {
		b += 2
	}
	return b
}

func hasFlank(as []atom) bool {
	for _, a := range as {
		if a.flank != 0 {
			return true
		}
	}
	return false
}

// parsesAs reports whether the parser reads the atoms as the runs of label
// and in (with a space between, footnote references as their marks).
func parsesAs(as []atom, label, in []doc.Inline) bool {
	var sb strings.Builder
	writeAtoms(&sb, as)
	d, err := parse.Parse("paragraph", []byte(sb.String()+"\n"))
	if err != nil || len(d.Blocks) != 1 {
		return false
	}
	got, ok := d.Blocks[0].(*doc.Paragraph)
	if !ok {
		return false
	}
	var want []doc.Inline
	add := func(il doc.Inline) {
		switch il := il.(type) {
		case *doc.Run:
			want = append(want, &doc.Run{Text: strings.ReplaceAll(il.Text, "\n", parse.HardBreak), Format: il.Format, Rev: il.Rev})
		case *doc.FootnoteRef:
			want = append(want, &doc.Run{Text: superscript(il.Mark), Rev: il.Rev})
		}
	}
	for _, il := range label {
		add(il)
	}
	if len(label) > 0 && len(in) > 0 {
		add(&doc.Run{Text: " "})
	}
	for _, il := range in {
		add(il)
	}
	return canon.Inlines(got.Inlines) == canon.Inlines(want)
}

// markOf is the paragraph mark normalize gives p when its text is read
// back (normalize/marks.go): the last shown inline's revision when every
// shown inline is deleted, or inserted (and not deleted); none otherwise.
// A mark that differs needs a pilcrow.
func markOf(p *doc.Paragraph) doc.Revision {
	for _, deletion := range []bool{true, false} {
		var last doc.Revision
		ok, seen := true, false
		for _, in := range [][]doc.Inline{p.Label, p.Inlines} {
			for _, il := range in {
				if r, isRun := il.(*doc.Run); isRun && strings.TrimSpace(r.Text) == "" {
					continue
				}
				rev := il.Revision()
				if deletion && rev.Del == 0 || !deletion && (rev.Ins == 0 || rev.Del != 0) {
					ok = false
				}
				last, seen = rev, true
			}
		}
		if ok && seen {
			return last
		}
	}
	return doc.Revision{}
}

func (w *writer) table(t *doc.Table) {
	var as []atom
	for i, r := range t.Rows {
		if i > 0 {
			as = append(as, atom{raw: "\n", line: true})
		}
		for j, c := range r.Cells {
			if j > 0 {
				as = append(as, atom{r: '\t'})
			}
			as = w.inlineAtoms(as, c.Inlines)
		}
	}
	markLineStarts(as)
	strict := strictNone
	doc.Paragraphs([]doc.Block{t}, func(p *doc.Paragraph) { strict = max(strict, w.howOf(p).strict) })
	protect(as, strict)
	writeAtoms(&w.out, as)
	w.out.WriteString("\n\n")
}

func (w *writer) footnote(f *doc.Footnote) {
	w.written[f.ID] = true
	as := []atom{{raw: superscript(f.Mark) + " "}}
	as = w.inlineAtoms(as, f.Inlines)
	markLineStarts(as)
	protect(as, strictNeeded)
	writeAtoms(&w.out, as)
	w.out.WriteString("\n\n")
}

func superscript(mark string) string {
	const sup = "⁰¹²³⁴⁵⁶⁷⁸⁹"
	digits := []rune(sup)
	var sb strings.Builder
	for _, c := range mark {
		if c >= '0' && c <= '9' {
			sb.WriteRune(digits[c-'0'])
		} else {
			sb.WriteRune(c)
		}
	}
	return sb.String()
}

// atom is one piece of a line being written: a character of text, or a
// delimiter or other markup written as it is.
type atom struct {
	r      rune   // a character of text, when raw is ""
	raw    string // markup, written as it is
	flank  int    // a delimiter CommonMark reads by its flanking: opener or closer
	entity bool   // write the character as a character reference
	escape bool   // write the character with a backslash
	line   bool   // raw: a line break after which a line starts
}

const (
	opener = 1
	closer = 2
)

func (a atom) isChar() bool { return a.raw == "" }

// text is what the atom writes.
func (a atom) text() string {
	switch {
	case !a.isChar():
		return a.raw
	case a.entity && a.r == '&':
		// Not &#38;: the reader resolves numeric references before named
		// ones, and "&#38;amp;" would come back as "&".
		return "&amp;"
	case a.entity:
		return "&#" + strconv.Itoa(int(a.r)) + ";"
	case a.escape:
		return "\\" + string(a.r)
	}
	return string(a.r)
}

func writeAtoms(sb interface {
	WriteString(string) (int, error)
	WriteRune(rune) (int, error)
}, as []atom) {
	for _, a := range as {
		if a.isChar() && !a.entity && !a.escape {
			sb.WriteRune(a.r)
			continue
		}
		sb.WriteString(a.text())
	}
}

// inlineAtoms appends the atoms of inlines: an insertion for each run of
// one inserting change, "[…](#)", and inside it or alone a deletion for
// each run of one deleting change, "~~…~~", each with a title naming its
// author and date when they are not the document's own; emphasis within.
func (w *writer) inlineAtoms(as []atom, in []doc.Inline) []atom {
	for i := 0; i < len(in); {
		ins := in[i].Revision().Ins
		j := i + 1
		for j < len(in) && in[j].Revision().Ins == ins && !w.isPilcrow(in[i]) && !w.isPilcrow(in[j]) {
			j++
		}
		if ins != 0 {
			as = append(as, atom{raw: "["})
		}
		as = w.deletions(as, in[i:j])
		if ins != 0 {
			as = append(as, atom{raw: "](#" + w.title(ins) + ")"})
		}
		i = j
	}
	return as
}

// deletions appends the atoms of runs of one insertion (or none).
func (w *writer) deletions(as []atom, in []doc.Inline) []atom {
	for i := 0; i < len(in); {
		del := in[i].Revision().Del
		j := i + 1
		for j < len(in) && in[j].Revision().Del == del {
			j++
		}
		if del != 0 {
			if n := len(as); n > 0 && strings.HasPrefix(as[n-1].raw, "~~") {
				// Two deletions touching: "~~~~" is no delimiter; an empty
				// insertion keeps them apart and adds no text.
				as = append(as, atom{raw: "[](#)"})
			}
			as = append(as, atom{raw: "~~", flank: opener})
		}
		as = w.emphasis(as, in[i:j])
		if del != 0 {
			closing := "~~"
			if t := w.title(del); t != "" {
				closing += "(#" + t + ")"
			}
			as = append(as, atom{raw: closing, flank: closer})
		}
		i = j
	}
	return as
}

func (w *writer) isPilcrow(il doc.Inline) bool {
	return w.pilcrow != nil && il == doc.Inline(w.pilcrow)
}

// title is a mark's title, ` "AUTHOR YYYY-MM-DD"`, when its change has an
// author or a date other than the document's own (Options); "" when not.
func (w *writer) title(id doc.ChangeID) string {
	c := w.d.Change(id)
	author, date := c.Author, c.Date
	if author == w.opt.Author {
		author = ""
	}
	if date == w.opt.Date {
		date = ""
	}
	if author == "" && date == "" {
		return ""
	}
	if author == "" {
		author = w.opt.Author
	}
	t := strings.TrimSpace(strings.ReplaceAll(author, `"`, "'") + " " + date)
	return ` "` + t + `"`
}

// emphasis appends the atoms of runs of one revision: **bold** outside,
// *italic* inside, links as [text](target).
func (w *writer) emphasis(as []atom, in []doc.Inline) []atom {
	var cur doc.Format
	set := func(f doc.Format) {
		if cur&doc.Italic != 0 && (f&doc.Italic == 0 || f&doc.Bold != cur&doc.Bold) {
			as = append(as, atom{raw: "*", flank: closer})
			cur &^= doc.Italic
		}
		if cur&doc.Bold != 0 && f&doc.Bold == 0 {
			as = append(as, atom{raw: "**", flank: closer})
			cur &^= doc.Bold
		}
		if f&doc.Bold != 0 && cur&doc.Bold == 0 {
			as = append(as, atom{raw: "**", flank: opener})
			cur |= doc.Bold
		}
		if f&doc.Italic != 0 && cur&doc.Italic == 0 {
			as = append(as, atom{raw: "*", flank: opener})
			cur |= doc.Italic
		}
	}
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			set(il.Format & (doc.Bold | doc.Italic))
			if il.Link != "" {
				as = append(as, atom{raw: "["})
				as = textAtoms(as, il.Text)
				as = append(as, atom{raw: "](" + linkTarget(il.Link) + ")"})
				continue
			}
			as = textAtoms(as, il.Text)
		case *doc.FootnoteRef:
			set(0)
			as = append(as, atom{raw: superscript(il.Mark)})
			w.pending = append(w.pending, il.ID)
		}
	}
	set(0)
	return as
}

func linkTarget(s string) string {
	if strings.ContainsAny(s, " ()<>") {
		return "<" + strings.NewReplacer("<", "%3C", ">", "%3E").Replace(s) + ">"
	}
	return s
}

// textAtoms appends the characters of s, markup characters escaped; a
// newline is a hard line break.
func textAtoms(as []atom, s string) []atom {
	for i, r := range s {
		switch {
		case r == '\n':
			as = append(as, atom{raw: "\\\n", line: true})
		case strings.ContainsRune("\\*_[]~`<>", r):
			as = append(as, atom{r: r, escape: true})
		case r == '&' && entityLike(s[i:]):
			as = append(as, atom{r: r, entity: true})
		default:
			as = append(as, atom{r: r})
		}
	}
	return as
}

// entityLike reports whether s starts with what CommonMark reads as a
// character reference.
func entityLike(s string) bool {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 33 {
		return false
	}
	for _, r := range s[1:end] {
		if !(r == '#' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
			return false
		}
	}
	return true
}

// markLineStarts escapes what would make Markdown read the start of a line
// as a block (a list item, a heading, a quote, a rule, code), and writes
// white space at the start or the end of a line as character references,
// which Markdown would drop.
func markLineStarts(as []atom) {
	start, soft := true, false
	for i := range as {
		a := &as[i]
		if !a.isChar() {
			if a.line {
				start, soft = true, a.raw == "\n"
			}
			// A list item's marker opens the line; the text after it
			// starts it again.
			if a.raw == "- " || a.raw == "  - " {
				start = true
			}
			continue
		}
		if start {
			// A tab opening a table row after the first is an empty cell,
			// which the reader keeps (parse: "\n\t").
			if !(soft && a.r == '\t') {
				lineStart(as[i:])
			}
			start = false
		}
	}
	// White space before a line break or at the end.
	for i := range as {
		a := &as[i]
		if !a.isChar() || !unicode.IsSpace(a.r) {
			continue
		}
		k := i + 1
		for k < len(as) && as[k].isChar() && unicode.IsSpace(as[k].r) {
			k++
		}
		if k == len(as) || as[k].line {
			for ; i < k; i++ {
				as[i].entity = true
			}
		}
	}
}

// lineStart escapes the first characters of a line of text as needed.
func lineStart(as []atom) {
	a := &as[0]
	switch {
	case a.r == ' ' || a.r == '\t':
		for i := 0; i < len(as) && as[i].isChar() && (as[i].r == ' ' || as[i].r == '\t'); i++ {
			as[i].entity = true
		}
	case strings.ContainsRune("-+#=>|", a.r):
		a.escape = true
	case a.r >= '0' && a.r <= '9':
		// "1. " or "1) " would open an ordered list.
		i := 0
		for i < len(as) && as[i].isChar() && as[i].r >= '0' && as[i].r <= '9' {
			i++
		}
		if i < len(as) && i <= 9 && as[i].isChar() && (as[i].r == '.' || as[i].r == ')') &&
			(i+1 == len(as) || !as[i+1].isChar() || as[i+1].r == ' ' || as[i+1].r == '\t') {
			as[i].escape = true
		}
	}
}

// protect writes as character references the characters that keep
// CommonMark from seeing a delimiter (see the package comment).
func protect(as []atom, strict int) {
	if strict == strictNone {
		return
	}
	for changed, round := true, 0; changed && round < 4; round++ {
		changed = false
		for i, a := range as {
			if a.flank == 0 {
				continue
			}
			switch a.flank {
			case opener:
				if i+1 < len(as) && refer(&as[i+1], strict == strictAll || unicode.IsSpace(as[i+1].r)) {
					changed = true
				}
				if isPunct(firstOut(as, i+1)) && i > 0 && refer(&as[i-1], isWordOut(as[i-1])) {
					changed = true
				}
				if a.raw == "~~" && i > 0 && as[i-1].isChar() && as[i-1].r == '~' && refer(&as[i-1], true) {
					changed = true
				}
			case closer:
				if i > 0 && refer(&as[i-1], strict == strictAll || unicode.IsSpace(as[i-1].r)) {
					changed = true
				}
				if isPunct(lastOut(as, i-1)) && i+1 < len(as) && refer(&as[i+1], isWordOut(as[i+1])) {
					changed = true
				}
			}
		}
	}
}

// refer makes a character atom a character reference if cond; it reports
// whether that changed anything.
func refer(a *atom, cond bool) bool {
	if !cond || !a.isChar() || a.entity {
		return false
	}
	a.entity = true
	return true
}

func isWordOut(a atom) bool {
	if !a.isChar() || a.entity || a.escape {
		return false
	}
	return !unicode.IsSpace(a.r) && !isPunct(a.r)
}

// firstOut and lastOut are the first and last characters atom i writes.
func firstOut(as []atom, i int) rune {
	if i >= len(as) {
		return ' '
	}
	r, _ := utf8.DecodeRuneInString(as[i].text())
	return r
}

func lastOut(as []atom, i int) rune {
	if i < 0 {
		return ' '
	}
	r, _ := utf8.DecodeLastRuneInString(as[i].text())
	return r
}

// isPunct is CommonMark's punctuation: ASCII punctuation and Unicode P and
// S categories.
func isPunct(r rune) bool {
	return r < 128 && unicode.IsPunct(r) || r < 128 && unicode.IsSymbol(r) || unicode.In(r, unicode.P, unicode.S)
}
