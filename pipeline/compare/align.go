package compare

import (
	"strings"

	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// This file aligns two lists of blocks (a cover, or a proposal's blocks)
// structure first:
//
//  1. sections: the blocks before the first call, then one section per call
//     paragraph; sections pair by the call's text, then, among those left
//     between two pairs, by the call's first word ("invites the governments
//     of …" and "invites" are the same section);
//  2. within a pair of sections, identical blocks pair first; then blocks
//     with the same style and text but another label (a relabelled item);
//     then the rest by similarity of their words (minSimilarity), each
//     block only with one of its own style and level, in order;
//  3. a paired paragraph next to an unpaired one that continues it becomes
//     a split (one paragraph into two: an inserted paragraph mark) or a
//     merge (two into one: a deleted mark).
//
// What stays unpaired is deleted or inserted whole: deletions first, unless
// settle chose otherwise for the region.

// Tuning of the alignment.
const (
	// minSimilarity is the least share of words (Dice coefficient) two
	// paragraphs must have in common to be shown as one changed paragraph
	// rather than one deleted and one inserted: at one half, a reader still
	// recognises the old paragraph in the new.
	minSimilarity = 0.5
	// splitGain is how much closer a paragraph must be to two neighbours
	// together than to the one it paired with to be shown split (or
	// merged): a clear gain, not noise.
	splitGain = 0.15
	// maxGapCells bounds the similarity table of one stretch of unpaired
	// blocks (n·m cells); beyond it the stretch is deleted and inserted
	// whole. Sections and anchors keep real stretches far below it.
	maxGapCells = 1 << 20
)

type stepKind uint8

const (
	pairStep  stepKind = iota // a[0] shown changed into b[0]
	delStep                   // a[0] deleted
	insStep                   // b[0] inserted
	splitStep                 // a[0] split into b[0], b[1]
	mergeStep                 // a[0], a[1] merged into b[0]
)

type step struct {
	kind   stepKind
	a, b   []doc.Block
	ai, bi int // index of a[0] / b[0] in its list, -1 when none
}

// blockList compares two lists of blocks and gives the marked list.
func (c *comparer) blockList(a, b []doc.Block) []doc.Block {
	return c.emit(c.splits(c.align(a, b)))
}

type section struct {
	from, to int // blocks[from:to]; blocks[from] is the call, except in the first
	key      string
	first    string // the call's first word
}

func sections(bs []doc.Block) []section {
	out := []section{{key: "\x00head"}}
	for i, b := range bs {
		if p, ok := b.(*doc.Paragraph); ok && p.Style == doc.StyleCall {
			out[len(out)-1].to = i
			words := strings.Fields(strings.ToLower(doc.Text(p.Inlines)))
			s := section{from: i, key: "call " + strings.Join(words, " ")}
			if len(words) > 0 {
				s.first = words[0]
			}
			out = append(out, s)
		}
	}
	out[len(out)-1].to = len(bs)
	return out
}

// align pairs the sections, then the blocks within each pair.
func (c *comparer) align(a, b []doc.Block) []step {
	sa, sb := sections(a), sections(b)
	in := interner{}
	ka, kb := make([]int, len(sa)), make([]int, len(sb))
	for i, s := range sa {
		ka[i] = in.id(s.key)
	}
	for i, s := range sb {
		kb[i] = in.id(s.key)
	}
	var steps []step
	pairSecs := func(x, y section) {
		if x.key != sa[0].key && y.key != sb[0].key && !c.unpairable(a[x.from]) {
			// Paired sections: their calls pair, however they changed.
			steps = append(steps, step{kind: pairStep, a: a[x.from : x.from+1], b: b[y.from : y.from+1], ai: x.from, bi: y.from})
			x.from++
			y.from++
		}
		steps = append(steps, c.alignItems(a, b, x.from, x.to, y.from, y.to)...)
	}
	for _, e := range diffGaps(Diff(ka, kb)) {
		if e.Kind == Equal {
			for i := 0; i < e.A1-e.A0; i++ {
				pairSecs(sa[e.A0+i], sb[e.B0+i])
			}
			continue
		}
		// Between two paired sections: pair by the call's first word,
		// then by what the sections hold ("recognizing" became
		// "recognising", its items stayed).
		c.pairSections(a, b, sa[e.A0:e.A1], sb[e.B0:e.B1], in, pairSecs, &steps)
	}
	return steps
}

func (c *comparer) pairSections(a, b []doc.Block, sa, sb []section, in interner, pairSecs func(x, y section), steps *[]step) {
	fa, fb := make([]int, len(sa)), make([]int, len(sb))
	for i := range fa {
		fa[i] = in.id("first " + sa[i].first)
	}
	for i := range fb {
		fb[i] = in.id("first " + sb[i].first)
	}
	for _, f := range diffGaps(Diff(fa, fb)) {
		if f.Kind == Equal {
			for i := 0; i < f.A1-f.A0; i++ {
				pairSecs(sa[f.A0+i], sb[f.B0+i])
			}
			continue
		}
		ga, gb := sa[f.A0:f.A1], sb[f.B0:f.B1]
		bagOfSection := func(bs []doc.Block, s section) bag {
			g := bag{count: map[string]int{}}
			for _, x := range bs[s.from:s.to] {
				g = g.plus(c.bag(x))
			}
			return g
		}
		pairs := pairUp(len(ga), len(gb), func(i, j int) float64 {
			if ga[i].key == "\x00head" || gb[j].key == "\x00head" {
				return -1
			}
			s := similarity(bagOfSection(a, ga[i]), bagOfSection(b, gb[j]))
			if s < minSimilarity {
				return -1
			}
			return s
		})
		i, j := 0, 0
		gap := func(i1, j1 int) {
			for ; i < i1; i++ {
				for k := ga[i].from; k < ga[i].to; k++ {
					*steps = append(*steps, step{kind: delStep, a: a[k : k+1], ai: k, bi: -1})
				}
			}
			for ; j < j1; j++ {
				for k := gb[j].from; k < gb[j].to; k++ {
					*steps = append(*steps, step{kind: insStep, b: b[k : k+1], ai: -1, bi: k})
				}
			}
		}
		for _, p := range pairs {
			gap(p[0], p[1])
			pairSecs(ga[p[0]], gb[p[1]])
			i, j = p[0]+1, p[1]+1
		}
		gap(len(ga), len(gb))
	}
}

// diffGaps joins a script's deletion and insertion into one gap edit, so
// that callers see Equal stretches and the gaps between them.
func diffGaps(es []Edit) []Edit {
	var out []Edit
	for _, e := range es {
		if n := len(out); n > 0 && e.Kind != Equal && out[n-1].Kind != Equal {
			out[n-1].A1, out[n-1].B1 = e.A1, e.B1
			continue
		}
		if e.Kind != Equal {
			e.Kind = Delete // a gap: a[A0:A1] against b[B0:B1]
		}
		out = append(out, e)
	}
	return out
}

// alignItems aligns a[ai0:ai1] with b[bi0:bi1]: identical blocks, then
// relabelled ones, then similar ones.
func (c *comparer) alignItems(a, b []doc.Block, ai0, ai1, bi0, bi1 int) []step {
	return c.anchored(a, b, ai0, ai1, bi0, bi1, []func(doc.Block) string{blockKey, contentKey}, 0)
}

// anchored pairs equal keys of the pass, and aligns the stretches between
// them with the next pass; after the last, by similarity.
func (c *comparer) anchored(a, b []doc.Block, ai0, ai1, bi0, bi1 int, passes []func(doc.Block) string, pass int) []step {
	if pass == len(passes) {
		return c.similar(a, b, ai0, ai1, bi0, bi1)
	}
	in := interner{}
	ka, kb := make([]int, ai1-ai0), make([]int, bi1-bi0)
	for i := range ka {
		if c.unpairable(a[ai0+i]) {
			ka[i] = -1 - i // matches nothing
			continue
		}
		ka[i] = in.id(passes[pass](a[ai0+i]))
	}
	for j := range kb {
		kb[j] = in.id(passes[pass](b[bi0+j]))
	}
	var steps []step
	for _, e := range diffGaps(Diff(ka, kb)) {
		if e.Kind == Equal {
			for i := 0; i < e.A1-e.A0; i++ {
				x, y := ai0+e.A0+i, bi0+e.B0+i
				steps = append(steps, step{kind: pairStep, a: a[x : x+1], b: b[y : y+1], ai: x, bi: y})
			}
			continue
		}
		steps = append(steps, c.anchored(a, b, ai0+e.A0, ai0+e.A1, bi0+e.B0, bi0+e.B1, passes, pass+1)...)
	}
	return steps
}

// contentKey is a block's style, level and text without its label.
func contentKey(b doc.Block) string {
	if p, ok := b.(*doc.Paragraph); ok {
		return string(p.Style) + "\x00" + string(rune('0'+p.Level)) + "\x00" + canon.Inlines(p.Inlines)
	}
	return blockKey(b)
}

func (c *comparer) unpairable(b doc.Block) bool {
	p, ok := b.(*doc.Paragraph)
	return ok && c.knob[p] == unpaired
}

// compatible reports whether two blocks can be shown as one changed block:
// two tables, or two paragraphs of the same style and level (the model has
// no revisions of either).
func compatible(x, y doc.Block) bool {
	switch x := x.(type) {
	case *doc.Paragraph:
		q, ok := y.(*doc.Paragraph)
		return ok && x.Style == q.Style && x.Level == q.Level
	case *doc.Table:
		_, ok := y.(*doc.Table)
		return ok
	}
	return false
}

// similar pairs blocks of a[ai0:ai1] and b[bi0:bi1] in order, the most
// similar in all (a longest common subsequence weighted by similarity, at
// least minSimilarity a pair); the rest are deleted and inserted.
func (c *comparer) similar(a, b []doc.Block, ai0, ai1, bi0, bi1 int) []step {
	pairs := pairUp(ai1-ai0, bi1-bi0, func(i, j int) float64 {
		x, y := a[ai0+i], b[bi0+j]
		if !compatible(x, y) || c.unpairable(x) {
			return -1
		}
		s := similarity(c.bag(x), c.bag(y))
		if s < minSimilarity && (sameLabelOneEmpty(x, y) || headingRole(x)) {
			// An item whose text was all replaced keeps its label; a
			// resolution line, title or preamble stays one, whatever its
			// text (the reader finds them by their place).
			s = minSimilarity
		}
		if s < minSimilarity {
			return -1
		}
		return s
	})
	n, m := ai1-ai0, bi1-bi0
	var steps []step
	i, j := 0, 0
	gap := func(i1, j1 int) {
		for ; i < i1; i++ {
			steps = append(steps, step{kind: delStep, a: a[ai0+i : ai0+i+1], ai: ai0 + i, bi: -1})
		}
		for ; j < j1; j++ {
			steps = append(steps, step{kind: insStep, b: b[bi0+j : bi0+j+1], ai: -1, bi: bi0 + j})
		}
	}
	for _, p := range pairs {
		gap(p[0], p[1])
		x, y := ai0+p[0], bi0+p[1]
		steps = append(steps, step{kind: pairStep, a: a[x : x+1], b: b[y : y+1], ai: x, bi: y})
		i, j = p[0]+1, p[1]+1
	}
	gap(n, m)
	return steps
}

// pairUp pairs i < n with j < m in order, maximising the sum of w(i, j)
// over the pairs; w < 0 forbids a pair. Ties go to leaving the later old
// item unpaired, then the later new one, so that the same weights always
// give the same pairs. Beyond maxGapCells it pairs nothing.
func pairUp(n, m int, w func(i, j int) float64) [][2]int {
	if n == 0 || m == 0 || n*m > maxGapCells {
		return nil
	}
	score := make([]float64, (n+1)*(m+1))
	at := func(i, j int) float64 { return score[i*(m+1)+j] }
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			best := max(at(i-1, j), at(i, j-1))
			if s := w(i-1, j-1); s >= 0 && at(i-1, j-1)+s > best {
				best = at(i-1, j-1) + s
			}
			score[i*(m+1)+j] = best
		}
	}
	var pairs [][2]int
	for i, j := n, m; i > 0 && j > 0; {
		switch {
		case at(i, j) == at(i-1, j):
			i--
		case at(i, j) == at(i, j-1):
			j--
		default:
			pairs = append(pairs, [2]int{i - 1, j - 1})
			i, j = i-1, j-1
		}
	}
	for l, r := 0, len(pairs)-1; l < r; l, r = l+1, r-1 {
		pairs[l], pairs[r] = pairs[r], pairs[l]
	}
	return pairs
}

// headingRole reports whether b is a paragraph of a proposal's heading
// after the proposal line: there is one of each, found by its place.
func headingRole(b doc.Block) bool {
	p, ok := b.(*doc.Paragraph)
	return ok && inHeading(p.Style) && p.Style != doc.StyleProposal
}

// inHeading reports whether a style belongs to a proposal's heading:
// Proposal, ResNo, Restitle and the preamble line after the title.
func inHeading(s doc.Style) bool {
	switch s {
	case doc.StyleProposal, doc.StyleResNo, doc.StyleRestitle, doc.StyleNormalAfterTitle:
		return true
	}
	return false
}

// sameLabelOneEmpty reports whether two paragraphs have the same label and
// one of them no text.
func sameLabelOneEmpty(x, y doc.Block) bool {
	p, ok1 := x.(*doc.Paragraph)
	q, ok2 := y.(*doc.Paragraph)
	return ok1 && ok2 && len(p.Label) > 0 && canon.Inlines(p.Label) == canon.Inlines(q.Label) &&
		(len(p.Inlines) == 0 || len(q.Inlines) == 0)
}

// bag gives the words of a block, counted once per build.
func (c *comparer) bag(b doc.Block) bag {
	if g, ok := c.bags[b]; ok {
		return g
	}
	g := bagOf(b)
	c.bags[b] = g
	return g
}

// bag is the words of a block, counted.
type bag struct {
	count map[string]int
	total int
}

func bagOf(b doc.Block) bag {
	g := bag{count: map[string]int{}}
	addText := func(in []doc.Inline) {
		for _, t := range tokenize(in) {
			if t.class == word {
				g.count[strings.ToLower(t.text)]++
				g.total++
			}
		}
	}
	doc.Paragraphs([]doc.Block{b}, func(p *doc.Paragraph) { addText(p.Inlines) })
	return g
}

func (g bag) plus(h bag) bag {
	s := bag{count: map[string]int{}, total: g.total + h.total}
	for _, x := range []bag{g, h} {
		for w, n := range x.count {
			s.count[w] += n
		}
	}
	return s
}

// similarity is the Dice coefficient of two bags: twice the words in
// common over the words in both; two wordless blocks are alike enough.
func similarity(g, h bag) float64 {
	if g.total == 0 && h.total == 0 {
		return minSimilarity
	}
	if len(g.count) > len(h.count) {
		g, h = h, g
	}
	common := 0
	for w, n := range g.count {
		common += min(n, h.count[w])
	}
	return 2 * float64(common) / float64(g.total+h.total)
}

// splits turns a pair and an unpaired neighbour into a split or a merge
// where the paragraph is much closer to the two together.
func (c *comparer) splits(steps []step) []step {
	isPara := func(b doc.Block) bool { _, ok := b.(*doc.Paragraph); return ok }
	for i := 0; i < len(steps); i++ {
		s := steps[i]
		if s.kind != pairStep || !isPara(s.a[0]) || !isPara(s.b[0]) || c.knob[s.a[0].(*doc.Paragraph)] != pairWords {
			continue
		}
		here := similarity(c.bag(s.a[0]), c.bag(s.b[0]))
		gain := func(x, y bag) bool { return similarity(x, y) >= here+splitGain }
		// Neighbours: the first unpaired of each side after the pair and
		// the last before it, within the stretches next to it.
		next := func(kind stepKind) int {
			for k := i + 1; k < len(steps) && steps[k].kind != pairStep; k++ {
				if steps[k].kind == kind {
					return k
				}
			}
			return -1
		}
		prev := func(kind stepKind) int {
			for k := i - 1; k >= 0 && steps[k].kind != pairStep; k-- {
				if steps[k].kind == kind {
					return k
				}
			}
			return -1
		}
		if k := next(insStep); k >= 0 && steps[k].bi == s.bi+1 && isPara(steps[k].b[0]) && gain(c.bag(s.a[0]), c.bag(s.b[0]).plus(c.bag(steps[k].b[0]))) {
			steps[i] = step{kind: splitStep, a: s.a, b: []doc.Block{s.b[0], steps[k].b[0]}, ai: s.ai, bi: s.bi}
			steps = append(steps[:k], steps[k+1:]...)
			continue
		}
		if k := prev(insStep); k >= 0 && steps[k].bi == s.bi-1 && compatible(s.a[0], steps[k].b[0]) && gain(c.bag(s.a[0]), c.bag(steps[k].b[0]).plus(c.bag(s.b[0]))) {
			steps[i] = step{kind: splitStep, a: s.a, b: []doc.Block{steps[k].b[0], s.b[0]}, ai: s.ai, bi: steps[k].bi}
			steps = append(steps[:k], steps[k+1:]...)
			i--
			continue
		}
		if k := next(delStep); k >= 0 && steps[k].ai == s.ai+1 && isPara(steps[k].a[0]) && !c.unpairable(steps[k].a[0]) && gain(c.bag(s.a[0]).plus(c.bag(steps[k].a[0])), c.bag(s.b[0])) {
			steps[i] = step{kind: mergeStep, a: []doc.Block{s.a[0], steps[k].a[0]}, b: s.b, ai: s.ai, bi: s.bi}
			steps = append(steps[:k], steps[k+1:]...)
			continue
		}
		if k := prev(delStep); k >= 0 && steps[k].ai == s.ai-1 && compatible(steps[k].a[0], s.b[0]) && !c.unpairable(steps[k].a[0]) && gain(c.bag(steps[k].a[0]).plus(c.bag(s.a[0])), c.bag(s.b[0])) {
			steps[i] = step{kind: mergeStep, a: []doc.Block{steps[k].a[0], s.a[0]}, b: s.b, ai: steps[k].ai, bi: s.bi}
			steps = append(steps[:k], steps[k+1:]...)
			i--
			continue
		}
	}
	return steps
}
