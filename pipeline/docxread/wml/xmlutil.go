package wml

import (
	"encoding/xml"
	"strconv"
	"strings"
)

// Namespaces, transitional and strict.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsR       = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	nsRStrict = "http://purl.oclc.org/ooxml/officeDocument/relationships"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
	nsM       = "http://schemas.openxmlformats.org/officeDocument/2006/math"
	nsMStrict = "http://purl.oclc.org/ooxml/officeDocument/math"
)

func isW(n xml.Name) bool  { return n.Space == nsW || n.Space == nsWStrict }
func isMC(n xml.Name) bool { return n.Space == nsMC }
func isM(n xml.Name) bool  { return n.Space == nsM || n.Space == nsMStrict }

// wname gives the local name of a WordprocessingML element, "" for any
// other namespace.
func wname(el xml.StartElement) string {
	if isW(el.Name) {
		return el.Name.Local
	}
	return ""
}

// wattr gives a w: attribute (or one without a namespace, which some
// writers use), "" when absent.
func wattr(el xml.StartElement, local string) string {
	v, _ := wattrOK(el, local)
	return v
}

func wattrOK(el xml.StartElement, local string) (string, bool) {
	for _, a := range el.Attr {
		if a.Name.Local == local && (isW(a.Name) || a.Name.Space == "") {
			return a.Value, true
		}
	}
	return "", false
}

// rattr gives an r: attribute (r:id, r:embed).
func rattr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local && (a.Name.Space == nsR || a.Name.Space == nsRStrict) {
			return a.Value
		}
	}
	return ""
}

// anyAttr gives an attribute by local name in any namespace.
func anyAttr(el xml.StartElement, local string) string {
	for _, a := range el.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// toggle reads an on/off property: present without w:val is on;
// "0", "false", "off" are off (ST_OnOff).
func toggle(el xml.StartElement) Toggle {
	v, ok := wattrOK(el, "val")
	if !ok {
		return On
	}
	switch strings.ToLower(v) {
	case "0", "false", "off":
		return Off
	}
	return On
}

// change reads the attributes of a tracked change.
func change(el xml.StartElement) Change {
	return Change{ID: wattr(el, "id"), Author: wattr(el, "author"), Date: wattr(el, "date")}
}

// atoi reads a decimal attribute, def when absent or malformed.
func atoi(s string, def int) int {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	if err != nil {
		return def
	}
	return n
}

// qname prints an element's name as a reader knows it: "w:foo" for
// WordprocessingML, "{namespace}foo" otherwise.
func qname(n xml.Name) string {
	switch {
	case isW(n):
		return "w:" + n.Local
	case isMC(n):
		return "mc:" + n.Local
	case isM(n):
		return "m:" + n.Local
	case n.Space == "":
		return n.Local
	}
	return "{" + n.Space + "}" + n.Local
}

// fieldName is the first word of a field instruction, in capitals.
func fieldName(instr string) string {
	f := strings.Fields(instr)
	if len(f) == 0 {
		return ""
	}
	return strings.ToUpper(f[0])
}
