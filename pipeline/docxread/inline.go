package docxread

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// revState is the revision the inlines being mapped are in: the innermost
// insertion and deletion (a deletion nested in another author's insertion
// keeps both, as the model nests them), and the author of the innermost.
type revState struct {
	rev    doc.Revision
	author string // of the innermost change
	link   string
}

// inlines maps inlines in the revision state st, merging alike runs.
func (m *mapper) inlines(in []wml.Inline, st revState) []doc.Inline {
	var out []doc.Inline
	for _, x := range in {
		switch x := x.(type) {
		case *wml.Run:
			out = m.run(out, x, st)
		case *wml.Revision:
			inner := st
			id := m.newChange(x.Kind, x.Change, x.Pos)
			deletion := x.Kind == wml.Del || x.Kind == wml.MoveFrom
			switch {
			case deletion:
				inner.rev.Del = id
			case st.rev.Del != 0:
				// Word nests a deletion in an insertion, not the other way
				// round: read as inserted, then deleted.
				m.report(x.Pos, doc.Warning, "%s by %q inside a deletion by %q: read as inserted, then deleted", revWord(x.Kind), x.Change.Author, st.author)
				inner.rev.Ins = id
			default:
				inner.rev.Ins = id
			}
			inner.author = x.Change.Author
			if x.Kind == wml.MoveFrom || x.Kind == wml.MoveTo {
				m.report(x.Pos, doc.Note, "move (%s) by %q kept as %s: the model has no moves", x.Kind, x.Change.Author, revNoun(deletion))
			}
			out = append(out, m.inlines(x.Inlines, inner)...)
		case *wml.Hyperlink:
			inner := st
			switch {
			case x.External && x.Target != "":
				inner.link = x.Target
			case x.Anchor != "":
				m.report(x.Pos, doc.Note, "link to bookmark %q kept as text: the model links only to addresses", x.Anchor)
			}
			out = append(out, m.inlines(x.Inlines, inner)...)
		case *wml.Field:
			// Not PAGE: reported by wml; its result is the text.
			out = append(out, m.inlines(x.Inlines, st)...)
		case *wml.FieldChar, *wml.RangeMark, *wml.Unsupported:
			// Field characters leave their result in place; ranges carry
			// nothing; unsupported content was reported.
		default:
			panic(fmt.Sprintf("docxread: unknown inline %T", x))
		}
	}
	return coalesce(out)
}

// revNoun names the kind of a change.
func revNoun(deletion bool) string {
	if deletion {
		return "a deletion"
	}
	return "an insertion"
}

// newChange adds a DOCX change to the document's change table (and its
// DOCX form to Result.Changes, at the same index).
func (m *mapper) newChange(kind wml.RevKind, c wml.Change, at wml.Pos) doc.ChangeID {
	k := doc.Insertion
	if kind == wml.Del || kind == wml.MoveFrom {
		k = doc.Deletion
	}
	m.res.Changes = append(m.res.Changes, Change{Kind: kind, Change: c, Pos: at})
	return m.d.NewChange(doc.Change{Kind: k, Author: c.Author, Date: isoDay(c.Date), Pos: pos(at)})
}

// isoDay is the day of an xsd:dateTime, YYYY-MM-DD, or "".
func isoDay(date string) string {
	if len(date) >= 10 && isoDate.MatchString(date[:10]) {
		return date[:10]
	}
	return ""
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// run maps a run's content onto out: text, tabs and breaks into runs,
// footnote references into doc.FootnoteRef.
func (m *mapper) run(out []doc.Inline, r *wml.Run, st revState) []doc.Inline {
	f := m.format(r)
	var sb strings.Builder
	at := pos(r.Pos)
	flush := func() {
		if sb.Len() > 0 {
			out = append(out, &doc.Run{Pos: at, Text: sb.String(), Format: f, Rev: st.rev, Link: st.link})
			sb.Reset()
		}
	}
	for _, e := range r.Content {
		switch e.Kind {
		case wml.FootnoteRef, wml.EndnoteRef:
			flush()
			key := noteRef{endnote: e.Kind == wml.EndnoteRef, id: e.Text}
			id := m.noteID(key)
			out = append(out, &doc.FootnoteRef{Pos: at, ID: id, Mark: strconv.Itoa(id), Rev: st.rev})
		case wml.NoteMark, wml.CommentRef:
			// A note's own mark (the writers make it); a comment's anchor
			// (reported with the comment).
		case wml.PageBreak, wml.ColumnBreak:
			// LibreOffice writes the annex's page break before as one.
			m.report(r.Pos, doc.Note, "%s break left out: the ITU layout breaks pages", map[wml.ElemKind]string{wml.PageBreak: "page", wml.ColumnBreak: "column"}[e.Kind])
		default:
			sb.WriteString(e.String())
		}
	}
	flush()
	return out
}

// noteID gives the model id of a footnote or endnote: its rank among the
// notes referenced so far.
func (m *mapper) noteID(key noteRef) int {
	k := key.id
	if key.endnote {
		k = "e" + k
	}
	if id, ok := m.notes[k]; ok {
		return id
	}
	m.order = append(m.order, key)
	m.notes[k] = len(m.order)
	return len(m.order)
}

// format gives a run's model format, counting the direct formats the model
// cannot hold.
func (m *mapper) format(r *wml.Run) doc.Format {
	p := r.Props
	var f doc.Format
	if p.Bold == wml.On {
		f |= doc.Bold
	}
	if p.Italic == wml.On {
		f |= doc.Italic
	}
	if p.VertAlign == "superscript" {
		f |= doc.Superscript
	}
	lose := func(what string, set bool) {
		if !set {
			return
		}
		if m.lost == nil {
			m.lost = map[string]*lostFormat{}
		}
		l := m.lost[what]
		if l == nil {
			l = &lostFormat{first: r.Pos}
			m.lost[what] = l
		}
		l.n++
	}
	lose("underline", p.Underline != "" && p.Underline != "none")
	lose("strikethrough", p.Strike == wml.On || p.DoubleStrike == wml.On)
	lose("capitals", p.Caps == wml.On || p.SmallCaps == wml.On)
	lose("hidden text (kept as text)", p.Hidden == wml.On)
	lose("subscript", p.VertAlign == "subscript")
	if c := p.Change; c != nil {
		lose("formatting change by "+strconv.Quote(c.Author)+" (the run is read as it is now)", true)
	}
	return f
}

// formatReports reports each direct format the model could not hold, once,
// at its first run, with the number of runs.
func (m *mapper) formatReports() {
	var whats []string
	for w := range m.lost {
		whats = append(whats, w)
	}
	sort.Strings(whats)
	for _, w := range whats {
		l := m.lost[w]
		m.report(l.first, doc.Warning, "%s not carried (%d runs)", w, l.n)
	}
}

// coalesce merges adjacent runs alike in format, revision and link.
func coalesce(in []doc.Inline) []doc.Inline { return doc.Coalesce(in) }

// footnotes maps the notes in order of first reference, without the mark
// and the tab or space after it that writers put first.
func (m *mapper) footnotes() {
	byID := func(notes []*wml.Note) map[string]*wml.Note {
		out := map[string]*wml.Note{}
		for _, n := range notes {
			out[n.ID] = n
		}
		return out
	}
	foot, end := byID(m.w.Footnotes), byID(m.w.Endnotes)
	for i := 0; i < len(m.order); i++ { // notes may reference notes: m.order grows
		key := m.order[i]
		id := i + 1
		src := foot[key.id]
		if key.endnote {
			src = end[key.id]
		}
		fn := &doc.Footnote{ID: id, Mark: strconv.Itoa(id)}
		m.d.Footnotes = append(m.d.Footnotes, fn)
		if src == nil {
			m.report(wml.Pos{Part: m.w.Main}, doc.Warning, "footnote %s is referenced but not in the notes part", key.id)
			continue
		}
		fn.Pos = pos(src.Pos)
		if key.endnote {
			m.report(src.Pos, doc.Note, "endnote %s read as a footnote", key.id)
		}
		first := true
		for _, b := range src.Blocks {
			p, ok := b.(*wml.Paragraph)
			if !ok {
				m.report(src.Pos, doc.Warning, "a table in footnote %s not carried", key.id)
				continue
			}
			in := m.inlines(p.Inlines, revState{})
			if first {
				in = trimLeadingTab(in)
			} else {
				in = append([]doc.Inline{&doc.Run{Pos: pos(p.Pos), Text: "\n"}}, in...)
				m.report(p.Pos, doc.Note, "paragraphs of footnote %s joined by a line break", key.id)
			}
			first = false
			fn.Inlines = append(fn.Inlines, in...)
		}
	}
}

// trimLeadingTab drops the tab or space a note's text starts with, after
// its mark.
func trimLeadingTab(in []doc.Inline) []doc.Inline {
	if len(in) == 0 {
		return in
	}
	r, ok := in[0].(*doc.Run)
	if !ok || !r.Rev.IsZero() {
		return in
	}
	t := strings.TrimLeft(r.Text, "\t ")
	if t == r.Text {
		return in
	}
	if t == "" {
		return in[1:]
	}
	c := *r
	c.Text = t
	return append([]doc.Inline{&c}, in[1:]...)
}
