package docxread

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
	"github.com/itudoc/itudoc/pipeline/normalize"
)

// A Word file in generic styles (pandoc's Body Text, First Paragraph and
// Compact; Word's Normal and List Paragraph with real numbering) has no
// paragraph in a style that says what it is in an ITU text. Its paragraphs
// are read as the source dialect's are: a flat list of unclassified
// paragraphs with their runs and revisions, which normalize classifies by
// the recognisers it uses for Markdown (cover → Meta, proposals, resolution
// lines, calls, labels, tables, footnote marks). What the reader knows
// beyond the text it hands on as the dialect's parser would: list numbering
// as Paragraph.List (and the number Word shows as the label text), heading
// styles as Paragraph.Heading, real tables as tables, real footnotes as
// footnotes.

// structural reports whether an ITU style says what a paragraph is: every
// ITU style but those generic documents use too (Normal, the headings, the
// footnote text).
func structural(s doc.Style) bool {
	switch s {
	case doc.StyleNormal, doc.StyleHeading1, doc.StyleHeading2, doc.StyleHeading3, doc.StyleFootnoteText:
		return false
	}
	return true
}

// isGeneric reports whether no paragraph of the body (table cells
// included) is in a structural ITU style.
func (m *mapper) isGeneric() bool {
	generic := true
	wml.Paragraphs(m.w.Body, func(p *wml.Paragraph) {
		if s, ok := ituStyle(m.styleName(p)); ok && structural(s) {
			generic = false
		}
	})
	return generic
}

// styleName is the name of a paragraph's style: its name in styles.xml,
// else its id, else "Normal".
func (m *mapper) styleName(b *wml.Paragraph) string {
	st := m.w.Styles.ByID(b.Style)
	if b.Style == "" {
		st = m.w.Styles.Default("paragraph")
	}
	switch {
	case st != nil && st.Name != "":
		return st.Name
	case b.Style != "":
		return b.Style
	}
	return string(doc.StyleNormal)
}

// genericState is what the mapping of a generic document keeps between
// paragraphs.
type genericState struct {
	counters map[string]*[9]int // list key → the number each level is at, 0 before its first item
	noted    map[string]bool    // lists and styles already reported
	styles   map[string]int     // style name → paragraphs in it, for the report
}

// genericBody maps the body of a document in generic styles: the cover's
// metadata table (when it comes before any text) into Meta, every other
// table as a table, every paragraph unclassified; the footnotes; then
// normalize classifies the whole as it does the dialect.
func (m *mapper) genericBody() {
	m.gen = &genericState{counters: map[string]*[9]int{}, noted: map[string]bool{}, styles: map[string]int{}}
	metaDone := false
	for _, b := range m.w.Body {
		switch b := b.(type) {
		case *wml.Paragraph:
			m.gen.styles[m.styleName(b)]++
			p := m.paragraph(b, false)
			if empty(p) {
				m.report(b.Pos, doc.Note, "empty paragraph left out")
				continue
			}
			m.d.Blocks = append(m.d.Blocks, p)
		case *wml.Table:
			if !metaDone && len(m.d.Blocks) == 0 && m.metaTable(b) {
				metaDone = true
				m.report(b.Pos, doc.Note, "the first table read as the cover's metadata")
				continue
			}
			m.d.Blocks = append(m.d.Blocks, m.table(b))
		}
	}
	var names []string
	for n := range m.gen.styles {
		names = append(names, strconv.Quote(n))
	}
	sort.Strings(names)
	m.report(wml.Pos{Part: m.w.Main}, doc.Warning, "no paragraph in an ITU style that tells what it is (Proposal, ResNo, Call, enumlev1, …): the document, in %s, is read by the rules of the source dialect, as Markdown is", strings.Join(names, ", "))
	m.footnotes()
	normalize.Normalize(m.d)
}

// genericParagraph maps a paragraph of a generic document: its runs and
// mark as the reader maps any, no style; a heading style's level as
// Paragraph.Heading; list numbering as Paragraph.List, the number Word
// shows for it (made from the level's text and format: "%1)" in
// lowerLetter is "a)") put before the text, with the mark's revision, as
// the dialect writes labels.
func (m *mapper) genericParagraph(b *wml.Paragraph, inCell bool) *doc.Paragraph {
	p := &doc.Paragraph{Pos: pos(b.Pos)}
	if b.Change != nil {
		m.report(b.Pos, doc.Warning, "paragraph formatting change by %q not carried (the paragraph is read as it is now)", b.Change.Author)
	}
	if b.MarkChange != nil {
		m.report(b.Pos, doc.Note, "formatting change of the paragraph mark by %q not carried", b.MarkChange.Author)
	}
	p.Inlines = spaceFormats(m.inlines(b.Inlines, revState{}))
	p.Mark = m.mark(b, inCell, lastRevision(p))
	if inCell {
		return p
	}
	name := m.styleName(b)
	if level := headingLevel(name); level > 0 {
		p.Heading = level
		if !m.gen.noted["style "+name] {
			m.gen.noted["style "+name] = true
			m.report(b.Pos, doc.Note, "paragraphs in style %q read as headings of level %d", name, level)
		}
	}
	num := m.numbering(b)
	if num == nil {
		return p
	}
	lvl := m.w.Numbering.Level(num.NumID, num.Level)
	if lvl == nil {
		m.report(b.Pos, doc.Warning, "list numbering %s level %d is not in the numbering part: read as a bullet", num.NumID, num.Level)
		p.List = &doc.ListMarker{Bullet: true, Indent: 2 * num.Level}
		return p
	}
	if lvl.Format == "bullet" {
		p.List = &doc.ListMarker{Bullet: true, Indent: 2 * num.Level}
		return p
	}
	label, n := m.listLabel(num, lvl)
	key := fmt.Sprintf("list %s/%d", num.NumID, num.Level)
	if label == "" {
		if !m.gen.noted[key] {
			m.gen.noted[key] = true
			m.report(b.Pos, doc.Note, "list numbering %s level %d shows no number (%s %q): its items read without a label", num.NumID, num.Level, lvl.Format, lvl.Text)
		}
		p.List = &doc.ListMarker{Bullet: true, Indent: 2 * num.Level}
		return p
	}
	p.Inlines = append([]doc.Inline{&doc.Run{Pos: p.Pos, Text: label + "\t", Rev: p.Mark}}, p.Inlines...)
	switch {
	case p.Heading > 0:
		// A numbered heading: its number is its text's, as "2.1 Title".
	case !normalize.IsLabel(label):
		m.report(b.Pos, doc.Warning, "list number %q (numbering %s level %d, %s %q) is not a label form of the dialect: kept as text", label, num.NumID, num.Level, lvl.Format, lvl.Text)
	default:
		p.List = &doc.ListMarker{Indent: 2 * num.Level}
		if lvl.Format == "decimal" {
			p.List.Ordered = n
		}
		if !m.gen.noted[key] {
			m.gen.noted[key] = true
			m.report(b.Pos, doc.Note, "labels of list numbering %s level %d made from its numbering (%s %q): %q here", num.NumID, num.Level, lvl.Format, lvl.Text, label)
		}
	}
	return p
}

// spaceFormats gives a run of white space or line breaks alone between
// two runs of one format (pandoc writes a line break in bold text as a run
// of its own, not bold) their format, as the dialect reads "**a\nb**":
// the space normalize makes of the break is bold too.
func spaceFormats(in []doc.Inline) []doc.Inline {
	changed := false
	for i := 1; i+1 < len(in); i++ {
		r, ok := in[i].(*doc.Run)
		a, okA := in[i-1].(*doc.Run)
		b, okB := in[i+1].(*doc.Run)
		if !ok || !okA || !okB || strings.Trim(r.Text, " \n") != "" || a.Format != b.Format || r.Format == a.Format ||
			a.Rev != r.Rev || b.Rev != r.Rev || a.Link != r.Link || b.Link != r.Link {
			continue
		}
		c := *r
		c.Format = a.Format
		in[i] = &c
		changed = true
	}
	if changed {
		return coalesce(in)
	}
	return in
}

// headingLevel is N for a style named "heading N" (by wml.Canonical, so
// Word's localised names too), 0 otherwise.
func headingLevel(name string) int {
	c := wml.Canonical(name)
	if rest, ok := strings.CutPrefix(c, "heading "); ok {
		if n, err := strconv.Atoi(rest); err == nil && n >= 1 && n <= 9 {
			return n
		}
	}
	return 0
}

// numbering is the list numbering of a paragraph: its own, else its
// style's (or the nearest style it is based on that has one); nil for none
// (numbering id 0 turns a style's numbering off).
func (m *mapper) numbering(b *wml.Paragraph) *wml.NumPr {
	num := b.Num
	if num == nil {
		id := b.Style
		if id == "" {
			if st := m.w.Styles.Default("paragraph"); st != nil {
				id = st.ID
			}
		}
		for _, st := range m.w.Styles.Ancestors(id) {
			if st.Num != nil {
				num = st.Num
				break
			}
		}
	}
	if num == nil || num.NumID == "" || num.NumID == "0" {
		return nil
	}
	return num
}

// listLabel counts the item and gives the number Word shows for it: the
// level's text with each %N the counter of level N in that level's
// format, and the item's own counter. Items of one w:num count together,
// and so do those of several w:num of one abstract list that restart
// nothing; an item resets the levels below it.
func (m *mapper) listLabel(num *wml.NumPr, lvl *wml.Level) (string, int) {
	key := "n" + num.NumID
	if n := m.w.Numbering.Num(num.NumID); n != nil && len(n.Overrides) == 0 {
		key = "a" + n.Abstract
	}
	c := m.gen.counters[key]
	if c == nil {
		c = &[9]int{}
		m.gen.counters[key] = c
	}
	if c[num.Level] == 0 {
		c[num.Level] = lvl.Start
	} else {
		c[num.Level]++
	}
	for i := num.Level + 1; i < len(c); i++ {
		c[i] = 0
	}
	var sb strings.Builder
	text := lvl.Text
	for i := 0; i < len(text); i++ {
		if text[i] == '%' && i+1 < len(text) && text[i+1] >= '1' && text[i+1] <= '9' {
			k := int(text[i+1] - '1')
			f, start := lvl.Format, lvl.Start
			if k != num.Level {
				if l := m.w.Numbering.Level(num.NumID, k); l != nil {
					f, start = l.Format, l.Start
				}
			}
			v := c[k]
			if v == 0 {
				v = start // a level above with no item yet shows its start
			}
			sb.WriteString(formatNumber(v, f))
			i++
			continue
		}
		sb.WriteByte(text[i])
	}
	return strings.TrimSpace(sb.String()), c[num.Level]
}

// formatNumber writes n in a numbering format: decimal (and the formats
// this reader does not know), decimalZero, lower and upper letters (27 is
// "aa", as Word counts) and roman numerals; none gives "".
func formatNumber(n int, format string) string {
	switch format {
	case "none":
		return ""
	case "lowerLetter", "upperLetter":
		if n < 1 {
			return strconv.Itoa(n)
		}
		s := strings.Repeat(string(rune('a'+(n-1)%26)), (n-1)/26+1)
		if format == "upperLetter" {
			s = strings.ToUpper(s)
		}
		return s
	case "lowerRoman", "upperRoman":
		s := roman(n)
		if format == "lowerRoman" {
			s = strings.ToLower(s)
		}
		return s
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
	}
	return strconv.Itoa(n)
}

// roman writes n (1 to 3999) in roman numerals, other numbers in digits.
func roman(n int) string {
	if n < 1 || n > 3999 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var sb strings.Builder
	for i, v := range vals {
		for n >= v {
			sb.WriteString(syms[i])
			n -= v
		}
	}
	return sb.String()
}
