package compare

import (
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// Figures measure a marked document: how many changes it makes, how much
// text they mark, and how many are pepper. The same measure serves a
// source's own marks, compare's redline, and LibreOffice's (its redlines
// read into runs), so that the three can be set side by side.
type Figures struct {
	// Changes counts deletions and insertions: maximal runs of text with
	// one revision, in a paragraph (label, tab, text), a table cell or a
	// footnote.
	Changes    int `json:"changes"`
	Deletions  int `json:"deletions"`
	Insertions int `json:"insertions"`
	// WordsMarked counts the words (runs of letters and digits) that
	// changes hold, a word cut by a change counting in each part;
	// CharsMarked their characters.
	WordsMarked int `json:"wordsMarked"`
	CharsMarked int `json:"charsMarked"`
	// Pepper counts changes shorter than pepperRunes characters, with a
	// letter or digit, that cut a word of their own version of the text:
	// the letter before or after them there is part of the same word
	// ("G~~uadalajara~~", "20[1](#)4"). A whole short word changed is not
	// pepper.
	Pepper int `json:"pepper"`
}

// pepperRunes is the length below which a change inside a word is pepper.
const pepperRunes = 3

// Measure gives the figures of d as it is marked (its runs and
// references; a label and its text are one paragraph, with a tab between
// them; paragraph marks are not counted, footnote references count as one
// character, not a word).
func Measure(d *doc.Document) Figures {
	var f Figures
	doc.Paragraphs(d.Blocks, func(p *doc.Paragraph) {
		in := p.Inlines
		if len(p.Label) > 0 {
			// Label, tab, text, as the Word file has them: the tab goes with a
			// label wholly inserted or deleted (layouts/docx).
			tab := &doc.Run{Text: "\t", Rev: labelRev(p.Label)}
			in = append(append(append([]doc.Inline{}, p.Label...), tab), p.Inlines...)
		}
		f.add(in)
	})
	for _, fn := range d.Footnotes {
		f.add(fn.Inlines)
	}
	return f
}

// Segment is text of one revision, for AddSegments.
type Segment struct {
	Text string
	Rev  doc.Rev
}

func (f *Figures) add(in []doc.Inline) {
	var segs []Segment
	for _, il := range in {
		switch il := il.(type) {
		case *doc.Run:
			segs = append(segs, Segment{il.Text, il.Rev.Shown()})
		case *doc.FootnoteRef:
			segs = append(segs, Segment{"\uFFFC", il.Rev.Shown()})
		}
	}
	f.AddSegments(segs)
}

// AddSegments adds the figures of one paragraph given as texts with their
// revisions, in order.
func (f *Figures) AddSegments(segs []Segment) {
	for i := 0; i < len(segs); {
		rev := segs[i].Rev
		if rev == doc.Unchanged || segs[i].Text == "" {
			i++
			continue
		}
		j := i
		text := ""
		for j < len(segs) && (segs[j].Rev == rev || segs[j].Text == "") {
			text += segs[j].Text
			j++
		}
		f.Changes++
		if rev == doc.Deleted {
			f.Deletions++
		} else {
			f.Insertions++
		}
		n := utf8.RuneCountInString(text)
		f.CharsMarked += n
		f.WordsMarked += countWords(text)
		if n < pepperRunes && countWords(text) > 0 && cutsWord(segs, i, j, rev) {
			f.Pepper++
		}
		i = j
	}
}

func countWords(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := isWordRune(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// cutsWord reports whether the change segs[i:j] has a word character next
// to it in its own version of the text (the other revision left out).
func cutsWord(segs []Segment, i, j int, rev doc.Rev) bool {
	other := doc.Inserted
	if rev == doc.Inserted {
		other = doc.Deleted
	}
	first, _ := utf8.DecodeRuneInString(segs[i].Text)
	lastSeg := segs[j-1].Text
	for k := j - 1; lastSeg == "" && k > i; k-- {
		lastSeg = segs[k-1].Text
	}
	last, _ := utf8.DecodeLastRuneInString(lastSeg)
	for k := i - 1; k >= 0; k-- {
		if segs[k].Rev == other || segs[k].Text == "" {
			continue
		}
		r, _ := utf8.DecodeLastRuneInString(segs[k].Text)
		if isWordRune(r) && isWordRune(first) {
			return true
		}
		break
	}
	for k := j; k < len(segs); k++ {
		if segs[k].Rev == other || segs[k].Text == "" {
			continue
		}
		r, _ := utf8.DecodeRuneInString(segs[k].Text)
		if isWordRune(r) && isWordRune(last) {
			return true
		}
		break
	}
	return false
}

// labelRev is the revision of a label wholly in one revision, or none.
func labelRev(label []doc.Inline) doc.Revision {
	rev := label[0].Revision()
	for _, il := range label[1:] {
		if il.Revision() != rev {
			return doc.Revision{}
		}
	}
	return rev
}
