package doc

import (
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func TestConferenceCode(t *testing.T) {
	for in, want := range map[string]string{
		"Plenipotentiary Conference (PP-14)":           "PP14",
		"World Radiocommunication Conference (WRC-23)": "WRC23",
		"a conference": "",
	} {
		if got := ConferenceCode(in); got != want {
			t.Errorf("ConferenceCode(%q) = %q, want %q", in, got, want)
		}
	}
	if (Meta{Code: "PP14", Number: "149-E"}).Reference() != "PP14/149-E" || (Meta{Number: "149-E"}).Reference() != "149-E" {
		t.Error("Reference")
	}
}

func TestProposalRules(t *testing.T) {
	if !ActionSUPStar.Suppressed() || ActionMOD.Suppressed() || !ActionADDStar.New() || ActionNOC.New() {
		t.Error("Action predicates")
	}
}

// The three views of a paragraph's text: one run given as it is, several
// joined, footnote references and empty runs adding nothing.
func TestTextViews(t *testing.T) {
	ins, del := Revision{Ins: 1}, Revision{Del: 2}
	for _, c := range []struct {
		in                    []Inline
		marked, clean, origin string
	}{
		{nil, "", "", ""},
		{[]Inline{&Run{Text: "one"}}, "one", "one", "one"},
		{[]Inline{&Run{Text: "one"}, &Run{Text: ""}}, "one", "one", "one"},
		{[]Inline{&Run{Text: "a"}, &FootnoteRef{ID: 1}, &Run{Text: "b"}}, "ab", "ab", "ab"},
		{[]Inline{&Run{Text: "gone", Rev: del}, &Run{Text: "kept"}}, "gonekept", "kept", "gonekept"},
		{[]Inline{&Run{Text: "x"}, &Run{Text: "new", Rev: ins}, &Run{Text: "old", Rev: del}, &Run{Text: "y"}}, "xnewoldy", "xnewy", "xoldy"},
		{[]Inline{&Run{Text: "both", Rev: Revision{Ins: 1, Del: 2}}}, "both", "", ""},
	} {
		if got := Text(c.in); got != c.marked {
			t.Errorf("Text(%v) = %q, want %q", c.in, got, c.marked)
		}
		if got := CleanText(c.in); got != c.clean {
			t.Errorf("CleanText(%v) = %q, want %q", c.in, got, c.clean)
		}
		if got := OriginalText(c.in); got != c.origin {
			t.Errorf("OriginalText(%v) = %q, want %q", c.in, got, c.origin)
		}
	}
}
