package docx

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/golden"
	"github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
	"github.com/itudoc/itudoc/pipeline/revise"
)

// loadSeed gives the normalized seed document.
func loadSeed(t testing.TB) *doc.Document { return testtool.LoadSeed(t) }

// cases are the documents the tool-based tests run on: the seed and the
// hand-built sample.
func cases(t testing.TB) map[string]*doc.Document {
	return map[string]*doc.Document{"seed": loadSeed(t), "sample": sampleDoc()}
}

var caseNames = []string{"seed", "sample"}

// writeFile writes d as a .docx in a temporary folder.
func writeFile(t *testing.T, d *doc.Document, name string) string {
	t.Helper()
	b, diags, err := Bytes(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, dg := range diags {
		t.Logf("%s", dg.Format(name))
	}
	path := filepath.Join(t.TempDir(), name+".docx")
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSeedWritesWithoutDiagnostics(t *testing.T) {
	d := loadSeed(t)
	_, diags, err := Bytes(d, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, dg := range diags {
		t.Errorf("%s", dg.Format("pp14-149-e.md"))
	}
	p, _, _ := write(t, d, Options{})
	// Every proposal is written, in order, under its heading; the first
	// starts the annex on a new page.
	var headings []*node
	for _, pn := range p.xml(t, "word/document.xml").all("p") {
		if pp := pn.child("pPr"); pp != nil && pp.child("pStyle").attrs["val"] == "Proposal" {
			headings = append(headings, pn)
		}
	}
	props := d.Proposals()
	if len(props) == 0 || len(headings) != len(props) {
		t.Fatalf("%d Proposal paragraphs for %d proposals", len(headings), len(props))
	}
	for i, h := range headings {
		if text := h.texts("t"); !strings.Contains(text, props[i].ID) {
			t.Errorf("proposal %d heading %q, want %s", i+1, text, props[i].ID)
		}
		if (h.child("pPr").child("pageBreakBefore") != nil) != (i == 0) {
			t.Errorf("proposal %d: page break %v", i+1, i == 0)
		}
	}
	if len(revisions(t, p)) == 0 || len(p.xml(t, "word/document.xml").all("footnoteReference")) != len(revise.Apply(d, revise.Marked).Footnotes) {
		t.Errorf("seed: no revisions, or footnote references do not match the footnotes")
	}
}

func TestValidateDocx(t *testing.T) {
	all := cases(t)
	for _, name := range caseNames {
		t.Run(name, func(t *testing.T) {
			b, _, err := Bytes(all[name], Options{})
			if err != nil {
				t.Fatal(err)
			}
			// Every WordprocessingML part, the content types, both
			// relationship parts and the two document properties.
			if results := testtool.RequireValidDocx(t, b); len(results) != 11 {
				t.Errorf("checked %d parts, want 11: %v", len(results), results)
			}
		})
	}
}

// flattenTables is a pandoc Lua filter that replaces each table by its
// cells' blocks, row by row, so that plain text keeps the cells' reading
// order instead of interleaving wrapped cell lines.
const flattenTables = `
local function rows(out, rs)
  for _, r in ipairs(rs) do
    for _, c in ipairs(r.cells) do
      for _, b in ipairs(c.contents) do out[#out + 1] = b end
    end
  end
end
function Table(t)
  local out = {}
  rows(out, t.head.rows)
  for _, body in ipairs(t.bodies) do
    rows(out, body.head)
    rows(out, body.body)
  end
  rows(out, t.foot.rows)
  return out
end
`

func pandoc(t *testing.T, args ...string) string {
	t.Helper()
	bin := testtool.Need(t, "pandoc")
	out, err := exec.Command(bin, args...).Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("pandoc %v: %v\n%s", args, err, msg)
	}
	return string(out)
}

// TestPandocSeesRevisions reads the package back with pandoc: with
// --track-changes=all it sees the insertions and deletions, and accepting or
// rejecting them gives, word for word, the clean and original views.
func TestPandocSeesRevisions(t *testing.T) {
	testtool.Need(t, "pandoc")
	all := cases(t)
	filter := filepath.Join(t.TempDir(), "flatten.lua")
	if err := os.WriteFile(filter, []byte(flattenTables), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, name := range caseNames {
		d := all[name]
		t.Run(name, func(t *testing.T) {
			path := writeFile(t, d, name)
			js := pandoc(t, "-f", "docx", "--track-changes=all", "-t", "json", path)
			p, _, _ := write(t, d, Options{})
			var nIns, nDel, pIns, pDel int
			marks := map[string]bool{} // ids of paragraph-mark revisions
			p.xml(t, "word/document.xml").walk(nil, func(n, parent *node) {
				if (n.name == "ins" || n.name == "del") && parent != nil && parent.name == "rPr" {
					marks[n.attrs["id"]] = true
				}
			})
			for _, r := range revisions(t, p) {
				isMark := marks[r.attrs["id"]]
				switch {
				case r.name == "ins" && isMark:
					pIns++
				case r.name == "del" && isMark:
					pDel++
				case r.name == "ins":
					nIns++
				default:
					nDel++
				}
			}
			if nIns == 0 || nDel == 0 {
				t.Fatalf("%s has %d insertions and %d deletions: nothing to check", name, nIns, nDel)
			}
			// pandoc merges adjacent revisions of one kind (two source
			// marks side by side) into one span.
			raw := string(p.files["word/document.xml"])
			nIns -= strings.Count(raw, "</w:ins><w:ins ")
			nDel -= strings.Count(raw, "</w:del><w:del ")
			for _, c := range []struct {
				kind string
				n    int
			}{{`"insertion"`, nIns}, {`"deletion"`, nDel}, {`"paragraph-insertion"`, pIns}, {`"paragraph-deletion"`, pDel}} {
				if got := strings.Count(js, c.kind); got != c.n {
					t.Errorf("pandoc sees %d %s spans, the package has %d", got, c.kind, c.n)
				}
			}
			for _, c := range []struct {
				mode string
				view revise.View
			}{{"accept", revise.Clean}, {"reject", revise.Original}} {
				plain := pandoc(t, "-f", "docx", "--track-changes="+c.mode, "-t", "plain", "--wrap=none", "--lua-filter", filter, path)
				got, want := normWords(plain), viewWords(d, c.view)
				if i := firstDiff(got, want); i >= 0 {
					t.Errorf("--track-changes=%s differs from the %s view at word %d of %d/%d:\n pandoc: %s\n   view: %s",
						c.mode, c.view, i, len(got), len(want), around(got, i), around(want, i))
				}
			}
		})
	}
}

// TestSofficeConverts checks that LibreOffice opens the seed's package and
// converts it to PDF.
func TestSofficeConverts(t *testing.T) {
	bin := testtool.Need(t, "soffice")
	path := writeFile(t, loadSeed(t), "seed")
	dir := t.TempDir()
	// A private profile, so that a concurrent soffice does not interfere.
	profile := "-env:UserInstallation=file://" + filepath.Join(dir, "profile")
	cmd := exec.Command(bin, profile, "--headless", "--convert-to", "pdf", "--outdir", dir, path)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "seed.pdf"))
	if err != nil {
		t.Fatalf("soffice made no PDF: %v", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) || len(pdf) < 10000 {
		t.Errorf("seed.pdf is not a PDF of a long document (%d bytes)", len(pdf))
	}
}

// TestGolden compares the seed's package, unzipped and canonicalised by
// internal/golden (as itudoc check reads it), with
// fixtures/golden/pp14-149-e.docx/; -update rewrites it.
func TestGolden(t *testing.T) {
	data, _, err := Bytes(loadSeed(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(testtool.RepoRoot(), "fixtures", "golden", "pp14-149-e.docx")
	if *goldenflag.Update {
		if err := golden.WriteDocx(dir, data); err != nil {
			t.Fatal(err)
		}
		return
	}
	diff, err := golden.DiffDocx(data, dir)
	if err != nil {
		t.Fatalf("%v (run go test ./layouts/docx -update)", err)
	}
	if diff != "" {
		t.Errorf("the DOCX differs from the golden parts (go test ./layouts/docx -update if intended):\n%s", diff)
	}
}

func BenchmarkWriteSeed(b *testing.B) {
	d := loadSeed(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Write(discard{}, d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLoadWriteSeed is the whole Markdown → DOCX conversion, to set
// beside pandoc -f markdown -t docx.
func BenchmarkLoadWriteSeed(b *testing.B) {
	src, err := os.ReadFile(testtool.Seed())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		d, err := pipeline.Load("pp14-149-e.md", src)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Write(discard{}, d, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
