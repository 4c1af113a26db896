package render_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/itudoc/itudoc/internal/dialectoracle"
	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// The invariants of issue 10, on every document of the corpus and on the
// seed, checked against an oracle that does not go through the pipeline
// (internal/dialectoracle):
//
//   - the clean view holds exactly the words of the source with deletions
//     dropped and insertions unwrapped, the original view the reverse, and
//     the marked view every word of the source (nothing lost);
//   - no delimiter of a mark survives into the model's text;
//   - pandoc's Accept All and Reject All of the DOCX give the clean and
//     original words;
//   - pdftotext of the clean annex gives the clean annex's words.
//
// Words are compared as multisets: the cover's metadata lines and the
// footnotes stand elsewhere in the model than in the source.

// corpus lists the documents the invariants are checked on.
func corpus(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "*-?.md"))
	if err != nil || len(files) < 8 {
		t.Fatalf("corpus: %d documents (%v), want at least 8", len(files), err)
	}
	return append(files, testtool.Seed())
}

// noise are tokens that one side has as syntax and the other as layout:
// list markers "1." (an ordered list's, which the oracle drops and the
// model keeps as a label), the em dash the export writes for a tab after a
// deleted label, the en dash the model makes for a bullet.
var noise = regexp.MustCompile(`^(?:\d{1,3}\.|—|–)$`)

// superscripts are footnote marks and exponents: the model keeps marks as
// references, not text.
var superscripts = strings.NewReplacer("⁰", "", "¹", "", "²", "", "³", "", "⁴", "", "⁵", "", "⁶", "", "⁷", "", "⁸", "", "⁹", "")

// bag normalizes words for comparison and sorts them.
func bag(words []string) []string {
	var out []string
	for _, w := range words {
		w = superscripts.Replace(w)
		w = strings.Trim(w, "<>")
		if strings.HasSuffix(w, ")*") {
			w = strings.TrimSuffix(w, "*") // "ec)*": normalize drops the broken italic
		}
		if w == "" || noise.MatchString(w) {
			continue
		}
		out = append(out, w)
	}
	sort.Strings(out)
	return out
}

// modelWords gives the words of a view: the cover's metadata as the cover
// writes it (the conference only if src, when given, names it), every paragraph (labels the stage made, without a position,
// left out), footnotes.
func modelWords(d *doc.Document, src []byte, footnotes bool) []string {
	var words []string
	add := func(s string) { words = append(words, strings.Fields(s)...) }
	m := d.Meta
	if m.Conference != "" && (src == nil || strings.Contains(string(src), m.Conference)) {
		add(m.Conference) // from the source only: not when taken from the file name
	}
	for _, s := range []string{m.Place, m.Committee, m.RevisionLine(), m.Date, m.Source, m.Title, strings.Join(m.Signature, " ")} {
		add(s)
	}
	if m.Agenda != "" {
		add("Agenda item: " + m.Agenda)
	}
	if m.Number != "" {
		add("Document " + m.Number)
	}
	if m.Original != "" {
		add("Original: " + m.Original)
	}
	if m.AnnexPages == 1 {
		add("Annex: 1 page")
	} else if m.AnnexPages > 1 {
		add("Annex: " + strconv.Itoa(m.AnnexPages) + " pages")
	}
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		if len(p.Label) > 0 && p.Label[0].Position().IsValid() {
			add(doc.Text(p.Label) + " ")
		}
		add(doc.Text(p.Inlines))
	})
	if footnotes {
		for _, fn := range d.Footnotes {
			add(doc.Text(fn.Inlines))
		}
	}
	return words
}

// footnoteBody is a footnote body line of the source.
var footnoteBody = regexp.MustCompile(`(?m)^[⁰¹²³⁴⁵⁶⁷⁸⁹]+ .*$`)

// withoutFootnotes is the source without its footnote bodies: a footnote
// whose reference is inserted goes when the insertion is rejected, which no
// reading of the text alone can tell.
func withoutFootnotes(src []byte) []byte { return footnoteBody.ReplaceAll(src, nil) }

// footnoteWords is the words of the source's footnote bodies.
func footnoteWords(src []byte) []string {
	var out []string
	for _, m := range footnoteBody.FindAll(src, -1) {
		out = append(out, strings.Fields(string(m))...)
	}
	return out
}

// sameBag reports the first difference of two bags.
func sameBag(t *testing.T, what string, got, want []string) {
	t.Helper()
	g, w := bag(got), bag(want)
	missing, extra := diffBags(g, w)
	if len(missing) > 0 || len(extra) > 0 {
		t.Errorf("%s: %d words, want %d; missing %q, extra %q", what, len(g), len(w), first(missing, 12), first(extra, 12))
	}
}

// diffBags gives the words of want not in got and of got not in want.
func diffBags(got, want []string) (missing, extra []string) {
	i, j := 0, 0
	for i < len(got) || j < len(want) {
		switch {
		case j >= len(want) || i < len(got) && got[i] < want[j]:
			extra = append(extra, got[i])
			i++
		case i >= len(got) || got[i] > want[j]:
			missing = append(missing, want[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return missing, extra
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }

func load(t *testing.T, file string) (*render.Result, []byte) {
	t.Helper()
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := render.Settings{}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := render.Convert(filepath.Base(file), src, s)
	if err != nil {
		t.Fatal(err)
	}
	return res, src
}

func TestCorpusViewsMatchOracle(t *testing.T) {
	for _, file := range corpus(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			res, src := load(t, file)
			d := res.Doc
			body := withoutFootnotes(src)
			sameBag(t, "clean view", modelWords(revise.Apply(d, revise.Clean), src, false), dialectoracle.Clean(body))
			sameBag(t, "original view", modelWords(revise.Apply(d, revise.Original), src, false), dialectoracle.Original(body))
			sameBag(t, "marked view (nothing lost)", modelWords(d, src, false), dialectoracle.Marked(body))
			var notes []string
			for _, fn := range d.Footnotes {
				notes = append(notes, strings.Fields(doc.Text(fn.Inlines))...)
			}
			sameBag(t, "footnotes (nothing lost)", notes, dialectoracle.Marked([]byte(strings.Join(footnoteWords(src), " "))))
			doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
				for _, s := range []string{doc.Text(p.Label), doc.Text(p.Inlines)} {
					if strings.Contains(s, "](#") || strings.Contains(s, "~~") && !strings.Contains(s, "~~~") {
						t.Errorf("%s: a mark's delimiter survived into the text: %q", p.Pos, s)
					}
				}
			})
			ins, del := dialectoracle.Count(src)
			if st := d.Stats(); st.Insertions != ins || st.Deletions != del {
				t.Errorf("%d insertions and %d deletions, the source has %d and %d marks", st.Insertions, st.Deletions, ins, del)
			}
			// The corpus is clean: a warning on it is a recogniser's
			// failure. (The seed has one of its own: FIRST⁷ has no body.)
			for _, dg := range d.Diagnostics {
				if dg.Severity >= doc.Warning && file != testtool.Seed() {
					t.Errorf("%s", dg.Format(filepath.Base(file)))
				}
			}
		})
	}
}

func TestCorpusPandocAcceptReject(t *testing.T) {
	testtool.Need(t, "pandoc")
	for _, file := range corpus(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			res, _ := load(t, file)
			pandocMatchesViews(t, res)
		})
	}
}

// pandocMatchesViews checks pandoc's Accept All and Reject All of the
// result's DOCX against its clean and original views (which the oracle
// test checks against the source), footnotes included.
func pandocMatchesViews(t *testing.T, res *render.Result) {
	t.Helper()
	pandoc := testtool.Need(t, "pandoc")
	path := filepath.Join(t.TempDir(), "x.docx")
	if err := os.WriteFile(path, res.Outputs[0].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		mode string
		want []string
	}{{"accept", modelWords(revise.Apply(res.Doc, revise.Clean), nil, true)}, {"reject", modelWords(revise.Apply(res.Doc, revise.Original), nil, true)}} {
		out, err := exec.Command(pandoc, "-f", "docx", "--track-changes="+c.mode, "-t", "plain", "--wrap=none", path).Output()
		if err != nil {
			t.Fatalf("pandoc: %v", err)
		}
		// pandoc's plain text draws tables with rules and dashes: those
		// are not words.
		var words []string
		for _, w := range strings.Fields(pandocNote.ReplaceAllString(string(out), "")) {
			if w != "|" && (len(w) < 2 || strings.Trim(w, "+-|=:") != "") {
				words = append(words, w)
			}
		}
		sameBag(t, "pandoc --track-changes="+c.mode, words, c.want)
	}
}

func TestCorpusPDFText(t *testing.T) {
	pdftotext := testtool.Need(t, "pdftotext")
	for _, file := range corpus(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			res, _ := load(t, file)
			path := filepath.Join(t.TempDir(), "x.pdf")
			if err := os.WriteFile(path, res.Outputs[1].Data, 0o644); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(pdftotext, "-raw", "-enc", "UTF-8", path, "-").Output()
			if err != nil {
				t.Fatalf("pdftotext: %v", err)
			}
			clean := revise.Apply(res.Doc, revise.Clean)
			var got []string
			for i, page := range strings.Split(string(out), "\f") {
				ws := strings.Fields(page)
				// The running header: "- N -" and the reference; the
				// annex starts on page 2, after the cover.
				head := []string{"-", strconv.Itoa(i + 2), "-", clean.Meta.Reference()}
				if len(ws) >= 4 && slices.Equal(ws[:4], head) {
					ws = ws[4:]
				}
				got = append(got, ws...)
			}
			// The annex: every paragraph after the cover, in capitals
			// where its style shows them, footnote marks with their
			// words; footnote bodies with their marks; page numbers.
			var want []string
			add := func(s string) { want = append(want, strings.Fields(s)...) }
			for _, b := range clean.Blocks[len(clean.Cover()):] {
				doc.Paragraphs([]doc.Block{b}, func(p *doc.Paragraph) {
					s := text(p.Label) + " " + text(p.Inlines)
					if itu.Lookup(p.Style).Caps {
						s = strings.ToUpper(s)
					}
					add(s)
				})
			}
			for _, fn := range clean.Footnotes {
				add(strconv.Itoa(fn.ID) + " " + text(fn.Inlines))
			}
			sameBag(t, "pdftotext of the clean annex", testtool.JoinSlashBreaks(got), testtool.JoinSlashBreaks(want))
		})
	}
}

// pandocNote is how pandoc's plain text shows a footnote reference.
var pandocNote = regexp.MustCompile(`\[\d+\]`)

func text(in []doc.Inline) string {
	var sb strings.Builder
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			sb.WriteString(il.Text)
		case *doc.FootnoteRef:
			sb.WriteString(strconv.Itoa(il.ID)) // numbered as Word numbers them
		}
	}
	return sb.String()
}

// expected is fixtures/corpus/expected.yaml: the facts counted by hand and
// by a script in each corpus document.
type expected struct {
	Documents []struct {
		File  string `yaml:"file"`
		Cover struct {
			Committee  string `yaml:"committee"`
			Kind       string `yaml:"kind"`
			KindNumber int    `yaml:"kind_number"`
			Number     string `yaml:"number"`
			Original   string `yaml:"original"`
			Source     string `yaml:"source"`
		} `yaml:"cover"`
		Proposals []struct {
			Action string `yaml:"action"`
			ID     string `yaml:"id"`
		} `yaml:"proposals"`
		Resolutions []struct {
			Number string `yaml:"number"`
		} `yaml:"resolutions"`
		Footnotes int      `yaml:"footnotes"`
		Tables    int      `yaml:"tables"`
		Annexes   []string `yaml:"annexes"`
	} `yaml:"documents"`
}

// The structure itudoc reads from each corpus document is what its
// expected.yaml says: cover, proposals, resolution lines, footnotes,
// tables, annex and appendix headings.
func TestCorpusStructureAsExpected(t *testing.T) {
	data, err := os.ReadFile(filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", "expected.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	var exp expected
	if err := yaml.Unmarshal(data, &exp); err != nil {
		t.Fatal(err)
	}
	if len(exp.Documents) < 8 {
		t.Fatalf("expected.yaml describes %d documents", len(exp.Documents))
	}
	kinds := map[string]string{"revision": "Rev", "addendum": "Add", "corrigendum": "Cor"}
	for _, e := range exp.Documents {
		t.Run(e.File, func(t *testing.T) {
			res, _ := load(t, filepath.Join(testtool.RepoRoot(), "fixtures", "corpus", e.File))
			d := res.Doc
			m := d.Meta
			if want := kinds[e.Cover.Kind]; want != "" && m.Revision != want+"."+strconv.Itoa(e.Cover.KindNumber) {
				t.Errorf("revision %q, want %s %d", m.Revision, e.Cover.Kind, e.Cover.KindNumber)
			}
			if e.Cover.Number != "" && !strings.HasPrefix(m.Number, e.Cover.Number) && !strings.Contains(m.Number, "/"+e.Cover.Number) {
				t.Errorf("number %q, want %s", m.Number, e.Cover.Number)
			}
			if e.Cover.Original != "" && m.Original != e.Cover.Original {
				t.Errorf("original %q, want %q", m.Original, e.Cover.Original)
			}
			if e.Cover.Source != "" && m.Source != e.Cover.Source {
				t.Errorf("source %q, want %q", m.Source, e.Cover.Source)
			}
			var got []string
			for _, p := range d.Proposals() {
				if p.ID != "" {
					got = append(got, string(p.Action)+" "+p.ID)
				}
			}
			var want []string
			for _, p := range e.Proposals {
				want = append(want, p.Action+" "+p.ID)
			}
			if strings.Join(got, ", ") != strings.Join(want, ", ") {
				t.Errorf("proposals\n got  %v\n want %v", got, want)
			}
			var resNo, annexes, tables int
			doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
				switch p.Style {
				case doc.StyleResNo:
					// expected.yaml counts resolutions and decisions;
					// an ARTICLE of the Radio Regulations is a number line too.
					if !strings.HasPrefix(doc.CleanText(p.Inlines), "ARTICLE") {
						resNo++
					}
				case doc.StyleAnnexNo, doc.StyleAppendixNo:
					annexes++
				}
			})
			var count func([]doc.Block)
			count = func(bs []doc.Block) {
				for _, b := range bs {
					switch b := b.(type) {
					case *doc.Table:
						tables++
					case *doc.Proposal:
						count(b.Blocks)
					}
				}
			}
			count(d.Blocks)
			if resNo != len(e.Resolutions) {
				t.Errorf("%d resolution lines, want %d", resNo, len(e.Resolutions))
			}
			if annexes != len(e.Annexes) {
				t.Errorf("%d annex and appendix headings, want %d (%q)", annexes, len(e.Annexes), e.Annexes)
			}
			if tables != e.Tables {
				t.Errorf("%d tables, want %d", tables, e.Tables)
			}
			if len(d.Footnotes) != e.Footnotes {
				t.Errorf("%d footnotes, want %d", len(d.Footnotes), e.Footnotes)
			}
		})
	}
}

// Same input, same bytes, whatever the number of cores: the typesetter
// sets paragraphs in parallel and the PDF writer compresses pages in
// parallel, and neither may let timing into the output.
func TestCorpusSameBytesOnAnyCores(t *testing.T) {
	for _, file := range corpus(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			var outs [][]render.Output
			for _, procs := range []int{1, 4} {
				old := runtime.GOMAXPROCS(procs)
				res, _ := load(t, file)
				runtime.GOMAXPROCS(old)
				outs = append(outs, res.Outputs)
			}
			for i := range outs[0] {
				if !bytes.Equal(outs[0][i].Data, outs[1][i].Data) {
					t.Errorf("%s differs between 1 and 4 cores", outs[0][i].Suffix)
				}
			}
		})
	}
}

// Every DOCX of the corpus, and the seed with the committee's edits (two
// authors, nested revisions), validates against the ISO/IEC 29500
// transitional schemas.
func TestCorpusDocxValid(t *testing.T) {
	for _, file := range corpus(t) {
		t.Run(filepath.Base(file), func(t *testing.T) {
			res, _ := load(t, file)
			testtool.RequireValidDocx(t, res.Outputs[0].Data)
		})
	}
	t.Run("edited seed", func(t *testing.T) {
		testtool.RequireValidDocx(t, editedSeed(t).Outputs[0].Data)
	})
}
