package testtool

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// SchemaDir is the folder of the bundled OOXML, OPC and Dublin Core schemas
// (testdata/ooxml-schemas; its README says where each file comes from).
func SchemaDir() string {
	return filepath.Join(RepoRoot(), "internal", "testtool", "testdata", "ooxml-schemas")
}

// Schemas of the parts of a WordprocessingML package, relative to
// SchemaDir.
const (
	schemaContentTypes  = "ecma/fouth-edition/opc-contentTypes.xsd"
	schemaRelationships = "ecma/fouth-edition/opc-relationships.xsd"
	schemaCore          = "ecma/fouth-edition/opc-coreProperties.xsd"
	schemaApp           = "ISO-IEC29500-4_2016/shared-documentPropertiesExtended.xsd"
	schemaWML           = "ISO-IEC29500-4_2016/wml.xsd"
)

// SchemaFor gives the schema (relative to SchemaDir) a package part must
// validate against, or "" when no bundled schema covers it.
func SchemaFor(part string) string {
	switch {
	case part == "[Content_Types].xml":
		return schemaContentTypes
	case strings.HasSuffix(part, ".rels"):
		return schemaRelationships
	case part == "docProps/core.xml":
		return schemaCore
	case part == "docProps/app.xml":
		return schemaApp
	case path.Dir(part) == "word" && strings.HasSuffix(part, ".xml"):
		return schemaWML
	}
	return ""
}

// PartResult is the schema check of one part: Errors is empty when it is
// valid.
type PartResult struct {
	Part, Schema string
	Errors       []string
}

func (r PartResult) String() string {
	if len(r.Errors) == 0 {
		return r.Part + " OK"
	}
	return fmt.Sprintf("%s: %d errors against %s:\n    %s", r.Part, len(r.Errors), r.Schema, strings.Join(r.Errors, "\n    "))
}

// ValidateDocx checks every part of the DOCX package data against the
// bundled schemas with xmllint (--nonet: the schemas' imports resolve to the
// bundled files through testdata/ooxml-schemas/catalog.xml), and gives one
// result per part, in part name order. A part no bundled schema covers is
// an error, so that a new kind of part cannot go unchecked; so is a package
// that is not a zip. xmllint missing skips the test (fails it under CI).
func ValidateDocx(tb testing.TB, data []byte) []PartResult {
	tb.Helper()
	xmllint := Need(tb, "xmllint")
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		tb.Fatalf("not a DOCX (zip) package: %v", err)
	}
	dir := tb.TempDir()
	var results []PartResult
	bySchema := map[string][]int{} // schema → indexes into results
	for _, f := range zr.File {
		if strings.HasSuffix(f.Name, "/") {
			continue
		}
		r := PartResult{Part: f.Name, Schema: SchemaFor(f.Name)}
		if r.Schema == "" {
			r.Errors = []string{"no bundled schema covers this part (add one to testtool.SchemaFor)"}
			results = append(results, r)
			continue
		}
		b, err := readZipFile(f)
		if err != nil {
			tb.Fatalf("%s: %v", f.Name, err)
		}
		// Each part is checked under a plain file name (xmllint escapes
		// "[Content_Types]" in its messages), mapped back in the results.
		if err := os.WriteFile(filepath.Join(dir, fileOf(len(results))), b, 0o644); err != nil {
			tb.Fatal(err)
		}
		bySchema[r.Schema] = append(bySchema[r.Schema], len(results))
		results = append(results, r)
	}
	schemas := make([]string, 0, len(bySchema))
	for s := range bySchema {
		schemas = append(schemas, s)
	}
	sort.Strings(schemas)
	for _, s := range schemas {
		idx := bySchema[s]
		args := []string{"--noout", "--nonet", "--schema", filepath.Join(SchemaDir(), filepath.FromSlash(s))}
		for _, i := range idx {
			args = append(args, fileOf(i))
		}
		cmd := exec.Command(xmllint, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "XML_CATALOG_FILES="+filepath.Join(SchemaDir(), "catalog.xml"))
		out, _ := cmd.CombinedOutput() // the exit status is read from the lines
		parseXmllint(string(out), results, idx)
	}
	sort.Slice(results, func(i, j int) bool { return results[i].Part < results[j].Part })
	return results
}

// parseXmllint reads xmllint's report on the parts results[idx]: "PART
// validates", "PART fails to validate", and "PART:LINE: ... error : ..."
// lines. A part xmllint says nothing of (the schema did not compile) gets
// the whole output as its error.
func parseXmllint(out string, results []PartResult, idx []int) {
	lines := strings.Split(strings.TrimSpace(out), "\n")
	for _, i := range idx {
		r := &results[i]
		name := fileOf(i)
		verdict := false
		for _, l := range lines {
			switch {
			case l == name+" validates":
				verdict = true
			case l == name+" fails to validate":
				verdict = true
				if len(r.Errors) == 0 {
					r.Errors = append(r.Errors, "fails to validate")
				}
			case strings.HasPrefix(l, name+":") && strings.Contains(l, "error"):
				r.Errors = append(r.Errors, "line "+strings.TrimPrefix(l, name+":"))
			}
		}
		if !verdict {
			r.Errors = append(r.Errors, "xmllint gave no verdict:\n"+out)
		}
	}
}

// fileOf is the file a part is checked under.
func fileOf(i int) string { return fmt.Sprintf("part%03d.xml", i) }

func readZipFile(f *zip.File) ([]byte, error) {
	const maxPart = 64 << 20 // far above any part itudoc writes
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	b, err := io.ReadAll(io.LimitReader(rc, maxPart+1))
	if err == nil && len(b) > maxPart {
		err = fmt.Errorf("more than %d bytes uncompressed", maxPart)
	}
	return b, err
}

// RequireValidDocx fails tb for every part of the DOCX data that is not
// valid against its schema, and gives the results.
func RequireValidDocx(tb testing.TB, data []byte) []PartResult {
	tb.Helper()
	results := ValidateDocx(tb, data)
	for _, r := range results {
		if len(r.Errors) > 0 {
			tb.Errorf("the DOCX fails its schema: %s", r)
		}
	}
	return results
}
