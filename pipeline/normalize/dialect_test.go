package normalize

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each recogniser of dialect.go with its own table: what it must take and
// what it must leave. The whole-document behaviour is in the case files
// (pipeline/testdata/cases).

func TestIsResolutionLine(t *testing.T) {
	for text, want := range map[string]bool{
		"RESOLUTION 64 (REV. BUSAN, 2014)":                                    true,
		"RESOLUTION 2 (Rev. Hammamet, 2016)":                                  true,
		"DRAFT NEW RESOLUTION [AFCP-1] (New Delhi, 2024)":                     true,
		"DRAFT NEW RESOLUTION [WG-PL/7]":                                      true,
		"DECISION 5 (Rev. Dubai, 2018)":                                       true,
		"RECOMMENDATION ITU-T X.1205":                                         true,
		"OPINION 4 (Lisbon, 2009)":                                            true,
		"RESOLUTION 35 (KYOTO, 1994)":                                         true,
		"NEW RESOLUTION 1":                                                    true,
		"RESOLUTION":                                                          false, // a table heading
		"Resolution 71 (Rev. Busan, 2014) of the Plenipotentiary Conference,": false,
		"RESOLUTION 64 (REV. BUSAN, 2014) of this conference":                 false,
		"resolution 2 (Rev. Hammamet, 2016)":                                  false,
		"RESOLUTIONS 2 AND 3":                                                 false,
	} {
		if got := isResolutionLine(text); got != want {
			t.Errorf("isResolutionLine(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestAnnexKind(t *testing.T) {
	for text, want := range map[string]string{
		"ANNEX TO RESOLUTION 64 (REV. BUSAN, 2014)":     "annex",
		"Annex 1 to Resolution 2 (Rev. Hammamet, 2016)": "annex",
		"ANNEX A":               "annex",
		"APPENDIX 2 TO ANNEX A": "appendix",
		"ANNEX A (to Resolution 2 (Rev. Geneva, 2022))": "annex",
		"Appendix to Annex 1":                           "appendix",
		"Annex: 44 pages":                               "",
		"Annex 2 to this resolution":                    "",
		"Annex 2 to this resolution contains the list.": "",
		"ANNEXES":                 "",
		"Annexed to the document": "",
	} {
		if got := annexKind(text); got != want {
			t.Errorf("annexKind(%q) = %q, want %q", text, got, want)
		}
	}
}

func TestCallKind(t *testing.T) {
	for _, c := range []struct {
		text string
		bold bool
		want string
	}{
		{"recalling", false, "list"},
		{"instructs the Secretary-General, in close cooperation with the Directors of the three Bureaux", false, "list"},
		{"keeping in mind", false, "list"},
		{"deeply concerned", false, "list"},
		{"in view of", false, "list"},
		{"Invites Member States, Sector Members and Associates", false, "list"},
		{"rejoicing at", false, "shape"},
		{"having regard to", false, "list"},
		{"that there is", false, ""},
		{"the need to act", false, ""},
		{"recalling,", false, ""},
		{"Further information", true, ""},
		{"Notes", false, "list"}, // a capitalised call word: classify refuses it in annexes
		{"Requests for assistance", true, ""},
		{"noting that the work of ITU and of its Sectors is well advanced and will be reported to the Council at its next session in full detail", false, ""},
	} {
		if got := callKind(c.text, c.bold); got != c.want {
			t.Errorf("callKind(%q, bold=%v) = %q, want %q", c.text, c.bold, got, c.want)
		}
	}
}

func TestHeadingLevel(t *testing.T) {
	for text, want := range map[string]int{
		"I. Introduction":            1,
		"IV Scope":                   1,
		"1 Scope":                    1,
		"2.1 Fellowships":            2,
		"2.1.3 Travel":               3,
		"1 to continue the work":     0, // lower case: an item
		"2 Member States shall act.": 0, // a sentence
		"I. the text":                0,
		"3 Scope of the work of the study groups and of the advisory group and of the": 0, // too long
	} {
		if got := headingLevel(text); got != want {
			t.Errorf("headingLevel(%q) = %d, want %d", text, got, want)
		}
	}
}

func TestIsSourceLine(t *testing.T) {
	for _, c := range []struct {
		text string
		bold bool
		want bool
	}{
		{"WORKING GROUP OF THE PLENARY", false, true},
		{"Member States of the Inter-American Telecommunication Commission (CITEL)", false, true},
		{"African Telecommunications Union", false, true},
		{"SIXTH SERIES OF TEXTS", true, false},
		{"The following texts have been adopted.", false, false},
		{"Action\tTitle", false, false},
	} {
		if got := isSourceLine(c.text, c.bold); got != c.want {
			t.Errorf("isSourceLine(%q, %v) = %v, want %v", c.text, c.bold, got, c.want)
		}
	}
}

func TestProposalLine(t *testing.T) {
	for text, want := range map[string]bool{
		"MOD WGPL/149/2":   true,
		"ADD* IAP/44A1/3":  true,
		"(MOD) ACP/64A1/2": true,
		"SUP\tEUR/40A1/1":  true,
		"NOC B/12/3":       true,
		"MOD WGPL":         false,
		"MODIFY WGPL/1/2":  false,
		"mod WGPL/1/2":     false,
	} {
		if got := isProposalLine(text); got != want {
			t.Errorf("isProposalLine(%q) = %v, want %v", text, got, want)
		}
	}
}

func TestAfterUnit(t *testing.T) {
	for text, want := range map[string]bool{
		"an area of 5 km": true,
		"5km":             true,
		"10 m":            true,
		"the FIRST":       false,
		"km":              false, // no number
		"in 2014":         false,
	} {
		if got := afterUnit(text); got != want {
			t.Errorf("afterUnit(%q) = %v, want %v", text, got, want)
		}
	}
}

// The cheap tests before the regexps refuse only what the regexps refuse.
func TestPrefilters(t *testing.T) {
	for _, s := range []string{
		"a) text", "ab) text", "abc) text", "abcd) text", "d)e) text", "1 text", "12. text", "– text", "— text", "- text",
		"to instruct", "Annex 1", "ANNEX", "appendix", "APPENDIX 2 TO ANNEX A", "Appendices", "I. Introduction", "IV Scope",
		"2.1 Fellowships", "Xylophone", "RESOLUTION 2 (Rev. Dubai, 2018)", "DRAFT NEW RESOLUTION [X]", "NEW RESOLUTION 1",
		"Resolution 1", "", "é) text", "ä", "(a) text", "MOD WGPL/149/2", "ADD* IAP/44A1/3", "(MOD) ACP/64A1/2", "SUP* X/1", "NOC A/1",
	} {
		checkPrefilters(t, s, map[string]int{})
	}
	if !hasPrefixFold("AnNeX 1", "annex") || hasPrefixFold("anne", "annex") || hasPrefixFold("annez", "annex") {
		t.Error("hasPrefixFold")
	}
}

// The prefilters refuse no line of the family that its regexp takes:
// every line of the seed, of the corpus and of the case files, as it
// stands and with its marks and tabs read as the recognisers read them.
func TestPrefiltersOnTheFamily(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../fixtures/*.md", "../../fixtures/corpus/*.md", "../testdata/cases/*/*.txtar"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	if len(files) < 20 {
		t.Fatalf("found %d files of the family, want the seed, the corpus and the case files", len(files))
	}
	unmark := strings.NewReplacer("~~", "", "](#)", "", "[", "", "**", "", "*", "")
	lines, matched := 0, map[string]int{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(src), "\n") {
			for _, s := range []string{line, unmark.Replace(line), strings.ReplaceAll(unmark.Replace(line), "\t", " ")} {
				checkPrefilters(t, strings.TrimSpace(s), matched)
				lines++
			}
		}
	}
	for _, name := range []string{"label", "annex", "proposal", "resolution", "heading"} {
		if matched[name] == 0 {
			t.Errorf("no line of the family is a %s line: the check of its prefilter saw nothing", name)
		}
	}
	t.Logf("%d lines of %d files; taken by the regexps: %v", lines, len(files), matched)
}

// checkPrefilters fails t when a cheap test refuses s where its regexp
// takes it, and counts in matched what each regexp took.
func checkPrefilters(t *testing.T, s string, matched map[string]int) {
	t.Helper()
	for _, c := range []struct {
		name        string
		takes, lets bool
	}{
		{"label", labelStart.MatchString(s), mayStartLabel(s)},
		{"annex", annexLine.MatchString(s), hasPrefixFold(s, "annex") || hasPrefixFold(s, "appendix")},
		{"proposal", proposalLine.MatchString(s), hasAnyPrefix(s, proposalActions)},
		{"resolution", resolutionLine.MatchString(s), hasAnyPrefix(s, resolutionStarts)},
		{"heading", romanHeading.MatchString(s) || numberedHeading.MatchString(s), s != "" && strings.ContainsRune("IVX0123456789", rune(s[0]))},
	} {
		if c.takes {
			matched[c.name]++
			if !c.lets {
				t.Errorf("the %s prefilter refuses %q, which its regexp takes", c.name, s)
			}
		}
	}
}
