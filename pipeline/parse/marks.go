package parse

import (
	"bytes"
	"cmp"
	"regexp"
	"slices"
	"strings"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// The revision marks of the dialect are read by their own rules, before
// Markdown sees the text, not by CommonMark's flanking and link rules:
//
//   - `~~` (exactly two tildes, not escaped) always delimits a deletion,
//     whatever stands beside it ("Council~~,~~[;](#)", "~~c)~~b)",
//     "machine~~-~~learning"); delimiters pair left to right within a
//     paragraph;
//   - `[…](#)` always delimits an insertion, even around a real link
//     ("[…, see the [Council page](https://…)](#)"); its `[` is found by
//     bracket matching;
//   - a mark left open at the end of a paragraph pairs with the first
//     unmatched closing delimiter of a later paragraph, when every paragraph
//     between holds no delimiter of that kind (they are then wholly inside
//     the mark) and it is at most maxSpanParagraphs away.
//
// scanMarks records each paired delimiter (its offset, length and kind) and
// replaces it, byte for byte, by '"': punctuation like the delimiter it
// stands for, so that Markdown's emphasis sees the same flanking around it
// ("~~*i)* text~~"), and with no syntax of its own, so that Markdown reads
// it as plain text. Every offset, hence every position, stays the source's.
// The reader cuts text at the recorded delimiters and turns them into
// revision state. Unpaired delimiters stay as typed and are reported.
const (
	sentDelOpen  = '\x01' // "~~" opening a deletion
	sentDelClose = '\x02' // "~~" closing it
	sentInsOpen  = '\x03' // "[" opening an insertion
	sentInsClose = '\x04' // "](#)" (or `](# "title")`) closing it
)

// inert is the byte a delimiter's bytes become in the text Markdown reads.
const inert = '"'

// delimAt is a paired delimiter of the source: where, how long, which.
type delimAt struct {
	off, n int
	kind   byte // sentDelOpen … sentInsClose
}

// maxSpanParagraphs bounds how far a mark may span: a real one covers a few
// list items; an unpaired typo must not swallow the rest of a resolution.
const maxSpanParagraphs = 20

// delim is one delimiter found by the scan.
type delim struct {
	off, n int // source bytes
}

// unit is a paragraph as the mark scan sees it: lines up to a blank line, or
// up to a line that starts a list item.
type unit struct {
	tildes          []delim // "~~" in order
	insPairs        [][2]delim
	openBracket     *delim // the last "[" left unmatched, if any
	unmatchedCloser *delim // the first "](#)" with no "[" in the unit
}

// scanMarks finds the revision-mark delimiters of src and gives a copy with
// paired delimiters replaced by sentinels; diagnostics go to d.
func scanMarks(d *doc.Document, src []byte, lines *lineIndex) ([]byte, []delimAt, map[int]string) {
	if bytes.IndexByte(src, '~') < 0 && !bytes.Contains(src, []byte("](#")) {
		return src, nil, nil
	}
	units := splitUnits(src)
	out := append([]byte(nil), src...)
	titles := map[int]string{}
	var delims []delimAt
	set := func(dl delim, c byte) {
		if t := titleOf(src[dl.off : dl.off+dl.n]); t != "" {
			titles[dl.off] = t
		}
		delims = append(delims, delimAt{dl.off, dl.n, c})
		for i := dl.off; i < dl.off+dl.n; i++ {
			out[i] = inert
		}
	}
	pairDeletions(d, units, lines, set)
	pairInsertions(d, units, lines, set)
	// Offsets are distinct: any sort gives the one order.
	slices.SortFunc(delims, func(a, b delimAt) int { return cmp.Compare(a.off, b.off) })
	return out, delims, titles
}

// titleOf is the title a closing delimiter carries, `](# "TITLE")` or
// `~~(# "TITLE")`, or "".
func titleOf(delim []byte) string {
	i := bytes.Index(delim, []byte(`(# "`))
	if i < 0 || !bytes.HasSuffix(delim, []byte(`")`)) {
		return ""
	}
	return string(delim[i+4 : len(delim)-2])
}

// pairDeletions pairs "~~" left to right within each unit; an odd one out
// at a unit's end opens a deletion that the first later unit with an odd
// count closes, if the units between have none.
func pairDeletions(d *doc.Document, units []*unit, lines *lineIndex, set func(delim, byte)) {
	var open *delim // a deletion left open by an earlier unit
	openUnit := 0
	for ui, u := range units {
		ts := u.tildes
		if open != nil && len(ts) > 0 {
			if len(ts)%2 == 1 && ui-openUnit <= maxSpanParagraphs {
				set(*open, sentDelOpen)
				set(ts[0], sentDelClose)
				d.Report(lines.pos(open.off), doc.Note, "deletion spans %d paragraphs, closed at line %d", ui-openUnit+1, lines.pos(ts[0].off).Line)
				ts = ts[1:]
			}
			// else: it stays text, reported by normalize with every
			// leftover "~~".
			open = nil
		}
		for i := 0; i+1 < len(ts); i += 2 {
			set(ts[i], sentDelOpen)
			set(ts[i+1], sentDelClose)
		}
		if len(ts)%2 == 1 {
			last := ts[len(ts)-1]
			open, openUnit = &last, ui
		}
	}
}

// pairInsertions marks the insertions paired within units, then pairs a "["
// left open at a unit's end with the first unmatched "](#)" of a later unit.
func pairInsertions(d *doc.Document, units []*unit, lines *lineIndex, set func(delim, byte)) {
	var open *delim
	openUnit := 0
	for ui, u := range units {
		for _, p := range u.insPairs {
			set(p[0], sentInsOpen)
			set(p[1], sentInsClose)
		}
		if c := u.unmatchedCloser; c != nil {
			if open != nil && ui-openUnit <= maxSpanParagraphs {
				set(*open, sentInsOpen)
				set(*c, sentInsClose)
				d.Report(lines.pos(open.off), doc.Note, "insertion spans %d paragraphs, closed at line %d", ui-openUnit+1, lines.pos(c.off).Line)
			} else {
				d.Report(lines.pos(c.off), doc.Warning, "insertion end \"](#)\" without its \"[\": kept as text")
			}
			open = nil
		}
		if u.openBracket != nil && (u.unmatchedCloser == nil || u.openBracket.off > u.unmatchedCloser.off) {
			open, openUnit = u.openBracket, ui
		}
	}
}

// splitUnits cuts src into paragraph units and finds their delimiters.
func splitUnits(src []byte) []*unit {
	var units []*unit
	var cur *unit
	var batch []unit  // units are allocated a batch at a time
	var stack []delim // "[" not yet matched in the current unit
	closeUnit := func() {
		if cur != nil && len(stack) > 0 {
			top := stack[len(stack)-1]
			cur.openBracket = &top
		}
		cur, stack = nil, stack[:0]
	}
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		switch {
		case len(bytes.TrimSpace(line)) == 0:
			closeUnit()
		case cur == nil || startsListItem(line):
			closeUnit()
			if len(batch) == 0 {
				batch = make([]unit, 64)
			}
			cur, batch = &batch[0], batch[1:]
			units = append(units, cur)
		}
		if cur != nil {
			stack = scanLine(cur, src, start, end, stack)
		}
		start = end + 1
	}
	closeUnit()
	return units
}

// scanLine finds the delimiters of one line, src[start:end], for unit u.
func scanLine(u *unit, src []byte, start, end int, stack []delim) []delim {
	for i := start; i < end; i++ {
		if !markByte[src[i]] {
			continue // most bytes: one table look-up
		}
		switch c := src[i]; c {
		case '\\':
			i++ // an escaped character is text
		case '~':
			j := i
			for j < end && src[j] == '~' {
				j++
			}
			if j-i == 2 {
				// A closing "~~" may carry a title: ~~text~~(# "AUTHOR DATE").
				n := 2
				if t := attributeSuffix(src[j:end]); t > 0 {
					n += t
				}
				u.tildes = append(u.tildes, delim{i, n})
				j = i + n
			}
			i = j - 1
		case '[':
			stack = append(stack, delim{i, 1})
		case ']':
			if n := insertionCloser(src[i:end]); n > 0 {
				closer := delim{i, n}
				if len(stack) > 0 {
					u.insPairs = append(u.insPairs, [2]delim{stack[len(stack)-1], closer})
					stack = stack[:len(stack)-1]
				} else if u.unmatchedCloser == nil {
					u.unmatchedCloser = &closer
				}
				i += n - 1
				continue
			}
			if len(stack) > 0 {
				stack = stack[:len(stack)-1] // a link's or a plain bracket's
			}
		}
	}
	return stack
}

// markByte marks the bytes scanLine acts on.
var markByte = [256]bool{'\\': true, '~': true, '[': true, ']': true}

// attributeSuffix gives the length of a `(# "…")` title that s starts
// with, or 0.
func attributeSuffix(s []byte) int {
	if !bytes.HasPrefix(s, []byte(`(# "`)) {
		return 0
	}
	if q := bytes.IndexByte(s[4:], '"'); q >= 0 && 4+q+1 < len(s) && s[4+q+1] == ')' {
		return 4 + q + 2
	}
	return 0
}

// insertionCloser gives the length of the insertion end s starts with:
// `](#)`, or `](# "title")` (the title will carry a change's author); 0 when
// s starts with something else.
func insertionCloser(s []byte) int {
	if !bytes.HasPrefix(s, []byte("](#")) {
		return 0
	}
	rest := s[3:]
	if len(rest) > 0 && rest[0] == ')' {
		return 4
	}
	if len(rest) > 1 && rest[0] == ' ' && rest[1] == '"' {
		if q := bytes.IndexByte(rest[2:], '"'); q >= 0 && 2+q+1 < len(rest) && rest[2+q+1] == ')' {
			return 3 + 2 + q + 2 // `](# "` … `")`
		}
	}
	return 0
}

// startsListItem reports whether a line starts a list item ("- ", "* ",
// "+ ", "1. ", "1) ") after up to three spaces of indent, or more for
// nested items.
func startsListItem(line []byte) bool {
	i := 0
	for i < len(line) && line[i] == ' ' {
		i++
	}
	rest := line[i:]
	if len(rest) >= 2 && (rest[0] == '-' || rest[0] == '*' || rest[0] == '+') && (rest[1] == ' ' || rest[1] == '\t') {
		return true
	}
	j := 0
	for j < len(rest) && j < 3 && rest[j] >= '0' && rest[j] <= '9' {
		j++
	}
	return j > 0 && j+1 < len(rest) && (rest[j] == '.' || rest[j] == ')') && (rest[j+1] == ' ' || rest[j+1] == '\t')
}

// markFrame is one open revision mark while the reader walks the text.
type markFrame struct {
	kind doc.ChangeKind
	id   doc.ChangeID
}

// markState is the revision state of the text being read; it carries from
// one paragraph to the next, as marks may span paragraphs.
type markState struct {
	open []markFrame
}

// current is the revision of text read now: the innermost open insertion
// and deletion. Text inside both was inserted and then deleted.
func (m *markState) current() doc.Revision {
	var r doc.Revision
	for _, f := range m.open {
		switch f.kind {
		case doc.Insertion:
			r.Ins = f.id
		case doc.Deletion:
			r.Del = f.id
		}
	}
	return r
}

// applySentinel updates the state for the delimiter starting at offset of
// the source (sentinel c): an opener adds a change to the table, a closer
// ends it and gives it the author and date its title names.
func (p *reader) applySentinel(c byte, offset int) {
	m := &p.marks
	pos := p.lines.pos(offset)
	switch c {
	case sentDelOpen, sentInsOpen:
		kind := doc.Deletion
		if c == sentInsOpen {
			kind = doc.Insertion
		}
		for _, f := range m.open {
			if f.kind == kind {
				p.d.Report(pos, doc.Warning, "%s inside another %s: read as one", kind, kind)
				m.open = append(m.open, markFrame{kind: kind, id: f.id})
				return
			}
		}
		if len(m.open) > 0 && kind == doc.Insertion {
			p.d.Report(pos, doc.Warning, "insertion inside a deletion: the text is read as inserted, then deleted")
		}
		id := p.d.NewChange(doc.Change{Kind: kind, Pos: pos})
		m.open = append(m.open, markFrame{kind: kind, id: id})
	case sentDelClose, sentInsClose:
		kind := doc.Deletion
		if c == sentInsClose {
			kind = doc.Insertion
		}
		for i := len(m.open) - 1; i >= 0; i-- {
			if m.open[i].kind == kind {
				if t, ok := p.titles[offset]; ok {
					p.attribute(m.open[i].id, t, pos)
				}
				m.open = append(m.open[:i], m.open[i+1:]...)
				return
			}
		}
		// None open: Markdown hid the opener; ParseLimited sees that
		// the pair was not read whole, takes it back and reads again.
	}
}

// attribute reads a mark's title, "AUTHOR YYYY-MM-DD" or "AUTHOR", into
// its change.
func (p *reader) attribute(id doc.ChangeID, title string, pos doc.Pos) {
	c := &p.d.Changes[id-1]
	title = strings.TrimSpace(title)
	if i := strings.LastIndexByte(title, ' '); i >= 0 && isoDate.MatchString(title[i+1:]) {
		c.Date = title[i+1:]
		title = strings.TrimSpace(title[:i])
	} else if isoDate.MatchString(title) {
		c.Date, title = title, ""
	}
	if title == "" && c.Date == "" {
		p.d.Report(pos, doc.Warning, "empty change title: the change keeps the document's author and date")
	}
	c.Author = title
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
