package render_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/render"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/pdf"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/edit"
	"github.com/itudoc/itudoc/pipeline/revise"
)

const seedAuthor = "WORKING GROUP OF THE PLENARY"

// editedSeed converts the seed with the committee's script.
func editedSeed(t *testing.T) *render.Result {
	t.Helper()
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		t.Fatal(err)
	}
	s := render.Settings{Edits: []string{filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml")}}
	if err := s.Validate(); err != nil {
		t.Fatal(err)
	}
	res, err := render.Convert("pp14-149-e.md", src, s)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// The script has at least 15 edits of every kind, and every one applies.
func TestSeedScriptApplies(t *testing.T) {
	res := editedSeed(t)
	script, err := render.ReadScript(filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(script.Edits) < 15 {
		t.Errorf("%d edits, want at least 15", len(script.Edits))
	}
	applied := map[*edit.Edit]bool{}
	for _, a := range res.Edits {
		applied[a.Edit] = true
		if strings.HasPrefix(a.Note, "already") {
			t.Errorf("%s: %s on the seed itself", a.Edit.Pos, a.Note)
		}
	}
	if len(applied) != len(script.Edits) {
		t.Errorf("%d of %d edits did something", len(applied), len(script.Edits))
	}
	authors := map[string]doc.AuthorCount{}
	for _, a := range res.Doc.Authors() {
		authors[a.Author] = a
	}
	if a := authors[seedAuthor]; a.Insertions != 26 || a.Deletions != 188 {
		t.Errorf("the working group's changes: %+v, want the seed's 26 and 188", a)
	}
	if a := authors[edit.DefaultAuthor]; a.Insertions == 0 || a.Deletions == 0 {
		t.Errorf("the committee's changes: %+v", a)
	}
}

// Rejecting the committee's changes gives the seed back exactly;
// accepting the working group's and rejecting the committee's gives the
// seed's clean view.
func TestRejectCommitteeGivesSeed(t *testing.T) {
	res := editedSeed(t)
	src, _ := os.ReadFile(testtool.Seed())
	plain, err := render.Prepare("pp14-149-e.md", src, render.Settings{})
	if err != nil {
		t.Fatal(err)
	}
	// ADD proposals are new text: the committee's edits there carry no
	// marks (the script says so, and the report notes it), so they are left
	// out of the comparison.
	back := withoutNew(revise.Decided(res.Doc, revise.ByAuthor(edit.DefaultAuthor, revise.Reject)))
	if got, want := back.Outline(), withoutNew(revise.Apply(plain.Doc, revise.Marked)).Outline(); got != want {
		t.Errorf("rejecting the committee's changes does not give the seed back:\n%s", firstLineDiff(got, want))
	}
	wgOnly := revise.Decided(back, revise.ByAuthor(seedAuthor, revise.Accept))
	if got, want := wgOnly.Outline(), withoutNew(revise.Apply(plain.Doc, revise.Clean)).Outline(); got != want {
		t.Errorf("accepting the working group's changes alone is not the seed's clean view:\n%s", firstLineDiff(got, want))
	}
}

// withoutNew is d without its ADD proposals.
func withoutNew(d *doc.Document) *doc.Document {
	c := *d
	c.Blocks = nil
	for _, b := range d.Blocks {
		if p, ok := b.(*doc.Proposal); ok && p.Action.New() {
			continue
		}
		c.Blocks = append(c.Blocks, b)
	}
	return &c
}

func firstLineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) && i < len(w); i++ {
		if g[i] != w[i] {
			return "line " + itoa(i+1) + ":\n got  " + g[i] + "\n want " + w[i]
		}
	}
	return "lengths " + itoa(len(g)) + " and " + itoa(len(w))
}

func itoa(n int) string {
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa(n/10) + string(rune('0'+n%10))
}

func TestEditedSeedInPandoc(t *testing.T) {
	pandocMatchesViews(t, editedSeed(t))
}

// LibreOffice opens the edited seed, sees both reviewers, and its Accept
// All and Reject All give our clean and original views; pandoc reads it
// too.
func TestEditedSeedInClients(t *testing.T) {
	testtool.Need(t, "soffice")
	python := testtool.Need(t, "/usr/bin/python3")
	if err := exec.Command(python, "-c", "import uno").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("python3-uno is not installed, and CI is set")
		}
		t.Skip("python3-uno is not installed")
	}
	res := editedSeed(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "edited.docx")
	if err := os.WriteFile(path, res.Outputs[0].Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(python, filepath.Join(testtool.RepoRoot(), "scripts", "lo-redlines.py"), path, dir).Output()
	if err != nil {
		t.Fatalf("lo-redlines: %v", err)
	}
	var lo struct {
		Redlines []struct{ Author, Type string }
	}
	if err := json.Unmarshal(out, &lo); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	seen := map[string]map[string]int{}
	for _, r := range lo.Redlines {
		if seen[r.Author] == nil {
			seen[r.Author] = map[string]int{}
		}
		seen[r.Author][r.Type]++
	}
	t.Logf("LibreOffice's redlines: %v", seen)
	if len(seen) != 2 {
		t.Errorf("LibreOffice sees the authors %v, want the working group and the committee", seen)
	}
	// LibreOffice joins changes side by side (a paragraph's deletion with
	// its deleted paragraph mark): it sees at most as many as the package's
	// w:ins and w:del elements of each author, and at least one of each.
	written := revisionElements(t, res.Outputs[0].Data)
	for _, a := range res.Doc.Authors() {
		for _, kind := range []string{"Insert", "Delete"} {
			if got, max := seen[a.Author][kind], written[a.Author][kind]; got == 0 || got > max {
				t.Errorf("%s: LibreOffice sees %d of kind %s, the package has %d", a.Author, got, kind, max)
			}
		}
	}
	for _, c := range []struct {
		file string
		view revise.View
	}{{"accepted.txt", revise.Clean}, {"rejected.txt", revise.Original}} {
		text, err := os.ReadFile(filepath.Join(dir, c.file))
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(strings.TrimPrefix(string(text), "\ufeff"))
		// Its plain text leaves footnotes out and writes each reference's
		// number after its word.
		sameBag(t, "LibreOffice "+c.file, words, refWords(revise.Apply(res.Doc, c.view)))
	}
}

// refWords is modelWords without footnotes, each reference's number
// written after its text, as LibreOffice's plain text does.
func refWords(d *doc.Document) []string {
	c := *d
	c.Footnotes = nil
	words := modelWords(&c, nil, false)
	// modelWords drops references; put their numbers back on their words
	// (on one word of that spelling: the words are compared as a bag).
	var refs [][2]string // the word with and without its reference numbers
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		var sb strings.Builder
		for _, il := range p.Inlines {
			switch il := il.(type) {
			case *doc.Run:
				sb.WriteString(il.Text)
			case *doc.FootnoteRef:
				sb.WriteString("\x00" + itoa(il.ID) + "\x00")
			}
		}
		for _, w := range strings.Fields(sb.String()) {
			if strings.Contains(w, "\x00") {
				parts := strings.Split(w, "\x00") // text, number, text, …
				var plain strings.Builder
				for i, part := range parts {
					if i%2 == 0 {
						plain.WriteString(part)
					}
				}
				refs = append(refs, [2]string{strings.Join(parts, ""), plain.String()})
			}
		}
	})
	for _, r := range refs {
		for i, w := range words {
			if w == r[1] {
				words[i] = r[0]
				break
			}
		}
	}
	return words
}

// revisionElements counts the w:ins and w:del elements of each author in
// the package's document and footnotes.
func revisionElements(t *testing.T, docx []byte) map[string]map[string]int {
	t.Helper()
	out := map[string]map[string]int{}
	for _, part := range []string{"word/document.xml", "word/footnotes.xml"} {
		data := unzipPart(t, docx, part)
		for _, kind := range []struct{ tag, name string }{{"<w:ins ", "Insert"}, {"<w:del ", "Delete"}} {
			for _, chunk := range strings.Split(data, kind.tag)[1:] {
				_, rest, _ := strings.Cut(chunk, `w:author="`)
				author, _, _ := strings.Cut(rest, `"`)
				if out[author] == nil {
					out[author] = map[string]int{}
				}
				out[author][kind.name]++
			}
		}
	}
	return out
}

func unzipPart(t *testing.T, data []byte, name string) string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	f, err := zr.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(f)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The committee's script run again on its own output changes nothing, and
// says of every edit that it is applied already.
func TestSeedScriptTwice(t *testing.T) {
	res := editedSeed(t)
	script, err := render.ReadScript(filepath.Join(testtool.RepoRoot(), "fixtures", "edits", "pp14-149-e.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	again, rep, err := edit.Apply(res.Doc, script, edit.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := again.Outline(), res.Doc.Outline(); got != want {
		t.Errorf("a second run changed the document:\n%s", firstLineDiff(got, want))
	}
	for _, a := range rep.Applied {
		if !strings.HasPrefix(a.Note, "already applied") && !strings.HasPrefix(a.Note, "check:") {
			t.Errorf("%s: %s %q on the second run", a.Edit.Pos, a.What, a.Note)
		}
	}
}

// --pdf-marks shows each author's changes in the author's colour, with a
// legend that names them.
func TestMarkedPDFColoursAuthors(t *testing.T) {
	res := editedSeed(t)
	opt := pdf.Options{Marks: true}
	view := opt.View(res.Doc)
	legend := doc.Text(view.Proposals()[0].Blocks[0].(*doc.Paragraph).Inlines)
	for _, a := range []string{seedAuthor, edit.DefaultAuthor} {
		if !strings.Contains(legend, a) {
			t.Errorf("the legend %q does not name %s", legend, a)
		}
	}
	colours := map[typeset.RGB]int{}
	if _, _, err := typeset.Stream(view, opt.Params(), func(p *typeset.Page) error {
		for _, it := range p.Items {
			if r, ok := it.(*typeset.Rule); ok {
				colours[r.Color]++
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for rank, a := range []string{seedAuthor, edit.DefaultAuthor} {
		if colours[typeset.AuthorColor(rank+1)] == 0 {
			t.Errorf("no rule in the colour of %s: %v", a, colours)
		}
	}
	// The clean PDF has no legend and no coloured rule.
	if strings.HasPrefix(doc.Text(pdf.Options{}.View(res.Doc).Proposals()[0].Blocks[0].(*doc.Paragraph).Inlines), "Changes by") {
		t.Error("the clean view has the legend")
	}
}
