package wml_test

import (
	"testing"

	"github.com/itudoc/itudoc/pipeline/docxread/internal/docxtest"
	"github.com/itudoc/itudoc/pipeline/docxread/wml"
)

func TestCanonical(t *testing.T) {
	for in, want := range map[string]string{
		"heading 1": "heading 1", "Heading  1": "heading 1", "Titre 3": "heading 3",
		"Überschrift 2": "heading 2", "Заголовок 1": "heading 1", "Título 1": "heading 1",
		"Standard": "normal", "footnote text": "footnote text", "Note de bas de page": "footnote text",
		"List Paragraph": "list paragraph", "Paragraphe de liste": "list paragraph",
		"enumlev1": "enumlev1", "Table_text": "table_text", "Titre": "titre", "Titre 10": "titre 10",
	} {
		if got := wml.Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestStylesAndNumbering reads the styles and numbering of the
// styles-numbering case.
func TestStylesAndNumbering(t *testing.T) {
	c, err := docxtest.ReadCase("testdata/cases/styles-numbering.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, d := readCase(c)
	if d == nil {
		t.Fatal("the case does not read")
	}
	s := d.Styles
	for name, id := range map[string]string{
		"Heading 1": "Titre1", "heading 2": "Titre2", "Titre 2": "Titre2", "List Paragraph": "Paragraphedeliste",
		"enumlev1": "enumlev1", "el1": "enumlev1", "enum1": "enumlev1", "Normal": "Normal",
	} {
		if st := s.ByName(name); st == nil || st.ID != id {
			t.Errorf("ByName(%q) = %+v, want id %s", name, st, id)
		}
	}
	if s.ByName("Heading 3") != nil || s.ByID("titre1") != nil {
		t.Error("found a style that is not there (ids compare exactly)")
	}
	var chain []string
	for _, st := range s.Ancestors("Titre2") {
		chain = append(chain, st.ID)
	}
	if len(chain) != 3 || chain[0] != "Titre2" || chain[1] != "Titre1" || chain[2] != "Normal" {
		t.Errorf("Ancestors(Titre2) = %v", chain)
	}
	if n := len(s.Ancestors("Loop")); n != 2 {
		t.Errorf("a basedOn cycle gave %d ancestors, want 2", n)
	}
	if st := s.ByID("Titre1"); st.Num == nil || st.Num.NumID != "3" || !s.ByID("enumlev1").Custom {
		t.Errorf("Titre1 numbering %+v, enumlev1 custom %v", st.Num, s.ByID("enumlev1").Custom)
	}
	if def := s.Default("character"); def == nil || def.ID != "DefaultParagraphFont" {
		t.Errorf("default character style %+v", def)
	}

	n := d.Numbering
	l := n.Level("2", 0)
	if l == nil || l.Format != "lowerLetter" || l.Text != "%1)" || l.Start != 4 || l.Suffix != "tab" {
		t.Errorf("num 2 level 0: %+v (start overridden to 4)", l)
	}
	if l := n.Level("2", 1); l == nil || l.Format != "lowerRoman" || l.Start != 1 {
		t.Errorf("num 2 level 1: %+v", l)
	}
	// num 3 → abstract 2 → its numStyleLink ITUList → abstract 1.
	if l := n.Level("3", 0); l == nil || l.Format != "decimal" || l.Start != 3 || l.Style != "Titre1" {
		t.Errorf("num 3 level 0 through the numbering style: %+v", l)
	}
	if n.Level("9", 0) != nil || n.Level("2", 5) != nil {
		t.Error("a missing num or level was found")
	}
	var none *wml.Numbering
	if none.Level("1", 0) != nil || (*wml.Styles)(nil).ByName("Normal") != nil {
		t.Error("nil tables must find nothing")
	}
}
