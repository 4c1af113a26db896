package doc

// Stats counts what a document holds.
type Stats struct {
	// Paragraphs counts paragraphs by style name (table cells included).
	Paragraphs map[Style]int `json:"paragraphs"`
	// Insertions and Deletions count changes: one for each [..](#) or
	// ~~..~~ of the source (or edit, or w:ins / w:del), however many runs,
	// labels or paragraphs it was cut into.
	Insertions int `json:"insertions"`
	Deletions  int `json:"deletions"`
	Footnotes  int `json:"footnotes"`
}

// Stats counts the document's paragraphs, changes and footnotes.
func (d *Document) Stats() Stats {
	s := Stats{Paragraphs: map[Style]int{}, Footnotes: len(d.Footnotes)}
	Paragraphs(d.Blocks, func(p *Paragraph) { s.Paragraphs[p.Style]++ })
	// Count the changes something still points to: a view's document keeps
	// the whole table, and one change may be cut into many runs.
	used := make([]bool, len(d.Changes)+1)
	mark := func(r Revision) {
		used[r.Ins], used[r.Del] = true, true
	}
	walkRevisions(d, mark)
	for i, c := range d.Changes {
		if !used[i+1] {
			continue
		}
		switch c.Kind {
		case Insertion:
			s.Insertions++
		case Deletion:
			s.Deletions++
		}
	}
	return s
}

// walkRevisions calls fn with every revision in the document: runs and
// footnote references of paragraphs, labels and footnotes, paragraph marks.
func walkRevisions(d *Document, fn func(Revision)) {
	inl := func(in []Inline) {
		for _, il := range in {
			fn(il.Revision())
		}
	}
	Paragraphs(d.Blocks, func(p *Paragraph) {
		fn(p.Mark)
		inl(p.Label)
		inl(p.Inlines)
	})
	for _, f := range d.Footnotes {
		inl(f.Inlines)
	}
}
