// Package golden compares outputs with committed golden outputs, readably.
//
// It takes the bytes itudoc just made and the path of a golden file, and
// gives a line-based diff a person can review, empty when they agree:
//
//   - DOCX: compared part by part, each XML part canonicalised (one element
//     per line, insignificant white space dropped). A golden DOCX may be a
//     .docx file or a folder of its parts, unzipped and canonicalised, which
//     is what Write produces so that golden diffs read well in review.
//     word/document.xml is compared paragraph by paragraph ("¶ 123
//     enumlev1: a)→text"), so the diff names the paragraph that changed.
//   - PDF: compared by bytes and, when poppler's pdftotext is installed, by
//     the text of each page.
package golden

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"
)

// Part is one part of a DOCX package, canonicalised when it is XML.
type Part struct {
	Name string
	Data []byte
}

// textElements hold text whose white space matters.
var textElements = map[string]bool{"t": true, "delText": true, "instrText": true, "delInstrText": true}

// CanonicalXML re-indents an XML document one element per line, two spaces
// a level, attributes as written; white space between elements is dropped,
// text inside w:t and its kin is kept exactly.
func CanonicalXML(data []byte) ([]byte, error) {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var out bytes.Buffer
	type open struct {
		name     string
		children bool
	}
	var stack []open
	prefixes := map[string]string{} // namespace URL → prefix as written
	name := func(n xml.Name) string {
		if n.Space == "" {
			return n.Local
		}
		if p, ok := prefixes[n.Space]; ok {
			return p + ":" + n.Local
		}
		return n.Space + ":" + n.Local
	}
	indent := func() { out.WriteString(strings.Repeat("  ", len(stack))) }
	pendingText := ""
	for {
		tok, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.ProcInst:
			fmt.Fprintf(&out, "<?%s %s?>\n", t.Target, t.Inst)
		case xml.StartElement:
			for _, a := range t.Attr {
				if a.Name.Space == "xmlns" {
					prefixes[a.Value] = a.Name.Local
				}
			}
			if len(stack) > 0 {
				if !stack[len(stack)-1].children {
					out.WriteString("\n")
				}
				stack[len(stack)-1].children = true
			}
			indent()
			out.WriteString("<" + name(t.Name))
			for _, a := range t.Attr {
				out.WriteString(" " + name(a.Name) + `="`)
				xml.EscapeText(&out, []byte(a.Value))
				out.WriteString(`"`)
			}
			out.WriteString(">")
			stack = append(stack, open{name: name(t.Name)})
			pendingText = ""
		case xml.CharData:
			if len(stack) > 0 && textElements[localName(stack[len(stack)-1].name)] {
				pendingText += string(t)
			}
		case xml.EndElement:
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !top.children && pendingText == "" {
				out.Truncate(out.Len() - 1) // an empty element: <w:b/>
				out.WriteString("/>\n")
				continue
			}
			if top.children {
				indent()
			}
			xml.EscapeText(&out, []byte(pendingText))
			pendingText = ""
			out.WriteString("</" + top.name + ">\n")
		}
	}
	return out.Bytes(), nil
}

func localName(n string) string {
	if i := strings.LastIndexByte(n, ':'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// DocxParts unzips a DOCX, canonicalising its XML parts, in name order.
func DocxParts(data []byte) ([]Part, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a DOCX (zip) file: %v", err)
	}
	var parts []Part
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			return nil, err
		}
		if b, err = canonicalPart(f.Name, b); err != nil {
			return nil, err
		}
		parts = append(parts, Part{Name: f.Name, Data: b})
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].Name < parts[j].Name })
	return parts, nil
}

func canonicalPart(name string, b []byte) ([]byte, error) {
	if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
		return b, nil
	}
	c, err := CanonicalXML(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	return c, nil
}

// ReadDocx reads a golden DOCX: a .docx file, or a folder of its parts.
func ReadDocx(path string) ([]Part, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		return DocxParts(b)
	}
	var parts []Part
	err = filepath.WalkDir(path, func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(path, p)
		rel = filepath.ToSlash(rel)
		if b, err = canonicalPart(rel, b); err != nil {
			return err
		}
		parts = append(parts, Part{Name: rel, Data: b})
		return nil
	})
	sort.Slice(parts, func(i, j int) bool { return parts[i].Name < parts[j].Name })
	return parts, err
}

// WriteDocx writes a DOCX as a golden folder of canonicalised parts,
// replacing what was there.
func WriteDocx(dir string, data []byte) error {
	parts, err := DocxParts(data)
	if err != nil {
		return err
	}
	if err := os.RemoveAll(dir); err != nil {
		return err
	}
	for _, p := range parts {
		path := filepath.Join(dir, filepath.FromSlash(p.Name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, p.Data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// DiffDocx compares a new DOCX with a golden one and gives a readable diff,
// empty when they agree.
func DiffDocx(got []byte, goldenPath string) (string, error) {
	want, err := ReadDocx(goldenPath)
	if err != nil {
		return "", err
	}
	have, err := DocxParts(got)
	if err != nil {
		return "", err
	}
	index := func(ps []Part) map[string][]byte {
		m := map[string][]byte{}
		for _, p := range ps {
			m[p.Name] = p.Data
		}
		return m
	}
	wm, hm := index(want), index(have)
	var names []string
	for n := range wm {
		names = append(names, n)
	}
	for n := range hm {
		if _, ok := wm[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	var out strings.Builder
	for _, n := range names {
		w, inW := wm[n]
		h, inH := hm[n]
		switch {
		case !inH:
			fmt.Fprintf(&out, "part %s: missing from the new output\n", n)
		case !inW:
			fmt.Fprintf(&out, "part %s: new, not in the golden output\n", n)
		case !bytes.Equal(w, h):
			old, new := string(w), string(h)
			if n == "word/document.xml" {
				if po, pn := Paragraphs(w), Paragraphs(h); po != pn {
					old, new = po, pn
				}
			}
			fmt.Fprintf(&out, "part %s differs:\n%s", n, udiff.Unified("golden/"+n, "new/"+n, old, new))
		}
	}
	return out.String(), nil
}

// Paragraphs renders the body of a canonical document.xml one paragraph a
// line: "¶ N STYLE: text", inserted text as {+…+}, deleted as {-…-}, tabs
// as →.
func Paragraphs(documentXML []byte) string {
	dec := xml.NewDecoder(bytes.NewReader(documentXML))
	var out strings.Builder
	var cur strings.Builder
	style, n, depth := "", 0, 0
	rev := ""
	inText := false
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "p":
				depth++
				if depth == 1 {
					n++
					style = ""
					cur.Reset()
				}
			case "pStyle":
				style = attr(t, "val")
			case "ins", "del":
				if attr(t, "id") != "" && depth > 0 {
					if rev = "+"; t.Name.Local == "del" {
						rev = "-"
					}
					cur.WriteString("{" + rev)
				}
			case "t", "delText":
				inText = true
			case "tab":
				cur.WriteString("→")
			case "br":
				cur.WriteString("↵")
			case "footnoteReference":
				cur.WriteString("[^" + attr(t, "id") + "]")
			}
		case xml.CharData:
			if inText {
				cur.Write(t)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "t", "delText":
				inText = false
			case "ins", "del":
				if rev != "" {
					cur.WriteString(rev + "}")
					rev = ""
				}
			case "p":
				depth--
				if depth == 0 {
					fmt.Fprintf(&out, "¶ %d %s: %s\n", n, style, cur.String())
				}
			}
		}
	}
	return out.String()
}

func attr(t xml.StartElement, local string) string {
	for _, a := range t.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// DiffPDF compares a new PDF with a golden one: by page text when pdftotext
// is installed (the diff names the page), and by bytes.
func DiffPDF(got []byte, goldenPath string) (string, error) {
	want, err := os.ReadFile(goldenPath)
	if err != nil {
		return "", err
	}
	if bytes.Equal(got, want) {
		return "", nil
	}
	wt, err1 := pageText(want)
	gt, err2 := pageText(got)
	if err1 != nil || err2 != nil {
		return fmt.Sprintf("PDF bytes differ (%d bytes golden, %d new); install poppler-utils for a diff of the page text\n", len(want), len(got)), nil
	}
	if wt == gt {
		return fmt.Sprintf("PDF bytes differ (%d bytes golden, %d new), page text is the same: a change of layout or drawing\n", len(want), len(got)), nil
	}
	return "PDF page text differs:\n" + udiff.Unified("golden", "new", wt, gt), nil
}

// pageText extracts the text of a PDF with pdftotext, each line prefixed by
// its page number.
func pageText(pdf []byte) (string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return "", err
	}
	cmd := exec.Command(bin, "-q", "-", "-")
	cmd.Stdin = bytes.NewReader(pdf)
	text, err := cmd.Output()
	if err != nil {
		return "", errors.New("pdftotext failed")
	}
	var out strings.Builder
	for i, page := range strings.Split(string(text), "\f") {
		for _, l := range strings.Split(page, "\n") {
			if strings.TrimSpace(l) != "" {
				fmt.Fprintf(&out, "p%d: %s\n", i+1, l)
			}
		}
	}
	return out.String(), nil
}
