package doc

// Stats counts what a document holds.
type Stats struct {
	// Paragraphs counts paragraphs by style name (table cells included).
	Paragraphs map[Style]int `json:"paragraphs"`
	// Insertions and Deletions count source revision marks: one for each
	// [..](#) or ~~..~~, however many runs or labels it was cut into. A mark
	// that normalize joined across paragraphs still counts once.
	Insertions int `json:"insertions"`
	Deletions  int `json:"deletions"`
	Footnotes  int `json:"footnotes"`
}

// Stats counts the document's paragraphs, revision marks and footnotes.
func (d *Document) Stats() Stats {
	s := Stats{Paragraphs: map[Style]int{}, Footnotes: len(d.Footnotes)}
	seen := map[int]bool{}
	count := func(in []Inline) {
		for _, il := range in {
			var span int
			switch il := il.(type) {
			case *Run:
				span = il.Span
			case *FootnoteRef:
				span = il.Span
			}
			if span == 0 || seen[span] {
				continue
			}
			seen[span] = true
			switch il.Revision() {
			case Inserted:
				s.Insertions++
			case Deleted:
				s.Deletions++
			}
		}
	}
	Paragraphs(d.Blocks, func(p *Paragraph) {
		s.Paragraphs[p.Style]++
		count(p.Label)
		count(p.Inlines)
	})
	for _, f := range d.Footnotes {
		count(f.Inlines)
	}
	return s
}
