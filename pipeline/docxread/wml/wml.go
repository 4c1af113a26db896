// Package wml reads WordprocessingML into typed Go values: the step of
// pandoc's Readers/Docx/Parse.hs. It takes a package opened by package
// ooxml (or the bytes of a .docx) and gives a *Docx: the body as paragraphs,
// tables and the inlines inside them, the footnotes, endnotes, comments,
// headers and footers, the styles, the numbering and the settings, and a
// list of Reports for what it could not give as values.
//
// It keeps what is written, with nothing resolved away: style ids (not the
// formatting they stand for), tracked changes as nodes with their id,
// author and date (w:ins and w:del nested to any depth, a deletion inside
// another author's insertion included; w:moveFrom and w:moveTo with their
// range markers; paragraph-mark, table-row and table-cell revisions;
// w:rPrChange and w:pPrChange with the properties before the change),
// hyperlinks with their relationship's target, and fields: w:fldSimple and
// complex fields (w:fldChar begin … separate … end) folded into one Field
// with its instruction when they begin and end in one run sequence, their
// markers kept in place when they span paragraphs or revisions. Deciding
// what any of it means for the document model is package docxread's work.
//
// Reading streams encoding/xml tokens through ooxml.Decoder (no reflection
// into structs, no DTD, bounded depth), so time and memory are linear in the
// parts' size, which ooxml bounds.
//
// # What is reported
//
// Content that no Go value here carries is never dropped silently: images
// and drawings, text boxes, embedded objects, equations, fields other than
// PAGE (and HYPERLINK, read as a hyperlink), imported chunks and unknown
// elements in content become Reports (and, where they stood, an Unsupported
// node with their text), as does every comment, at its anchor. Reports of
// kind Warning are about the file itself: a revision id used twice, a
// hyperlink whose relationship is missing, a field that is never closed.
//
// # Positions
//
// A Pos names a part, a paragraph and a run, and prints as
//
//	word/document.xml:§12:3
//
// §12 is the 12th w:p element of the part in document order (the XPath
// (//w:p)[12]: paragraphs in tables, text boxes and skipped content count,
// so the number can be found in the XML with any XPath tool), and 3 the 3rd
// w:r whose nearest paragraph is that one, counting runs inside revisions,
// hyperlinks, fields and content controls. A paragraph prints as
// word/document.xml:§12 and a whole part as word/styles.xml. A table, row or
// cell stands at its first paragraph.
package wml

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/docxread/ooxml"
)

// Pos is a position in a DOCX: part, paragraph (1-based; 0 for the part as
// a whole) and run (1-based; 0 for the paragraph as a whole). See the
// package comment.
type Pos struct {
	Part string
	Para int
	Run  int
}

func (p Pos) String() string {
	switch {
	case p.Para == 0:
		return p.Part
	case p.Run == 0:
		return fmt.Sprintf("%s:§%d", p.Part, p.Para)
	}
	return fmt.Sprintf("%s:§%d:%d", p.Part, p.Para, p.Run)
}

// Docx is a whole WordprocessingML document.
type Docx struct {
	Main      string  // the main document part, "word/document.xml"
	Body      []Block // w:body
	Footnotes []*Note // w:footnote, without the separators, in part order
	Endnotes  []*Note // w:endnote, likewise
	Comments  []*Comment
	Stories   []*Story // headers and footers, in the main part's relationship order
	Styles    *Styles
	Numbering *Numbering
	Settings  Settings
	Reports   []Report // in part order (main, notes, comments, stories), then position
}

// Note is a footnote or an endnote.
type Note struct {
	Pos    Pos
	ID     string
	Blocks []Block
}

// Comment is a comment of comments.xml. Anchor is where it is anchored in
// the text (its w:commentRangeStart, else its w:commentReference), zero when
// nothing refers to it.
type Comment struct {
	Pos      Pos
	Anchor   Pos
	ID       string
	Author   string
	Initials string
	Date     string
	Blocks   []Block
}

// Story is a header or a footer.
type Story struct {
	Part   string
	Footer bool
	Blocks []Block
}

// Settings are the few document settings a reader needs.
type Settings struct {
	TrackRevisions bool // w:trackRevisions: changes are being recorded
	DefaultTabStop int  // twips, 0 when not set
}

// Change identifies one tracked change: pandoc's ChangeInfo.
type Change struct {
	ID     string
	Author string
	Date   string // as written: xsd:dateTime ("2014-11-03T00:00:00Z"), or ""
}

// RevKind is the kind of a tracked change of content.
type RevKind uint8

const (
	Ins      RevKind = iota + 1 // w:ins, w:cellIns
	Del                         // w:del, w:cellDel
	MoveFrom                    // w:moveFrom: the old place of moved text
	MoveTo                      // w:moveTo: the new place
	Merge                       // w:cellMerge: a vertical merge changed
)

func (k RevKind) String() string {
	switch k {
	case Ins:
		return "ins"
	case Del:
		return "del"
	case MoveFrom:
		return "moveFrom"
	case MoveTo:
		return "moveTo"
	case Merge:
		return "merge"
	}
	return fmt.Sprintf("RevKind(%d)", uint8(k))
}

// Rev is a tracked change of a paragraph mark, a table row or a cell.
type Rev struct {
	Kind RevKind
	Change
}

// ReportKind says what a Report is about.
type ReportKind uint8

const (
	CannotCarry ReportKind = iota // content that has no value here
	Warning                       // something wrong with the file, read anyway
)

// Report is content that could not be carried, or a warning about the file.
type Report struct {
	Pos  Pos
	Kind ReportKind
	What string // "image", "text box", "comment", "field DATE", "element <w:foo>", …
	Text string // the text the content holds, if any: a comment's words, a field's result
	Msg  string // for warnings: what is wrong
}

// maxReportText bounds the text quoted in a report's one line.
const maxReportText = 60

// String prints the report on one line: "POS: cannot carry WHAT: "TEXT""
// or "POS: warning: MSG".
func (r Report) String() string {
	if r.Kind == Warning {
		return r.Pos.String() + ": warning: " + r.Msg
	}
	return r.Pos.String() + ": " + r.Message()
}

// Message is the report without its position: "cannot carry WHAT:
// "TEXT"" or the warning's message.
func (r Report) Message() string {
	if r.Kind == Warning {
		return r.Msg
	}
	s := "cannot carry " + r.What
	if t := oneLine(r.Text, maxReportText); t != "" {
		s += ": " + fmt.Sprintf("%q", t)
	}
	return s
}

// oneLine folds white space runs to one space and cuts s to n runes.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n]) + "…"
}

// Read opens data as a package within lim and reads it.
func Read(data []byte, lim ooxml.Limits) (*Docx, error) {
	pkg, err := ooxml.Open(data, lim)
	if err != nil {
		return nil, err
	}
	return Parse(pkg)
}

// Parse reads the WordprocessingML parts of an opened package: the main
// document and the parts its relationships name (styles, numbering,
// settings, footnotes, endnotes, comments, headers, footers). A part that is
// not well-formed, or whose root is not the element its relationship
// promises, is an error.
func Parse(pkg *ooxml.Package) (*Docx, error) {
	r := &reader{pkg: pkg, d: &Docx{Main: pkg.Main()}, ids: map[string]Pos{}}
	main := pkg.Main()
	one := func(relType string) (string, error) {
		parts, err := pkg.Related(main, relType)
		if err != nil || len(parts) == 0 {
			return "", err
		}
		return parts[0], nil
	}
	var err error
	var part string
	if part, err = one(ooxml.RelStyles); err == nil && part != "" {
		r.d.Styles, err = readStyles(r.decoder, part)
	}
	if err == nil {
		if part, err = one(ooxml.RelNumbering); err == nil && part != "" {
			r.d.Numbering, err = readNumbering(r.decoder, part)
		}
	}
	if err == nil {
		if part, err = one(ooxml.RelSettings); err == nil && part != "" {
			r.d.Settings, err = readSettings(r.decoder, part)
		}
	}
	if err != nil {
		return nil, err
	}
	if r.d.Styles == nil {
		r.d.Styles = &Styles{}
	}
	if r.d.Numbering == nil {
		r.d.Numbering = &Numbering{}
	}
	order := []string{main}
	if r.d.Body, err = r.story(main, "document", "body"); err != nil {
		return nil, err
	}
	for _, n := range []struct {
		rel, root, child string
		out              *[]*Note
	}{
		{ooxml.RelFootnotes, "footnotes", "footnote", &r.d.Footnotes},
		{ooxml.RelEndnotes, "endnotes", "endnote", &r.d.Endnotes},
	} {
		if part, err = one(n.rel); err != nil {
			return nil, err
		}
		if part != "" {
			order = append(order, part)
			if *n.out, err = r.notes(part, n.root, n.child); err != nil {
				return nil, err
			}
		}
	}
	if part, err = one(ooxml.RelComments); err != nil {
		return nil, err
	}
	if part != "" {
		order = append(order, part)
		if r.d.Comments, err = r.comments(part); err != nil {
			return nil, err
		}
	}
	for _, s := range []struct {
		rel, root string
		footer    bool
	}{{ooxml.RelHeader, "hdr", false}, {ooxml.RelFooter, "ftr", true}} {
		parts, err := pkg.Related(main, s.rel)
		if err != nil {
			return nil, err
		}
		for _, part := range parts {
			order = append(order, part)
			blocks, err := r.story(part, s.root, "")
			if err != nil {
				return nil, err
			}
			r.d.Stories = append(r.d.Stories, &Story{Part: part, Footer: s.footer, Blocks: blocks})
		}
	}
	switch {
	case r.dups == 2:
		r.warn(Pos{Part: main}, "1 more tracked change reuses an id")
	case r.dups > 2:
		r.warn(Pos{Part: main}, "%d more tracked changes reuse an id", r.dups-1)
	}
	r.reportFields()
	r.reportComments()
	slices.SortStableFunc(r.d.Reports, func(a, b Report) int {
		if c := slices.Index(order, a.Pos.Part) - slices.Index(order, b.Pos.Part); c != 0 {
			return c
		}
		if a.Pos.Para != b.Pos.Para {
			return a.Pos.Para - b.Pos.Para
		}
		return a.Pos.Run - b.Pos.Run
	})
	return r.d, nil
}

// reader holds what is shared by the parts of one package.
type reader struct {
	pkg  *ooxml.Package
	d    *Docx
	ids  map[string]Pos // revision ids seen, where first
	dups int            // revision ids used again beyond the first reported
}

func (r *reader) decoder(part string) (*ooxml.Decoder, error) { return r.pkg.Decoder(part) }

func (r *reader) report(rep Report) { r.d.Reports = append(r.d.Reports, rep) }

func (r *reader) warn(pos Pos, format string, args ...any) {
	r.report(Report{Pos: pos, Kind: Warning, Msg: fmt.Sprintf(format, args...)})
}

// revision records a tracked change's id, warning when it is used again.
func (r *reader) revision(pos Pos, c Change) {
	if c.ID == "" {
		r.warn(pos, "tracked change by %q has no id", c.Author)
		return
	}
	if first, ok := r.ids[c.ID]; ok {
		// One warning says it; more would drown the rest (pandoc gives
		// every w:ins and w:del of a document the id 1).
		if r.dups == 0 {
			r.warn(pos, "tracked change id %s used again (first at %s)", c.ID, first)
		}
		r.dups++
		return
	}
	r.ids[c.ID] = pos
}
