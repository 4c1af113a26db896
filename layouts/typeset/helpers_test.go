package typeset

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset/typesettest"
	"github.com/itudoc/itudoc/pipeline/doc"
)

var meta = doc.Meta{Code: "PP14", Number: "149-E", ISODate: "2014-11-03"}

// proposal makes a proposal with the usual heading chain before blocks.
func proposal(n int, blocks ...doc.Block) *doc.Proposal {
	id := fmt.Sprintf("WGPL/1/%d", n)
	head := []doc.Block{
		typesettest.Para(doc.StyleProposal, "MOD\t"+id),
		typesettest.Para(doc.StyleResNo, fmt.Sprintf("RESOLUTION %d", n)),
		typesettest.Para(doc.StyleRestitle, fmt.Sprintf("Title number %d", n)),
	}
	return &doc.Proposal{Action: doc.ActionMOD, ID: id, Number: fmt.Sprintf("RESOLUTION %d", n), Blocks: append(head, blocks...)}
}

func document(props ...*doc.Proposal) *doc.Document {
	d := &doc.Document{Meta: meta}
	for _, p := range props {
		d.Blocks = append(d.Blocks, p)
	}
	return d
}

// fillers gives n one-line Normal paragraphs.
func fillers(n int) []doc.Block {
	var bs []doc.Block
	for i := 0; i < n; i++ {
		bs = append(bs, typesettest.Para(doc.StyleNormal, fmt.Sprintf("Filler paragraph number %d.", i)))
	}
	return bs
}

func layout(t testing.TB, d *doc.Document, p Params) *Result {
	t.Helper()
	res, diags := Layout(d, p)
	for _, dg := range diags {
		t.Errorf("diagnostic: %s", dg.Format("test"))
	}
	return res
}

// texts lists the text items of a page, header excluded.
func texts(p Page) []*Text {
	var out []*Text
	for _, it := range p.Items {
		if t, ok := it.(*Text); ok && t.Y > marginT {
			out = append(out, t)
		}
	}
	return out
}

// where gives the page index and item of the first text containing s.
func where(pages []Page, s string) (int, *Text) {
	for i, p := range pages {
		for _, t := range texts(p) {
			if strings.Contains(t.Text, s) {
				return i, t
			}
		}
	}
	return -1, nil
}

// lineYs gives, per page, the distinct baselines of texts containing s.
func lineYs(pages []Page, s string) map[int][]float64 {
	out := map[int][]float64{}
	for i, p := range pages {
		seen := map[float64]bool{}
		for _, t := range texts(p) {
			if strings.Contains(t.Text, s) && !seen[t.Y] {
				seen[t.Y] = true
				out[i] = append(out[i], t.Y)
			}
		}
		sort.Float64s(out[i])
	}
	return out
}

func right(t *Text) float64 {
	return t.X + fonts.Metrics(t.Face).Width(t.Text, t.Size)
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

// words makes a text of n numbered words with a prefix.
func words(prefix string, n int) string {
	var ws []string
	for i := 0; i < n; i++ {
		ws = append(ws, fmt.Sprintf("%s%d", prefix, i))
		if i%3 == 2 {
			ws = append(ws, "and")
		}
	}
	return strings.Join(ws, " ")
}
