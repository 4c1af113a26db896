package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"strings"
	"testing"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// node is a parsed XML element: local name, attributes by local name
// ("w:id" → "id"), children and character data.
type node struct {
	name  string
	attrs map[string]string
	kids  []*node
	text  string
}

// attr gives an attribute by local name and whether it is there.
func (n *node) attr(name string) (string, bool) {
	v, ok := n.attrs[name]
	return v, ok
}

// walk calls fn for n and every element below it, in document order, with
// the element's parent.
func (n *node) walk(parent *node, fn func(n, parent *node)) {
	fn(n, parent)
	for _, k := range n.kids {
		k.walk(n, fn)
	}
}

// all gives every element named name below n (n included), in order.
func (n *node) all(name string) []*node {
	var out []*node
	n.walk(nil, func(k, _ *node) {
		if k.name == name {
			out = append(out, k)
		}
	})
	return out
}

// child gives n's first child named name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// texts concatenates the character data of every element named one of names
// below n.
func (n *node) texts(names ...string) string {
	var sb strings.Builder
	n.walk(nil, func(k, _ *node) {
		for _, name := range names {
			if k.name == name {
				sb.WriteString(k.text)
			}
		}
	})
	return sb.String()
}

// parseXML parses a part with encoding/xml, failing the test if it is not
// well-formed.
func parseXML(t testing.TB, name string, data []byte) *node {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(data))
	var stack []*node
	var root *node
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", name, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attrs: map[string]string{}}
			for _, a := range tok.Attr {
				n.attrs[a.Name.Local] = a.Value
			}
			if len(stack) > 0 {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			} else {
				root = n
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text += string(tok)
			}
		}
	}
	if root == nil {
		t.Fatalf("%s: no root element", name)
	}
	return root
}

// pkg is an unzipped package.
type pkg struct {
	names []string // in zip order
	files map[string][]byte
	zip   *zip.Reader
}

func unzipPkg(t testing.TB, data []byte) *pkg {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	p := &pkg{files: map[string][]byte{}, zip: zr}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		p.names = append(p.names, f.Name)
		p.files[f.Name] = b
	}
	return p
}

func (p *pkg) xml(t testing.TB, name string) *node {
	t.Helper()
	b, ok := p.files[name]
	if !ok {
		t.Fatalf("package has no part %s", name)
	}
	return parseXML(t, name, b)
}

// write writes d with opt and returns the package, failing on an error.
func write(t testing.TB, d *doc.Document, opt Options) (*pkg, []byte, []doc.Diagnostic) {
	t.Helper()
	b, diags, err := Bytes(d, opt)
	if err != nil {
		t.Fatalf("Write: %v", err)
	}
	return unzipPkg(t, b), b, diags
}
