// Package parse reads the source dialect into the document model.
//
// It takes the bytes of a conference text as exported from Word (a Markdown
// dialect: ~~deleted~~, [inserted](#), **bold**, *italic*, backslash escapes,
// list items) and gives a *doc.Document whose Blocks are a flat list of
// unclassified paragraphs (Style "") with revision-marked runs and source
// positions. Markdown syntax is goldmark's (CommonMark); this package only
// adds the ~~ deletion extension and maps goldmark's AST onto doc.
//
// Line breaks inside a paragraph are kept for normalize to decide on: a soft
// break (a newline in the source) is '\n' in Run.Text, a hard break is
// '\u2028'. Superscript footnote marks stay text for normalize to bind.
package parse

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// HardBreak is the character parse puts in Run.Text for a hard line break.
const HardBreak = "\u2028"

// splitMark is put in Run.Text where a paragraph must be split in two: a list
// item that CommonMark read as a lazy continuation line of the paragraph
// before it ("- 1 to refrain ...\n2. to help ..."), which in this dialect is
// always a paragraph of its own.
const splitMark = "\f"

// md is plain CommonMark: the revision marks are read by scanMarks before
// it, so no extension of its inline syntax is needed. It is goldmark.New()'s
// parser but for one thing: the link reference definitions ("[x]: url")
// are looked for only in paragraphs that can start with one, as goldmark's
// transformer sets up a reader for every paragraph to find that most start
// with something else.
var md = goldmark.New(goldmark.WithParser(parser.NewParser(
	parser.WithBlockParsers(parser.DefaultBlockParsers()...),
	parser.WithInlineParsers(parser.DefaultInlineParsers()...),
	parser.WithParagraphTransformers(util.Prioritized(linkReferencesIfBracket{}, 100)),
)))

// linkReferencesIfBracket is goldmark's LinkReferenceParagraphTransformer
// for a paragraph whose first character that is not white space is '[',
// where a definition must start; it leaves the others alone, as goldmark's
// does (its parseLinkReferenceDefinition refuses them at that character).
type linkReferencesIfBracket struct{}

func (linkReferencesIfBracket) Transform(node *gast.Paragraph, reader text.Reader, pc parser.Context) {
	if firstNonSpace(node.Lines(), reader.Source()) != '[' {
		return
	}
	parser.LinkReferenceParagraphTransformer.Transform(node, reader, pc)
}

// firstNonSpace is the first byte of lines that is not white space to
// goldmark (util.IsSpace), or '[' when there is none, so that the caller
// asks goldmark then. A segment's padding is spaces.
func firstNonSpace(lines *text.Segments, src []byte) byte {
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		for _, c := range src[seg.Start:seg.Stop] {
			if !util.IsSpace(c) {
				return c
			}
		}
	}
	return '['
}

// Limits bound what Parse accepts, so that a broken or hostile input fails
// at once with a clear error instead of eating time and memory.
type Limits struct {
	MaxBytes int // size of the source; 0 means DefaultLimits.MaxBytes
	MaxDepth int // nesting of lists, block quotes and brackets; 0 means the default
}

// DefaultLimits are far above any conference text (the largest are a few
// hundred kilobytes, nested three levels deep).
var DefaultLimits = Limits{MaxBytes: 16 << 20, MaxDepth: 32}

func (l Limits) orDefault() Limits {
	if l.MaxBytes <= 0 {
		l.MaxBytes = DefaultLimits.MaxBytes
	}
	if l.MaxDepth <= 0 {
		l.MaxDepth = DefaultLimits.MaxDepth
	}
	return l
}

// Parse reads src, named name in diagnostics, within DefaultLimits.
func Parse(name string, src []byte) (*doc.Document, error) {
	return ParseLimited(name, src, DefaultLimits)
}

// ParseLimited reads src, named name in diagnostics. It fails only on input
// that is not text (empty, binary, not UTF-8) or that exceeds lim; anything
// else is read, with problems reported in the document's Diagnostics.
func ParseLimited(name string, src []byte, lim Limits) (*doc.Document, error) {
	lim = lim.orDefault()
	if len(src) > lim.MaxBytes {
		return nil, &doc.SourceError{File: name, Msg: fmt.Sprintf("%d bytes, more than the limit of %d (--max-input): not a conference text", len(src), lim.MaxBytes)}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(src)) == 0 {
		return nil, &doc.SourceError{File: name, Msg: "the file is empty: there is no document to convert"}
	}
	src = normalizeNewlines(src)
	lines := newLineIndex(src)
	if depth, off := nestingDepth(src, lim.MaxDepth); depth > lim.MaxDepth {
		return nil, &doc.SourceError{File: name, Pos: lines.pos(off), Msg: fmt.Sprintf("nested more than %d levels deep (lists, quotes or brackets; --max-depth)", lim.MaxDepth)}
	}
	if i := bytes.IndexByte(src, 0); i >= 0 {
		return nil, &doc.SourceError{File: name, Pos: lines.pos(i), Msg: "NUL byte: this is a binary file, not a text document"}
	}
	if i := invalidUTF8(src); i >= 0 {
		return nil, &doc.SourceError{File: name, Pos: lines.pos(i), Msg: "invalid UTF-8: the document must be UTF-8 (convert it, e.g. with iconv)"}
	}
	d := &doc.Document{Source: name}
	src = dropControls(d, src, lines)
	marked, delims, titles := scanMarks(d, src, lines)
	// Markdown can hide a delimiter scanMarks paired: one in a link's
	// target or title ("[a](# ~~)b~~"), or on a code fence's first line
	// ("~~~x~~"), is never read as text, and its mark would never open,
	// or never close. Such pairs are taken back, kept as text with a
	// warning, and the source read again; a document with none (all but
	// contrived ones) is read once.
	before := len(d.Diagnostics)
	for round := 1; ; round++ {
		p := &reader{src: marked, srcText: string(marked), lines: lines, d: d, delims: delims, titles: titles, seen: make([]bool, len(delims))}
		root := md.Parser().Parse(text.NewReader(marked))
		p.blocks(root, 0)
		hidden, partner := hiddenPairs(delims, p.seen)
		if len(hidden) == 0 {
			return d, nil
		}
		if round == maxMarkRounds {
			// A pair taken back can, in a contrived source, make
			// Markdown hide another (a restored "[" opening a link
			// whose target holds a delimiter): the rounds are bounded,
			// and the last takes every mark back.
			hidden = hidden[:0]
			for i := range delims {
				hidden = append(hidden, i)
			}
		}
		d.Blocks, d.Changes, d.Diagnostics = nil, nil, d.Diagnostics[:before]
		marked, delims = unpair(d, lines, src, marked, delims, titles, hidden, partner)
		before = len(d.Diagnostics)
	}
}

// maxMarkRounds bounds how many times ParseLimited reads a source whose
// revision marks Markdown hides; the last round keeps every mark as text.
const maxMarkRounds = 4

// hiddenPairs gives the indices of the delimiters of every pair of which
// the reader did not see both delimiters (seen, by index), in order, and
// when there are any, each delimiter's partner (partners).
func hiddenPairs(delims []delimAt, seen []bool) (hidden, partner []int) {
	if !slices.Contains(seen, false) {
		return nil, nil // every document but a contrived one
	}
	partner = partners(delims)
	for i := range delims {
		if !seen[i] || partner[i] >= 0 && !seen[partner[i]] {
			hidden = append(hidden, i)
		}
	}
	return hidden, partner
}

// partners pairs the delimiters (in source order) as scanMarks did: each
// kind's pairs nest (deletions never do, insertions by bracket matching),
// so a stack per kind finds each closer's opener. partners[i] is the index
// of i's partner.
func partners(delims []delimAt) []int {
	partner := make([]int, len(delims))
	var dels, ins []int
	for i, dl := range delims {
		partner[i] = -1
		stack := &dels
		if dl.kind == sentInsOpen || dl.kind == sentInsClose {
			stack = &ins
		}
		switch dl.kind {
		case sentDelOpen, sentInsOpen:
			*stack = append(*stack, i)
		default:
			if n := len(*stack); n > 0 {
				o := (*stack)[n-1]
				*stack = (*stack)[:n-1]
				partner[i], partner[o] = o, i
			}
		}
	}
	return partner
}

// unpair takes back the delimiters hidden (indices into delims, in order,
// whole pairs; partner as partners gives it): their bytes in marked become
// the source's again, and each pair is reported once, at its opener. It
// gives the delimiters left.
func unpair(d *doc.Document, lines *lineIndex, src, marked []byte, delims []delimAt, titles map[int]string, hidden, partner []int) ([]byte, []delimAt) {
	drop := make([]bool, len(delims))
	for _, i := range hidden {
		drop[i] = true
	}
	for _, i := range hidden {
		dl := delims[i]
		copy(marked[dl.off:dl.off+dl.n], src[dl.off:dl.off+dl.n])
		delete(titles, dl.off)
		if dl.kind != sentDelOpen && dl.kind != sentInsOpen {
			continue
		}
		what, closed := "deletion (~~…~~)", ""
		if dl.kind == sentInsOpen {
			what = "insertion ([…](#))"
		}
		if j := partner[i]; j >= 0 {
			closed = fmt.Sprintf(", closed at line %d,", lines.pos(delims[j].off).Line)
		}
		d.Report(lines.pos(dl.off), doc.Warning, "%s%s is partly inside Markdown syntax that hides its text (a link's target or title, a code fence's first line): its delimiters are kept as text", what, closed)
	}
	kept := delims[:0:0]
	for i, dl := range delims {
		if !drop[i] {
			kept = append(kept, dl)
		}
	}
	return marked, kept
}

type reader struct {
	src []byte // the source, paired mark delimiters made inert (marks.go)
	// srcText is src as one string: the text of a run is cut from it, not
	// copied (a run never holds a delimiter's bytes, the only ones in
	// which src differs from the source).
	srcText string
	// runs is where new runs are taken from, a batch at a time: one
	// allocation for many small ones; slots is the same for the lists of
	// paragraphs' inlines, which are first gathered in scratch.
	runs    []doc.Run
	slots   []doc.Inline
	scratch []doc.Inline
	lines   *lineIndex
	d       *doc.Document
	marks   markState      // open revision marks, across paragraphs
	delims  []delimAt      // the paired delimiters, by offset
	titles  map[int]string // offset of a closing delimiter → its title
	seen    []bool         // by index in delims: the delimiter was read
}

// state is the formatting in force while walking inlines.
type state struct {
	format doc.Format
	link   string // target of the real link the text is in
}

func (p *reader) blocks(parent gast.Node, depth int) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		p.block(n, nil, depth)
	}
}

// block converts one goldmark block; list is the marker when n is the first
// block of a list item.
func (p *reader) block(n gast.Node, list *doc.ListMarker, depth int) {
	switch n := n.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		p.paragraph(n, list)
	case *gast.Heading:
		// Annexes write their headings with "#": normalize styles them.
		p.paragraph(n, list)
		p.d.Blocks[len(p.d.Blocks)-1].(*doc.Paragraph).Heading = n.Level
	case *gast.List:
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			first := true
			for c := item.FirstChild(); c != nil; c = c.NextSibling() {
				var m *doc.ListMarker
				if first {
					m = p.listMarker(n, item)
					first = false
				}
				p.block(c, m, depth+1)
			}
		}
	case *gast.Blockquote:
		p.d.Report(p.blockPos(n), doc.Warning, "a block quote (>) is not part of the dialect: its text is read as paragraphs")
		p.blocks(n, depth+1)
	case *gast.ThematicBreak:
		p.d.Report(p.blockPos(n), doc.Note, "a horizontal rule is not part of the dialect: dropped")
	case *gast.CodeBlock, *gast.FencedCodeBlock, *gast.HTMLBlock:
		p.rawParagraph(n)
	default:
		p.d.Report(p.blockPos(n), doc.Warning, "unexpected %s block: read as text", n.Kind())
		p.rawParagraph(n)
	}
}

// rawParagraph keeps the source lines of a block the dialect has no use for
// (indented code, HTML) as a paragraph of plain text, so that nothing is lost.
func (p *reader) rawParagraph(n gast.Node) {
	pos := p.blockPos(n)
	var sb strings.Builder
	lines := n.Lines()
	for i := 0; i < lines.Len(); i++ {
		seg := lines.At(i)
		sb.Write(bytes.TrimRight(seg.Value(p.src), "\n"))
		if i < lines.Len()-1 {
			sb.WriteByte('\n')
		}
	}
	t := strings.TrimSpace(sb.String())
	if t == "" {
		return
	}
	if _, ok := n.(*gast.HTMLBlock); ok {
		p.d.Report(pos, doc.Warning, "HTML is not part of the dialect: kept as text")
	} else {
		p.d.Report(pos, doc.Warning, "indented or fenced text read as a code block by Markdown: kept as a plain paragraph")
	}
	var ins []doc.Inline
	p.raw(&ins, state{}, firstOffset(n)+strings.Index(sb.String(), t[:1]), []byte(t), false)
	p.d.Blocks = append(p.d.Blocks, &doc.Paragraph{Pos: pos, Inlines: ins})
}

// listMarker reads how the source wrote the list item.
func (p *reader) listMarker(list *gast.List, item gast.Node) *doc.ListMarker {
	m := &doc.ListMarker{}
	if list.IsOrdered() {
		m.Ordered = list.Start
		for c := list.FirstChild(); c != nil && c != item; c = c.NextSibling() {
			m.Ordered++
		}
	} else {
		m.Bullet = true
	}
	if off := firstOffset(item); off >= 0 {
		line := p.lines.lineBytes(p.src, off)
		m.Indent = len(line) - len(bytes.TrimLeft(line, " "))
	}
	return m
}

// firstOffset is the source offset of the first text in n, or -1.
func firstOffset(n gast.Node) int {
	if n.Type() == gast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := firstOffset(c); off >= 0 {
			return off
		}
	}
	return -1
}

func (p *reader) blockPos(n gast.Node) doc.Pos {
	if off := firstOffset(n); off >= 0 {
		return p.lines.pos(off)
	}
	return doc.Pos{}
}

func (p *reader) paragraph(n gast.Node, list *doc.ListMarker) {
	pos := p.blockPos(n)
	if list != nil {
		// A list item starts at its marker.
		pos.Col = list.Indent + 1
	}
	ins := p.scratch[:0]
	p.inlines(n, state{}, &ins)
	p.scratch = ins
	// Split where a lazy continuation line swallowed a list item.
	start := 0
	for i := 0; i <= len(ins); i++ {
		if i < len(ins) {
			if r, ok := ins[i].(*doc.Run); !ok || r.Text != splitMark {
				continue
			}
		}
		var part []doc.Inline // nil when the paragraph has no inlines at all
		if len(ins) > 0 {
			part = p.inlineList(ins[start:i])
		}
		if len(part) > 0 || start == 0 {
			para := &doc.Paragraph{Pos: pos, Inlines: part, List: list}
			if start > 0 {
				para.Pos = part[0].Position()
				para.List = lazyMarker(para)
				p.d.Report(para.Pos, doc.Note, "list item read as a continuation of the paragraph above by Markdown: made a paragraph of its own")
			}
			p.d.Blocks = append(p.d.Blocks, para)
		}
		start = i + 1
	}
}

// lazyMarker takes the list marker of a swallowed list item off the front of
// its paragraph's first run and returns it.
func lazyMarker(para *doc.Paragraph) *doc.ListMarker {
	r, ok := para.Inlines[0].(*doc.Run)
	if !ok {
		return nil
	}
	g := lazyItemMarker.FindStringSubmatch(r.Text)
	if g == nil {
		return nil
	}
	m := &doc.ListMarker{Bullet: g[1] == ""}
	if !m.Bullet {
		m.Ordered, _ = strconv.Atoi(g[1])
	}
	r.Text = r.Text[len(g[0]):]
	r.Pos.Col += utf8.RuneCountInString(g[0])
	return m
}

var lazyItemMarker = regexp.MustCompile(`^[ \t]*(?:[-*+]|(\d{1,3})[.)])[ \t]+`)

func (p *reader) inlines(parent gast.Node, st state, out *[]doc.Inline) {
	for n := parent.FirstChild(); n != nil; n = n.NextSibling() {
		switch n := n.(type) {
		case *gast.Text:
			seg := n.Segment
			p.raw(out, st, seg.Start, seg.Value(p.src), true)
			switch {
			case n.HardLineBreak():
				p.text(out, st, seg.Stop, HardBreak)
			case n.SoftLineBreak():
				switch next := p.nextLine(seg.Stop); {
				case mayBeLazyItem(next) && lazyItem.Match(next):
					*out = append(*out, &doc.Run{Text: splitMark})
				case bytes.HasPrefix(bytes.TrimLeft(next, " "), []byte("\t")):
					// Markdown drops the indent of continuation lines; a
					// leading tab is an empty first cell of a tab-separated
					// table row, so keep it.
					p.text(out, st, seg.Stop, "\n\t")
				default:
					p.text(out, st, seg.Stop, "\n")
				}
			}
		case *gast.String:
			p.text(out, st, p.offsetOf(n), string(n.Value))
		case *gast.Emphasis:
			s := st
			if n.Level >= 2 {
				s.format |= doc.Bold
			} else {
				s.format |= doc.Italic
			}
			p.inlines(n, s, out)
		case *gast.Link:
			// A real link: its text keeps its target. (Insertions,
			// "[…](#)", were taken out by scanMarks before Markdown.)
			s := st
			s.link = string(n.Destination)
			p.inlines(n, s, out)
		case *gast.CodeSpan:
			// Backticks are not part of the dialect: keep them as typed.
			off := p.offsetOf(n)
			p.text(out, st, off-1, "`")
			p.raw(out, st, off, nodeText(n, p.src), false)
			p.text(out, st, -1, "`")
		case *gast.AutoLink:
			s := st
			s.link = string(n.URL(p.src))
			p.raw(out, s, p.offsetOf(n), n.Label(p.src), false)
		case *gast.RawHTML:
			segs := n.Segments
			for i := 0; i < segs.Len(); i++ {
				seg := segs.At(i)
				p.raw(out, st, seg.Start, seg.Value(p.src), false)
			}
		case *gast.Image:
			p.d.Report(p.lines.pos(p.offsetOf(n)), doc.Warning, "image %q: images are not part of the dialect; its description is kept as text", n.Destination)
			p.inlines(n, st, out)
		default:
			p.d.Report(p.lines.pos(p.offsetOf(n)), doc.Warning, "unexpected %s: its text is kept", n.Kind())
			p.inlines(n, st, out)
		}
	}
}

// nodeText is the concatenated segment text of n's Text children.
func nodeText(n gast.Node, src []byte) []byte {
	var b []byte
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if t, ok := c.(*gast.Text); ok {
			b = append(b, t.Segment.Value(src)...)
		}
	}
	return b
}

// offsetOf is the source offset where an inline node's text starts, or -1.
func (p *reader) offsetOf(n gast.Node) int {
	switch n := n.(type) {
	case *gast.Text:
		return n.Segment.Start
	case *gast.RawHTML:
		if n.Segments.Len() > 0 {
			return n.Segments.At(0).Start
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if off := p.offsetOf(c); off >= 0 {
			return off
		}
	}
	return -1
}

// nextLine is the source line after the one containing offset.
func (p *reader) nextLine(offset int) []byte {
	rest := p.src[offset:]
	nl := bytes.IndexByte(rest, '\n')
	if nl < 0 {
		return nil
	}
	next := rest[nl+1:]
	if e := bytes.IndexByte(next, '\n'); e >= 0 {
		next = next[:e]
	}
	return next
}

// mayBeLazyItem is the first test of lazyItem, without the regexp: a
// marker character after up to three spaces.
func mayBeLazyItem(line []byte) bool {
	i := 0
	for i < len(line) && i < 3 && line[i] == ' ' {
		i++
	}
	if i == len(line) {
		return false
	}
	c := line[i]
	return c == '-' || c == '*' || c == '+' || c >= '0' && c <= '9'
}

var lazyItem = regexp.MustCompile(`^ {0,3}(?:[-*+]|\d{1,3}[.)])[ \t]+\S`)

// raw appends source text b, read at offset, cutting it at the paired
// delimiters of revision marks (which change the revision of what follows)
// and resolving escapes in each piece when unesc is set.
func (p *reader) raw(out *[]doc.Inline, st state, offset int, b []byte, unesc bool) {
	end := offset + len(b)
	k := sort.Search(len(p.delims), func(i int) bool { return p.delims[i].off+p.delims[i].n > offset })
	for len(b) > 0 {
		next := end
		if k < len(p.delims) && p.delims[k].off < end {
			next = max(p.delims[k].off, offset)
		}
		if i := next - offset; i > 0 {
			var piece string
			switch {
			case unesc && needsUnescape(b[:i]):
				piece = unescape(b[:i])
			case p.isSource(b, offset):
				piece = p.srcText[offset : offset+i]
			default:
				piece = string(b[:i])
			}
			p.text(out, st, offset, piece)
			b, offset = b[i:], next
		}
		if offset >= end {
			return
		}
		dl := p.delims[k]
		if dl.off == offset {
			p.seen[k] = true
			p.applySentinel(dl.kind, offset)
		}
		skip := min(dl.off+dl.n, end) - offset
		b, offset = b[skip:], offset+skip
		k++
	}
}

// isSource reports whether b is the source itself from offset on (not a
// copy, as a segment with padding or a code span's text is), so that its
// text can be cut from srcText.
func (p *reader) isSource(b []byte, offset int) bool {
	return len(b) > 0 && offset >= 0 && offset+len(b) <= len(p.src) && &b[0] == &p.src[offset]
}

// inlineList gives a copy of in, capped at its length so that it cannot
// grow into the next list, from the current batch of slots.
func (p *reader) inlineList(in []doc.Inline) []doc.Inline {
	switch {
	case len(in) == 0:
		return in[:0:0]
	case len(in) > runBatch:
		return append([]doc.Inline(nil), in...)
	}
	if len(p.slots) < len(in) {
		p.slots = make([]doc.Inline, runBatch)
	}
	l := p.slots[:len(in):len(in)]
	p.slots = p.slots[len(in):]
	copy(l, in)
	return l
}

// runBatch is how many runs newRun allocates at a time.
const runBatch = 256

// newRun gives a new run, from the current batch.
func (p *reader) newRun() *doc.Run {
	if len(p.runs) == 0 {
		p.runs = make([]doc.Run, runBatch)
	}
	r := &p.runs[0]
	p.runs = p.runs[1:]
	return r
}

// text appends a run. Runs are not merged here: each keeps the exact
// position of its text, for diagnostics, and merging by += would be
// quadratic in a long line; normalize merges alike runs at its end
// (doc.Coalesce).
func (p *reader) text(out *[]doc.Inline, st state, offset int, s string) {
	if s == "" {
		return
	}
	pos := doc.Pos{}
	if offset >= 0 {
		pos = p.lines.pos(offset)
	}
	r := p.newRun()
	*r = doc.Run{Pos: pos, Text: s, Format: st.format, Rev: p.marks.current(), Link: st.link}
	*out = append(*out, r)
}

// unescape resolves backslash escapes and character references as CommonMark
// defines them (goldmark leaves them in the source segments).
func unescape(b []byte) string {
	if !needsUnescape(b) {
		return string(b)
	}
	b = util.UnescapePunctuations(b)
	b = util.ResolveNumericReferences(b)
	b = util.ResolveEntityNames(b)
	return string(b)
}

// needsUnescape reports whether b holds a backslash or an ampersand, which
// unescape may resolve.
func needsUnescape(b []byte) bool {
	return bytes.IndexByte(b, '\\') >= 0 || bytes.IndexByte(b, '&') >= 0
}

// normalizeNewlines turns CRLF and lone CR into LF; line numbers are kept.
func normalizeNewlines(src []byte) []byte {
	if bytes.IndexByte(src, '\r') < 0 {
		return src
	}
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// invalidUTF8 is the offset of the first byte that is not UTF-8, or -1.
func invalidUTF8(src []byte) int {
	if utf8.Valid(src) { // fast, and true of every text worth converting
		return -1
	}
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// dropControls removes control characters that have no meaning in a text
// document (and that XML 1.0 forbids), with a warning for each line; tabs
// and newlines stay. A byte order mark inside the text goes too. A form
// feed, which CommonMark reads as white space and Word exports write for a
// page break, becomes a space, with a note: XML forbids it too, and a
// writer dropping it would join the words around it.
func dropControls(d *doc.Document, src []byte, lines *lineIndex) []byte {
	bad := func(r rune) bool {
		return (r < 0x20 && r != '\t' && r != '\n' && r != '\f') || r == 0x7f || r == 0xfeff || (r >= 0x80 && r < 0xa0) || r == 0xfffe || r == 0xffff
	}
	if !hasControls(src) {
		return src
	}
	out := make([]byte, 0, len(src))
	lastLine, lastFF := 0, 0
	for i := 0; i < len(src); {
		r, n := utf8.DecodeRune(src[i:])
		if r == '\f' {
			if pos := lines.pos(i); pos.Line != lastFF {
				d.Report(pos, doc.Note, "form feed read as a space")
				lastFF = pos.Line
			}
			out = append(out, ' ')
			i++
			continue
		}
		if bad(r) {
			// Keep the byte count, so that positions stay right: a space
			// stands in.
			pos := lines.pos(i)
			if pos.Line != lastLine {
				d.Report(pos, doc.Warning, "control character U+%04X removed", r)
				lastLine = pos.Line
			}
			out = append(out, bytes.Repeat([]byte{' '}, n)...)
		} else {
			out = append(out, src[i:i+n]...)
		}
		i += n
	}
	return out
}

// hasControls is a fast byte scan for what dropControls removes: C0
// controls but tab and newline; DEL; C1 controls (C2 80..9F);
// U+FEFF (EF BB BF) and U+FFFE/U+FFFF (EF BF BE/BF).
func hasControls(src []byte) bool {
	for i := 0; i < len(src); i++ {
		// Eight bytes at a time while they are all printable ASCII
		// (0x20..0x7e), as most are.
		for i+8 <= len(src) && printableASCII(binary.LittleEndian.Uint64(src[i:])) {
			i += 8
		}
		if i >= len(src) {
			break
		}
		c := src[i]
		if !controlLead[c] {
			continue // one table look-up for the bytes in between
		}
		switch {
		case c < 0x20:
			if c != '\t' && c != '\n' {
				return true
			}
		case c == 0x7f:
			return true
		case c == 0xc2 && i+1 < len(src) && src[i+1] >= 0x80 && src[i+1] <= 0x9f:
			return true
		case c == 0xef && i+2 < len(src) && (src[i+1] == 0xbb && src[i+2] == 0xbf || src[i+1] == 0xbf && src[i+2] >= 0xbe):
			return true
		}
	}
	return false
}

// printableASCII reports whether every byte of w is in 0x20..0x7e: none is
// below 0x20 (the subtraction borrows into the high bit of such a byte) and
// none is 0x7f or above (adding one sets it, or it is set already).
func printableASCII(w uint64) bool {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	below := (w - 0x20*ones) &^ w & highs
	above := (w | (w + ones)) & highs
	return below|above == 0
}

// controlLead marks the bytes hasControls must look at: C0 controls, DEL,
// and the lead bytes of the multi-byte forms it looks for.
var controlLead = func() (t [256]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n'
	}
	t[0x7f], t[0xc2], t[0xef] = true, true, true
	return t
}()

// lineIndex maps byte offsets to line:col.
type lineIndex struct {
	starts []int
	src    []byte
	// The last answer: queries mostly move forward along a line, so the
	// column is counted from there, not from the line's start (which made a
	// long one-line paragraph quadratic), and the line is looked for there
	// first.
	lastOff, lastCol, lastLine int
}

func newLineIndex(src []byte) *lineIndex {
	starts := make([]int, 1, bytes.Count(src, []byte{'\n'})+1)
	for i := 0; ; {
		nl := bytes.IndexByte(src[i:], '\n')
		if nl < 0 {
			break
		}
		i += nl + 1
		starts = append(starts, i)
	}
	return &lineIndex{starts: starts, src: src}
}

func (li *lineIndex) line(off int) int {
	if l := li.lastLine; li.starts[l] <= off && (l+1 == len(li.starts) || off < li.starts[l+1]) {
		return l
	}
	lo, hi := 0, len(li.starts)
	for lo+1 < hi {
		mid := (lo + hi) / 2
		if li.starts[mid] <= off {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

func (li *lineIndex) pos(off int) doc.Pos {
	if off < 0 {
		return doc.Pos{}
	}
	if off > len(li.src) {
		off = len(li.src)
	}
	l := li.line(off)
	from, col := li.starts[l], 0
	if li.lastOff >= from && li.lastOff <= off {
		from, col = li.lastOff, li.lastCol
	}
	col += utf8.RuneCount(li.src[from:off])
	li.lastOff, li.lastCol, li.lastLine = off, col, l
	return doc.Pos{Line: l + 1, Col: col + 1}
}

// lineBytes is the whole source line containing off.
func (li *lineIndex) lineBytes(src []byte, off int) []byte {
	l := li.line(off)
	end := len(src)
	if l+1 < len(li.starts) {
		end = li.starts[l+1] - 1
	}
	return src[li.starts[l]:end]
}

// nestingDepth scans the source, before Markdown sees it, for the deepest
// nesting of list items and block quotes (by markers and indentation at the
// start of a line) and of brackets (within a paragraph). It stops early,
// at the offset where the depth first exceeds max.
func nestingDepth(src []byte, max int) (depth, offset int) {
	brackets := 0
	for start := 0; start < len(src); {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		line := src[start:end]
		if len(bytes.TrimSpace(line)) == 0 {
			brackets = 0 // brackets do not span paragraphs
		}
		// Block structure: every marker ("- ", "* ", "+ ", "> ", "1. ")
		// and every two columns of indent open a level.
		level, i, col := 0, 0, 0
		for i < len(line) {
			switch c := line[i]; {
			case c == ' ':
				col++
				i++
			case c == '\t':
				col += 4
				i++
			case (c == '-' || c == '*' || c == '+' || c == '>') && i+1 < len(line) && (line[i+1] == ' ' || line[i+1] == '\t'):
				level++
				i += 2
			default:
				i = len(line) + 1
			}
		}
		if level > 0 && level+col/2 > max { // indent counts before a marker only
			return level + col/2, start
		}
		if bytes.IndexByte(line, '[') < 0 && (brackets == 0 || bytes.IndexByte(line, ']') < 0) {
			start = end + 1
			continue // no bracket opens or closes on this line
		}
		for j, c := range line {
			switch {
			case c == '\\':
				// an escaped bracket does not nest; skip the next byte
			case c == '[' && (j == 0 || line[j-1] != '\\'):
				brackets++
				if brackets > max {
					return brackets, start + j
				}
			case c == ']' && (j == 0 || line[j-1] != '\\') && brackets > 0:
				brackets--
			}
		}
		start = end + 1
	}
	return 0, 0
}
