// Package typeset lays out the annex of a conference document: it takes a
// view of a normalized document (edits.Clean for the clean annex,
// edits.Marked for the redline) and gives pages of frames, positioned text
// runs, rules and link areas in points, that the PDF writer
// (layouts/pdfwrite) draws without deciding anything; and the annex's
// logical structure (structure.go), a tree of Nodes whose leaves the texts
// point at: the structure role of every frame item (headings by depth,
// lists, tables, footnotes as a Note after their Reference, links) or
// none, for an artifact (rules, the running header). Layout keeps the
// pages; Stream hands each to the caller as soon as it is set.
//
// The annex is the document's proposals (Document.Proposals), set on A4 with
// the ITU margins, sizes, spacing and indents of layouts/itu and measured with
// the embedded Liberation Serif metrics of package fonts.
//
// The work is four named steps, as in typst's inline layout:
//
//   - collect (items.go): runs → items (boxes for words, glue for spaces,
//     penalties for forced breaks), with the paragraph style's font, caps and
//     hanging label;
//   - break (linebreak.go): items → lines, by Knuth–Plass optimum fit (an
//     overfull line is costed, not forbidden, so a solution always exists) or
//     by first fit (Params.LineBreak = "greedy");
//   - finalize (lines.go): lines → frames, justified by placing each word;
//   - pages (pages.go): lines → pages, keeping Proposal/ResNo/Restitle/Call
//     with the next paragraph, leaving no widow or orphan, starting annexes
//     and appendices (itu.Spec.PageBreak) on a new page, setting footnotes
//     at the foot of the page that cites them and the running header
//     ("- N -", Meta.Reference()) on every page numbered 2 or more.
//
// Spaces: U+0020 is stretchable glue; U+00A0, U+202F and U+2007 are part of
// the word (no break there), U+2009, U+2002 and other Unicode spaces
// breakable glue of their own fixed width; each is drawn with its glyph's
// width, or a fallback when a face lacks it.
//
// Dump gives a readable, rounded (0.01 pt) text form of the pages for golden
// tests; Result.Quality the line-quality figures (adjustment ratios).
package typeset

import (
	"fmt"
	"math"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/internal/panics"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// Params are the tuning values of the typesetter. The zero value is not
// useful; start from Defaults and change what you need.
type Params struct {
	// LineBreak is "knuth-plass" (the default, also for "") or "greedy"
	// (first fit, as word processors break).
	LineBreak string
	// FirstPage is the number of the first annex page. The annex follows the
	// cover of the original document, which is page 1, so it is 2 by default.
	FirstPage int

	// SpaceStretch and SpaceShrink are the fractions of a space's width it
	// may grow or shrink by; TeX's values for Computer Modern (1/2, 1/3),
	// which suit a Times-like face as well.
	SpaceStretch, SpaceShrink float64
	// LinePenalty is added to every line's badness before squaring, so that
	// fewer lines are preferred (TeX's \linepenalty).
	LinePenalty float64
	// AdjacentDemerits is charged when two adjacent lines' fitness classes
	// differ by more than one (a tight line next to a loose one), TeX's
	// \adjdemerits.
	AdjacentDemerits float64
	// RigidBadness is the badness of a short line with no space to stretch
	// (a single word that cannot fill the measure). Other loose lines cost
	// 100·r³ uncapped: capping them, as TeX's inf_bad does, makes a line
	// stretched 100 times as bad as one stretched 5 times, and the breaker
	// then trades one for better lines elsewhere.
	RigidBadness float64
	// SlashPenalty is the cost of breaking after a slash between letters
	// ("telecommunication/ICT"), which Unicode's line breaking allows and
	// Word does. It is TeX's \hyphenpenalty: such a break reads like a
	// hyphenated one. Without it, the long slashed compounds of ITU texts
	// leave very loose lines.
	SlashPenalty float64
	// OverfullDemerits is the cost of a line wider than the measure even at
	// full shrink, plus OverfullPerPt for each point it sticks out: large
	// enough that it is chosen only when nothing else fits, finite so that
	// a solution always exists (typst's choice).
	OverfullDemerits, OverfullPerPt float64

	// Orphans and Widows are the fewest lines of a paragraph left at the foot
	// and the head of a page when it is split (Word's widow/orphan control).
	Orphans, Widows int

	// SuperscriptRise raises superscripts and footnote marks, as a fraction
	// of the paragraph's font size (Word raises by about a third).
	SuperscriptRise float64
	// SuperscriptScale is the size of a superscript run relative to its
	// paragraph's; footnote reference marks use itu.FootnoteRefSize instead.
	SuperscriptScale float64
	// FootnoteRule is the length of the separator above the footnotes
	// (Word's: 2 inches) and FootnoteGap the space above it.
	FootnoteRule, FootnoteGap float64
	// RuleWidth is the thickness of the footnote separator.
	RuleWidth float64
}

// Defaults are the parameters itudoc uses.
var Defaults = Params{
	LineBreak:        KnuthPlass,
	FirstPage:        2,
	SpaceStretch:     1.0 / 2,
	SpaceShrink:      1.0 / 3,
	LinePenalty:      10,
	AdjacentDemerits: 10000,
	RigidBadness:     1e6,
	SlashPenalty:     50,
	OverfullDemerits: 1e8,
	OverfullPerPt:    1e6,
	Orphans:          2,
	Widows:           2,
	SuperscriptRise:  1.0 / 3,
	SuperscriptScale: float64(itu.FootnoteRefSize) / 24,
	FootnoteRule:     144,
	FootnoteGap:      6,
	RuleWidth:        0.5,
}

// Line-breaking algorithms.
const (
	KnuthPlass = "knuth-plass"
	Greedy     = "greedy"
)

// Item is a frame item: *Text, *Rule or *LinkArea.
type Item interface{ isItem() }

// Text is a run of text in one face and size, its baseline starting at
// (X, Y): points from the top-left corner of the page. Node is the
// structure leaf it is content of (see Node): nil for an artifact,
// PageHeader for the running header. Space says a word space follows it
// (on the line, or where the line broke): an exporter writes one after
// the text, drawing nothing, so that extracted text has its word breaks.
type Text struct {
	X, Y  float64
	Face  fonts.Style
	Size  float64
	Text  string
	Node  *Node
	Space bool
}

// Rule is a straight line from (X1, Y1) to (X2, Y2), Width thick: an
// underline, a strike-through, a table border or the footnote separator,
// in Color (black when zero; a revision's rule in its author's colour).
// Rules are never content: artifacts of layout.
type Rule struct {
	X1, Y1, X2, Y2, Width float64
	Color                 RGB
}

// RGB is a colour, each component 0 to 1.
type RGB [3]float64

// authorColors are the colours of the marked PDF's authors, in the order
// of their first change: distinct for colour-blind readers too (Wong's
// palette), dark enough on white.
var authorColors = []RGB{
	{0, 0.447, 0.698},     // blue
	{0.835, 0.369, 0},     // vermillion
	{0, 0.620, 0.451},     // bluish green
	{0.800, 0.475, 0.655}, // reddish purple
	{0.337, 0.706, 0.914}, // sky blue
	{0.902, 0.624, 0},     // orange
}

// AuthorColor is the colour of the author of rank n (1 the first author
// of the document's changes); black for 0.
func AuthorColor(n int) RGB {
	if n <= 0 {
		return RGB{}
	}
	return authorColors[(n-1)%len(authorColors)]
}

// A revision is kept in items as one byte: how it shows (doc.Rev) in the
// low bits, its author's rank above them.
const (
	revKindBits         = 2
	revKindMask doc.Rev = 1<<revKindBits - 1
)

// LinkArea is the area of a hyperlink on one line, from (X1, Y1) (top
// left) to (X2, Y2): it draws nothing. Node is its Link element, with the
// target.
type LinkArea struct {
	X1, Y1, X2, Y2 float64
	Node           *Node
}

func (*Text) isItem()     {}
func (*Rule) isItem()     {}
func (*LinkArea) isItem() {}

// Mark is an outline entry: a title and the top of its first line.
type Mark struct {
	Title string
	Y     float64
}

// Page is one A4 page.
type Page struct {
	Number        int     // printed page number
	Width, Height float64 // points
	Items         []Item
	Marks         []Mark
	Footnotes     []int // ids of the footnotes set at its foot, in order
}

// LineStat records how one line was set.
type LineStat struct {
	// Ratio is the adjustment ratio r: the fraction of the line's total
	// stretch (r > 0) or shrink (r < 0) used to fill the measure.
	Ratio float64
	// Justified is set for lines of justified paragraphs other than the last
	// line and lines ended by a forced break: the lines whose spaces were
	// actually adjusted by Ratio.
	Justified bool
}

// Result is a laid-out annex.
type Result struct {
	Pages []Page
	Lines []LineStat // every body line, in order
	// Struct is the logical structure: the Document element, the frame
	// items' nodes its leaves.
	Struct *Node
}

// Quality summarizes the justified lines of a result.
type Quality struct {
	Lines       int     // justified lines
	MaxR        float64 // largest adjustment ratio
	MeanBadness float64 // mean of 100·|r|³
	Over1       int     // lines with r > 1 (spaces stretched past their stretch)
}

// Quality gives the line-quality figures of the justified lines.
func (r *Result) Quality() Quality {
	var q Quality
	sum := 0.0
	for _, l := range r.Lines {
		if !l.Justified {
			continue
		}
		q.Lines++
		if q.Lines == 1 || l.Ratio > q.MaxR {
			q.MaxR = l.Ratio
		}
		sum += 100 * math.Pow(math.Abs(l.Ratio), 3)
		if l.Ratio > 1 {
			q.Over1++
		}
	}
	if q.Lines > 0 {
		q.MeanBadness = sum / float64(q.Lines)
	}
	return q
}

func (q Quality) String() string {
	return fmt.Sprintf("lines %d  max r %.3f  mean badness %.2f  r>1 %d", q.Lines, q.MaxR, q.MeanBadness, q.Over1)
}

// Layout sets the proposals of d, a view of a normalized document, into
// pages. Diagnostics report characters the fonts cannot show and layout
// rules that had to be broken.
func Layout(d *doc.Document, p Params) (*Result, []doc.Diagnostic) {
	res, diags, _ := Stream(d, p, nil)
	return res, diags
}

// Stream is Layout handing each page to emit as soon as it is made,
// instead of keeping it in Result.Pages (which it leaves empty): the
// caller writes the page and the layouter lets go of its items. The
// structure tree is complete only when Stream returns. An error from emit
// stops the layout and is returned.
func Stream(d *doc.Document, p Params, emit func(*Page) error) (*Result, []doc.Diagnostic, error) {
	if p.LineBreak == "" {
		p.LineBreak = KnuthPlass
	}
	if p.FirstPage == 0 {
		p.FirstPage = Defaults.FirstPage
	}
	l := &layouter{p: p, d: d, res: &Result{}, emit: emit, asm: newAssembler(), ranks: authorRanks(d)}
	if p.LineBreak != KnuthPlass && p.LineBreak != Greedy {
		l.report(doc.Pos{}, doc.Warning, "unknown line breaking %q: using %s", p.LineBreak, KnuthPlass)
		l.p.LineBreak = KnuthPlass
	}
	var jobs []job
	for _, prop := range d.Proposals() {
		jobs = l.jobs(prop, jobs)
	}
	l.setBlocks(jobs)
	err := l.paginate()
	root := l.asm.root
	placeNotes(root, l.notes)
	for _, id := range l.noteOrder {
		if n := l.notes[id]; n.parent == nil {
			root.adopt(n) // cited from nowhere the tree reaches: kept, at the end
		}
	}
	l.res.Struct = root
	return l.res, l.diags, err
}

// job is a block of a proposal to set, with the outline title of its
// proposal when it is the first; or, when nested is set, a proposal found
// inside another (whose blocks follow as jobs of their own).
type job struct {
	block  doc.Block // *doc.Paragraph or *doc.Table
	mark   string
	nested *doc.Proposal
	// What setting it gave.
	out   *block
	diags []doc.Diagnostic
}

// jobs appends the blocks of a proposal, in order.
func (l *layouter) jobs(prop *doc.Proposal, out []job) []job {
	mark := BookmarkTitle(prop)
	for _, b := range prop.Blocks {
		switch b := b.(type) {
		case *doc.Paragraph, *doc.Table:
			out = append(out, job{block: b, mark: mark})
			mark = ""
		case *doc.Proposal:
			out = append(out, job{nested: b})
			out = l.jobs(b, out)
		default:
			panic("typeset: unknown block type")
		}
	}
	return out
}

// workers keeps the scratch space of setBlocks' workers between layouts.
// Their arenas of frame items are dropped when a worker goes back (see
// releaseArenas): a partly used chunk would keep an earlier layout's
// structure tree, and through it all its pages, alive.
var workers = sync.Pool{New: func() any { return new(layouter) }}

// setBlocks sets the blocks of jobs, which do not depend on one another,
// on all cores, each worker with its own scratch space; then puts them on
// the vertical list in order, with their diagnostics. The result does not
// depend on how the work was shared.
func (l *layouter) setBlocks(jobs []job) {
	set := func(w *layouter, j *job) {
		w.diags = nil
		switch b := j.block.(type) {
		case *doc.Paragraph:
			j.out = w.setParagraph(b, marginL, textWidth, w.elementFor(b))
		case *doc.Table:
			j.out = w.setTable(b)
		}
		j.diags = w.diags
	}
	n := min(runtime.GOMAXPROCS(0), 4, len(jobs)/16)
	if n < 2 {
		saved := l.diags
		for i := range jobs {
			if jobs[i].nested == nil {
				set(l, &jobs[i])
			}
		}
		l.diags = saved
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		caught := make([]*panics.Panic, n)
		for k := range n {
			wg.Go(func() {
				defer panics.Capture(&caught[k])
				w := workers.Get().(*layouter)
				w.p, w.d, w.ranks = l.p, l.d, l.ranks
				defer func() {
					w.d, w.diags, w.ranks = nil, nil, nil
					w.releaseArenas()
					workers.Put(w)
				}()
				for {
					i := int(next.Add(1) - 1)
					if i >= len(jobs) {
						return
					}
					if jobs[i].nested == nil {
						set(w, &jobs[i])
					}
				}
			})
		}
		wg.Wait()
		panics.Repanic(caught...)
	}
	n = len(l.elems)
	for i := range jobs {
		if jobs[i].out != nil {
			n += len(jobs[i].out.lines)
		}
	}
	l.elems = slices.Grow(l.elems, n-len(l.elems))
	l.res.Lines = slices.Grow(l.res.Lines, n-len(l.res.Lines))
	for i := range jobs {
		j := &jobs[i]
		if j.nested != nil {
			l.report(j.nested.Pos, doc.Warning, "a proposal inside a proposal: set as its own")
			continue
		}
		l.diags = append(l.diags, j.diags...)
		j.out.mark = j.mark
		l.asm.add(j.out.node, j.out.style, j.out.level)
		l.push(j.out)
	}
}

// BookmarkTitle is the outline title of a proposal:
// "MOD WGPL/149/2 — RESOLUTION 64 (REV. BUSAN, 2014)".
func BookmarkTitle(p *doc.Proposal) string {
	head := string(p.Action) + " " + p.ID
	switch {
	case p.Number != "":
		return head + " — " + p.Number
	case p.Title != "":
		return head + " — " + p.Title
	}
	return head
}

type layouter struct {
	p     Params
	d     *doc.Document
	ranks map[string]int // each author's rank, 1 for the first (read only while setting)
	res   *Result
	diags []doc.Diagnostic
	elems []elem // the vertical list
	// fnCache holds laid-out footnote bodies by id; notes their Note
	// elements, noteOrder their ids in the order they were set, fnSet
	// the footnotes already set on a page (a later page repeats them as
	// artifacts).
	fnCache   map[int]*block
	notes     map[int]*Node
	noteOrder []int
	fnSet     map[int]bool
	asm       *assembler
	emit      func(*Page) error
	// Scratch space reused from paragraph to paragraph.
	coll   collector
	par    para         // the paragraph being set (collect)
	frags  []frag       // arena of the boxes' fragments
	fnotes [][]int      // and of their footnote lists
	spaces []drawnSpace // and of the special spaces of glue
	kp     kpScratch
	items  []item // the items of the paragraph being set
	ascii  []*asciiTable
	// Arenas of frame items, and finalize's scratch.
	texts     []Text
	ruleArena []Rule
	nodes     []Node
	kidSlots  []*Node // first kids (addKid)
	blocks    []block
	vlines    []vline
	itemArena []Item // the lines' items (keepItems)
	lineItems []Item // finalize's scratch
	textBuf   []byte
	rules     []*Rule
	// lastKeep and lastAfter are the previous block's keep-with-next and
	// space after.
	lastKeep  bool
	lastAfter float64
}

// releaseArenas forgets the chunks that frame items, structure elements,
// blocks and lines were given from: they belong to the result now. The
// scratch that no result points into (the collector, the breaker's, the
// paragraph's items) is kept.
func (l *layouter) releaseArenas() {
	l.texts, l.ruleArena, l.nodes, l.kidSlots = nil, nil, nil, nil
	l.blocks, l.vlines, l.itemArena = nil, nil, nil
}

func (l *layouter) report(pos doc.Pos, sev doc.Severity, format string, args ...any) {
	l.diags = append(l.diags, doc.Diagnostic{Pos: pos, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// Geometry, in points, from the style sheet.
var (
	pageW     = itu.Pt(itu.Page.Width)
	pageH     = itu.Pt(itu.Page.Height)
	marginL   = itu.Pt(itu.Page.Left)
	marginT   = itu.Pt(itu.Page.Top)
	marginB   = itu.Pt(itu.Page.Bottom)
	textWidth = itu.Pt(itu.Page.TextWidth())
)

// authorRanks ranks the authors of d's changes in order of first change.
func authorRanks(d *doc.Document) map[string]int {
	ranks := map[string]int{}
	for _, a := range d.Authors() {
		ranks[a.Author] = len(ranks) + 1
	}
	return ranks
}

// revCode is how a revision is kept in items: how it shows and its
// author's rank (the deletion's author when both).
func (l *layouter) revCode(r doc.Revision) doc.Rev {
	id := r.Del
	if id == 0 {
		id = r.Ins
	}
	rank := 0
	if id != 0 && l.d != nil {
		rank = min(l.ranks[l.d.Change(id).Author], 63)
	}
	return r.Shown() | doc.Rev(rank)<<revKindBits
}
