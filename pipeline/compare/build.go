package compare

import (
	"strings"

	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// This file builds the marked blocks from the aligned steps.

// emit builds the blocks of the steps, each change region (a stretch of
// deleted and inserted blocks between two pairs) deletions first unless
// settle flipped it, and records the origin of each.
func (c *comparer) emit(steps []step) []doc.Block {
	var out []doc.Block
	var before []doc.Block // the region just emitted, if the last thing emitted was one
	add := func(b doc.Block, o origin) {
		out = append(out, b)
		c.origins = append(c.origins, o)
	}
	for i := 0; i < len(steps); {
		s := steps[i]
		if s.kind == delStep || s.kind == insStep {
			k := i
			var region, dels, inss []doc.Block
			for ; k < len(steps) && (steps[k].kind == delStep || steps[k].kind == insStep); k++ {
				if steps[k].kind == delStep {
					dels = append(dels, steps[k].a[0])
					region = append(region, steps[k].a[0])
				} else {
					inss = append(inss, steps[k].b[0])
					region = append(region, steps[k].b[0])
				}
			}
			first, second := dels, inss
			firstRev, secondRev := doc.Deleted, doc.Inserted
			if c.isFlipped(region) {
				first, second, firstRev, secondRev = inss, dels, doc.Inserted, doc.Deleted
			}
			for _, b := range first {
				add(c.markBlock(b, firstRev), origin{src: []doc.Block{b}, region: region, before: before})
			}
			for _, b := range second {
				add(c.markBlock(b, secondRev), origin{src: []doc.Block{b}, region: region, before: before})
			}
			c.noteRestyled(dels, inss)
			before = region
			i = k
			continue
		}
		o := origin{before: before, src: append(append([]doc.Block{}, s.a...), s.b...)}
		for _, b := range s.a {
			if p, ok := b.(*doc.Paragraph); ok {
				o.pair = append(o.pair, p)
			}
		}
		before = nil
		i++
		switch s.kind {
		case pairStep:
			switch x := s.a[0].(type) {
			case *doc.Paragraph:
				y := s.b[0].(*doc.Paragraph)
				o.labelled = canon.Inlines(x.Label) != canon.Inlines(y.Label)
				o.same = canon.Paragraph(x) == canon.Paragraph(y)
				add(c.pairPara(x, y, c.knob[x] == pairChars), o)
			case *doc.Table:
				o.same = blockKey(x) == blockKey(s.b[0])
				add(c.pairTable(x, s.b[0].(*doc.Table)), o)
			}
		case splitStep:
			a, b1, b2 := s.a[0].(*doc.Paragraph), s.b[0].(*doc.Paragraph), s.b[1].(*doc.Paragraph)
			if p1, p2, ok := c.split(a, b1, b2); ok {
				add(p1, o)
				add(p2, o)
				continue
			}
			// Not a split after all: the first new paragraph got none of the
			// old text. Pair with the second if it can be, insert the other.
			if compatible(a, b2) {
				add(c.markBlock(b1, doc.Inserted), origin{})
				add(c.pairPara(a, b2, false), o)
			} else {
				add(c.pairPara(a, b1, false), o)
				add(c.markBlock(b2, doc.Inserted), origin{})
			}
		case mergeStep:
			a1, a2, b := s.a[0].(*doc.Paragraph), s.a[1].(*doc.Paragraph), s.b[0].(*doc.Paragraph)
			if p1, p2, ok := c.merge(a1, a2, b); ok {
				add(p1, o)
				add(p2, o)
				continue
			}
			if compatible(a2, b) {
				add(c.markBlock(a1, doc.Deleted), origin{})
				add(c.pairPara(a2, b, false), o)
			} else {
				add(c.pairPara(a1, b, false), o)
				add(c.markBlock(a2, doc.Deleted), origin{})
			}
		}
	}
	return out
}

func (c *comparer) isFlipped(region []doc.Block) bool {
	for _, b := range region {
		if c.flipped[b] {
			return true
		}
	}
	return false
}

// noteRestyled notes a paragraph deleted and inserted with the same text in
// one region: a change of style or level, which the model cannot mark.
func (c *comparer) noteRestyled(dels, inss []doc.Block) {
	for _, d := range dels {
		p, ok := d.(*doc.Paragraph)
		if !ok {
			continue
		}
		for _, i := range inss {
			if q, ok := i.(*doc.Paragraph); ok && !compatible(p, q) && canon.Inlines(p.Inlines) == canon.Inlines(q.Inlines) && len(q.Inlines) > 0 {
				c.note(q.Pos, "paragraph %q changed from %s to %s: shown deleted and inserted (styles carry no revision marks)",
					excerpt(doc.Text(q.Inlines)), styleName(p), styleName(q))
				break
			}
		}
	}
}

func styleName(p *doc.Paragraph) string {
	if p.Level > 0 {
		return string(p.Style) + " (level " + string(rune('0'+p.Level)) + ")"
	}
	return string(p.Style)
}

// pairPara is the redline of two paragraphs of the same style and level;
// chars diffs the labels by characters instead of words.
func (c *comparer) pairPara(a, b *doc.Paragraph, chars bool) *doc.Paragraph {
	if canon.Paragraph(a) == canon.Paragraph(b) && !hasRefs(b.Inlines) {
		return &doc.Paragraph{Style: b.Style, Level: b.Level, Label: copyInlines(b.Label), Inlines: copyInlines(b.Inlines)}
	}
	p := &doc.Paragraph{Style: b.Style, Level: b.Level}
	labels := tokenize
	if chars {
		labels = charTokens
	}
	c.at = b.Pos
	p.Label = c.toInlines(c.markTokens(labels(a.Label), labels(b.Label)))
	p.Inlines = c.toInlines(c.markTokens(tokenize(a.Inlines), tokenize(b.Inlines)))
	return p
}

// split shows a split into b1 and b2: the first paragraph's mark is
// inserted. ok is false when b1 took none of a's text (nothing to split).
func (c *comparer) split(a, b1, b2 *doc.Paragraph) (p1, p2 *doc.Paragraph, ok bool) {
	t1 := tokenize(b1.Inlines)
	c.at = b1.Pos
	ms := c.markTokens(tokenize(a.Inlines), append(t1, tokenize(b2.Inlines)...))
	cut := len(ms)
	for i, m := range ms {
		if m.bi >= len(t1) {
			cut = i
			break
		}
	}
	if len(a.Label) == 0 && !keeps(ms[:cut], doc.Inserted) {
		return nil, nil, false
	}
	p1 = &doc.Paragraph{Style: b1.Style, Level: b1.Level, Mark: c.markRev(doc.Inserted)}
	p1.Label = c.toInlines(c.markTokens(tokenize(a.Label), tokenize(b1.Label)))
	p1.Inlines = c.toInlines(ms[:cut])
	p2 = &doc.Paragraph{Style: b2.Style, Level: b2.Level}
	p2.Label = c.markInlines(b2.Label, doc.Inserted)
	p2.Inlines = c.toInlines(ms[cut:])
	c.note(b1.Pos, "paragraph split in two (%q): shown as an inserted paragraph mark", excerpt(doc.Text(b1.Inlines)))
	return p1, p2, true
}

// merge shows a1 and a2 merged into b: the first paragraph's mark is
// deleted. ok is false when a1 kept none of b's text.
func (c *comparer) merge(a1, a2, b *doc.Paragraph) (p1, p2 *doc.Paragraph, ok bool) {
	t1 := tokenize(a1.Inlines)
	c.at = b.Pos
	ms := c.markTokens(append(t1, tokenize(a2.Inlines)...), tokenize(b.Inlines))
	cut := len(ms)
	for i, m := range ms {
		if m.ai >= len(t1) {
			cut = i
			break
		}
	}
	if len(b.Label) == 0 && !keeps(ms[:cut], doc.Deleted) {
		return nil, nil, false
	}
	p1 = &doc.Paragraph{Style: a1.Style, Level: a1.Level, Mark: c.markRev(doc.Deleted)}
	p1.Label = c.toInlines(c.markTokens(tokenize(a1.Label), tokenize(b.Label)))
	p1.Inlines = c.toInlines(ms[:cut])
	p2 = &doc.Paragraph{Style: a2.Style, Level: a2.Level}
	p2.Label = c.markInlines(a2.Label, doc.Deleted)
	p2.Inlines = c.toInlines(ms[cut:])
	c.note(b.Pos, "two paragraphs merged into one (%q): shown as a deleted paragraph mark", excerpt(doc.Text(b.Inlines)))
	return p1, p2, true
}

// keeps reports whether some token is not of the revision rev: the view
// that drops rev keeps something of them.
func keeps(ms []mtoken, rev doc.Rev) bool {
	for _, m := range ms {
		if m.rev != rev {
			return true
		}
	}
	return false
}

// pairTable is the redline of two tables: rows pair like blocks (identical,
// then similar ones with as many cells of the same styles), cells by place.
func (c *comparer) pairTable(a, b *doc.Table) *doc.Table {
	t := &doc.Table{}
	in := interner{}
	ka, kb := make([]int, len(a.Rows)), make([]int, len(b.Rows))
	for i, r := range a.Rows {
		ka[i] = in.id(rowKey(r))
	}
	for j, r := range b.Rows {
		kb[j] = in.id(rowKey(r))
	}
	for _, e := range diffGaps(Diff(ka, kb)) {
		if e.Kind == Equal {
			for i := 0; i < e.A1-e.A0; i++ {
				t.Rows = append(t.Rows, c.pairRow(a.Rows[e.A0+i], b.Rows[e.B0+i]))
			}
			continue
		}
		ra, rb := a.Rows[e.A0:e.A1], b.Rows[e.B0:e.B1]
		pairs := pairUp(len(ra), len(rb), func(i, j int) float64 {
			if !rowsCompatible(ra[i], rb[j]) {
				return -1
			}
			s := similarity(rowBag(ra[i]), rowBag(rb[j]))
			if s < minSimilarity && ra[i].Header {
				s = minSimilarity // a header row stays the header, whatever it says
			}
			if s < minSimilarity {
				return -1
			}
			return s
		})
		i, j := 0, 0
		gap := func(i1, j1 int) {
			for ; i < i1; i++ {
				t.Rows = append(t.Rows, c.markRow(ra[i], doc.Deleted))
			}
			for ; j < j1; j++ {
				t.Rows = append(t.Rows, c.markRow(rb[j], doc.Inserted))
			}
		}
		for _, p := range pairs {
			gap(p[0], p[1])
			t.Rows = append(t.Rows, c.pairRow(ra[p[0]], rb[p[1]]))
			i, j = p[0]+1, p[1]+1
		}
		gap(len(ra), len(rb))
	}
	return t
}

func rowKey(r *doc.Row) string {
	return strings.Join(canon.Lines(&doc.Document{Blocks: []doc.Block{&doc.Table{Rows: []*doc.Row{r}}}}, canon.Options{}), "\n")
}

func rowsCompatible(x, y *doc.Row) bool {
	if x.Header != y.Header || len(x.Cells) != len(y.Cells) {
		return false
	}
	for i := range x.Cells {
		if !compatible(x.Cells[i], y.Cells[i]) {
			return false
		}
	}
	return true
}

func rowBag(r *doc.Row) bag {
	g := bag{count: map[string]int{}}
	for _, cell := range r.Cells {
		g = g.plus(bagOf(cell))
	}
	return g
}

func (c *comparer) pairRow(x, y *doc.Row) *doc.Row {
	r := &doc.Row{Header: y.Header}
	for i := range y.Cells {
		r.Cells = append(r.Cells, c.pairPara(x.Cells[i], y.Cells[i], false))
	}
	return r
}

// markRow marks every cell with text; when none has any, every cell, so
// that the views drop the row (edits: an empty unmarked cell does not hold
// a row).
func (c *comparer) markRow(r *doc.Row, rev doc.Rev) *doc.Row {
	empty := true
	for _, cell := range r.Cells {
		empty = empty && len(cell.Inlines) == 0 && len(cell.Label) == 0
	}
	nr := &doc.Row{Header: r.Header}
	for _, cell := range r.Cells {
		if !empty && len(cell.Inlines) == 0 && len(cell.Label) == 0 {
			nr.Cells = append(nr.Cells, &doc.Paragraph{Style: cell.Style, Level: cell.Level})
			continue
		}
		nr.Cells = append(nr.Cells, c.markPara(cell, rev))
	}
	return nr
}

// markBlock copies a block wholly deleted (from OLD) or inserted (from
// NEW).
func (c *comparer) markBlock(b doc.Block, rev doc.Rev) doc.Block {
	switch b := b.(type) {
	case *doc.Paragraph:
		return c.markPara(b, rev)
	case *doc.Table:
		t := &doc.Table{}
		for _, r := range b.Rows {
			t.Rows = append(t.Rows, c.markRow(r, rev))
		}
		return t
	}
	panic("compare: unexpected block")
}

func (c *comparer) markPara(p *doc.Paragraph, rev doc.Rev) *doc.Paragraph {
	q := &doc.Paragraph{Style: p.Style, Level: p.Level}
	q.Label = c.markInlines(p.Label, rev)
	q.Inlines = c.markInlines(p.Inlines, rev)
	// The mark goes with the paragraph's last change, as normalize gives a
	// wholly revised paragraph its mark.
	q.Mark = c.markRev(rev)
	for _, in := range [][]doc.Inline{q.Inlines, q.Label} {
		if len(in) > 0 {
			q.Mark = in[len(in)-1].Revision()
			break
		}
	}
	c.from[q] = p
	return q
}

// markInlines copies inlines as one deletion or insertion.
func (c *comparer) markInlines(in []doc.Inline, rev doc.Rev) []doc.Inline {
	if len(in) == 0 {
		return nil
	}
	span := c.newSpan()
	var out []doc.Inline
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			out = append(out, &doc.Run{Text: il.Text, Format: il.Format, Link: il.Link, Rev: c.rev(rev, span)})
		case *doc.FootnoteRef:
			out = append(out, c.sideRef(il, rev, span))
		}
	}
	return out
}

func (c *comparer) newSpan() int {
	c.spans++
	return c.spans
}

// rev is the revision of a deletion or insertion of span: span numbers the
// redline's changes (Document.Changes, made at the end from kinds).
func (c *comparer) rev(rev doc.Rev, span int) doc.Revision {
	switch rev {
	case doc.Inserted:
		c.kinds[span] = doc.Insertion
		return doc.Revision{Ins: doc.ChangeID(span)}
	case doc.Deleted:
		c.kinds[span] = doc.Deletion
		return doc.Revision{Del: doc.ChangeID(span)}
	}
	return doc.Revision{}
}

// markRev is the revision of a paragraph mark of a change of its own.
func (c *comparer) markRev(rev doc.Rev) doc.Revision {
	if rev == doc.Unchanged {
		return doc.Revision{}
	}
	return c.rev(rev, c.newSpan())
}

// mtoken is a token of the redline: its revision, its span (one per
// deletion or insertion), and where it came from.
type mtoken struct {
	token
	rev    doc.Rev
	span   int
	old    *doc.FootnoteRef // an unchanged reference: the old one (token.ref is the new)
	ai, bi int              // index in a (equal, deleted) and in b (equal, inserted); -1 when none
}

// markTokens diffs two token sequences into the redline's tokens.
func (c *comparer) markTokens(a, b []token) []mtoken {
	rs := diffTokens(a, b)
	var out []mtoken
	ai, bi := 0, 0
	equal := func(a1 int) {
		for ; ai < a1; ai, bi = ai+1, bi+1 {
			m := mtoken{token: b[bi], ai: ai, bi: bi}
			if m.ref != nil {
				m.old = a[ai].ref
			}
			out = append(out, m)
		}
	}
	for _, r := range rs {
		equal(r.A0)
		if r.replaces() && plain(a[r.A0:r.A1]) == plain(b[r.B0:r.B1]) {
			c.note(c.at, "formatting of %q changed: shown as a deletion and an insertion (formats carry no revision marks)", excerpt(plain(b[r.B0:r.B1])))
		}
		if r.A1 > r.A0 {
			span := c.newSpan()
			for ; ai < r.A1; ai++ {
				out = append(out, mtoken{token: a[ai], rev: doc.Deleted, span: span, ai: ai, bi: -1})
			}
		}
		if r.B1 > r.B0 {
			span := c.newSpan()
			for ; bi < r.B1; bi++ {
				out = append(out, mtoken{token: b[bi], rev: doc.Inserted, span: span, ai: -1, bi: bi})
			}
		}
	}
	equal(len(a))
	return out
}

func plain(ts []token) string {
	var sb strings.Builder
	for _, t := range ts {
		sb.WriteString(t.text)
	}
	return sb.String()
}

// toInlines makes runs of the redline's tokens, alike tokens in one run.
func (c *comparer) toInlines(ms []mtoken) []doc.Inline {
	var out []doc.Inline
	var text strings.Builder
	var cur *doc.Run
	flush := func() {
		if cur != nil {
			cur.Text = text.String()
			out = append(out, cur)
			cur = nil
			text.Reset()
		}
	}
	for _, m := range ms {
		if m.ref != nil {
			flush()
			if m.rev == doc.Unchanged {
				out = append(out, c.pairedRef(m.old, m.ref))
			} else {
				out = append(out, c.sideRef(m.ref, m.rev, m.span))
			}
			continue
		}
		if cur != nil && (cur.Format != m.format || cur.Link != m.link || cur.Rev != c.rev(m.rev, m.span)) {
			flush()
		}
		if cur == nil {
			cur = &doc.Run{Format: m.format, Link: m.link, Rev: c.rev(m.rev, m.span)}
		}
		text.WriteString(m.text)
	}
	flush()
	return out
}

// pairedRef is an unchanged footnote reference: its footnote is the redline
// of the old and the new one.
func (c *comparer) pairedRef(old, nw *doc.FootnoteRef) *doc.FootnoteRef {
	fo, fn := c.old.Footnote(old.ID), c.new.Footnote(nw.ID)
	var body []doc.Inline
	switch {
	case fo != nil && fn != nil:
		body = c.toInlines(c.markTokens(tokenize(fo.Inlines), tokenize(fn.Inlines)))
	case fn != nil:
		body = copyInlines(fn.Inlines)
	}
	return c.addFootnote(nw, body, doc.Unchanged, 0)
}

// sideRef is a deleted reference (its footnote from OLD) or an inserted one
// (from NEW); the footnote's text is not marked, it goes with its reference.
func (c *comparer) sideRef(r *doc.FootnoteRef, rev doc.Rev, span int) *doc.FootnoteRef {
	src := c.new
	if rev == doc.Deleted {
		src = c.old
	}
	var body []doc.Inline
	if f := src.Footnote(r.ID); f != nil {
		body = copyInlines(f.Inlines)
	}
	return c.addFootnote(r, body, rev, span)
}

func (c *comparer) addFootnote(r *doc.FootnoteRef, body []doc.Inline, rev doc.Rev, span int) *doc.FootnoteRef {
	f := &doc.Footnote{ID: len(c.footnotes) + 1, Mark: r.Mark, Inlines: body}
	c.footnotes = append(c.footnotes, f)
	return &doc.FootnoteRef{ID: f.ID, Mark: r.Mark, Rev: c.rev(rev, span)}
}

// copyInlines copies unchanged inlines without positions; references get
// footnotes of their own (from NEW).
func copyInlines(in []doc.Inline) []doc.Inline {
	var out []doc.Inline
	for _, il := range in {
		if r, ok := il.(*doc.Run); ok {
			out = append(out, &doc.Run{Text: r.Text, Format: r.Format, Link: r.Link})
		}
	}
	return out
}

func hasRefs(in []doc.Inline) bool {
	for _, il := range in {
		if _, ok := il.(*doc.FootnoteRef); ok {
			return true
		}
	}
	return false
}
