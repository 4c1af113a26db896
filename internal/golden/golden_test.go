package golden

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func TestCanonicalXML(t *testing.T) {
	in := `<?xml version="1.0"?>
<w:document xmlns:w="urn:w"><w:body>
   <w:p><w:r><w:t xml:space="preserve"> two  spaces &amp; </w:t></w:r></w:p></w:body></w:document>`
	want := `<?xml version="1.0"?>
<w:document xmlns:w="urn:w">
  <w:body>
    <w:p>
      <w:r>
        <w:t xml:space="preserve"> two  spaces &amp; </w:t>
      </w:r>
    </w:p>
  </w:body>
</w:document>
`
	got, err := CanonicalXML([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	// Canonical form is a fixed point.
	again, _ := CanonicalXML(got)
	if !bytes.Equal(again, got) {
		t.Error("canonicalising twice changes the text")
	}
}

func docx(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, _ := zw.Create("word/document.xml")
	w.Write([]byte(`<w:document xmlns:w="urn:w"><w:body>` + body + `</w:body></w:document>`))
	zw.Close()
	return buf.Bytes()
}

func para(style, text string) string {
	return `<w:p><w:pPr><w:pStyle w:val="` + style + `"/></w:pPr><w:r><w:t>` + text + `</w:t></w:r></w:p>`
}

func TestDiffDocxNamesParagraph(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "g.docx")
	old := docx(t, para("Call", "recalling")+para("enumlev1", "the old word"))
	if err := WriteDocx(dir, old); err != nil {
		t.Fatal(err)
	}
	if d, err := DiffDocx(old, dir); err != nil || d != "" {
		t.Fatalf("same document differs: %q %v", d, err)
	}
	d, err := DiffDocx(docx(t, para("Call", "recalling")+para("enumlev1", "the new word")), dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"part word/document.xml differs", "-¶ 2 enumlev1: the old word", "+¶ 2 enumlev1: the new word"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
}

func TestParagraphsShowsRevisions(t *testing.T) {
	x := `<w:document xmlns:w="urn:w"><w:body><w:p><w:r><w:t>a</w:t></w:r><w:ins w:id="1"><w:r><w:t>b</w:t></w:r></w:ins><w:del w:id="2"><w:r><w:tab/><w:delText>c</w:delText></w:r></w:del></w:p></w:body></w:document>`
	if got := Paragraphs([]byte(x)); got != "¶ 1 : a{+b+}{-→c-}\n" {
		t.Errorf("%q", got)
	}
}

// A golden with more parts than any DOCX has is refused, in a zip or a
// folder, and so is one reached through a link leading out of the golden
// folder.
func TestGoldenBounds(t *testing.T) {
	root := t.TempDir()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i <= maxParts; i++ {
		zw.Create(fmt.Sprintf("p%05d", i))
	}
	zw.Close()
	os.WriteFile(filepath.Join(root, "many.docx"), buf.Bytes(), 0o644)
	got := docx(t, para("Call", "recalling"))
	if _, err := DiffDocxIn(got, root, "many.docx"); err == nil || err.Error() != "10001 parts, more than 10000: not a golden output of this document" {
		t.Errorf("many parts: %v", err)
	}
	outside := t.TempDir()
	if err := WriteDocx(filepath.Join(outside, "g.docx"), got); err != nil {
		t.Fatal(err)
	}
	os.Symlink(outside, filepath.Join(root, "link"))
	if _, err := DiffDocxIn(got, root, "link/g.docx"); err == nil || err.Error() != filepath.Join(root, "link")+" is a symbolic link that leads out of "+root+" (refused)" {
		t.Errorf("a golden through a link leading out: %v", err)
	}
}
