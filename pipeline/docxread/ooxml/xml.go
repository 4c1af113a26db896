package ooxml

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Decoder streams the tokens of one XML part: start and end elements and
// character data. It drops comments and processing instructions, refuses
// any directive (a DTD above all: <!DOCTYPE …> could declare entities that
// expand exponentially, and a DOCX never has one), knows only the five
// predefined entities and character references (encoding/xml's strict
// mode), and fails past MaxDepth levels of elements. Its errors are *Error,
// naming the part and the line.
type Decoder struct {
	part     string
	d        *xml.Decoder
	in       *bufio.Reader
	rc       io.Closer
	depth    int
	maxDepth int
	err      error  // the first error, returned from then on
	charset  string // an encoding the part declared, other than UTF-8
}

// NewDecoder decodes the part named part from r, bounding element nesting to
// maxDepth (DefaultMaxDepth when <= 0). Close closes r when it is an
// io.Closer.
func NewDecoder(part string, r io.Reader, maxDepth int) *Decoder {
	return newDecoder(part, r, maxDepth, maxBuffer)
}

// maxBuffer is the read buffer of a large part; a small part gets one of
// its own size (most parts of a package are a few hundred bytes).
const maxBuffer = 32 << 10

func newDecoder(part string, r io.Reader, maxDepth, buffer int) *Decoder {
	if maxDepth <= 0 {
		maxDepth = DefaultMaxDepth
	}
	in := bufio.NewReaderSize(r, min(max(buffer, 16), maxBuffer))
	// A UTF-8 byte order mark is allowed before the XML declaration.
	if b, err := in.Peek(3); err == nil && string(b) == "\uFEFF" {
		in.Discard(3)
	}
	d := xml.NewDecoder(in)
	d.Strict = true
	d.Entity = nil
	dec := &Decoder{part: part, d: d, in: in, maxDepth: maxDepth}
	d.CharsetReader = func(label string, _ io.Reader) (io.Reader, error) {
		dec.charset = label
		return nil, errors.New("unsupported")
	}
	if c, ok := r.(io.Closer); ok {
		dec.rc = c
	}
	return dec
}

// Part is the name of the part being decoded.
func (d *Decoder) Part() string { return d.part }

// Depth is the number of elements open.
func (d *Decoder) Depth() int { return d.depth }

// Close closes the part's reader.
func (d *Decoder) Close() error {
	if d.rc != nil {
		return d.rc.Close()
	}
	return nil
}

// Token gives the next xml.StartElement, xml.EndElement or xml.CharData, or
// io.EOF at the end of the part. CharData is only valid until the next call.
func (d *Decoder) Token() (xml.Token, error) {
	if d.err != nil {
		return nil, d.err
	}
	for {
		tok, err := d.d.Token()
		if err != nil {
			if err == io.EOF {
				if d.depth > 0 {
					return nil, d.fail(ErrNotXML, "not well-formed XML: unexpected end of the part")
				}
				return nil, io.EOF
			}
			return nil, d.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			d.depth++
			if d.depth > d.maxDepth {
				return nil, d.fail(ErrTooDeep, "elements nested deeper than %d", d.maxDepth)
			}
			return t, nil
		case xml.EndElement:
			d.depth--
			return t, nil
		case xml.CharData:
			return t, nil
		case xml.Directive:
			if s := strings.TrimSpace(string(t)); len(s) >= 7 && strings.EqualFold(s[:7], "DOCTYPE") {
				return nil, d.fail(ErrDTD, "DTD refused (<!DOCTYPE …>): a DOCX part has none, and its entities could expand without bound")
			}
			return nil, d.fail(ErrDTD, "markup declaration refused (<!%.20s…>)", string(t))
		case xml.Comment, xml.ProcInst:
			// dropped
		}
	}
}

// Line is the line of the decoder's position in the part.
func (d *Decoder) Line() int {
	line, _ := d.d.InputPos()
	return line
}

func (d *Decoder) fail(kind error, format string, args ...any) error {
	d.err = &Error{Part: d.part, Line: d.Line(), Kind: kind, Msg: fmt.Sprintf(format, args...)}
	return d.err
}

// wrap turns an encoding/xml or reader error into an *Error.
func (d *Decoder) wrap(err error) error {
	var e *Error
	if errors.As(err, &e) { // from the part reader: size, truncation, corruption
		d.err = e
		return e
	}
	if d.charset != "" {
		return d.fail(ErrNotXML, "not well-formed XML: encoding %q: only UTF-8 parts are read", d.charset)
	}
	var se *xml.SyntaxError
	if errors.As(err, &se) {
		msg := se.Msg
		if strings.HasPrefix(msg, "invalid character entity") && strings.HasSuffix(msg, ";") {
			// Only the five predefined entities exist without a DTD.
			msg += " (no DTD, so only &amp; &lt; &gt; &quot; &apos; and character references)"
		}
		d.err = &Error{Part: d.part, Line: se.Line, Kind: ErrNotXML, Msg: "not well-formed XML: " + msg}
		return d.err
	}
	return d.fail(ErrNotXML, "not well-formed XML: %v", err)
}

// Skip consumes the rest of the element whose start was the last token.
func (d *Decoder) Skip() error {
	depth := d.depth
	for d.depth >= depth {
		if _, err := d.Token(); err != nil {
			return err
		}
	}
	return nil
}

// Each calls fn for every child element of the element whose start was the
// last token, up to its end; fn must consume the child (Skip, or read it to
// its end). Character data between children is dropped.
func (d *Decoder) Each(fn func(xml.StartElement) error) error {
	depth := d.depth
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if err := fn(t); err != nil {
				return err
			}
			if d.depth != depth {
				panic(fmt.Sprintf("ooxml: Each callback for <%s> left depth %d, want %d", t.Name.Local, d.depth, depth))
			}
		case xml.EndElement:
			return nil
		}
	}
}

// Text reads the character data of the element whose start was the last
// token, up to its end, skipping child elements.
func (d *Decoder) Text() (string, error) {
	depth := d.depth
	var sb strings.Builder
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if d.depth == depth {
				sb.Write(t)
			}
		case xml.EndElement:
			if d.depth < depth {
				return sb.String(), nil
			}
		}
	}
}

// Root reads up to the root element, checks its local name, calls fn with it
// (fn consumes the root's content, up to and including its end), and checks
// that nothing but white space follows.
func (d *Decoder) Root(local string, fn func(xml.StartElement) error) error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return d.fail(ErrNotXML, "not well-formed XML: no root element")
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != local {
				return d.fail(ErrNotXML, "root element is <%s>, not <%s>", t.Name.Local, local)
			}
			if err := fn(t); err != nil {
				return err
			}
			return d.end()
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				return d.fail(ErrNotXML, "not well-formed XML: text before the root element")
			}
		}
	}
}

// end reads to the end of the part, which may hold only white space.
func (d *Decoder) end() error {
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			if strings.TrimSpace(string(t)) != "" {
				return d.fail(ErrNotXML, "not well-formed XML: text after the root element")
			}
		default:
			return d.fail(ErrNotXML, "not well-formed XML: a second root element")
		}
	}
}
