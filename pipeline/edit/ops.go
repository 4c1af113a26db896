package edit

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// paragraphEdit deletes or inserts whole paragraphs (paragraph-mark
// revisions), beside the paragraphs the anchors select.
func (ed *editor) paragraphEdit(e *Edit) error {
	scope, err := ed.inScope(e)
	if err != nil {
		return err
	}
	var picked []*site
	for _, st := range scope {
		if e.Containing != "" && len(index(st.p.Inlines, visibleClean).find(st, e.Containing)) == 0 {
			continue
		}
		if e.Label == "" && e.Containing == "" {
			continue // a whole section is too coarse a target for one paragraph
		}
		picked = append(picked, st)
	}
	switch c := e.Count; {
	case c.All && len(picked) == 0, !c.All && c.Nth == 0 && len(picked) != c.N, c.Nth > 0 && len(picked) < c.Nth:
		if e.Label == "" && e.Containing == "" {
			return ed.fail(e, "a paragraph edit needs label: or containing: to select its paragraph")
		}
		return ed.fail(e, "%d paragraphs match (%s%s), want %s", len(picked), anchors(e), containing(e), c)
	case c.Nth > 0:
		picked = picked[c.Nth-1 : c.Nth]
	}
	for i := len(picked) - 1; i >= 0; i-- {
		st := picked[i]
		if e.DeleteParagraph {
			if err := ed.deleteParagraph(st); err != nil {
				return err
			}
			continue
		}
		if st.list == nil {
			return ed.fail(e, "cannot insert a paragraph into a table cell (%s)", st.where())
		}
		if ed.insertedBeside(e, st) {
			ed.note(e, st, fmt.Sprintf("paragraph %q inserted", e.InsertParagraph.Text), "already applied")
			continue
		}
		ed.insertParagraph(e, st)
	}
	return nil
}

func containing(e *Edit) string {
	if e.Containing == "" {
		return ""
	}
	return fmt.Sprintf(", containing %q", e.Containing)
}

// deleteParagraph deletes a paragraph, its label and its mark.
func (ed *editor) deleteParagraph(st *site) error {
	p := st.p
	if p.Mark.Del != 0 {
		if by := ed.d.Change(p.Mark.Del).Author; by != ed.s.Author {
			return ed.fail(ed.cur, "the paragraph at %s is already deleted by %s", st.where(), by)
		}
		ed.note(ed.cur, st, "paragraph deleted", "already applied")
		return nil
	}
	if st.list == nil {
		return ed.fail(ed.cur, "cannot delete a table cell's paragraph (%s): delete its text instead", st.where())
	}
	if st.newText() || p.Mark.Ins != 0 && ed.d.Change(p.Mark.Ins).Author == ed.s.Author {
		*st.list = append((*st.list)[:st.index:st.index], (*st.list)[st.index+1:]...)
		ed.moved()
		ed.note(ed.cur, st, "paragraph removed", ed.markNote(st))
		return nil
	}
	del := ed.newChange(doc.Deletion, p.Pos)
	mark := func(in []doc.Inline) ([]doc.Inline, error) {
		out := make([]doc.Inline, 0, len(in))
		for _, il := range in {
			rev := il.Revision()
			if rev.Del != 0 {
				out = append(out, il)
				continue
			}
			if err := ed.touch(rev); err != nil {
				return nil, err
			}
			if rev.Ins != 0 && ed.d.Change(rev.Ins).Author == ed.s.Author {
				continue
			}
			out = append(out, withRevision(il, doc.Revision{Ins: rev.Ins, Del: del}))
		}
		return doc.Coalesce(out), nil
	}
	var err error
	if p.Label, err = mark(p.Label); err != nil {
		return err
	}
	if p.Inlines, err = mark(p.Inlines); err != nil {
		return err
	}
	p.Mark.Del = del
	ed.note(ed.cur, st, "paragraph deleted", "")
	return nil
}

// insertedBeside reports whether the paragraph e inserts stands beside st
// already, inserted by the script's author.
func (ed *editor) insertedBeside(e *Edit, st *site) bool {
	at := st.index + 1
	if e.InsertParagraph.Before {
		at = st.index - 1
	}
	list := *st.list
	if at < 0 || at >= len(list) {
		return false
	}
	q, ok := list[at].(*doc.Paragraph)
	if !ok || q.Mark.Ins == 0 || ed.d.Change(q.Mark.Ins).Author != ed.s.Author {
		return false
	}
	return strings.TrimSpace(doc.CleanText(q.Inlines)) == strings.TrimSpace(e.InsertParagraph.Text) &&
		strings.TrimSpace(doc.CleanText(q.Label)) == strings.TrimSpace(e.InsertParagraph.Label)
}

// insertParagraph inserts a new paragraph after (or before) st, in its
// style: wholly inserted, paragraph mark included.
func (ed *editor) insertParagraph(e *Edit, st *site) {
	np := e.InsertParagraph
	p := &doc.Paragraph{Pos: st.p.Pos, Style: st.p.Style, Level: st.p.Level}
	rev := doc.Revision{}
	if !st.newText() {
		rev.Ins = ed.newChange(doc.Insertion, st.p.Pos)
	}
	if np.Label != "" {
		p.Label = []doc.Inline{&doc.Run{Pos: st.p.Pos, Text: np.Label, Rev: rev}}
		if p.Level == 0 {
			p.Level, p.Style = 1, doc.EnumlevStyle(1)
		}
	} else if p.Level > 0 {
		p.Level, p.Style = 0, doc.StyleNormal
	}
	p.Inlines = []doc.Inline{&doc.Run{Pos: st.p.Pos, Text: np.Text, Rev: rev}}
	p.Mark = rev
	at := st.index + 1
	if np.Before {
		at = st.index
	}
	list := *st.list
	list = append(list[:at:at], append([]doc.Block{p}, list[at:]...)...)
	*st.list = list
	ed.moved()
	ed.note(e, st, fmt.Sprintf("paragraph %q inserted", np.Text), ed.markNote(st))
}

// renumber relabels the items of a section (or of the paragraphs the
// anchors select) in sequence, at the level of the first: each label that
// changes is a tracked label change, "~~c)~~b)". Items deleted in the clean
// view do not count.
func (ed *editor) renumber(e *Edit) error {
	scope, err := ed.inScope(e)
	if err != nil {
		return err
	}
	if e.Section == "" && e.Label == "" {
		return ed.fail(e, "renumber: needs section: (the call whose items are renumbered)")
	}
	level, n, changed := 0, 0, 0
	var seq labelSeq
	for _, st := range scope {
		p := st.p
		if len(p.Label) == 0 || p.Mark.Del != 0 {
			continue
		}
		label := strings.TrimSpace(doc.CleanText(p.Label))
		if label == "" {
			continue
		}
		if level == 0 {
			level = p.Level
			if seq, err = newLabelSeq(label); err != nil {
				return ed.fail(e, "renumber: %v", err)
			}
		}
		if p.Level != level {
			continue
		}
		want := seq.at(n)
		n++
		if label == want {
			continue
		}
		if err := ed.relabel(st, want); err != nil {
			return err
		}
		changed++
		ed.note(e, st, fmt.Sprintf("label %q → %q", label, want), ed.markNote(st))
	}
	if n == 0 {
		return ed.fail(e, "renumber: no labelled items in %s", anchors(e))
	}
	if changed == 0 {
		ed.note(e, nil, "renumber", "already applied: every label is in sequence")
	}
	return nil
}

// relabel replaces a paragraph's clean label by want.
func (ed *editor) relabel(st *site, want string) error {
	p := st.p
	save := p.Inlines
	p.Inlines = p.Label
	n := len(doc.CleanText(p.Label))
	err := ed.replaceAt(st, 0, n, want)
	p.Label, p.Inlines = p.Inlines, save
	return err
}

// labelSeq makes the labels of a list: a), b), …; 1, 2, …; 1., 2., …;
// i), ii), …
type labelSeq struct {
	kind   byte // 'a', '1', 'i'
	start  int
	suffix string
}

var romans = []string{"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"}

func newLabelSeq(first string) (labelSeq, error) {
	body := strings.TrimRight(first, ").")
	suffix := first[len(body):]
	if body == "" {
		return labelSeq{}, fmt.Errorf("label %q has no number or letter", first)
	}
	if n, err := strconv.Atoi(body); err == nil {
		return labelSeq{kind: '1', start: n, suffix: suffix}, nil
	}
	for i, r := range romans {
		if body == r {
			return labelSeq{kind: 'i', start: i + 1, suffix: suffix}, nil
		}
	}
	if len(body) == 1 && body[0] >= 'a' && body[0] <= 'z' {
		return labelSeq{kind: 'a', start: int(body[0]-'a') + 1, suffix: suffix}, nil
	}
	return labelSeq{}, fmt.Errorf("cannot count on from label %q", first)
}

// at gives the label of item k (0 the first), counted from the first
// label.
func (s labelSeq) at(k int) string {
	n := s.start + k
	switch s.kind {
	case '1':
		return strconv.Itoa(n) + s.suffix
	case 'i':
		if n <= len(romans) {
			return romans[n-1] + s.suffix
		}
		return strconv.Itoa(n) + s.suffix
	}
	// a … z, then aa, bb, … as ITU texts letter long lists.
	letter := byte('a' + (n-1)%26)
	return strings.Repeat(string(letter), (n-1)/26+1) + s.suffix
}

// number gives a draft resolution its number: its number line becomes
// Line, "DRAFT NEW RESOLUTION [X]" elsewhere "RESOLUTION N", and every other
// "[X]" N.
func (ed *editor) number(e *Edit) error {
	nb := e.Number
	var target *site
	for _, st := range ed.sites() {
		if st.prop != nil && st.p.Style == doc.StyleResNo && strings.Contains(doc.CleanText(st.p.Inlines), nb.Draft) {
			target = st
			break
		}
	}
	if target == nil {
		for _, st := range ed.sites() {
			if st.p.Style == doc.StyleResNo && strings.TrimSpace(doc.CleanText(st.p.Inlines)) == nb.Line {
				ed.note(e, st, "number "+nb.Draft, "already applied")
				return nil
			}
		}
		return ed.fail(e, "number: no resolution number line holds %q", nb.Draft)
	}
	clean := doc.CleanText(target.p.Inlines)
	if err := ed.replaceAt(target, 0, len(clean), nb.Line); err != nil {
		return err
	}
	target.prop.Number = nb.Line
	ed.note(e, target, fmt.Sprintf("%q → %q", strings.TrimSpace(clean), nb.Line), ed.markNote(target))
	for _, ref := range [][2]string{{"DRAFT NEW RESOLUTION " + nb.Draft, "RESOLUTION " + nb.As}, {nb.Draft, nb.As}} {
		for _, st := range ed.sites() {
			ms := index(st.p.Inlines, visibleClean).find(st, ref[0])
			for i := len(ms) - 1; i >= 0; i-- {
				if err := ed.replaceAt(st, ms[i].a, ms[i].b, ref[1]); err != nil {
					return err
				}
				ed.note(e, st, fmt.Sprintf("%q → %q", ref[0], ref[1]), ed.markNote(st))
			}
		}
	}
	return nil
}
