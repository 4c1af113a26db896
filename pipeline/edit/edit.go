// Package edit is the pipeline's "apply edits" stage: the Editorial
// Committee's own changes. It takes a normalized document and an edit
// script (script.go) and gives a new document in which every edit is a
// tracked change of the script's author, beside the changes the document
// already carries:
//
//   - text is found on the clean view (what the Plenary reads), quotes,
//     no-break spaces and dashes folded for matching only, within anchors
//     from coarse to fine: proposal or resolution, call section, label;
//   - a deletion of another author's insertion nests in it (w:del in
//     w:ins); the author's own insertion is edited in place; text in an ADD
//     proposal, which carries no marks, is changed without marks;
//   - a script applies all or nothing: the first edit that fails (an anchor
//     with another number of matches than asked, two edits on the same
//     characters, text already deleted by another author) fails the
//     document, with the script's file:line:col and the nearest candidates,
//     unless Options.KeepGoing; an edit already applied (the script run on
//     its own output) changes nothing and is reported.
//
// The input document is not changed.
package edit

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// Options change how a script applies.
type Options struct {
	KeepGoing bool // apply the edits that can be, report the others
}

// Report says what each edit did.
type Report struct {
	Applied []Applied
	Failed  []error // with KeepGoing: the edits that could not apply
}

// Applied is one change an edit made (or, for a check rule, found).
type Applied struct {
	Edit  *Edit
	Where string // "WGPL/149/2 at 64:1": proposal and the paragraph's source position
	What  string // `"Rev. Busan, 2014" → "Rev. Dubai, 2018"`
	Note  string // "already applied", "no marks: ADD is new text", "check: 3 matches"
}

// Error is an edit that cannot apply.
type Error struct {
	Pos string // the edit's file:line:col
	Msg string
}

func (e *Error) Error() string { return e.Pos + ": " + e.Msg }

// Apply applies s to d and gives the edited document, d unchanged.
func Apply(d *doc.Document, s *Script, opt Options) (*doc.Document, *Report, error) {
	out := revise.Apply(d, revise.Marked) // a copy that shares nothing
	out.Diagnostics = append([]doc.Diagnostic(nil), d.Diagnostics...)
	ed := &editor{d: out, s: s, owner: map[doc.ChangeID]*Edit{}, rep: &Report{}}
	for _, e := range s.Edits {
		if err := ed.apply(e); err != nil {
			if !opt.KeepGoing {
				return nil, ed.rep, err
			}
			ed.rep.Failed = append(ed.rep.Failed, err)
		}
	}
	out.NameProposals() // edits may have changed a heading's text
	return out, ed.rep, nil
}

// site is a paragraph with where it stands.
type site struct {
	prop    *doc.Proposal // nil on the cover
	list    *[]doc.Block  // the blocks it is one of; nil in a table cell
	index   int
	p       *doc.Paragraph
	section string // clean text of the call it stands under, lower case
}

func (st *site) newText() bool { return st.prop != nil && st.prop.Action.New() }

func (st *site) where() string {
	id := "cover"
	if st.prop != nil {
		id = st.prop.ID
		if id == "" {
			id = st.prop.Number
		}
	}
	return fmt.Sprintf("%s at %s", id, st.p.Pos)
}

type editor struct {
	d     *doc.Document
	s     *Script
	owner map[doc.ChangeID]*Edit // the edit that made each change of the script
	rep   *Report
	cur   *Edit
	cache []*site // sites(), until a paragraph is inserted or removed
}

// sites lists the document's paragraphs in reading order.
func (ed *editor) sites() []*site {
	if ed.cache == nil {
		ed.cache = ed.walk()
	}
	return ed.cache
}

// moved forgets the sites: paragraphs were inserted or removed.
func (ed *editor) moved() { ed.cache = nil }

func (ed *editor) walk() []*site {
	var out []*site
	var walk func(list *[]doc.Block, prop *doc.Proposal)
	walk = func(list *[]doc.Block, prop *doc.Proposal) {
		section := ""
		for i, b := range *list {
			switch b := b.(type) {
			case *doc.Paragraph:
				if b.Style == doc.StyleCall {
					section = strings.ToLower(strings.Join(strings.Fields(doc.CleanText(b.Inlines)), " "))
				}
				out = append(out, &site{prop: prop, list: list, index: i, p: b, section: section})
			case *doc.Table:
				for _, r := range b.Rows {
					for _, c := range r.Cells {
						out = append(out, &site{prop: prop, p: c, section: section})
					}
				}
			case *doc.Proposal:
				walk(&b.Blocks, b)
			}
		}
	}
	walk(&ed.d.Blocks, nil)
	return out
}

// inScope gives the sites e's anchors select.
func (ed *editor) inScope(e *Edit) ([]*site, error) {
	var out []*site
	propFound := e.In == ""
	for _, st := range ed.sites() {
		if e.In != "" {
			if st.prop == nil || !proposalIs(st.prop, e.In) {
				continue
			}
			propFound = true
		}
		if e.Section != "" && !strings.HasPrefix(st.section, strings.ToLower(e.Section)) {
			continue
		}
		if e.Label != "" && strings.TrimSpace(doc.CleanText(st.p.Label)) != e.Label {
			// A paragraph deleted whole keeps its label in the original
			// view: a delete-paragraph run again finds it there.
			if !e.DeleteParagraph || st.p.Mark.Del == 0 || strings.TrimSpace(doc.OriginalText(st.p.Label)) != e.Label {
				continue
			}
		}
		out = append(out, st)
	}
	if !propFound {
		return nil, ed.fail(e, "no proposal or resolution %q in the document (in: takes a proposal id such as WGPL/149/2 or a resolution number such as 64)", e.In)
	}
	if len(out) == 0 {
		return nil, ed.fail(e, "the anchors (%s) select no paragraph", anchors(e))
	}
	return out, nil
}

func anchors(e *Edit) string {
	var a []string
	for _, kv := range [][2]string{{"in", e.In}, {"section", e.Section}, {"label", e.Label}} {
		if kv[1] != "" {
			a = append(a, kv[0]+": "+kv[1])
		}
	}
	if len(a) == 0 {
		return "the whole document"
	}
	return strings.Join(a, ", ")
}

// proposalIs reports whether p is named by in: its id, or its resolution
// number ("64" for "RESOLUTION 64 (REV. BUSAN, 2014)", "[WG-PL/7]").
func proposalIs(p *doc.Proposal, in string) bool {
	if p.ID == in {
		return true
	}
	f := strings.Fields(p.Number)
	for i, w := range f {
		if (w == "RESOLUTION" || w == "DECISION" || w == "RECOMMENDATION" || w == "OPINION") && i+1 < len(f) && f[i+1] == in {
			return true
		}
	}
	return strings.HasPrefix(in, "[") && strings.Contains(p.Number, in)
}

func (ed *editor) fail(e *Edit, format string, args ...any) error {
	return &Error{Pos: e.Pos, Msg: fmt.Sprintf(format, args...)}
}

func (ed *editor) note(e *Edit, st *site, what, note string) {
	where := "the whole document"
	if st != nil {
		where = st.where()
	}
	ed.rep.Applied = append(ed.rep.Applied, Applied{Edit: e, Where: where, What: what, Note: note})
}

// apply applies one edit.
func (ed *editor) apply(e *Edit) error {
	ed.cur = e
	switch {
	case e.Number != nil:
		return ed.number(e)
	case e.Renumber:
		return ed.renumber(e)
	case e.DeleteParagraph, e.InsertParagraph != nil:
		return ed.paragraphEdit(e)
	}
	scope, err := ed.inScope(e)
	if err != nil {
		return err
	}
	find, with := e.Replace, e.With
	switch {
	case e.Delete != "":
		find, with = e.Delete, ""
	case e.Insert != "":
		return ed.insert(e, scope)
	}
	ms := ed.find(scope, find)
	if e.Rule {
		// Matching folds quotes: a rule that makes them curly must leave
		// the ones already so alone.
		ms = slices.DeleteFunc(ms, func(m match) bool { return m.text() == with })
	}
	if e.Check {
		ed.note(e, nil, fmt.Sprintf("%q", find), fmt.Sprintf("check: %d matches", len(ms)))
		return nil
	}
	if len(ms) == 0 && !e.Rule {
		if note, ok := ed.alreadyApplied(scope, find, with); ok {
			ed.note(e, nil, fmt.Sprintf("%q → %q", find, with), note)
			return nil
		}
		if by := ed.deletedBy(scope, find); by != "" {
			return ed.fail(e, "%q is already deleted by %s: an edit changes text the clean view shows", find, by)
		}
	}
	ms, err = ed.pick(e, scope, find, ms)
	if err != nil {
		return err
	}
	// Back to front, so that the offsets of earlier matches in a
	// paragraph stay right.
	for i := len(ms) - 1; i >= 0; i-- {
		if err := ed.replaceAt(ms[i].site, ms[i].a, ms[i].b, with); err != nil {
			return err
		}
	}
	for _, m := range ms {
		ed.note(e, m.site, fmt.Sprintf("%q → %q", find, with), ed.markNote(m.site))
	}
	return nil
}

func (ed *editor) markNote(st *site) string {
	if st.newText() {
		return "applied without marks: ADD is new text"
	}
	return ""
}

// pick checks the matches against the edit's count and gives those to
// apply.
func (ed *editor) pick(e *Edit, scope []*site, find string, ms []match) ([]match, error) {
	switch c := e.Count; {
	case c.All && !e.Rule && len(ms) == 0, !c.All && c.Nth == 0 && len(ms) != c.N, c.Nth > 0 && len(ms) < c.Nth:
		return nil, ed.fail(e, "%q found %d times (%s), want %s%s", find, len(ms), anchors(e), c, ed.nearest(scope, find, ms))
	case c.Nth > 0:
		return ms[c.Nth-1 : c.Nth], nil
	}
	return ms, nil
}

// nearest names where a text was found, or the paragraphs that come
// nearest to it when it was not.
func (ed *editor) nearest(scope []*site, find string, ms []match) string {
	if len(ms) > 0 {
		var at []string
		for _, m := range ms[:min(3, len(ms))] {
			at = append(at, m.site.where())
		}
		return "; found at " + strings.Join(at, ", ")
	}
	type cand struct {
		st    *site
		score int
		snip  string
	}
	var cs []cand
	target := fold(find)
	for _, st := range scope {
		text := fold(doc.CleanText(st.p.Inlines))
		score, at := bestOverlap(text, target)
		if score > 0 {
			cs = append(cs, cand{st, score, snippet(text, at, len(target))})
		}
	}
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].score > cs[j].score })
	if len(cs) == 0 {
		return ""
	}
	var out []string
	for _, c := range cs[:min(3, len(cs))] {
		out = append(out, fmt.Sprintf("%q (%s)", c.snip, c.st.where()))
	}
	return "; nearest: " + strings.Join(out, ", ")
}

// bestOverlap finds the longest prefix of target that text holds, and
// where.
func bestOverlap(text, target string) (int, int) {
	best, at := 0, 0
	for n := len(target); n >= 4; n-- {
		if !utf8.ValidString(target[:n]) {
			continue
		}
		if i := strings.Index(text, target[:n]); i >= 0 {
			return n, i
		}
	}
	return best, at
}

func snippet(text string, at, n int) string {
	lo, hi := max(0, at-10), min(len(text), at+n+10)
	for lo > 0 && !utf8.RuneStart(text[lo]) {
		lo--
	}
	for hi < len(text) && !utf8.RuneStart(text[hi]) {
		hi++
	}
	return text[lo:hi]
}

// alreadyApplied reports whether a replacement of find by with is there
// already: find is gone and with stands as this author's insertion (or find
// stands deleted by this author, for a deletion).
func (ed *editor) alreadyApplied(scope []*site, find, with string) (string, bool) {
	if with != "" {
		// New text carries no marks: for an edit anchored in new text
		// alone, the new words standing where the old are gone is all that
		// tells.
		allNew := true
		for _, st := range scope {
			allNew = allNew && st.newText()
		}
		for _, m := range ed.find(scope, with) {
			if allNew || ed.allMine(m, func(r doc.Revision) doc.ChangeID { return r.Ins }) {
				return "already applied", true
			}
		}
		return "", false
	}
	for _, st := range scope {
		ix := index(st.p.Inlines, func(r doc.Revision) bool { return r.Ins == 0 })
		for _, m := range ix.find(st, find) {
			runs := ix.runs(st.p.Inlines, m.a, m.b)
			mine, other := true, ""
			for _, r := range runs {
				c := ed.d.Change(r.Revision().Del)
				if r.Revision().Del == 0 {
					mine = false
					continue
				}
				if c.Author != ed.s.Author {
					mine, other = false, c.Author
				}
			}
			if mine && len(runs) > 0 {
				return "already applied", true
			}
			if other != "" {
				return "", false
			}
		}
	}
	return "", false
}

// deletedBy names the author who deleted find, when the text stands in the
// scope's original view, deleted by another author than the script's.
func (ed *editor) deletedBy(scope []*site, find string) string {
	for _, st := range scope {
		ix := index(st.p.Inlines, func(r doc.Revision) bool { return r.Ins == 0 })
		for _, m := range ix.find(st, find) {
			for _, r := range ix.runs(st.p.Inlines, m.a, m.b) {
				if id := r.Revision().Del; id != 0 && ed.d.Change(id).Author != ed.s.Author {
					return ed.d.Change(id).Author
				}
			}
		}
	}
	return ""
}

func (ed *editor) allMine(m match, id func(doc.Revision) doc.ChangeID) bool {
	ix := index(m.site.p.Inlines, visibleClean)
	runs := ix.runs(m.site.p.Inlines, m.a, m.b)
	for _, r := range runs {
		c := id(r.Revision())
		if c == 0 || ed.d.Change(c).Author != ed.s.Author {
			return false
		}
	}
	return len(runs) > 0
}

// newChange adds a change of the script's author, made by the current edit.
func (ed *editor) newChange(kind doc.ChangeKind, pos doc.Pos) doc.ChangeID {
	id := ed.d.NewChange(doc.Change{Kind: kind, Author: ed.s.Author, Date: ed.s.Date, Pos: pos})
	ed.owner[id] = ed.cur
	return id
}

// touch checks that a run the current edit changes was not changed by
// another edit of the script already, and that it is not deleted.
func (ed *editor) touch(rev doc.Revision) error {
	for _, id := range []doc.ChangeID{rev.Ins, rev.Del} {
		if o := ed.owner[id]; o != nil && o != ed.cur {
			return ed.fail(ed.cur, "this edit changes the same characters as the edit at %s", o.Pos)
		}
	}
	if rev.Del != 0 {
		return ed.fail(ed.cur, "the text is already deleted by %s", ed.d.Change(rev.Del).Author)
	}
	return nil
}

// replaceAt replaces the clean text [a, b) of a paragraph by with: the old
// text deleted (or, where it is the author's own insertion or new text,
// removed), the new one inserted after it.
func (ed *editor) replaceAt(st *site, a, b int, with string) error {
	p := st.p
	ix := index(p.Inlines, visibleClean)
	p.Inlines = ix.splitAt(p.Inlines, a, b)
	ix = index(p.Inlines, visibleClean)
	first, last := ix.span(a, b)
	var format doc.Format
	pos := p.Pos
	if first < len(p.Inlines) {
		if r, ok := p.Inlines[min(first, len(p.Inlines)-1)].(*doc.Run); ok {
			format, pos = r.Format, r.Pos
		}
	}
	var del doc.ChangeID
	keep := make([]doc.Inline, 0, len(p.Inlines)+1)
	keep = append(keep, p.Inlines[:first]...)
	for _, il := range p.Inlines[first:last] {
		rev := il.Revision()
		if rev.Del != 0 { // deleted already, by its author: not in the clean text
			keep = append(keep, il)
			continue
		}
		if err := ed.touch(rev); err != nil {
			return err
		}
		switch {
		case st.newText(), rev.Ins != 0 && ed.d.Change(rev.Ins).Author == ed.s.Author:
			continue // removed in place
		}
		if del == 0 {
			del = ed.newChange(doc.Deletion, il.Position())
		}
		keep = append(keep, withRevision(il, doc.Revision{Ins: rev.Ins, Del: del}))
	}
	if with != "" {
		r := &doc.Run{Pos: pos, Text: with, Format: format}
		if !st.newText() {
			r.Rev.Ins = ed.newChange(doc.Insertion, pos)
		}
		keep = append(keep, r)
	}
	keep = append(keep, p.Inlines[last:]...)
	p.Inlines = doc.Coalesce(keep)
	return nil
}

// withRevision gives a copy of il with revision rev.
func withRevision(il doc.Inline, rev doc.Revision) doc.Inline {
	switch il := il.(type) {
	case *doc.Run:
		c := *il
		c.Rev = rev
		return &c
	case *doc.FootnoteRef:
		c := *il
		c.Rev = rev
		return &c
	}
	panic(fmt.Sprintf("edit: unknown inline %T", il))
}

// insert inserts text before or after an anchor text, or at the start or
// end of the paragraphs in scope.
func (ed *editor) insert(e *Edit, scope []*site) error {
	var ms []match
	anchor := e.Before + e.After
	if e.At != "" {
		for _, st := range scope {
			n := len(doc.CleanText(st.p.Inlines))
			at := 0
			if e.At == "end" {
				at = n
			}
			ms = append(ms, match{st, at, at})
		}
		if len(ms) != 1 && !e.Count.All && e.Count.Nth == 0 && len(ms) != e.Count.N {
			return ed.fail(e, "at: %s selects %d paragraphs (%s), want %s; narrow the anchors with section: or label:", e.At, len(ms), anchors(e), e.Count)
		}
	} else {
		found := ed.find(scope, anchor)
		var err error
		if ms, err = ed.pick(e, scope, anchor, found); err != nil {
			return err
		}
		for i := range ms {
			if e.After != "" {
				ms[i].a = ms[i].b
			} else {
				ms[i].b = ms[i].a
			}
		}
	}
	for i := len(ms) - 1; i >= 0; i-- {
		m := ms[i]
		if ed.insertedHere(m, e.Insert, e.After != "" || e.At == "end") {
			ed.note(e, m.site, fmt.Sprintf("insert %q", e.Insert), "already applied")
			continue
		}
		if err := ed.replaceAt(m.site, m.a, m.a, e.Insert); err != nil {
			return err
		}
		ed.note(e, m.site, fmt.Sprintf("insert %q", e.Insert), ed.markNote(m.site))
	}
	return nil
}

// insertedHere reports whether text stands at the insertion point already,
// inserted by the script's author.
func (ed *editor) insertedHere(m match, text string, after bool) bool {
	clean := doc.CleanText(m.site.p.Inlines)
	a, b := m.a, m.a+len(text)
	if !after {
		a, b = m.a-len(text), m.a
	}
	if a < 0 || b > len(clean) || clean[a:b] != text {
		return false
	}
	return ed.allMine(match{m.site, a, b}, func(r doc.Revision) doc.ChangeID { return r.Ins })
}
