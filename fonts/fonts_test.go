package fonts

import (
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func TestMetrics(t *testing.T) {
	for _, s := range Styles {
		f := Metrics(s)
		if f.UnitsPerEm != 2048 {
			t.Errorf("%v: unitsPerEm %d", s, f.UnitsPerEm)
		}
		// Times New Roman's line spacing is 1.15 em; Liberation Serif keeps it.
		if lh := f.LineHeight(12); lh < 13.7 || lh > 13.9 {
			t.Errorf("%v: line height at 12 pt = %.2f", s, lh)
		}
		for _, r := range "Aa §é–—“”¹" {
			if !f.Has(r) {
				t.Errorf("%v lacks %q", s, r)
			}
		}
		if f.UnderlinePos >= 0 || f.UnderlineThickness <= 0 || f.StrikePos <= 0 {
			t.Errorf("%v: underline/strike metrics %+v", s, f)
		}
	}
	// Times New Roman widths: space 512/2048 (0.25 em), "M" 1821.
	r := Metrics(Regular)
	if w := r.Width(" ", 12); w != 3 {
		t.Errorf("space at 12 pt = %v, want 3", w)
	}
	if a := r.Advance('M'); a != 1821 {
		t.Errorf("advance of M = %d, want 1821", a)
	}
	if b := Metrics(Bold).Width("M", 12); b <= r.Width("M", 12)-1 {
		t.Errorf("bold M narrower than regular")
	}
}

func TestMap(t *testing.T) {
	f := Metrics(Regular)
	got, ok := f.Map('\u2011')
	if !ok || !f.Has(got) || (got != '\u2010' && got != '-') {
		t.Errorf("U+2011 → %q, %v", got, ok)
	}
	if got, ok := f.Map('\u00ad'); !ok || got != 0 {
		t.Errorf("soft hyphen → %q, %v; want dropped", got, ok)
	}
	if _, ok := f.Map('\U0001F600'); ok {
		t.Errorf("emoji mapped")
	}
	if got, ok := f.Map('x'); !ok || got != 'x' {
		t.Errorf("x → %q", got)
	}
}

// ASCIIGlyphs has the bit of every ASCII character the face has, and no
// other: the controls are missing from the faces, the printable ones not.
func TestASCIIGlyphs(t *testing.T) {
	for _, s := range Styles {
		f := Metrics(s)
		m := f.ASCIIGlyphs()
		for r := rune(0); r < 0x80; r++ {
			if got := m[r>>6]&(1<<(r&63)) != 0; got != f.Has(r) {
				t.Errorf("%v: ASCIIGlyphs says %v for %q, Has %v", s, got, r, f.Has(r))
			}
		}
		if m[0]&(1<<'\n') != 0 || m[1]&(1<<('A'-64)) == 0 {
			t.Errorf("%v: ASCIIGlyphs %x: a control in, or 'A' out", s, *m)
		}
	}
}
