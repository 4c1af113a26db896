package wml

import (
	"encoding/xml"
	"strings"

	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
)

// Style is a w:style of styles.xml.
type Style struct {
	ID      string // w:styleId: what paragraphs and runs refer to
	Name    string // w:name, as written ("heading 1", "enumlev1")
	Type    string // "paragraph", "character", "table" or "numbering"
	BasedOn string // parent style id
	Next    string
	Default bool // w:default: the type's default style
	Custom  bool // w:customStyle
	Aliases []string
	Num     *NumPr // a style's own numbering (list styles, numbered headings)
}

// Canonical is the style's name as Canonical gives it.
func (s *Style) Canonical() string { return Canonical(s.Name) }

// Styles are the styles of a document; methods on a nil or empty Styles
// find nothing.
type Styles struct {
	List   []*Style // in part order
	byID   map[string]*Style
	byName map[string]*Style // by canonical name
}

// ByID gives the style with id, or nil. Ids compare exactly.
func (s *Styles) ByID(id string) *Style {
	if s == nil {
		return nil
	}
	return s.byID[id]
}

// ByName gives the style whose name (or alias) is name, compared by
// Canonical, or nil.
func (s *Styles) ByName(name string) *Style {
	if s == nil {
		return nil
	}
	return s.byName[Canonical(name)]
}

// Default gives the default style of a type ("paragraph"), or nil.
func (s *Styles) Default(typ string) *Style {
	if s == nil {
		return nil
	}
	for _, st := range s.List {
		if st.Default && st.Type == typ {
			return st
		}
	}
	return nil
}

// Ancestors gives the style with id and the styles it is based on, nearest
// first, stopping at a cycle or a missing style.
func (s *Styles) Ancestors(id string) []*Style {
	var out []*Style
	seen := map[string]bool{}
	for st := s.ByID(id); st != nil && !seen[st.ID]; st = s.ByID(st.BasedOn) {
		seen[st.ID] = true
		out = append(out, st)
	}
	return out
}

// localized maps the names the localised versions of Word show for a few
// built-in styles (in the ITU's six languages, and German) to their
// internal names. Word itself writes the internal name ("heading 1") into
// w:name and localises only the style id ("Titre1", "berschrift1"), which
// is why styles are found by name; some writers put the shown name into
// w:name, which this table catches. An entry that is wrong only fails to
// match.
var localized = map[string]string{
	"titre %d": "heading %d", "título %d": "heading %d", "überschrift %d": "heading %d",
	"заголовок %d": "heading %d", "标题 %d": "heading %d", "عنوان %d": "heading %d",
	"standard": "normal", "обычный": "normal", "正文": "normal", "عادي": "normal",
	"note de bas de page": "footnote text", "texto nota pie": "footnote text",
	"fußnotentext": "footnote text", "текст сноски": "footnote text",
	"脚注文本": "footnote text", "نص حاشية سفلية": "footnote text",
	"paragraphe de liste": "list paragraph", "párrafo de lista": "list paragraph",
	"listenabsatz": "list paragraph", "абзац списка": "list paragraph",
	"列出段落": "list paragraph", "列表段落": "list paragraph", "فقرة القائمة": "list paragraph",
	"appel note de bas de p.": "footnote reference", "referencia de nota al pie": "footnote reference",
	"fußnotenzeichen": "footnote reference", "знак сноски": "footnote reference",
}

// Canonical gives the name by which styles compare: lower case, runs of
// white space as one space, and the localised names of the table above as
// Word's internal ones ("Titre 1" → "heading 1", "Heading 1" → "heading 1").
func Canonical(name string) string {
	n := strings.ToLower(strings.Join(strings.Fields(name), " "))
	if c, ok := localized[n]; ok {
		return c
	}
	// Numbered headings: "titre 3" → "heading 3".
	if i := strings.LastIndexByte(n, ' '); i > 0 && len(n)-i == 2 && n[i+1] >= '1' && n[i+1] <= '9' {
		if c, ok := localized[n[:i]+" %d"]; ok {
			return strings.Replace(c, "%d", n[i+1:], 1)
		}
	}
	return n
}

// readStyles reads styles.xml.
func readStyles(open func(string) (*ooxml.Decoder, error), part string) (*Styles, error) {
	x, err := open(part)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	s := &Styles{byID: map[string]*Style{}, byName: map[string]*Style{}}
	err = x.Root("styles", func(xml.StartElement) error {
		return x.Each(func(el xml.StartElement) error {
			if wname(el) != "style" {
				return x.Skip() // w:docDefaults, w:latentStyles
			}
			st := &Style{ID: wattr(el, "styleId"), Type: wattr(el, "type"),
				Default: toggleAttr(el, "default"), Custom: toggleAttr(el, "customStyle")}
			if st.Type == "" {
				st.Type = "paragraph"
			}
			err := x.Each(func(el xml.StartElement) error {
				switch wname(el) {
				case "name":
					st.Name = wattr(el, "val")
				case "basedOn":
					st.BasedOn = wattr(el, "val")
				case "next":
					st.Next = wattr(el, "val")
				case "aliases":
					for _, a := range strings.Split(wattr(el, "val"), ",") {
						if a = strings.TrimSpace(a); a != "" {
							st.Aliases = append(st.Aliases, a)
						}
					}
				case "pPr":
					return x.Each(func(el xml.StartElement) error {
						if wname(el) == "numPr" {
							st.Num = &NumPr{}
							return x.Each(func(el xml.StartElement) error {
								switch wname(el) {
								case "numId":
									st.Num.NumID = wattr(el, "val")
								case "ilvl":
									st.Num.Level = min(max(atoi(wattr(el, "val"), 0), 0), 8)
								}
								return x.Skip()
							})
						}
						return x.Skip()
					})
				}
				return x.Skip()
			})
			if err != nil {
				return err
			}
			s.List = append(s.List, st)
			if _, dup := s.byID[st.ID]; !dup {
				s.byID[st.ID] = st
			}
			for _, n := range append([]string{st.Name}, st.Aliases...) {
				if _, dup := s.byName[Canonical(n)]; !dup && n != "" {
					s.byName[Canonical(n)] = st
				}
			}
			return nil
		})
	})
	return s, err
}

// toggleAttr reads an ST_OnOff attribute: "1", "true", "on" are on.
func toggleAttr(el xml.StartElement, local string) bool {
	switch strings.ToLower(wattr(el, local)) {
	case "1", "true", "on":
		return true
	}
	return false
}

// readSettings reads settings.xml.
func readSettings(open func(string) (*ooxml.Decoder, error), part string) (Settings, error) {
	var s Settings
	x, err := open(part)
	if err != nil {
		return s, err
	}
	defer x.Close()
	err = x.Root("settings", func(xml.StartElement) error {
		return x.Each(func(el xml.StartElement) error {
			switch wname(el) {
			case "trackRevisions":
				s.TrackRevisions = toggle(el) == On
			case "defaultTabStop":
				s.DefaultTabStop = atoi(wattr(el, "val"), 0)
			}
			return x.Skip()
		})
	})
	return s, err
}
