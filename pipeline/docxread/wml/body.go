package wml

// Block is a *Paragraph, a *Table, a *RangeMark (a move or comment range
// marker between paragraphs) or an *Unsupported.
type Block interface{ isBlock() }

// Inline is a *Run, a *Revision, a *Hyperlink, a *Field, a *FieldChar, a
// *RangeMark or an *Unsupported.
type Inline interface{ isInline() }

// Paragraph is a w:p.
type Paragraph struct {
	Pos   Pos
	Style string // w:pStyle: a style id, "" for the default paragraph style
	Num   *NumPr // w:numPr: list numbering, nil for none
	Mark  []Rev  // revisions of the paragraph mark (w:pPr/w:rPr/w:ins …), in order
	// MarkChange is a formatting change of the paragraph mark
	// (w:pPr/w:rPr/w:rPrChange).
	MarkChange *Change
	Change     *PPrChange // w:pPrChange: the paragraph properties before a change
	// SectionEnd is set when the paragraph ends a section (w:pPr/w:sectPr).
	SectionEnd bool
	// PageBreakBefore is w:pageBreakBefore: the paragraph starts a page.
	PageBreakBefore bool
	Inlines         []Inline
}

// NumPr is a paragraph's list numbering: a w:num id and a level (0-8).
type NumPr struct {
	NumID string
	Level int
}

// PPrChange is a tracked change of paragraph properties, with the
// properties that held before it.
type PPrChange struct {
	Change
	Style string
	Num   *NumPr
}

// Table is a w:tbl.
type Table struct {
	Pos    Pos
	Style  string  // w:tblStyle
	Grid   []int   // column widths, twips
	Change *Change // w:tblPrChange or w:tblGridChange: a formatting change
	Rows   []*Row
}

// Row is a w:tr.
type Row struct {
	Pos    Pos
	Header bool    // w:tblHeader: repeated on each page
	Revs   []Rev   // w:trPr/w:ins, w:trPr/w:del: the row was inserted or deleted
	Change *Change // w:trPrChange or w:tblPrExChange
	Cells  []*Cell
}

// Cell is a w:tc.
type Cell struct {
	Pos    Pos
	Span   int    // w:gridSpan, 1 when not set
	VMerge string // w:vMerge: "restart", "continue" or ""
	Revs   []Rev  // w:cellIns, w:cellDel, w:cellMerge
	Change *Change
	Blocks []Block
}

// Run is a w:r: properties and content.
type Run struct {
	Pos     Pos
	Props   RunProps
	Content []Elem
}

// Toggle is a toggle property: not set (inherited), on or off.
type Toggle uint8

const (
	Unset Toggle = iota
	On
	Off
)

func (t Toggle) String() string {
	switch t {
	case On:
		return "on"
	case Off:
		return "off"
	}
	return ""
}

// RunProps are the run properties the readers use, as written (a style's
// own properties are not merged in).
type RunProps struct {
	Style        string // w:rStyle
	Bold         Toggle
	Italic       Toggle
	Underline    string // w:u/@w:val ("single", "none", …), "" when not set
	Strike       Toggle
	DoubleStrike Toggle
	Caps         Toggle
	SmallCaps    Toggle
	Hidden       Toggle // w:vanish
	VertAlign    string // "superscript", "subscript", "baseline" or ""
	// Change is a tracked formatting change (w:rPrChange), with the
	// properties before it.
	Change *RPrChange
}

// RPrChange is a tracked change of run properties.
type RPrChange struct {
	Change
	Old RunProps // Old.Change is nil
}

// ElemKind is the kind of a run's content element.
type ElemKind uint8

const (
	Text          ElemKind = iota + 1 // w:t
	DelText                           // w:delText: text in a deletion
	Tab                               // w:tab, w:ptab
	Break                             // w:br (text wrapping), w:cr
	PageBreak                         // w:br w:type="page"
	ColumnBreak                       // w:br w:type="column"
	NoBreakHyphen                     // w:noBreakHyphen
	SoftHyphen                        // w:softHyphen
	Sym                               // w:sym: Text is the character, Font the font
	FootnoteRef                       // w:footnoteReference: Text is the note id
	EndnoteRef                        // w:endnoteReference: Text is the note id
	NoteMark                          // w:footnoteRef, w:endnoteRef: a note's own mark
	CommentRef                        // w:commentReference: Text is the comment id
)

var elemNames = [...]string{
	Text: "t", DelText: "delText", Tab: "tab", Break: "br", PageBreak: "br/page",
	ColumnBreak: "br/column", NoBreakHyphen: "noBreakHyphen", SoftHyphen: "softHyphen",
	Sym: "sym", FootnoteRef: "footnoteReference", EndnoteRef: "endnoteReference",
	NoteMark: "noteRef", CommentRef: "commentReference",
}

func (k ElemKind) String() string {
	if int(k) < len(elemNames) && elemNames[k] != "" {
		return elemNames[k]
	}
	return "ElemKind(?)"
}

// Elem is one element of a run's content.
type Elem struct {
	Kind ElemKind
	Text string // the text (Text, DelText), character (Sym) or id (references)
	Font string // Sym only
}

// Revision is a tracked change of content: w:ins, w:del, w:moveFrom or
// w:moveTo, around runs and anything else inline, revisions of other
// authors included.
type Revision struct {
	Pos     Pos
	Kind    RevKind
	Change  Change
	Inlines []Inline
}

// Hyperlink is a w:hyperlink, or a HYPERLINK field.
type Hyperlink struct {
	Pos      Pos
	Target   string // the relationship's target (a URL), "" for none
	External bool
	Anchor   string // w:anchor: a bookmark in the document
	Inlines  []Inline
}

// Field is a field: a w:fldSimple, or a complex field whose begin,
// separate and end characters stand in one run sequence.
type Field struct {
	Pos    Pos
	Instr  string // the instruction, as written: " PAGE ", "DATE \@ …"
	Simple bool   // w:fldSimple
	// Code is what stood between begin and separate besides instruction
	// text: nested fields of the instruction.
	Code    []Inline
	Inlines []Inline // the result: what the field shows
}

// Name gives the field's name, the instruction's first word in capitals
// ("PAGE", "HYPERLINK").
func (f *Field) Name() string { return fieldName(f.Instr) }

// FieldCharKind is begin, separate or end.
type FieldCharKind uint8

const (
	FieldBegin FieldCharKind = iota + 1
	FieldSeparate
	FieldEnd
)

func (k FieldCharKind) String() string {
	switch k {
	case FieldBegin:
		return "begin"
	case FieldSeparate:
		return "separate"
	case FieldEnd:
		return "end"
	}
	return "?"
}

// FieldChar is a w:fldChar left in place because its field spans more than
// one run sequence (a table of contents over many paragraphs, a field
// across a revision's boundary). The result's content stands between
// separate and end as ordinary inlines.
type FieldChar struct {
	Pos   Pos
	Kind  FieldCharKind
	Field *FieldInfo // shared by the three characters of one field
}

// FieldInfo is what the characters of one complex field share.
type FieldInfo struct {
	Instr string
}

// RangeKind is the kind of a range marker.
type RangeKind uint8

const (
	MoveFromStart RangeKind = iota + 1
	MoveFromEnd
	MoveToStart
	MoveToEnd
	CommentStart
	CommentEnd
)

var rangeNames = [...]string{
	MoveFromStart: "moveFromRangeStart", MoveFromEnd: "moveFromRangeEnd",
	MoveToStart: "moveToRangeStart", MoveToEnd: "moveToRangeEnd",
	CommentStart: "commentRangeStart", CommentEnd: "commentRangeEnd",
}

func (k RangeKind) String() string {
	if int(k) < len(rangeNames) && rangeNames[k] != "" {
		return rangeNames[k]
	}
	return "RangeKind(?)"
}

// RangeMark is a range marker: a move's source or destination range (the
// name pairs a moveFrom range with its moveTo range), or a comment's range.
type RangeMark struct {
	Pos    Pos
	Kind   RangeKind
	ID     string // pairs a start with its end
	Name   string // w:name of a move range start
	Change Change // author and date of a move range start
}

// Unsupported is content that has no value here (an image, a text box, an
// equation, …), where it stood, with its text; a Report says the same.
type Unsupported struct {
	Pos  Pos
	What string
	Text string
}

func (*Paragraph) isBlock()   {}
func (*Table) isBlock()       {}
func (*RangeMark) isBlock()   {}
func (*Unsupported) isBlock() {}

func (*Run) isInline()         {}
func (*Revision) isInline()    {}
func (*Hyperlink) isInline()   {}
func (*Field) isInline()       {}
func (*FieldChar) isInline()   {}
func (*RangeMark) isInline()   {}
func (*Unsupported) isInline() {}
