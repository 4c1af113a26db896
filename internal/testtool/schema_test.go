package testtool_test

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
	"github.com/itudoc/itudoc/layouts/docx"
)

func seedDocx(t *testing.T) []byte {
	t.Helper()
	b, _, err := docx.Bytes(testtool.LoadSeed(t), docx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// rezip gives data with the part name edited by edit (a new part when it
// is missing).
func rezip(t *testing.T, data []byte, name string, edit func(string) string) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == name {
			found = true
			if edited := edit(string(b)); edited == string(b) {
				t.Fatalf("the edit of %s changed nothing", name)
			} else {
				b = []byte(edited)
			}
		}
		w, _ := zw.Create(f.Name)
		w.Write(b)
	}
	if !found {
		w, _ := zw.Create(name)
		w.Write([]byte(edit("")))
	}
	zw.Close()
	return buf.Bytes()
}

// The seed's package: every part checked against its schema, the document
// properties too, and all valid.
func TestValidateDocxSeed(t *testing.T) {
	results := testtool.RequireValidDocx(t, seedDocx(t))
	var got []string
	for _, r := range results {
		got = append(got, r.Part+" "+r.Schema)
	}
	want := []string{
		"[Content_Types].xml ecma/fouth-edition/opc-contentTypes.xsd",
		"_rels/.rels ecma/fouth-edition/opc-relationships.xsd",
		"docProps/app.xml ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd",
		"docProps/core.xml ecma/fouth-edition/opc-coreProperties.xsd",
		"word/_rels/document.xml.rels ecma/fouth-edition/opc-relationships.xsd",
		"word/document.xml ISO-IEC29500-4_2016/wml.xsd",
		"word/footnotes.xml ISO-IEC29500-4_2016/wml.xsd",
		"word/header1.xml ISO-IEC29500-4_2016/wml.xsd",
		"word/header2.xml ISO-IEC29500-4_2016/wml.xsd",
		"word/settings.xml ISO-IEC29500-4_2016/wml.xsd",
		"word/styles.xml ISO-IEC29500-4_2016/wml.xsd",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("parts checked:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// Each broken part is caught, with xmllint's message, and only that part.
func TestValidateDocxCatches(t *testing.T) {
	seed := seedDocx(t)
	for _, tc := range []struct {
		part, old, new, msg string
	}{
		{"word/document.xml", "<w:body>", "<w:body><w:bogus/>", "bogus': This element is not expected"},
		{"word/styles.xml", `w:styleId="Normal"`, `w:styleId="Normal" w:nope="1"`, "main}nope' is not allowed"},
		{"docProps/core.xml", "2014-11-03T00:00:00Z</dcterms:created>", "3 November</dcterms:created>", "'3 November' is not a valid value"},
		{"docProps/core.xml", "<dc:title>", "<dc:title><b>x</b>", "Element 'b': This element is not expected"},
		{"docProps/app.xml", "<Application>itudoc</Application>", "<Applicaton>itudoc</Applicaton>", "Applicaton': This element is not expected"},
		{"[Content_Types].xml", `<Default Extension="xml" ContentType="application/xml"/>`, `<Default Extension="xml"/>`, "The attribute 'ContentType' is required"},
		{"_rels/.rels", `Id="rId1" `, "", "The attribute 'Id' is required"},
		{"customXml/item1.xml", "", "<x/>", "no bundled schema covers this part"},
	} {
		t.Run(tc.part+" "+tc.msg, func(t *testing.T) {
			bad := rezip(t, seed, tc.part, func(s string) string {
				if s == "" {
					return tc.new
				}
				return strings.Replace(s, tc.old, tc.new, 1)
			})
			var failed []string
			for _, r := range testtool.ValidateDocx(t, bad) {
				if len(r.Errors) > 0 {
					failed = append(failed, r.Part)
					if r.Part == tc.part && !strings.Contains(strings.Join(r.Errors, "\n"), tc.msg) {
						t.Errorf("errors of %s lack %q:\n%s", r.Part, tc.msg, r)
					}
				}
			}
			if strings.Join(failed, " ") != tc.part {
				t.Errorf("parts failing: %v, want only %s", failed, tc.part)
			}
		})
	}
}
