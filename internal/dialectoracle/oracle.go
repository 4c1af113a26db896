// Package dialectoracle is an independent, deliberately simple reading of the
// revision marks of itudoc's source dialect, for invariant tests that must not
// go through the pipeline. It imports nothing from pipeline/ or layouts/ and
// knows nothing of ITU structure (proposals, calls, labels, covers): it reads
// characters, and gives words.
//
// # What it takes and gives
//
// [Clean], [Original] and [Marked] take a source document and give its words:
// Clean with every deletion dropped and every insertion unwrapped (Word's
// "Accept All"), Original with every insertion dropped and every deletion
// unwrapped ("Reject All"), Marked with both unwrapped (everything the source
// carries). [Marks] lists the revision marks themselves, in source order.
//
// # The revision marks
//
//   - Deletion: a run of exactly two tildes "~~" (not one, not three or more,
//     not escaped) is always a deletion delimiter, whatever stands beside it
//     ("Council~~,~~", "~~c)~~b)", "machine~~-~~learning", "Union~~’s~~").
//     The delimiters of the whole document are paired left to right: the first
//     opens, the second closes, and so on, across lines, list items and
//     paragraphs. A last delimiter left without a partner is text. A run of
//     three or more tildes is text, every tilde of it.
//   - Insertion: "[…](#)". Unescaped "[" and "]" are matched as brackets, with a
//     stack that runs over the whole document (so across paragraphs): each "]"
//     closes the nearest open "[". When the "]" is followed at once by "(#)"
//     the pair is an insertion, whatever it contains (a real link included).
//     When it is followed at once by "(DEST)", DEST being one or more
//     characters without white space (parentheses balanced) other than "#",
//     the pair is a real link: the brackets and "(DEST)" are syntax, the text
//     between them stays. Otherwise the brackets are text ("[AFCP-1]"). A "["
//     never closed and a "]" with no "[" open are text.
//   - The two kinds are independent: a character is deleted when it lies
//     between the delimiters of a deletion, inserted when it lies between the
//     brackets of an insertion; it may be both (inserted, then deleted), and is
//     then in neither Clean nor Original, only in Marked.
//
// # Markup that is not text (removed before words are cut)
//
//   - the mark delimiters above, and the brackets and destination of links;
//   - backslash escapes: "\" before an ASCII punctuation character is dropped
//     and the character kept as text (never as syntax: "\~~", "\[", "\*",
//     "\|"); "\" at the end of a line (a hard break) is dropped; any other "\"
//     is text;
//   - emphasis markers: runs of one, two or three unescaped "*" that pair
//     within one block (see below), by CommonMark's flanking rules, simplified:
//     a run that is left-flanking may open, one that is right-flanking may
//     close, and a closer takes the nearest open run of the same length. A "*"
//     that pairs with nothing is text ("ADD*", "SUP*", "ec)*"). "_" is never
//     emphasis;
//   - at the start of a line, after any indentation: a list marker "-" or "*"
//     followed by white space (or ending the line), or an ordered-list marker
//     "N." (one to nine digits, a full stop, then white space or the end of the
//     line). Only these: a label written "1", "a)", "i)", "–", "2.1" or "1)"
//     is text and stays, and only one marker is taken per line;
//   - headings: "#" to "######" followed by white space at the start of a line;
//   - thematic breaks: a line of three or more "-", "*" or "_" (and spaces);
//   - pipe tables: a line whose first non-blank character is "|" is a table
//     row; its unescaped "|" are cell separators (white space). A row whose
//     cells are all of the form ":---:" is the delimiter row and has no words.
//     Tab-separated rows ("Action<TAB>Title") need nothing: a tab is white
//     space.
//
// Everything else is text, and kept as it stands: labels, footnote marks
// (superscript digits, "FIRST⁷", and an exponent such as "km²" alike, as one
// token with what they touch), footnote bodies ("¹ To be formalized ..."),
// dashes (" — " after a label inside a deletion is the word "—"), "> ",
// backticks, HTML. Nothing is recognised inside code spans or blocks (the
// dialect has none).
//
// # Words
//
// A word is a maximal run of characters, none of them white space, in the
// view's character stream (syntax removed, the view's dropped characters
// removed). White space is what [unicode.IsSpace] says, so no-break and other
// special spaces (U+00A0, U+2002, U+2007, U+2009, U+202F) separate words as a
// space does: "96 per cent" written with U+202F gives "96", "per", "cent".
// Removing syntax or dropped text never inserts a break: "machine~~-~~learning"
// is one word in every view ("machinelearning" in Clean).
//
// # Blocks
//
// Emphasis pairs only within a block: consecutive non-blank lines, where a
// list-marker line, a heading, a table row and a thematic break each begin a
// new block (and the line after a heading, table row or thematic break too).
// Revision marks ignore blocks.
//
// Line endings CRLF and CR are read as LF; a leading byte-order mark is
// dropped. Invalid UTF-8 bytes are kept as U+FFFD.
package dialectoracle

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a revision mark.
type Kind uint8

const (
	Deletion  Kind = iota + 1 // ~~…~~
	Insertion                 // […](#)
)

func (k Kind) String() string {
	switch k {
	case Deletion:
		return "deletion"
	case Insertion:
		return "insertion"
	}
	return "Kind(?)"
}

// Pos is a position in the source: 1-based line and 1-based byte column
// (of the source after line endings are normalised, without a BOM).
type Pos struct{ Line, Col int }

// Mark is one revision mark as written: a deletion from its opening "~~" to
// its closing "~~", an insertion from its "[" to its "](#)".
type Mark struct {
	Kind  Kind
	Open  Pos    // the first character of the opening delimiter
	Close Pos    // the first character of the closing delimiter
	Text  string // what stands between the delimiters, in the Marked reading (syntax removed), white space runs as one space, trimmed

	from, to int // cells of the opening and closing delimiter
}

// Spanning reports whether the mark runs over more than one line.
func (m Mark) Spanning() bool { return m.Close.Line > m.Open.Line }

// Clean gives the words of src with every deletion dropped and every
// insertion unwrapped.
func Clean(src []byte) []string { return read(src).words(false, true) }

// Original gives the words of src with every insertion dropped and every
// deletion unwrapped.
func Original(src []byte) []string { return read(src).words(true, false) }

// Marked gives every word of src, both kinds of mark unwrapped.
func Marked(src []byte) []string { return read(src).words(true, true) }

// Marks lists the revision marks of src in the order of their opening
// delimiters.
func Marks(src []byte) []Mark { return read(src).marks }

// Count gives the number of insertion and deletion marks of src, each mark
// counted once however many lines it spans.
func Count(src []byte) (insertions, deletions int) {
	for _, m := range read(src).marks {
		switch m.Kind {
		case Insertion:
			insertions++
		case Deletion:
			deletions++
		}
	}
	return insertions, deletions
}

// cell is one character of the source.
type cell struct {
	r     rune
	pos   Pos
	block int
	lit   bool // escaped, or otherwise fixed as text: never syntax
	syn   bool // syntax: not text
	del   bool // inside a deletion
	ins   bool // inside an insertion
}

type reading struct {
	cells []cell
	marks []Mark
}

func read(src []byte) *reading {
	rd := &reading{cells: lex(normalise(src))}
	rd.brackets()
	rd.tildes()
	rd.emphasis()
	sort.Slice(rd.marks, func(a, b int) bool { return rd.marks[a].from < rd.marks[b].from })
	for k := range rd.marks {
		m := &rd.marks[k]
		var b strings.Builder
		for _, c := range rd.cells[m.from+1 : m.to] {
			if !c.syn {
				b.WriteRune(c.r)
			}
		}
		m.Text = strings.Join(strings.FieldsFunc(b.String(), unicode.IsSpace), " ")
	}
	return rd
}

func normalise(src []byte) string {
	s := string(src)
	s = strings.TrimPrefix(s, "\uFEFF")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	return s
}

// lex turns the source into cells, marking the line-level syntax (list
// markers, headings, thematic breaks, table pipes) and escapes, and giving
// each cell its block.
func lex(s string) []cell {
	block := 0
	breakAfter := true // the next non-blank line begins a block
	lines := strings.Split(s, "\n")
	if len(lines) > 0 && lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	cells := make([]cell, 0, utf8.RuneCountInString(s)+1)
	for i, line := range lines {
		ln := i + 1
		kind, prefix := classify(line)
		switch {
		case kind == blank:
			breakAfter = true
		case kind != paragraph || breakAfter:
			block++
			breakAfter = kind == heading || kind == tableRow || kind == thematic
		}
		start := len(cells)
		for off, r := range line {
			c := cell{r: r, pos: Pos{ln, off + 1}, block: block}
			if r == utf8.RuneError {
				c.r = unicode.ReplacementChar
			}
			if off < prefix || kind == thematic || kind == delimRow {
				c.syn = true
			}
			cells = append(cells, c)
		}
		escapes(cells[start:], kind == tableRow || kind == delimRow)
		cells = append(cells, cell{r: '\n', pos: Pos{ln, len(line) + 1}, block: block, lit: true})
	}
	return cells
}

type lineKind uint8

const (
	paragraph lineKind = iota
	blank
	listItem
	heading
	thematic
	tableRow
	delimRow
)

// classify says what a line is and how many of its leading bytes are syntax.
func classify(line string) (lineKind, int) {
	trimmed := strings.TrimLeft(line, " \t")
	indent := len(line) - len(trimmed)
	if trimmed == "" {
		return blank, len(line)
	}
	if isThematic(trimmed) {
		return thematic, len(line)
	}
	if trimmed[0] == '|' {
		if isDelimRow(trimmed) {
			return delimRow, len(line)
		}
		return tableRow, indent
	}
	if n := headingMarker(trimmed); n > 0 {
		return heading, indent + n
	}
	if n := listMarker(trimmed); n > 0 {
		return listItem, indent + n
	}
	return paragraph, indent
}

func isThematic(s string) bool {
	c := s[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case c:
			n++
		case ' ', '\t':
		default:
			return false
		}
	}
	return n >= 3
}

// headingMarker gives the length of "#… " at the start of s, or 0.
func headingMarker(s string) int {
	n := 0
	for n < len(s) && s[n] == '#' {
		n++
	}
	if n == 0 || n > 6 {
		return 0
	}
	return afterSpace(s, n)
}

// listMarker gives the length of "- ", "* " or "N. " (with all the white
// space after it) at the start of s, or 0.
func listMarker(s string) int {
	if s[0] == '-' || s[0] == '*' {
		return afterSpace(s, 1)
	}
	n := 0
	for n < len(s) && n < 10 && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	if n == 0 || n > 9 || n >= len(s) || s[n] != '.' {
		return 0
	}
	return afterSpace(s, n+1)
}

// afterSpace gives n plus the white space at s[n:] when s[n:] is empty or
// begins with white space; 0 otherwise.
func afterSpace(s string, n int) int {
	if n == len(s) {
		return n
	}
	if s[n] != ' ' && s[n] != '\t' {
		return 0
	}
	for n < len(s) && (s[n] == ' ' || s[n] == '\t') {
		n++
	}
	return n
}

func isDelimRow(s string) bool {
	cells := splitPipes(s)
	if len(cells) == 0 {
		return false
	}
	for _, c := range cells {
		c = strings.TrimSpace(c)
		c = strings.TrimPrefix(c, ":")
		c = strings.TrimSuffix(c, ":")
		if c == "" || strings.Trim(c, "-") != "" {
			return false
		}
	}
	return true
}

// splitPipes gives the cells of a pipe-table row (leading and trailing pipes
// dropped), honouring "\|".
func splitPipes(s string) []string {
	s = strings.TrimSpace(s)
	var cells []string
	var cur strings.Builder
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			cur.WriteByte(s[i])
			cur.WriteByte(s[i+1])
			i++
		case s[i] == '|':
			cells = append(cells, cur.String())
			cur.Reset()
		default:
			cur.WriteByte(s[i])
		}
	}
	cells = append(cells, cur.String())
	if len(cells) > 0 && strings.TrimSpace(cells[0]) == "" {
		cells = cells[1:]
	}
	if len(cells) > 0 && strings.TrimSpace(cells[len(cells)-1]) == "" {
		cells = cells[:len(cells)-1]
	}
	return cells
}

// escapes resolves backslash escapes on one line's cells, and in a table row
// turns the cell separators into white space.
func escapes(line []cell, table bool) {
	for i := 0; i < len(line); i++ {
		c := &line[i]
		if c.syn || c.lit {
			continue
		}
		if c.r == '\\' {
			switch {
			case i+1 == len(line):
				c.syn = true // a hard line break
			case isASCIIPunct(line[i+1].r) && !line[i+1].syn:
				c.syn = true
				line[i+1].lit = true
				i++
			}
			continue
		}
		if table && c.r == '|' {
			c.r = ' '
			c.lit = true
		}
	}
}

func isASCIIPunct(r rune) bool {
	return r < 0x80 && unicode.IsPunct(r) || strings.ContainsRune("$+<=>^`|~", r)
}

// free reports whether cell i may be syntax.
func (rd *reading) free(i int) bool {
	return i >= 0 && i < len(rd.cells) && !rd.cells[i].syn && !rd.cells[i].lit
}

// brackets pairs "[" and "]" over the whole document and marks insertions
// and links.
func (rd *reading) brackets() {
	var stack []int
	for i := 0; i < len(rd.cells); i++ {
		if !rd.free(i) {
			continue
		}
		switch rd.cells[i].r {
		case '[':
			stack = append(stack, i)
		case ']':
			if len(stack) == 0 {
				continue
			}
			open := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			dest, end, ok := rd.destination(i + 1)
			if !ok {
				continue
			}
			for j := i; j < end; j++ {
				rd.cells[j].syn = true
			}
			rd.cells[open].syn = true
			if dest == "#" {
				rd.marks = append(rd.marks, Mark{Kind: Insertion, Open: rd.cells[open].pos, Close: rd.cells[i].pos, from: open, to: i})
				for j := open + 1; j < i; j++ {
					rd.cells[j].ins = true
				}
			}
			i = end - 1
		}
	}
}

// destination reads "(DEST)" at cell i: DEST, the index after ")", and
// whether there is one.
func (rd *reading) destination(i int) (string, int, bool) {
	if !rd.free(i) || rd.cells[i].r != '(' {
		return "", 0, false
	}
	var b strings.Builder
	depth := 0
	for j := i + 1; j < len(rd.cells); j++ {
		c := rd.cells[j]
		if c.syn || unicode.IsSpace(c.r) {
			return "", 0, false
		}
		switch {
		case c.r == '(' && !c.lit:
			depth++
		case c.r == ')' && !c.lit:
			if depth == 0 {
				if b.Len() == 0 {
					return "", 0, false
				}
				return b.String(), j + 1, true
			}
			depth--
		}
		b.WriteRune(c.r)
	}
	return "", 0, false
}

// tildes pairs the "~~" runs of the document left to right and marks
// deletions.
func (rd *reading) tildes() {
	var delims []int
	for i := 0; i < len(rd.cells); {
		if !rd.free(i) || rd.cells[i].r != '~' {
			i++
			continue
		}
		j := i
		for rd.free(j) && rd.cells[j].r == '~' {
			j++
		}
		if j-i == 2 {
			delims = append(delims, i)
		}
		i = j
	}
	for k := 0; k+1 < len(delims); k += 2 {
		open, closeAt := delims[k], delims[k+1]
		for _, j := range []int{open, open + 1, closeAt, closeAt + 1} {
			rd.cells[j].syn = true
		}
		for j := open + 2; j < closeAt; j++ {
			rd.cells[j].del = true
		}
		rd.marks = append(rd.marks, Mark{Kind: Deletion, Open: rd.cells[open].pos, Close: rd.cells[closeAt].pos, from: open + 1, to: closeAt})
	}
}

// emphasis removes the "*" runs that pair within a block.
func (rd *reading) emphasis() {
	type run struct{ at, n int }
	var openers []run
	block := -1
	for i := 0; i < len(rd.cells); {
		if rd.cells[i].block != block {
			block = rd.cells[i].block
			openers = openers[:0]
		}
		if !rd.free(i) || rd.cells[i].r != '*' {
			i++
			continue
		}
		j := i
		for rd.free(j) && rd.cells[j].r == '*' && rd.cells[j].block == block {
			j++
		}
		n := j - i
		prev, next := rd.rawRune(i-1), rd.rawRune(j)
		left := !isSpace(next) && (!isPunct(next) || isSpace(prev) || isPunct(prev))
		right := !isSpace(prev) && (!isPunct(prev) || isSpace(next) || isPunct(next))
		closed := false
		if right && n <= 3 {
			for k := len(openers) - 1; k >= 0; k-- {
				if openers[k].n != n {
					continue
				}
				o := openers[k]
				for m := o.at; m < o.at+n; m++ {
					rd.cells[m].syn = true
				}
				for m := i; m < j; m++ {
					rd.cells[m].syn = true
				}
				openers = openers[:k]
				closed = true
				break
			}
		}
		if !closed && left && n <= 3 {
			openers = append(openers, run{i, n})
		}
		i = j
	}
}

// rawRune is the source character at cell i, syntax or not; white space
// beyond either end.
func (rd *reading) rawRune(i int) rune {
	if i < 0 || i >= len(rd.cells) {
		return ' '
	}
	return rd.cells[i].r
}

func isSpace(r rune) bool { return unicode.IsSpace(r) }
func isPunct(r rune) bool { return unicode.IsPunct(r) || unicode.IsSymbol(r) }

// words cuts the view's character stream into words.
func (rd *reading) words(keepDeleted, keepInserted bool) []string {
	var out []string
	var cur strings.Builder
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, cur.String())
			cur.Reset()
		}
	}
	for _, c := range rd.cells {
		if c.syn || (c.del && !keepDeleted) || (c.ins && !keepInserted) {
			continue
		}
		if unicode.IsSpace(c.r) {
			flush()
			continue
		}
		cur.WriteRune(c.r)
	}
	flush()
	return out
}
