package docxread

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// revState is the revision the inlines being mapped are in: the innermost
// change's span and revision, and whether an enclosing change is of the
// other kind.
type revState struct {
	rev    doc.Rev
	span   int
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
			inner.rev = doc.Inserted
			if x.Kind == wml.Del || x.Kind == wml.MoveFrom {
				inner.rev = doc.Deleted
			}
			m.res.Changes = append(m.res.Changes, Change{Kind: x.Kind, Change: x.Change, Pos: x.Pos})
			inner.span, inner.author = len(m.res.Changes), x.Change.Author
			switch {
			case st.rev != doc.Unchanged && st.rev != inner.rev:
				m.report(x.Pos, doc.Warning, "%s by %q inside %s by %q: the model holds one change per run, so it is kept as the %s alone",
					revWord(x.Kind), x.Change.Author, revNoun(st.rev), st.author, revWord(x.Kind))
			case x.Kind == wml.MoveFrom || x.Kind == wml.MoveTo:
				m.report(x.Pos, doc.Note, "move (%s) by %q kept as %s: the model has no moves", x.Kind, x.Change.Author, revNoun(inner.rev))
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

// revNoun names the kind of change of a model revision.
func revNoun(r doc.Rev) string {
	if r == doc.Inserted {
		return "an insertion"
	}
	return "a deletion"
}

// run maps a run's content onto out: text, tabs and breaks into runs,
// footnote references into doc.FootnoteRef.
func (m *mapper) run(out []doc.Inline, r *wml.Run, st revState) []doc.Inline {
	f := m.format(r)
	var sb strings.Builder
	at := pos(r.Pos)
	flush := func() {
		if sb.Len() > 0 {
			out = append(out, &doc.Run{Pos: at, Text: sb.String(), Format: f, Rev: st.rev, Span: st.span, Link: st.link})
			sb.Reset()
		}
	}
	for _, e := range r.Content {
		switch e.Kind {
		case wml.FootnoteRef, wml.EndnoteRef:
			flush()
			key := noteRef{endnote: e.Kind == wml.EndnoteRef, id: e.Text}
			id := m.noteID(key)
			out = append(out, &doc.FootnoteRef{Pos: at, ID: id, Mark: strconv.Itoa(id), Rev: st.rev, Span: st.span})
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

// coalesce merges adjacent runs alike in format, revision, span and link.
func coalesce(in []doc.Inline) []doc.Inline {
	out := in[:0]
	for _, x := range in {
		r, ok := x.(*doc.Run)
		if ok && len(out) > 0 {
			if prev, ok := out[len(out)-1].(*doc.Run); ok && prev.Format == r.Format && prev.Rev == r.Rev && prev.Span == r.Span && prev.Link == r.Link {
				merged := *prev
				merged.Text += r.Text
				out[len(out)-1] = &merged
				continue
			}
		}
		out = append(out, x)
	}
	return out
}

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
	if !ok || r.Rev != doc.Unchanged {
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
