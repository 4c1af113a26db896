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
