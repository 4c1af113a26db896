package dialectoracle

import (
	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too

	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each case: a source, its words in the three views (joined by one space),
// and its number of insertion and deletion marks.
var cases = []struct {
	name                    string
	src                     string
	clean, original, marked string
	ins, del                int
}{
	// Deletions beside punctuation: paired whatever stands beside them. The
	// export flattened a relabelling to "~~c)~~b)": only the old label is
	// marked, so the Original view reads "c)b)" (the new label is not an
	// insertion as written).
	{"comma then insertion", "the Council~~,~~[;](#) and", "the Council; and", "the Council, and", "the Council,; and", 1, 1},
	{"relabelled item", "- ~~c)~~b) relabelled", "b) relabelled", "c)b) relabelled", "c)b) relabelled", 0, 1},
	{"hyphen", "machine~~-~~learning", "machinelearning", "machine-learning", "machine-learning", 0, 1},
	{"apostrophe", "the Union~~’s~~ work", "the Union work", "the Union’s work", "the Union’s work", 0, 1},
	{"leading space in a deletion", "(TDAG)~~ once a year~~, to", "(TDAG), to", "(TDAG) once a year, to", "(TDAG) once a year, to", 0, 1},
	{"deletion then insertion, no space", "RESOLUTION 64 (REV. ~~BUSAN, 2014~~BUCHAREST, 2022)", "RESOLUTION 64 (REV. BUCHAREST, 2022)", "RESOLUTION 64 (REV. BUSAN, 2014BUCHAREST, 2022)", "RESOLUTION 64 (REV. BUSAN, 2014BUCHAREST, 2022)", 0, 1},
	{"renumbered label", "~~7~~8 to report", "8 to report", "78 to report", "78 to report", 0, 1},
	{"deleted label and text", "~~a)~~ ~~Resolution 130;~~", "", "a) Resolution 130;", "a) Resolution 130;", 0, 2},

	// Marks that span lines and paragraphs.
	{"insertion over three items",
		"- 1 first item;\n- [2 inserted item;\n- 3 inserted item,](#)\n- 4 last item.",
		"1 first item; 2 inserted item; 3 inserted item, 4 last item.",
		"1 first item; 4 last item.",
		"1 first item; 2 inserted item; 3 inserted item, 4 last item.", 1, 0},
	{"insertion over paragraphs",
		"a) one;\n\n[b) two;\n\nc) three;](#)\n\nd) four.",
		"a) one; b) two; c) three; d) four.", "a) one; d) four.", "a) one; b) two; c) three; d) four.", 1, 0},
	{"deletion over items",
		"- a) kept;\n- ~~b) gone;\n- c) gone too;~~\n- d) kept.",
		"a) kept; d) kept.", "a) kept; b) gone; c) gone too; d) kept.", "a) kept; b) gone; c) gone too; d) kept.", 0, 1},

	// Insertions and links.
	{"link inside an insertion",
		"[and the annual report, see the [Council page](https://www.itu.int/council)](#) here",
		"and the annual report, see the Council page here", "here", "and the annual report, see the Council page here", 1, 0},
	{"real link", "see the [Council page](https://www.itu.int/council).", "see the Council page.", "see the Council page.", "see the Council page.", 0, 0},
	{"anchor link is not an insertion", "[part 2](#part-2)", "part 2", "part 2", "part 2", 0, 0},
	{"brackets as text", "DRAFT NEW RESOLUTION [AFCP-1] (New Delhi, 2024)", "DRAFT NEW RESOLUTION [AFCP-1] (New Delhi, 2024)", "DRAFT NEW RESOLUTION [AFCP-1] (New Delhi, 2024)", "DRAFT NEW RESOLUTION [AFCP-1] (New Delhi, 2024)", 0, 0},
	{"brackets inside an insertion", "[new [WG-PL/7] text](#) old", "new [WG-PL/7] text old", "old", "new [WG-PL/7] text old", 1, 0},
	{"insertion of a bracketed number", "Resolution [AFCP-1](#) text", "Resolution AFCP-1 text", "Resolution text", "Resolution AFCP-1 text", 1, 0},
	{"two insertions on two lines", "([Guadalajara, 2010](#)\n[Busan, 2014](#)),", "(Guadalajara, 2010 Busan, 2014),", "(\n),", "(Guadalajara, 2010 Busan, 2014),", 2, 0},
	{"unclosed bracket", "[noting that", "[noting that", "[noting that", "[noting that", 0, 0},
	{"closer without opener", "text](#) more", "text](#) more", "text](#) more", "text](#) more", 0, 0},
	{"space before (#)", "[a] (#)", "[a] (#)", "[a] (#)", "[a] (#)", 0, 0},
	{"bracket in a deletion closes an open one", "[noting\n\n~~]~~ (pending)", "[noting (pending)", "[noting ] (pending)", "[noting ] (pending)", 0, 1},
	{"insertion inside a deletion", "~~old [new](#) old~~ kept", "kept", "old old kept", "old new old kept", 1, 1},
	{"deletion inside an insertion", "[new ~~gone~~ new](#) kept", "new new kept", "kept", "new gone new kept", 1, 1},
	{"overlapping marks", "a [b ~~c](#) d~~ e", "a b e", "a d e", "a b c d e", 1, 1},

	// Delimiters that are text.
	{"three tildes", "a ~~~ b ~~c~~", "a ~~~ b", "a ~~~ b c", "a ~~~ b c", 0, 1},
	{"one tilde", "approx. ~5 dB", "approx. ~5 dB", "approx. ~5 dB", "approx. ~5 dB", 0, 0},
	{"unpaired tildes", "a ~~b~~ c ~~d", "a c ~~d", "a b c ~~d", "a b c ~~d", 0, 1},
	{"escaped tildes", `a \~~b~~ c`, "a ~~b~~ c", "a ~~b~~ c", "a ~~b~~ c", 0, 0},
	{"escaped brackets", `\[x\](#) \(June 2014\)`, "[x](#) (June 2014)", "[x](#) (June 2014)", "[x](#) (June 2014)", 0, 0},
	{"escaped parenthesis inside an insertion", `[Geneva \(June 2014\), § 8;](#)`, "Geneva (June 2014), § 8;", "", "Geneva (June 2014), § 8;", 1, 0},
	{"other backslash", `a\b c\`, `a\b c`, `a\b c`, `a\b c`, 0, 0},

	// Emphasis and list markers.
	{"bold and italic", "**Reasons:** the *inter alia* case", "Reasons: the inter alia case", "Reasons: the inter alia case", "Reasons: the inter alia case", 0, 0},
	{"bold over two lines", "**SIXTH SERIES OF TEXTS\nTO THE COMMITTEE**", "SIXTH SERIES OF TEXTS TO THE COMMITTEE", "SIXTH SERIES OF TEXTS TO THE COMMITTEE", "SIXTH SERIES OF TEXTS TO THE COMMITTEE", 0, 0},
	{"asterisk of a symbol", "ADD*\tIAP/44A1/2", "ADD* IAP/44A1/2", "ADD* IAP/44A1/2", "ADD* IAP/44A1/2", 0, 0},
	{"symbol then bold id", "SUP* **ACP/64A1/7**", "SUP* ACP/64A1/7", "SUP* ACP/64A1/7", "SUP* ACP/64A1/7", 0, 0},
	{"unpaired asterisk after a label", "- ec)* that there", "ec)* that there", "ec)* that there", "ec)* that there", 0, 0},
	{"italic label in a deletion", "~~*d)* that Opinion 4~~ e) kept", "e) kept", "d) that Opinion 4 e) kept", "d) that Opinion 4 e) kept", 0, 1},
	{"emphasis does not cross items", "- a) *one\n- b) two*", "a) *one b) two*", "a) *one b) two*", "a) *one b) two*", 0, 0},
	{"labels are text", "a)\tthe first;\n1\tto continue;\n- i)\tthe second;\n  - ii) nested", "a) the first; 1 to continue; i) the second; ii) nested", "a) the first; 1 to continue; i) the second; ii) nested", "a) the first; 1 to continue; i) the second; ii) nested", 0, 0},
	{"ordered marker dropped", "1. the importance;\n2. [the preamble](#)\n- 3.2 to explore", "the importance; the preamble 3.2 to explore", "the importance; 3.2 to explore", "the importance; the preamble 3.2 to explore", 1, 0},
	{"numbered heading and roman heading", "2.1 Fellowships\n\nII. Scope\n\n1) item", "2.1 Fellowships II. Scope 1) item", "2.1 Fellowships II. Scope 1) item", "2.1 Fellowships II. Scope 1) item", 0, 0},
	{"en-dash items", "- – to improve;\n~~– to measure~~", "– to improve;", "– to improve; – to measure", "– to improve; – to measure", 0, 1},
	{"star bullet and heading", "* item\n# ANNEX 1\n## 2 Scope", "item ANNEX 1 2 Scope", "item ANNEX 1 2 Scope", "item ANNEX 1 2 Scope", 0, 0},
	{"hash in text", "item #5 and C#", "item #5 and C#", "item #5 and C#", "item #5 and C#", 0, 0},
	{"thematic break", "above\n\n---\n\nbelow", "above below", "above below", "above below", 0, 0},

	// Tables.
	{"tab rows", "Action\tTitle\nSUP\tRESOLUTION 35\n\tRESOLUTION 130", "Action Title SUP RESOLUTION 35 RESOLUTION 130", "Action Title SUP RESOLUTION 35 RESOLUTION 130", "Action Title SUP RESOLUTION 35 RESOLUTION 130", 0, 0},
	{"pipe table with marks in cells",
		"| Band | Limit |\n|:---|---:|\n| 5 925-6 425 MHz | ~~–150~~[–148](#) dB(W/m²) |\n| a\\|b | **x** |",
		"Band Limit 5 925-6 425 MHz –148 dB(W/m²) a|b x",
		"Band Limit 5 925-6 425 MHz –150 dB(W/m²) a|b x",
		"Band Limit 5 925-6 425 MHz –150–148 dB(W/m²) a|b x", 1, 1},
	{"pipe in a paragraph is text", "a | b", "a | b", "a | b", "a | b", 0, 0},

	// Spaces, superscripts, footnotes, line endings.
	{"special spaces", "96\u202Fper\u2009cent\u2002of\u20071\u00A0000", "96 per cent of 1 000", "96 per cent of 1 000", "96 per cent of 1 000", 0, 0},
	{"superscripts stay with their word", "a mechanism¹, over 1 000 km² and FIRST⁷;\n\n¹ To be formalized.", "a mechanism¹, over 1 000 km² and FIRST⁷; ¹ To be formalized.", "a mechanism¹, over 1 000 km² and FIRST⁷; ¹ To be formalized.", "a mechanism¹, over 1 000 km² and FIRST⁷; ¹ To be formalized.", 0, 0},
	{"footnote inside an insertion", "[a regional mechanism²](#) text\n\n² To be formalized.", "a regional mechanism² text ² To be formalized.", "text ² To be formalized.", "a regional mechanism² text ² To be formalized.", 1, 0},
	{"crlf and bom", "\uFEFF**a**\r\n~~b~~\rc", "a c", "a b c", "a b c", 0, 1},
}

func TestViews(t *testing.T) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			src := []byte(tc.src)
			for _, v := range []struct {
				name string
				got  []string
				want string
			}{
				{"Clean", Clean(src), tc.clean},
				{"Original", Original(src), tc.original},
				{"Marked", Marked(src), tc.marked},
			} {
				if got := strings.Join(v.got, " "); got != strings.Join(strings.Fields(v.want), " ") {
					t.Errorf("%s(%q)\n got %q\nwant %q", v.name, tc.src, got, v.want)
				}
			}
			if ins, del := Count(src); ins != tc.ins || del != tc.del {
				t.Errorf("Count(%q) = %d insertions, %d deletions; want %d, %d", tc.src, ins, del, tc.ins, tc.del)
			}
		})
	}
}

func TestMarks(t *testing.T) {
	src := []byte("a ~~b~~ [c\n\nd [e](https://x.org)](#) ~~f\ng~~")
	want := []Mark{
		{Kind: Deletion, Open: Pos{1, 3}, Close: Pos{1, 6}, Text: "b"},
		{Kind: Insertion, Open: Pos{1, 9}, Close: Pos{3, 21}, Text: "c d e"},
		{Kind: Deletion, Open: Pos{3, 26}, Close: Pos{4, 2}, Text: "f g"},
	}
	got := Marks(src)
	if len(got) != len(want) {
		t.Fatalf("got %d marks, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		g := got[i]
		if g.Kind != want[i].Kind || g.Open != want[i].Open || g.Close != want[i].Close || g.Text != want[i].Text {
			t.Errorf("mark %d: %v %v %v %q; want %v %v %v %q", i, g.Kind, g.Open, g.Close, g.Text,
				want[i].Kind, want[i].Open, want[i].Close, want[i].Text)
		}
	}
	if got[0].Spanning() || !got[1].Spanning() || !got[2].Spanning() {
		t.Errorf("Spanning: %v %v %v, want false true true", got[0].Spanning(), got[1].Spanning(), got[2].Spanning())
	}
}

// The seed, measured (not assumed): 26 insertion marks and 188 deletion
// marks, none of them spanning a line; and what no view may contain.
func TestSeed(t *testing.T) {
	src, err := os.ReadFile(filepath.Join("..", "..", "fixtures", "pp14-149-e.md"))
	if err != nil {
		t.Fatal(err)
	}
	ins, del := Count(src)
	if ins != 26 || del != 188 {
		t.Errorf("seed: %d insertions, %d deletions; want 26 and 188", ins, del)
	}
	for _, m := range Marks(src) {
		if m.Spanning() {
			t.Errorf("seed: %v at %v spans to %v", m.Kind, m.Open, m.Close)
		}
	}
	noResidue(t, src)
	// Words are only ever moved between the views, never made up.
	c, o, m := len(Clean(src)), len(Original(src)), len(Marked(src))
	if c > m || o > m || c == o {
		t.Errorf("seed: %d clean, %d original, %d marked words", c, o, m)
	}
}

// noResidue checks that no mark delimiter survives into a view, except as
// the literal text the rules say it is.
func noResidue(t *testing.T, src []byte) {
	t.Helper()
	for _, v := range []struct {
		name  string
		words []string
	}{{"Clean", Clean(src)}, {"Original", Original(src)}, {"Marked", Marked(src)}} {
		for _, w := range v.words {
			if strings.Contains(w, "](#)") || strings.Contains(strings.ReplaceAll(w, "~~~", ""), "~~") {
				t.Errorf("%s: word %q keeps a mark delimiter", v.name, w)
			}
		}
	}
}

func TestKindString(t *testing.T) {
	if Deletion.String() != "deletion" || Insertion.String() != "insertion" || Kind(0).String() != "Kind(?)" {
		t.Error("Kind.String")
	}
}

// FuzzViews: any input reads without panic; dropping text can only join
// words, never split them, so neither Clean nor Original has more words than
// Marked; marks come in source order, and Count agrees with Marks.
func FuzzViews(f *testing.F) {
	for _, tc := range cases {
		f.Add(tc.src)
	}
	f.Fuzz(func(t *testing.T, src string) {
		b := []byte(src)
		c, o, m := Clean(b), Original(b), Marked(b)
		if len(c) > len(m) || len(o) > len(m) {
			t.Fatalf("%d clean, %d original, %d marked words", len(c), len(o), len(m))
		}
		marks := Marks(b)
		ins, del := Count(b)
		if ins+del != len(marks) {
			t.Fatalf("Count %d+%d, Marks %d", ins, del, len(marks))
		}
		for i := 1; i < len(marks); i++ {
			p, q := marks[i-1].Open, marks[i].Open
			if q.Line < p.Line || q.Line == p.Line && q.Col < p.Col {
				t.Fatalf("marks out of order: %v before %v", p, q)
			}
		}
	})
}
