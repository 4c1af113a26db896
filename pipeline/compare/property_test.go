package compare_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/canon"
	"github.com/itudoc/itudoc/pipeline/compare"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// base is the seed's clean text as the dialect writes it, cut into its
// cover and its proposals (each a source of its own with the cover).
func base(t testing.TB) (cover string, proposals []string) {
	t.Helper()
	src, warns := markdown.Write(revise.Apply(testtool.LoadSeed(t), revise.Clean))
	_ = warns // the seed's clean view has label-less items, which the dialect cannot say
	parts := regexp.MustCompile(`(?m)^(?:SUP|MOD|ADD|NOC)\t[A-Z]+/`).FindAllStringIndex(string(src), -1)
	cover = string(src[:parts[0][0]])
	for i, p := range parts {
		end := len(src)
		if i+1 < len(parts) {
			end = parts[i+1][0]
		}
		proposals = append(proposals, string(src[p[0]:end]))
	}
	return cover, proposals
}

var labelAtStart = regexp.MustCompile(`^(?:- )?([a-z]|\d{1,2})(\)|\\?\.)? `)

// mutate makes n random edits of a source: words deleted, inserted,
// replaced or bolded; paragraphs deleted, moved, split or merged; labels
// and final punctuation changed.
func mutate(r *rand.Rand, src string, n int) string {
	paras := strings.Split(strings.TrimSpace(src), "\n\n")
	vocab := strings.Fields("the of Union Member States telecommunications ITU development, resolves Council; (Rev. 2014) and a) new")
	word := func() string { return vocab[r.IntN(len(vocab))] }
	for k := 0; k < n; k++ {
		i := r.IntN(len(paras))
		ws := strings.Split(paras[i], " ")
		w := r.IntN(len(ws))
		switch r.IntN(11) {
		case 0: // delete a word
			if len(ws) > 1 {
				ws = append(ws[:w], ws[w+1:]...)
			}
		case 1: // insert a word
			ws = append(ws[:w+1], append([]string{word()}, ws[w+1:]...)...)
		case 2: // replace a word
			ws[w] = word()
		case 3: // bold a word
			if strings.Trim(ws[w], "*\\[]~") == ws[w] && ws[w] != "" {
				ws[w] = "**" + ws[w] + "**"
			}
		case 4: // delete a paragraph
			if len(paras) > 2 {
				paras = append(paras[:i], paras[i+1:]...)
				continue
			}
		case 5: // move a paragraph
			p := paras[i]
			paras = append(paras[:i], paras[i+1:]...)
			j := r.IntN(len(paras) + 1)
			paras = append(paras[:j], append([]string{p}, paras[j:]...)...)
			continue
		case 6: // split a paragraph
			if len(ws) > 3 {
				c := 1 + r.IntN(len(ws)-2)
				paras[i] = strings.Join(ws[:c], " ") + "\n\n" + strings.Join(ws[c:], " ")
				continue
			}
		case 7: // merge with the next
			if i+1 < len(paras) {
				paras[i] += " " + paras[i+1]
				paras = append(paras[:i+1], paras[i+2:]...)
				continue
			}
		case 8: // change a label
			if m := labelAtStart.FindStringSubmatchIndex(paras[i]); m != nil {
				l := paras[i][m[2]:m[3]]
				nl := string(rune(l[len(l)-1] + 1))
				if l[0] >= '0' && l[0] <= '9' && r.IntN(2) == 0 {
					nl = fmt.Sprint(len(l) * 10)
				}
				paras[i] = paras[i][:m[2]] + nl + paras[i][m[3]:]
				continue
			}
		case 9: // change the final punctuation
			last := ws[len(ws)-1]
			if n := len(last); n > 0 && strings.ContainsRune(";,.", rune(last[n-1])) {
				ws[len(ws)-1] = last[:n-1] + string(";,."[r.IntN(3)])
			}
		case 10: // a word in italics
			if strings.Trim(ws[w], "*\\[]~") == ws[w] && ws[w] != "" {
				ws[w] = "*" + ws[w] + "*"
			}
		}
		paras[i] = strings.Join(ws, " ")
	}
	return strings.Join(paras, "\n\n") + "\n"
}

func load(t testing.TB, name, src string) *doc.Document {
	t.Helper()
	d, err := pipeline.Load(name, []byte(src))
	if err != nil {
		var se *doc.SourceError
		if errors.As(err, &se) {
			return nil
		}
		t.Fatal(err)
	}
	return d
}

// readsBack reports whether d, written in the dialect, reads back as d.
func readsBack(t testing.TB, s *markdown.Session, d *doc.Document) bool {
	back, err := s.ReadBack(d)
	return err == nil && canon.Diff(d, back, canon.All) == ""
}

// check compares old and new and checks the contract: exact views, the
// same redline every time, and a redline that reads back as itself when
// the inputs do.
func check(t *testing.T, old, new *doc.Document, twice bool) (roundTrips bool) {
	t.Helper()
	s := markdown.NewSession()
	red := compare.Compare(old, new, compare.Options{ReadBack: s.ReadBack})
	exact(t, old, new, red)
	plain := compare.Compare(old, new, compare.Options{})
	exact(t, old, new, plain)
	if twice {
		again := compare.Compare(old, new, compare.Options{ReadBack: markdown.NewSession().ReadBack})
		if d := canon.Diff(red, again, canon.All); d != "" {
			t.Errorf("two comparisons differ:\n%s", d)
		}
	}
	if !readsBack(t, s, revise.Apply(old, revise.Clean)) || !readsBack(t, s, revise.Apply(new, revise.Clean)) {
		return false
	}
	back, err := s.ReadBack(red)
	if err != nil {
		t.Fatal(err)
	}
	if d := canon.Diff(red, back, canon.All); d != "" {
		if why := knownLimit(red); why != "" {
			t.Logf("the redline does not read back, a known limit of today's reader (%s)", why)
			return false
		}
		t.Errorf("the redline does not read back as itself:\n%s", d)
	}
	return true
}

// knownLimit names what of the redline today's reader cannot read back
// whatever the writer does: it finds a resolution line (ResNo, and the
// title and preamble after it) and a cover table by their accepted text,
// which a deleted one does not have; and the dialect has no way to end a
// proposal but the next one's heading line, so a proposal with none (a
// resolution line opens it) right after another reads back as part of it.
func knownLimit(red *doc.Document) string {
	for i, b := range red.Blocks {
		switch b := b.(type) {
		case *doc.Proposal:
			if _, after := red.Blocks[max(i-1, 0)].(*doc.Proposal); i > 0 && after && !hasHeading(b) {
				return "a proposal with no heading line after proposal " + red.Blocks[i-1].(*doc.Proposal).ID
			}
			for _, pb := range b.Blocks {
				if p, ok := pb.(*doc.Paragraph); ok && p.Style == doc.StyleResNo && p.Mark.Shown() == doc.Deleted {
					return "a deleted resolution line in proposal " + b.ID
				}
			}
		case *doc.Table:
			if revise.Apply(&doc.Document{Blocks: []doc.Block{b}}, revise.Clean).Blocks == nil {
				return "a cover table deleted as a whole"
			}
		}
	}
	return ""
}

// hasHeading reports whether a proposal starts with its heading line
// ("MOD WGPL/1/2").
func hasHeading(p *doc.Proposal) bool {
	if len(p.Blocks) == 0 {
		return false
	}
	h, ok := p.Blocks[0].(*doc.Paragraph)
	return ok && h.Style == doc.StyleProposal
}

// Random edits of the seed, compared: accept all gives the new text,
// reject all the old one, exactly; and the redline reads back.
func TestRandomEditsOfTheSeed(t *testing.T) {
	cover, props := base(t)
	cases := 24
	if testing.Short() {
		cases = 6
	}
	r := rand.New(rand.NewPCG(13, 149))
	roundTrips := 0
	for n := 0; n < cases; n++ {
		// The cover and one to three proposals, each side edited.
		k := 1 + r.IntN(3)
		i := r.IntN(len(props) - k + 1)
		src := cover + strings.Join(props[i:i+k], "")
		oldSrc, newSrc := mutate(r, src, r.IntN(3)), mutate(r, src, 1+r.IntN(8))
		old, new := load(t, "old.md", oldSrc), load(t, "new.md", newSrc)
		if old == nil || new == nil {
			continue
		}
		if check(t, old, new, true) {
			roundTrips++
		}
		if t.Failed() {
			dir := os.TempDir()
			os.WriteFile(dir+"/itudoc-compare-old.md", []byte(oldSrc), 0o644)
			os.WriteFile(dir+"/itudoc-compare-new.md", []byte(newSrc), 0o644)
			t.Fatalf("case %d (inputs in %s/itudoc-compare-{old,new}.md)", n, dir)
		}
	}
	// The round trip must have been checked, not skipped every time.
	if roundTrips < cases/2 {
		t.Errorf("only %d of %d cases had inputs that read back", roundTrips, cases)
	}
}
