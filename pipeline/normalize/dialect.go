package normalize

// The declared dialect: every recogniser normalize uses to tell what a
// paragraph of an ITU text is, in one place. Each is a named predicate over
// a paragraph's text (its clean text where marks could hide the form) or a
// table, with its cases in testdata/cases (one file a case) and in
// dialect_test.go. Adding a call word, a unit, a heading form or a cover
// line is a change to one table here.

import (
	"regexp"

	"github.com/itudoc/itudoc/pipeline/doc"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ---- Proposals ----------------------------------------------------------

// proposalLine matches a proposal heading: an action symbol, then an id of
// at least two parts: "MOD WGPL/149/2", "ADD* IAP/44A1/3", "(MOD) ACP/64A1/2".
var proposalLine = regexp.MustCompile(`^(SUP\*|ADD\*|\(MOD\)|SUP|MOD|ADD|NOC)[ \t\x{a0}]+([A-Z][A-Za-z0-9-]*(?:/[A-Za-z0-9-]+)+)$`)

// proposalActions are the action symbols proposalLine starts with.
var proposalActions = []string{"SUP", "MOD", "ADD", "NOC", "(MOD)"}

// isProposalLine reports whether text is a proposal heading; a cheap test
// comes before the regexp, which every paragraph meets.
func isProposalLine(text string) bool {
	text = strings.TrimSpace(text)
	if len(text) > 80 || len(text) < 5 || !hasAnyPrefix(text, proposalActions) {
		return false
	}
	return proposalLine.MatchString(text)
}

// ---- Resolution lines ---------------------------------------------------

// resolutionLine matches the number line of a resolution and its kin, by
// form, not by capitals: the kind in capitals (RESOLUTION, DECISION,
// RECOMMENDATION, OPINION, or ARTICLE of the Radio Regulations, after DRAFT / NEW / DRAFT NEW / DRAFT REVISION
// OF), a number or a bracketed draft number, and an optional parenthesis
// ("(REV. BUSAN, 2014)", "(Rev. Hammamet, 2016)", "(New Delhi, 2024)").
// "RESOLUTION 2 (Rev. Hammamet, 2016)", "DRAFT NEW RESOLUTION [AFCP-1]
// (New Delhi, 2024)", "DECISION 5 (REV. DUBAI, 2018)", "RECOMMENDATION
// ITU-T X.1205".
var resolutionLine = regexp.MustCompile(`^(?:DRAFT[ \x{a0}]+(?:REVISION[ \x{a0}]+OF[ \x{a0}]+)?)?(?:NEW[ \x{a0}]+)?(?:RESOLUTION|DECISION|RECOMMENDATION|OPINION|ARTICLE)(?:[ \x{a0}]+(?:ITU-[TRD][ \x{a0}]+)?(?:\[[^\]]{1,40}\]|[A-Z0-9][A-Za-z0-9./-]{0,20}))?(?:[ \x{a0}]*\([^()]{1,80}\))?$`)

// resolutionStarts are the words a resolution line can start with, by
// resolutionLine: a cheap test that most paragraphs fail before the regexp.
var resolutionStarts = []string{"DRAFT", "NEW", "RESOLUTION", "DECISION", "RECOMMENDATION", "OPINION", "ARTICLE"}

// isResolutionLine reports whether text (clean, one line) is a resolution
// number line.
func isResolutionLine(text string) bool {
	text = strings.TrimSpace(text)
	if len(text) > 160 || len(text) < 8 || !hasAnyPrefix(text, resolutionStarts) {
		return false
	}
	if !resolutionLine.MatchString(text) {
		return false
	}
	// "RESOLUTION" alone is a heading of the cover's table, not a line.
	return strings.ContainsAny(text, "0123456789[(")
}

// ---- Annexes, appendices and headings -----------------------------------

// annexLine matches the number line of an annex or appendix, in capitals or
// mixed case: "ANNEX TO RESOLUTION 64 (REV. BUSAN, 2014)", "Annex 1 to
// Resolution 2", "APPENDIX 2 TO ANNEX A", "ANNEX A (to Resolution 2 (Rev.
// Geneva, 2022))", "ANNEX". Group 1 is the word.
var annexLine = regexp.MustCompile(`^(?i:(ANNEX|APPENDIX))(?:[ \x{a0}]+[A-Z0-9]{1,4})?(?:[ \x{a0}]+(?i:TO|OF)[ \x{a0}]+[^;:!?]{1,160}|[ \x{a0}]+\((?i:to|of)[ \x{a0}]+[^;:!?]{1,160}\))?$`)

// annexKind tells whether text is an annex or appendix number line: "annex",
// "appendix" or "". A line ending in punctuation is a sentence, and
// "Annex: 44 pages" is the cover's.
func annexKind(text string) string {
	text = strings.TrimSpace(text)
	if len(text) > 200 || len(text) < 5 || endsInPunctuation(text) ||
		!hasPrefixFold(text, "annex") && !hasPrefixFold(text, "appendix") { // as annexLine starts
		return ""
	}
	m := annexLine.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	// Mixed case "Annex 1 to Resolution 2" is taken, but a sentence that
	// begins "Annex to this resolution contains" is not: after "to" the
	// rest must read as a title, with capitals.
	if !isCaps(text) {
		if _, rest, ok := strings.Cut(strings.ToLower(text), " to "); ok && rest != "" {
			r, _ := utf8.DecodeRuneInString(text[len(text)-len(rest):])
			if !unicode.IsUpper(r) {
				return ""
			}
		}
	}
	return strings.ToLower(m[1])
}

// romanHeading matches "I. Introduction", "IV Scope": a roman number and a
// short title, without final punctuation.
var romanHeading = regexp.MustCompile(`^(?:I|II|III|IV|V|VI|VII|VIII|IX|X|XI|XII)\.?[ \t\x{a0}]+\p{Lu}`)

// numberedHeading matches "2.1 Fellowships", "3\tScope": a section number
// (one to three parts) and a title in capitals; the level is its parts.
var numberedHeading = regexp.MustCompile(`^(\d{1,2}(?:\.\d{1,2}){0,2})\.?[ \t\x{a0}]+\p{Lu}`)

// maxHeadingWords bounds a heading: a heading is a line, not a sentence.
const maxHeadingWords = 14

// headingLevel gives the level (1..3) of a numbered or roman section
// heading inside an annex, 0 when text is not one.
func headingLevel(text string) int {
	text = strings.TrimSpace(text)
	if text == "" || endsInPunctuation(text) || countWords(text, maxHeadingWords) > maxHeadingWords {
		return 0
	}
	if c := text[0]; !(c == 'I' || c == 'V' || c == 'X' || c >= '0' && c <= '9') {
		return 0 // neither romanHeading nor numberedHeading can match
	}
	if romanHeading.MatchString(text) {
		return 1
	}
	if m := numberedHeading.FindStringSubmatch(text); m != nil {
		return strings.Count(m[1], ".") + 1
	}
	return 0
}

// isBoldHeading reports whether a paragraph is a bold run-in heading
// (Headingb): all bold, short, no final punctuation but a colon.
func isBoldHeading(text string, bold bool) bool {
	text = strings.TrimSpace(text)
	if !bold || text == "" || countWords(text, maxHeadingWords) > maxHeadingWords {
		return false
	}
	return !endsInPunctuation(strings.TrimSuffix(text, ":"))
}

// ---- Calls --------------------------------------------------------------

// callWords are the words that open the preambular and operative parts of a
// resolution ("recalling", "resolves", "instructs the Secretary-General"),
// as PP, WTSA, WTDC, WRC and Council texts write them.
var callWords = toSet(
	// preambular
	"recalling", "recognizing", "recognising", "considering", "noting", "taking", "bearing",
	"aware", "emphasizing", "emphasising", "endorsing", "having", "mindful", "convinced",
	"acknowledging", "reaffirming", "expressing", "welcoming", "observing", "concerned",
	"highlighting", "underlining", "stressing", "affirming", "realizing", "realising",
	"keeping", "guided", "deeply", "conscious", "reiterating", "believing", "desiring",
	"determined", "referring", "seeking", "alarmed", "anxious", "confident",
	"cognizant", "appreciating", "pursuant", "in", "further",
	// operative
	"resolves", "instructs", "invites", "requests", "decides", "encourages", "urges",
	"calls", "recommends", "appeals", "approves", "agrees", "charges", "welcomes",
	"notes", "commends", "adopts", "authorizes", "authorises", "declares", "endorses",
	"expresses", "proclaims", "reminds", "supports", "takes", "accepts", "affirms",
	"underlines", "acknowledges", "emphasizes", "emphasises", "confirms", "reaffirms",
)

// maxCallWords bounds a call: "instructs the Secretary-General, in close
// cooperation with the Directors of the three Bureaux" is 13 words; a call
// is a line, not a paragraph.
const maxCallWords = 24

// maxShapeCallWords bounds a call recognised by shape alone, without a
// word of callWords: "commends the efforts" yes, a sentence no.
const maxShapeCallWords = 6

// callKind tells whether text (clean, one line) is a call: "list" when it
// opens with a call word, "shape" when it has a call's shape only (a short
// line in lower case with no final punctuation), "" otherwise. bold is
// whether the paragraph is all bold: a bold line is a heading, never a call.
func callKind(text string, bold bool) string {
	text = strings.TrimSpace(text)
	if text == "" || bold || len(text) > 400 || endsInPunctuation(text) {
		return ""
	}
	first, _ := utf8.DecodeRuneInString(text)
	nwords := countWords(text, maxCallWords)
	if nwords > maxCallWords {
		return ""
	}
	word0, word1 := firstWords(text)
	w := strings.ToLower(strings.SplitN(strings.Trim(word0, "*"), "/", 2)[0])
	switch {
	case !unicode.IsLower(first):
		// "Invites Member States, …": a capitalised call, as some texts
		// write them, when its word is a call word; never by shape.
		if unicode.IsUpper(first) && callWords[w] && w != "in" && w != "further" {
			return "list"
		}
		return ""
	case callWords[w] && w != "in":
		return "list"
	case w == "in" && nwords > 1 && (word1 == "view" || word1 == "light"):
		return "list" // "in view of", "in light of"
	case nwords <= maxShapeCallWords && verbLike(word0, word1):
		return "shape"
	}
	return ""
}

// verbLike reports whether a line opens as calls do, with a participle or a
// verb in the third person ("realizing", "guided by", "commends", "deeply
// concerned"), not with an article or a conjunction ("that there is").
func verbLike(first, second string) bool {
	verb := func(w string) bool {
		w = strings.ToLower(strings.Trim(w, "*,"))
		for _, end := range []string{"ing", "ed", "es", "s"} {
			if len(w) > len(end)+2 && strings.HasSuffix(w, end) && !strings.HasSuffix(w, "ss") {
				return true
			}
		}
		return false
	}
	if verb(first) {
		return true
	}
	return second != "" && strings.HasSuffix(strings.ToLower(first), "ly") && verb(second)
}

// mergedCall finds a call that the export ran into the end of the paragraph
// before it: "..., further instructs the Director of ...".
var mergedCall = regexp.MustCompile(`,[ \t]+((?:further[ \t]+)?(?:instructs|invites|resolves|requests|decides|encourages|urges|calls upon)[ \t][^.;:,]*)$`)

// ---- Labels -------------------------------------------------------------

// labelStart matches a label at the start of a paragraph's text: letters or
// numbers closed by ')' (several when the export flattened a renumbering,
// "d)e)"), a number with or without a full stop, or a dash. A stray '*'
// after ')' is an italic marker the export broke.
var labelStart = regexp.MustCompile(`^(?:(?:(?:[a-z]{1,3}|\d{1,3})\)\*?)+|\d{1,3}(?:\.\d{1,2})*\.?|[–—-])`)

// labelSep is what separates a label from its text: white space, and the em
// dash the export writes for a tab in deleted items ("e) — that ...").
var labelSep = regexp.MustCompile(`^[ \t\x{a0}]+(?:—[ \t\x{a0}]+)?`)

// romanRe matches the roman numerals of sub-items, i) to xii).
var romanRe = regexp.MustCompile(`^(?:i|ii|iii|iv|v|vi|vii|viii|ix|x|xi|xii)$`)

// ---- Page splits --------------------------------------------------------

// referenceWords end a line that a number continues: "… in particular
// Resolution" / "71 (Rev. Bucharest, 2022), …" is one sentence split at a
// page end, not a paragraph and an item "71".
var referenceWords = toSet(
	"resolution", "resolutions", "decision", "decisions", "recommendation", "recommendations",
	"opinion", "article", "articles", "annex", "appendix", "no.", "nos.", "§", "§§",
	"question", "questions", "paragraph", "paragraphs", "section", "chapter", "document",
	"and", "or", "to", "of", "in", "under", "see",
)

// functionWords end a line that a capitalised word continues ("… adopted by
// the" / "Council at its 2009 session").
var functionWords = toSet(
	"the", "of", "and", "for", "to", "in", "on", "a", "an", "by", "with", "at", "from",
	"its", "their", "this", "that", "as", "or", "de", "du", "la", "le", "des", "et",
)

// ---- Footnotes and exponents --------------------------------------------

// units are the units of measure after which a superscript digit is an
// exponent ("km²", "m³"), not a footnote mark.
var units = toSet("km", "m", "cm", "mm", "dm", "µm", "nm", "s", "ms", "ft", "in", "mi", "kg", "g")

// ---- Covers -------------------------------------------------------------

var (
	committeeLine  = regexp.MustCompile(`^(?:COMMITTEE \d+|PLENARY MEETING|Committee \d+|Plenary Meeting)$`)
	documentLine   = regexp.MustCompile(`^Document ([A-Za-z0-9()/.+-]+-[A-Z])$`)
	revisionLine   = regexp.MustCompile(`^(Revision|Addendum|Corrigendum) (\d{1,3}) to$`)
	dateLine       = regexp.MustCompile(`^(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})$`)
	originalLine   = regexp.MustCompile(`^Original: *(\S.*)$`)
	agendaLine     = regexp.MustCompile(`^Agenda item: *(\S.*)$`)
	conferenceLine = regexp.MustCompile(`^(.*(?:Conference|Assembly|Council|Forum).*) \(([A-Z]+)-?(\d+)\)$`)
	placeLine      = regexp.MustCompile(`^[\p{Lu}][\p{L} .'-]+, \d{1,2}( [A-Z][a-z]+)?( \d{4})? ?[-–] ?\d{1,2} [A-Z][a-z]+ \d{4}$`)
	annexPagesLine = regexp.MustCompile(`^Annex(?:es)?: *(\d+) pages?$`)
)

// revisionAbbrev gives the reference form of a document kind: "Revision 1
// to" makes 118(Rev.1)-E.
var revisionAbbrev = map[string]string{"Revision": "Rev", "Addendum": "Add", "Corrigendum": "Cor"}

// maxSourceWords bounds a mixed-case source line ("Member States of the
// Inter-American Telecommunication Commission (CITEL)").
const maxSourceWords = 16

// isSourceLine reports whether a cover paragraph can be its source: the
// issuing body, in capitals or in mixed case, one short line without final
// punctuation and not bold (the title is).
func isSourceLine(text string, bold bool) bool {
	if bold || text == "" || strings.Contains(text, "\t") || endsInPunctuation(text) {
		return false
	}
	if isCaps(text) {
		return true
	}
	first, _ := utf8.DecodeRuneInString(text)
	return unicode.IsUpper(first) && countWords(text, maxSourceWords) <= maxSourceWords && !strings.Contains(text, ". ")
}

// ---- Tables -------------------------------------------------------------

// pipeSeparator matches the separator row of a pipe table: "|---|:--:|".
var pipeSeparator = regexp.MustCompile(`^\|?[ \t]*:?-{1,}:?[ \t]*(?:\|[ \t]*:?-{1,}:?[ \t]*)*\|?$`)

// isPipeRow reports whether a line is a row of a pipe table.
func isPipeRow(line string) bool {
	line = strings.TrimSpace(line)
	return len(line) >= 2 && line[0] == '|' && line[len(line)-1] == '|'
}

// ---- Helpers ------------------------------------------------------------

// maxLineBytes is longer than any line a recogniser takes (a call is at
// most 400 bytes, a heading 14 words): text beyond it is a paragraph of
// body text, and needs no folding of its spaces to tell.
const maxLineBytes = 400

// lineOf is the clean text of inlines as one line (spaces folded), for
// the recognisers: folded only when it is short enough to be a line.
func lineOf(in []doc.Inline) string {
	text := doc.CleanText(in)
	if len(text) > maxLineBytes {
		return text
	}
	return foldSpaces(text)
}

// finalPunctuation ends a sentence or a clause.
const finalPunctuation = ".;:,!?"

func endsInPunctuation(text string) bool {
	text = strings.TrimRight(text, " \t*")
	last, _ := utf8.DecodeLastRuneInString(text)
	return strings.ContainsRune(finalPunctuation, last)
}

func toSet(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// hasAnyPrefix reports whether s starts with one of prefixes.
func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII word
// prefix, in any case (the letters of the words it is asked for have no
// other case folding in Unicode, so (?i) in a regexp reads them alike).
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if c := s[i]; c != prefix[i] && c+'a'-'A' != prefix[i] {
			return false
		}
	}
	return true
}
