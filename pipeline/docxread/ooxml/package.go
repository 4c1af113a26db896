package ooxml

import (
	"encoding/xml"
	"io"
	"path"
	"slices"
	"strings"
)

// Relationship types and content types the readers look parts up by. Each
// transitional type has a strict (ISO/IEC 29500 strict) twin, accepted too.
const (
	RelOfficeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
	RelStyles         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
	RelNumbering      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
	RelFootnotes      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
	RelEndnotes       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/endnotes"
	RelComments       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
	RelSettings       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings"
	RelHeader         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
	RelFooter         = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
	RelHyperlink      = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink"
	RelImage          = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/image"

	transitionalRel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	strictRel       = "http://purl.oclc.org/ooxml/officeDocument/relationships/"

	// CTMain and its macro-enabled and template forms are the content types
	// of a WordprocessingML main document part.
	CTMain         = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
	ctMainMacro    = "application/vnd.ms-word.document.macroEnabled.main+xml"
	ctMainTemplate = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
	ctMainMacroTpl = "application/vnd.ms-word.template.macroEnabledTemplate.main+xml"

	contentTypesPart = "[Content_Types].xml"
	packageRelsPart  = "_rels/.rels"
)

// Relationship is one relationship of a part (or of the package).
type Relationship struct {
	ID       string
	Type     string // the transitional form of the type, even when the package is strict
	Target   string // a part name for internal targets, as written for external ones
	External bool   // TargetMode="External": a URL, not a part
}

// Package is an opened package: its part names, content types and the
// relationships read so far. Parts are inflated only when opened.
type Package struct {
	lim       Limits
	entries   map[string]*entry // by lower-case part name
	names     []string          // part names in zip order
	defaults  map[string]string // content type by lower-case extension
	overrides map[string]string // content type by lower-case part name
	rels      map[string][]Relationship
	inflated  int64 // bytes inflated so far, across parts
	main      string
}

// Open reads the package structure of data within lim: the zip directory,
// [Content_Types].xml and the package relationships, and finds the main
// document part. It fails when data is not a zip, not an OPC package, or has
// no WordprocessingML main document.
func Open(data []byte, lim Limits) (*Package, error) {
	lim = lim.withDefaults()
	entries, names, err := readZip(data, lim)
	if err != nil {
		return nil, err
	}
	p := &Package{lim: lim, entries: entries, names: names, rels: map[string][]Relationship{}}
	if _, ok := entries[strings.ToLower(contentTypesPart)]; !ok {
		if _, odf := entries["mimetype"]; odf {
			return nil, errorf("", ErrNotPackage, "no [Content_Types].xml: an OpenDocument file (.odt?), not a DOCX")
		}
		return nil, errorf("", ErrNotPackage, "no [Content_Types].xml: a zip, but not an Office Open XML package")
	}
	if err := p.readContentTypes(); err != nil {
		return nil, err
	}
	rels, err := p.Relationships("")
	if err != nil {
		return nil, err
	}
	var main *Relationship
	for i := range rels {
		if rels[i].Type == RelOfficeDocument && !rels[i].External {
			main = &rels[i]
			break
		}
	}
	if main == nil {
		return nil, errorf("", ErrNoDocument, "no main document part: %s names no officeDocument relationship", packageRelsPart)
	}
	if !p.Has(main.Target) {
		return nil, errorf("", ErrNoDocument, "no main document part: %s names %s, which the zip does not hold", packageRelsPart, main.Target)
	}
	switch ct := p.ContentType(main.Target); ct {
	case CTMain, ctMainMacro, ctMainTemplate, ctMainMacroTpl:
	default:
		what := "not a Word document"
		switch {
		case strings.Contains(ct, "spreadsheetml"):
			what = "a spreadsheet, not a Word document"
		case strings.Contains(ct, "presentationml"):
			what = "a presentation, not a Word document"
		}
		return nil, errorf(main.Target, ErrNoDocument, "main part has content type %q: %s", ct, what)
	}
	p.main = main.Target
	return p, nil
}

// Main is the name of the main document part ("word/document.xml").
func (p *Package) Main() string { return p.main }

// Names lists the part names in zip order.
func (p *Package) Names() []string { return slices.Clone(p.names) }

// Has reports whether the package holds the part.
func (p *Package) Has(name string) bool {
	_, ok := p.entries[strings.ToLower(name)]
	return ok
}

// ContentType gives a part's content type: its override, else the default
// of its extension, else "".
func (p *Package) ContentType(name string) string {
	if ct, ok := p.overrides[strings.ToLower(name)]; ok {
		return ct
	}
	return p.defaults[strings.ToLower(path.Ext(name))]
}

// Open opens a part for reading. The reader fails once the part gives more
// than it declared, or the package more than MaxTotalSize in all.
func (p *Package) Open(name string) (io.ReadCloser, error) {
	e, ok := p.entries[strings.ToLower(name)]
	if !ok {
		return nil, errorf(name, ErrNoDocument, "no such part")
	}
	if e.media {
		// Checked now rather than at Open, since media are rarely read.
		if err := checkDeclared(name, e.f, p.lim); err != nil {
			return nil, err
		}
	}
	rc, err := e.f.Open()
	if err != nil {
		return nil, (&partReader{name: name}).wrap(err)
	}
	d := int64(e.f.UncompressedSize64)
	return &partReader{name: name, rc: rc, left: d, declared: d, total: &p.inflated, limit: p.lim.MaxTotalSize}, nil
}

// Read inflates a whole part into memory.
func (p *Package) Read(name string) ([]byte, error) {
	rc, err := p.Open(name)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

// Decoder opens an XML part for streaming with the package's MaxDepth. The
// caller closes it.
func (p *Package) Decoder(name string) (*Decoder, error) {
	rc, err := p.Open(name)
	if err != nil {
		return nil, err
	}
	return newDecoder(name, rc, p.lim.MaxDepth, int(min(p.entries[strings.ToLower(name)].f.UncompressedSize64, maxBuffer))+1), nil
}

// relsName gives the relationships part of a part: word/document.xml has
// word/_rels/document.xml.rels; the package ("") has _rels/.rels.
func relsName(source string) string {
	if source == "" {
		return packageRelsPart
	}
	dir, file := path.Split(source)
	return dir + "_rels/" + file + ".rels"
}

// Relationships gives the relationships of part source ("" for the package)
// in document order, internal targets resolved to part names. A part without
// a relationships part has none.
func (p *Package) Relationships(source string) ([]Relationship, error) {
	if rels, ok := p.rels[source]; ok {
		return rels, nil
	}
	name := relsName(source)
	if !p.Has(name) {
		p.rels[source] = nil
		return nil, nil
	}
	d, err := p.Decoder(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	var rels []Relationship
	base := path.Dir(source)
	err = d.Root("Relationships", func(root xml.StartElement) error {
		return d.Each(func(el xml.StartElement) error {
			if el.Name.Local != "Relationship" {
				return d.Skip()
			}
			r := Relationship{ID: Attr(el, "Id"), Type: transitional(Attr(el, "Type")), Target: Attr(el, "Target")}
			r.External = Attr(el, "TargetMode") == "External"
			if !r.External {
				r.Target = resolve(base, r.Target)
			}
			rels = append(rels, r)
			return d.Skip()
		})
	})
	if err != nil {
		return nil, err
	}
	p.rels[source] = rels
	return rels, nil
}

// transitional maps a strict relationship type to its transitional twin.
func transitional(t string) string {
	if rest, ok := strings.CutPrefix(t, strictRel); ok {
		return transitionalRel + rest
	}
	return t
}

// resolve resolves an internal target against the source part's folder
// ("." for the package): "styles.xml" from word/ is word/styles.xml;
// "/word/styles.xml" is absolute.
func resolve(base, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean(path.Join("/", base, target)), "/")
}

// Related gives the internal target parts of source's relationships of type
// relType, in order, keeping only parts the package holds.
func (p *Package) Related(source, relType string) ([]string, error) {
	rels, err := p.Relationships(source)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, r := range rels {
		if r.Type == relType && !r.External && p.Has(r.Target) {
			out = append(out, r.Target)
		}
	}
	return out, nil
}

// readContentTypes reads [Content_Types].xml.
func (p *Package) readContentTypes() error {
	d, err := p.Decoder(contentTypesPart)
	if err != nil {
		return err
	}
	defer d.Close()
	p.defaults, p.overrides = map[string]string{}, map[string]string{}
	return d.Root("Types", func(xml.StartElement) error {
		return d.Each(func(el xml.StartElement) error {
			switch el.Name.Local {
			case "Default":
				p.defaults["."+strings.ToLower(Attr(el, "Extension"))] = Attr(el, "ContentType")
			case "Override":
				p.overrides[strings.ToLower(strings.TrimPrefix(Attr(el, "PartName"), "/"))] = Attr(el, "ContentType")
			}
			return d.Skip()
		})
	})
}

// Attr gives the value of el's attribute with the local name local (any
// namespace), or "".
func Attr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// Inflated is the number of bytes inflated from the package so far.
func (p *Package) Inflated() int64 { return p.inflated }
