// Package doc is the one document model that every itudoc stage shares.
//
// The parse stage (or the DOCX reader) fills it from the source (a flat
// list of paragraphs with revision-marked runs); normalize repairs and
// classifies it (metadata, cover, proposals, ITU styles, labels,
// footnotes); edit adds the Editorial Committee's changes; revise derives
// views (marked, clean, original, by author); the DOCX writer and the PDF
// typesetter consume it and never change it.
//
// Revisions are a change table (Document.Changes: kind, author, date,
// position) to which every run, footnote reference and paragraph mark
// points by a Revision of change ids (an insertion and a deletion, nested
// as Word nests them).
//
// Inline content is a flat list of runs, as in WordprocessingML: every run
// carries its own formatting and revision, so that writers never need to
// track nesting. A Run's Text may contain '\t' (a tab, kept from the source,
// e.g. between a label and its text or in table rows) and '\n' (a line break
// inside a paragraph, e.g. in the signature block).
//
// Every node carries the source position (1-based line and column, columns
// counted in characters) at which it starts.
package doc

import (
	"fmt"
	"regexp"
	"strings"
)

// Pos is a position in the source: 1-based line and column (in characters).
// The zero Pos means "no position" (a node made by a stage, not read).
type Pos struct {
	Line int `json:"line"`
	Col  int `json:"col"`
}

func (p Pos) String() string { return fmt.Sprintf("%d:%d", p.Line, p.Col) }

// IsValid reports whether p points into the source.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Rev is how a run or a paragraph mark shows: unchanged, inserted or
// deleted (a deletion nested in an insertion shows as deleted). It is what
// a reader of a marked page sees; who made the change is in its Revision.
type Rev int

const (
	Unchanged Rev = iota
	Inserted      // shown underlined: a Word insertion
	Deleted       // shown struck through: a Word deletion
)

func (r Rev) String() string {
	switch r {
	case Inserted:
		return "ins"
	case Deleted:
		return "del"
	}
	return ""
}

// MarshalText makes Rev readable in JSON dumps.
func (r Rev) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// ChangeKind is what a tracked change does.
type ChangeKind uint8

const (
	Insertion ChangeKind = iota + 1
	Deletion
)

func (k ChangeKind) String() string {
	switch k {
	case Insertion:
		return "insertion"
	case Deletion:
		return "deletion"
	}
	return "?"
}

// MarshalText makes ChangeKind readable in JSON dumps.
func (k ChangeKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// Change is one tracked change: one revision mark of the source, one edit
// of an edit script, one w:ins or w:del of a Word file. Runs, footnote
// references and paragraph marks point to it by its ChangeID.
type Change struct {
	Kind ChangeKind `json:"kind"`
	// Author made the change; "" is the document's own author (its
	// source, or the author a command names), filled in by ResolveChanges.
	Author string `json:"author,omitempty"`
	// Date is YYYY-MM-DD; "" is the document's date, as for Author.
	Date string `json:"date,omitempty"`
	Pos  Pos    `json:"pos"`
}

// ChangeID numbers Document.Changes from 1; 0 means "no change".
type ChangeID int

// Revision says which changes a run, a footnote reference or a paragraph
// mark belongs to: at most one insertion and one deletion. When both are
// set the text was inserted (by one author) and then deleted (by the same
// or another), as Word nests a w:del inside a w:ins.
type Revision struct {
	Ins ChangeID `json:"ins,omitempty"`
	Del ChangeID `json:"del,omitempty"`
}

// IsZero reports whether the revision is no change at all.
func (r Revision) IsZero() bool { return r.Ins == 0 && r.Del == 0 }

// Shown is how the revision shows on a marked page.
func (r Revision) Shown() Rev {
	switch {
	case r.Del != 0:
		return Deleted
	case r.Ins != 0:
		return Inserted
	}
	return Unchanged
}

// NewChange adds c to the change table and gives its id.
func (d *Document) NewChange(c Change) ChangeID {
	d.Changes = append(d.Changes, c)
	return ChangeID(len(d.Changes))
}

// Change gives the change with id, or the zero Change for an id not in the
// table.
func (d *Document) Change(id ChangeID) Change {
	if id < 1 || int(id) > len(d.Changes) {
		return Change{}
	}
	return d.Changes[id-1]
}

// ResolveChanges gives every change without an author or a date the
// document's: author and date (YYYY-MM-DD) as the caller resolved them from
// settings and Meta. Writers then print what the table says.
func (d *Document) ResolveChanges(author, date string) {
	for i := range d.Changes {
		if d.Changes[i].Author == "" {
			d.Changes[i].Author = author
		}
		if d.Changes[i].Date == "" {
			d.Changes[i].Date = date
		}
	}
}

// Authors lists the authors of the document's changes, in order of first
// change, with the counts of their insertions and deletions.
func (d *Document) Authors() []AuthorCount {
	var out []AuthorCount
	index := map[string]int{}
	for _, c := range d.Changes {
		i, ok := index[c.Author]
		if !ok {
			i = len(out)
			index[c.Author] = i
			out = append(out, AuthorCount{Author: c.Author})
		}
		switch c.Kind {
		case Insertion:
			out[i].Insertions++
		case Deletion:
			out[i].Deletions++
		}
	}
	return out
}

// AuthorCount is one author's share of the changes.
type AuthorCount struct {
	Author     string `json:"author"`
	Insertions int    `json:"insertions"`
	Deletions  int    `json:"deletions"`
}

// Format is a set of character formats.
type Format uint8

const (
	Bold Format = 1 << iota
	Italic
	Superscript
)

func (f Format) String() string {
	s := ""
	if f&Bold != 0 {
		s += "b"
	}
	if f&Italic != 0 {
		s += "i"
	}
	if f&Superscript != 0 {
		s += "^"
	}
	return s
}

// MarshalText makes Format readable in JSON dumps.
func (f Format) MarshalText() ([]byte, error) { return []byte(f.String()), nil }

// Style is an ITU paragraph style name, as Word shows it. The values of each
// style (font, size, spacing, indents) live in layouts/itu.
type Style string

const (
	StyleNormal           Style = "Normal"
	StyleNormalAfterTitle Style = "Normalaftertitle"
	StyleCall             Style = "Call"
	StyleResNo            Style = "ResNo"
	StyleRestitle         Style = "Restitle"
	StyleProposal         Style = "Proposal"
	StyleReasons          Style = "Reasons"
	StyleSource           Style = "Source"
	StyleTitle1           Style = "Title1"
	StyleHeadingB         Style = "Headingb"
	StyleEnumlev1         Style = "enumlev1"
	StyleEnumlev2         Style = "enumlev2"
	StyleEnumlev3         Style = "enumlev3"
	StyleTableText        Style = "Table_text"
	StyleTableHead        Style = "Table_head"
	StyleFootnoteText     Style = "footnote text"
	StyleAnnexNo          Style = "AnnexNo"       // "ANNEX TO RESOLUTION 64 (REV. BUSAN, 2014)"
	StyleAnnextitle       Style = "Annextitle"    // the annex's title
	StyleAppendixNo       Style = "AppendixNo"    // "APPENDIX 1 TO ANNEX …"
	StyleAppendixtitle    Style = "Appendixtitle" // the appendix's title
	StyleHeading1         Style = "Heading 1"     // "1 Scope" inside annexes
	StyleHeading2         Style = "Heading 2"     // "2.1 Fellowships"
	StyleHeading3         Style = "Heading 3"     // "2.1.1 …"
)

// HeadingStyle gives the numbered heading style at level 1..3.
func HeadingStyle(level int) Style {
	switch {
	case level <= 1:
		return StyleHeading1
	case level == 2:
		return StyleHeading2
	}
	return StyleHeading3
}

// EnumlevStyle gives the enumlev style of a labelled paragraph at level 1..3.
func EnumlevStyle(level int) Style {
	switch {
	case level <= 1:
		return StyleEnumlev1
	case level == 2:
		return StyleEnumlev2
	}
	return StyleEnumlev3
}

// Document is a whole conference document.
//
// Blocks holds the document in reading order: before normalize, the flat list
// of paragraphs the parser read; after it, the cover body (paragraphs and the
// Action/Title table) followed by one *Proposal per proposal of the annex.
type Document struct {
	Source      string       `json:"source"` // file name as given, "-" for stdin
	Meta        Meta         `json:"meta"`
	Blocks      []Block      `json:"-"`
	Footnotes   []*Footnote  `json:"footnotes"`
	Diagnostics []Diagnostic `json:"-"`
	// Changes is the change table: Changes[id-1] is the change with that
	// ChangeID. Every revision of the document points into it.
	Changes []Change `json:"changes,omitempty"`
}

// Meta is what the cover block says about the document.
type Meta struct {
	Conference string   `json:"conference,omitempty"` // "Plenipotentiary Conference (PP-14)"
	Place      string   `json:"place,omitempty"`      // "Busan, 20 October - 7 November 2014"
	Code       string   `json:"code,omitempty"`       // "PP14": prefix of the document reference
	Committee  string   `json:"committee,omitempty"`  // "COMMITTEE 4"
	Agenda     string   `json:"agenda,omitempty"`     // "PL 1.4": a Council document's agenda item
	Number     string   `json:"number,omitempty"`     // "149-E"
	Revision   string   `json:"revision,omitempty"`   // "Rev.1", "Add.1", "Cor.1": a revision, addendum or corrigendum of Number
	Date       string   `json:"date,omitempty"`       // "3 November 2014", as written
	ISODate    string   `json:"isoDate,omitempty"`    // "2014-11-03", parsed from Date
	Original   string   `json:"original,omitempty"`   // "English"
	Source     string   `json:"source,omitempty"`     // "WORKING GROUP OF THE PLENARY"
	Title      string   `json:"title,omitempty"`      // the cover title, one line
	Signature  []string `json:"signature,omitempty"`  // lines of the signature block
	AnnexPages int      `json:"annexPages,omitempty"` // "Annex: 44 pages"
}

// Reference is the running-header reference, e.g. "PP14/149-E", or
// "PP22/118(Rev.1)-E" for a revision (just the number when the conference
// code is unknown).
func (m Meta) Reference() string {
	num := m.Number
	if m.Revision != "" {
		if i := strings.LastIndexByte(num, '-'); i > 0 {
			num = num[:i] + "(" + m.Revision + ")" + num[i:]
		} else {
			num += "(" + m.Revision + ")"
		}
	}
	if m.Code == "" {
		return num
	}
	return m.Code + "/" + num
}

// RevisionLine is the cover line above "Document N" of a revision,
// addendum or corrigendum ("Revision 1 to"), "" for the document itself.
func (m Meta) RevisionLine() string {
	kind, n, ok := strings.Cut(m.Revision, ".")
	if !ok {
		return ""
	}
	word := map[string]string{"Rev": "Revision", "Add": "Addendum", "Cor": "Corrigendum"}[kind]
	if word == "" {
		return ""
	}
	return word + " " + n + " to"
}

var conferenceCode = regexp.MustCompile(`\(([A-Z]+)-(\d+)\)`)

// ConferenceCode makes the reference prefix from a conference name:
// "Plenipotentiary Conference (PP-14)" gives "PP14"; "" when the name has no
// "(XX-NN)".
func ConferenceCode(conference string) string {
	if m := conferenceCode.FindStringSubmatch(conference); m != nil {
		return m[1] + m[2]
	}
	return ""
}

// Block is a Paragraph, a Table or a Proposal.
type Block interface {
	Position() Pos
	isBlock()
}

// Paragraph is one paragraph with an ITU style.
type Paragraph struct {
	Pos   Pos   `json:"pos"`
	Style Style `json:"style"`
	// Level is 1..3 for a labelled paragraph (enumlev1..3), 0 otherwise.
	Level int `json:"level,omitempty"`
	// Label is the paragraph's label ("a)", "1", "–"), with its own revision
	// marks ("~~7~~8"). Writers put a tab between Label and Inlines.
	Label   []Inline `json:"label,omitempty"`
	Inlines []Inline `json:"inlines"`
	// Mark is the revision of the paragraph mark: an insertion or deletion
	// when the whole paragraph was inserted or deleted, so that accepting or
	// rejecting every change leaves no empty paragraph behind.
	Mark Revision `json:"mark,omitempty"`
	// List records how the source wrote the paragraph as a list item, if it
	// did; normalize reads it to find labels and levels.
	List *ListMarker `json:"-"`
	// Heading is the level of a Markdown heading ("# …" is 1) the source
	// wrote the paragraph as, 0 if it did not; normalize reads it.
	Heading int `json:"-"`
}

// ListMarker is the list syntax the source used for a paragraph.
type ListMarker struct {
	Bullet  bool // "- " or "* "
	Ordered int  // "2. " gives 2; 0 when not ordered
	Indent  int  // leading spaces before the marker
}

// Table is a table; the cover's Action/Title table is one.
type Table struct {
	Pos  Pos    `json:"pos"`
	Rows []*Row `json:"rows"`
}

// Row is one table row; Header rows repeat on each page.
type Row struct {
	Header bool         `json:"header,omitempty"`
	Cells  []*Paragraph `json:"cells"`
}

// Action is a proposal symbol: what the proposal does to the text.
type Action string

const (
	ActionSUP     Action = "SUP"   // abrogated: the source gives its heading (and sometimes more), all kept
	ActionMOD     Action = "MOD"   // modified: revision marks
	ActionADD     Action = "ADD"   // new text: no revision marks
	ActionNOC     Action = "NOC"   // no change
	ActionADDStar Action = "ADD*"  // added, consequential
	ActionSUPStar Action = "SUP*"  // suppressed, consequential
	ActionMODPar  Action = "(MOD)" // editorial modification
)

// Suppressed reports whether the proposal abrogates its text (SUP, SUP*).
func (a Action) Suppressed() bool { return a == ActionSUP || a == ActionSUPStar }

// New reports whether the proposal adds new text (ADD, ADD*), which carries
// no revision marks.
func (a Action) New() bool { return a == ActionADD || a == ActionADDStar }

// Proposal is one proposal of the annex: its heading paragraph
// ("MOD WGPL/149/2", style Proposal) is Blocks[0].
type Proposal struct {
	Pos    Pos     `json:"pos"`
	Action Action  `json:"action"`
	ID     string  `json:"id"`               // "WGPL/149/2"
	Number string  `json:"number,omitempty"` // ResNo line in clean text: "RESOLUTION 64 (REV. BUSAN, 2014)"
	Title  string  `json:"title,omitempty"`  // Restitle in clean text
	Blocks []Block `json:"-"`
}

func (p *Paragraph) Position() Pos { return p.Pos }
func (t *Table) Position() Pos     { return t.Pos }
func (p *Proposal) Position() Pos  { return p.Pos }
func (*Paragraph) isBlock()        {}
func (*Table) isBlock()            {}
func (*Proposal) isBlock()         {}

// Inline is a Run or a FootnoteRef.
type Inline interface {
	Position() Pos
	Revision() Revision
	isInline()
}

// Run is text with one format and one revision.
type Run struct {
	Pos    Pos      `json:"pos"`
	Text   string   `json:"text"`
	Format Format   `json:"format,omitempty"`
	Rev    Revision `json:"rev,omitempty"`
	// Link is the target of a real hyperlink ("https://…") the run belongs
	// to; "" for text that links nowhere. Insertions ([…](#)) are not links.
	Link string `json:"link,omitempty"`
}

// FootnoteRef is a reference to Document.Footnotes[ID-1].
type FootnoteRef struct {
	Pos  Pos      `json:"pos"`
	ID   int      `json:"id"`   // 1-based, in order of reference
	Mark string   `json:"mark"` // the mark the source used: "1"
	Rev  Revision `json:"rev,omitempty"`
}

func (r *Run) Position() Pos              { return r.Pos }
func (r *Run) Revision() Revision         { return r.Rev }
func (f *FootnoteRef) Position() Pos      { return f.Pos }
func (f *FootnoteRef) Revision() Revision { return f.Rev }
func (*Run) isInline()                    {}
func (*FootnoteRef) isInline()            {}

// Footnote is a footnote body, bound to the references that cite it.
type Footnote struct {
	ID      int      `json:"id"`
	Mark    string   `json:"mark"`
	Pos     Pos      `json:"pos"`
	Inlines []Inline `json:"inlines"`
}

// Proposals returns the document's proposals in order.
func (d *Document) Proposals() []*Proposal {
	var ps []*Proposal
	for _, b := range d.Blocks {
		if p, ok := b.(*Proposal); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

// NameProposals gives each proposal the number and title its heading reads
// in clean text: its first ResNo and Restitle paragraphs (a section may hold
// several), as normalize first found them; stages that change the text
// (edits, views) call it again.
func (d *Document) NameProposals() {
	for _, p := range d.Proposals() {
		number, title := false, false
		for _, b := range p.Blocks {
			q, ok := b.(*Paragraph)
			if !ok {
				continue
			}
			switch {
			case q.Style == StyleResNo && !number:
				p.Number, number = strings.Join(strings.Fields(CleanText(q.Inlines)), " "), true
			case q.Style == StyleRestitle && !title:
				p.Title, title = strings.Join(strings.Fields(CleanText(q.Inlines)), " "), true
			}
		}
	}
}

// Cover returns the blocks before the first proposal.
func (d *Document) Cover() []Block {
	for i, b := range d.Blocks {
		if _, ok := b.(*Proposal); ok {
			return d.Blocks[:i]
		}
	}
	return d.Blocks
}

// Footnote returns the footnote with the given 1-based id, or nil.
func (d *Document) Footnote(id int) *Footnote {
	if id < 1 || id > len(d.Footnotes) {
		return nil
	}
	return d.Footnotes[id-1]
}
