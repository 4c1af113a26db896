package wml_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/goldenflag"
	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

// roots are the root elements of the parts a case file may give, as the
// inner XML of their root.
var roots = map[string]string{
	"styles.xml": "w:styles", "numbering.xml": "w:numbering", "footnotes.xml": "w:footnotes",
	"endnotes.xml": "w:endnotes", "comments.xml": "w:comments", "settings.xml": "w:settings",
	"header1.xml": "w:hdr", "footer1.xml": "w:ftr",
}

// casePackage builds the DOCX of a case: its document.xml section is the
// inner XML of w:body (or a whole part when it starts with "<?xml"), the
// other part sections the inner XML of their roots, links one external
// hyperlink target a line (r:id rIdLink1, …).
func casePackage(c *docxtest.Case) []byte {
	parts := map[string]string{}
	for _, name := range c.Order {
		body := c.Sections[name]
		switch {
		case name == "document.xml":
			if strings.HasPrefix(body, "<?xml") {
				parts["word/"+name] = body
			} else {
				parts["word/"+name] = docxtest.Document(body)
			}
		case roots[name] != "":
			parts["word/"+name] = docxtest.Wrap(roots[name], body)
		}
	}
	var links docxtest.Links
	for _, l := range strings.Fields(c.Sections["links"]) {
		links = append(links, l)
	}
	return docxtest.Package(parts, links)
}

// readCase reads a case's package, giving the dump or the error as text.
func readCase(c *docxtest.Case) (string, *wml.Docx) {
	d, err := wml.Read(casePackage(c), ooxml.Limits{})
	if err != nil {
		return err.Error() + "\n", nil
	}
	return d.Dump(), d
}

// TestCases runs testdata/cases/*.txt: each builds a DOCX from its sections
// and compares the reader's dump (section want) or error (section error).
// With -update the sections are rewritten; review their diff.
func TestCases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no case files: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txt"), func(t *testing.T) {
			c, err := docxtest.ReadCase(file)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := readCase(c)
			key := "want"
			if _, ok := c.Sections["error"]; ok {
				key = "error"
			}
			if *goldenflag.Update {
				c.Sections[key] = got
				if err := os.WriteFile(file, []byte(c.Format()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, ok := c.Sections[key]
			if !ok {
				t.Fatalf("%s has no want or error section (run go test -update)", file)
			}
			if got != want {
				t.Errorf("%s:\n--- got\n%s--- want\n%s", file, got, want)
			}
		})
	}
}
