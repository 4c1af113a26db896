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
//
// Goldens come from a repository anyone may send changes to: they are read
// inside the golden folder (no symbolic link out of it), within a limit of
// twice the new output and 16 MiB (a golden zip bomb is refused, not
// unpacked), and written by swapping a complete new golden in for the old
// one (atomicfile), so that a failure or a concurrent check never finds a
// truncated or missing golden.
package golden

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"

	udiff "github.com/aymanbagabas/go-udiff"

	"github.com/itudoc/itudoc/internal/atomicfile"
	"github.com/itudoc/itudoc/internal/readlimit"
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

// DocxParts unzips a DOCX, canonicalising its XML parts, in name order. It
// is for DOCX itudoc just made; a golden one is read within limits (see
// DiffDocx).
func DocxParts(data []byte) ([]Part, error) { return docxParts(data, math.MaxInt64) }

// docxParts is DocxParts, failing once the parts' uncompressed bytes pass
// limit (the sizes a zip declares are not trusted: the bytes are counted).
func docxParts(data []byte, limit int64) ([]Part, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("not a DOCX (zip) file: %v", err)
	}
	if len(zr.File) > maxParts {
		return nil, fmt.Errorf("%d parts, more than %d: not a golden output of this document", len(zr.File), maxParts)
	}
	var parts []Part
	total := int64(0)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			return nil, err
		}
		b, err := io.ReadAll(io.LimitReader(rc, min(limit-total, math.MaxInt64-1)+1))
		rc.Close()
		if err != nil {
			return nil, err
		}
		if total += int64(len(b)); total > limit {
			return nil, &tooLargeError{limit}
		}
		if b, err = canonicalPart(f.Name, b); err != nil {
			return nil, err
		}
		parts = append(parts, Part{Name: f.Name, Data: b})
	}
	sort.Slice(parts, func(i, j int) bool { return parts[i].Name < parts[j].Name })
	return parts, nil
}

// maxParts bounds the parts of a golden DOCX (itudoc writes eleven), so that
// a golden of a million empty files is refused too.
const maxParts = 10000

// tooLargeError is a golden output larger than a golden of the new output
// could be.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	return fmt.Sprintf("holds more than %d bytes (twice the new output, and 16 MiB): not a golden output of this document, not read further", e.limit)
}

// goldenLimit is how many bytes a golden of an output of n bytes may hold:
// twice as many and 16 MiB, so that a golden zip bomb or a huge file is
// refused before it takes the machine, and any honest golden is read.
func goldenLimit(n int64) int64 { return 2*n + 16<<20 }

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

// readDocx reads the golden DOCX name inside the folder root: a .docx file,
// or a folder of its parts, within limit bytes in all. Symbolic links that
// lead out of root are refused, and only regular files are read. A folder
// replaced while it is read (check --update swapping in a new one) is read
// again, so that the parts all come from one version.
func readDocx(root *os.Root, name string, limit int64) ([]Part, error) {
	const tries = 10 // swaps in a row while reading; then the error stands
	for try := 0; ; try++ {
		before, err := root.Stat(name)
		if err != nil {
			return nil, err
		}
		parts, err := readDocxOnce(root, name, limit)
		if try < tries {
			// A folder swapped for a new one while it was read, and then
			// removed, gives missing files or a partial walk: read again.
			if after, serr := root.Stat(name); serr == nil && !os.SameFile(before, after) {
				continue
			}
		}
		return parts, err
	}
}

func readDocxOnce(root *os.Root, name string, limit int64) ([]Part, error) {
	st, err := root.Stat(name)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		b, err := readlimit.FileIn(root, name, name, limit)
		var tl *readlimit.TooLargeError
		if errors.As(err, &tl) {
			return nil, &tooLargeError{limit}
		}
		if err != nil {
			return nil, err
		}
		return docxParts(b, limit)
	}
	sub, err := root.OpenRoot(name) // the parts are read from this folder, even if it is renamed meanwhile
	if err != nil {
		return nil, err
	}
	defer sub.Close()
	var parts []Part
	total := int64(0)
	err = fs.WalkDir(sub.FS(), ".", func(p string, e fs.DirEntry, err error) error {
		if err != nil || e.IsDir() {
			return err
		}
		if len(parts) == maxParts {
			return fmt.Errorf("more than %d parts: not a golden output of this document", maxParts)
		}
		b, err := readlimit.FileIn(sub, p, path.Join(name, p), limit-total)
		var tl *readlimit.TooLargeError
		if errors.As(err, &tl) {
			return &tooLargeError{limit}
		}
		if err != nil {
			return err
		}
		total += int64(len(b))
		if b, err = canonicalPart(p, b); err != nil {
			return err
		}
		parts = append(parts, Part{Name: p, Data: b})
		return nil
	})
	sort.Slice(parts, func(i, j int) bool { return parts[i].Name < parts[j].Name })
	return parts, err
}

// WriteDocx writes a DOCX as a golden folder of canonicalised parts at
// path, replacing what was there: see WriteDocxIn.
func WriteDocx(path string, data []byte) error {
	return WriteDocxIn(filepath.Dir(path), filepath.Base(path), data)
}

// WriteDocxIn writes a DOCX as the golden folder name (slash-separated)
// inside the folder root: the new folder is written beside the old one and
// swapped in (atomicfile.ReplaceDir), so that a full disk leaves the old
// golden whole and a concurrent reader finds one or the other.
func WriteDocxIn(root, name string, data []byte) error {
	parts, err := DocxParts(data)
	if err != nil {
		return err
	}
	files := make([]atomicfile.File, len(parts))
	for i, p := range parts {
		files[i] = atomicfile.File{Name: p.Name, Data: p.Data}
	}
	return atomicfile.ReplaceDir(root, name, files)
}

// DiffDocx compares a new DOCX with the golden one at goldenPath and gives a
// readable diff, empty when they agree: see DiffDocxIn.
func DiffDocx(got []byte, goldenPath string) (string, error) {
	return DiffDocxIn(got, filepath.Dir(goldenPath), filepath.Base(goldenPath))
}

// DiffDocxIn compares a new DOCX with the golden one name (a .docx file or
// a folder of parts) inside the folder root. The golden is read within
// goldenLimit of the new DOCX's uncompressed size, and never through a
// symbolic link leading out of root.
func DiffDocxIn(got []byte, root, name string) (string, error) {
	have, err := DocxParts(got)
	if err != nil {
		return "", err
	}
	size := int64(0)
	for _, p := range have {
		size += int64(len(p.Data))
	}
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer r.Close()
	want, err := readDocx(r, filepath.ToSlash(name), goldenLimit(size))
	if err != nil {
		return "", linkOut(root, name, err)
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

// linkOut words an error of reading name inside root that a symbolic link
// leading out of root caused.
func linkOut(root, name string, err error) error {
	if link := atomicfile.EscapingLink(root, filepath.ToSlash(name)); link != "" {
		return atomicfile.LinkOutError(link, root)
	}
	return err
}

// DiffPDF compares a new PDF with the golden one at goldenPath: see
// DiffPDFIn.
func DiffPDF(got []byte, goldenPath string) (string, error) {
	return DiffPDFIn(got, filepath.Dir(goldenPath), filepath.Base(goldenPath))
}

// DiffPDFIn compares a new PDF with the golden one name inside the folder
// root: by page text when pdftotext is installed (the diff names the page),
// and by bytes. The golden is read within goldenLimit of the new PDF's
// size, and never through a symbolic link leading out of root.
func DiffPDFIn(got []byte, root, name string) (string, error) {
	r, err := os.OpenRoot(root)
	if err != nil {
		return "", err
	}
	defer r.Close()
	limit := goldenLimit(int64(len(got)))
	want, err := readlimit.FileIn(r, filepath.ToSlash(name), name, limit)
	var tl *readlimit.TooLargeError
	if errors.As(err, &tl) {
		return "", &tooLargeError{limit}
	}
	if err != nil {
		return "", linkOut(root, name, err)
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
