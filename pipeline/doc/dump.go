package doc

import (
	"encoding/json"
	"fmt"
)

// Dump renders the whole document as indented JSON, for golden files and
// debugging: blocks in order with their type, footnotes, and diagnostics.
// Positions are written "line:col".
func (d *Document) Dump() ([]byte, error) {
	v := map[string]any{
		"meta":        d.Meta,
		"blocks":      dumpBlocks(d.Blocks),
		"footnotes":   dumpFootnotes(d.Footnotes),
		"diagnostics": dumpDiagnostics(d.Diagnostics),
		"changes":     dumpChanges(d.Changes),
	}
	b, err := json.MarshalIndent(v, "", " ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

type dumpBlock struct {
	Type    string      `json:"type"`
	Pos     string      `json:"pos"`
	Style   Style       `json:"style,omitempty"`
	Level   int         `json:"level,omitempty"`
	MarkIns int         `json:"markIns,omitempty"`
	MarkDel int         `json:"markDel,omitempty"`
	Label   []dumpRun   `json:"label,omitempty"`
	Inlines []dumpRun   `json:"inlines,omitempty"`
	Action  Action      `json:"action,omitempty"`
	ID      string      `json:"id,omitempty"`
	Number  string      `json:"number,omitempty"`
	Title   string      `json:"title,omitempty"`
	Rows    [][]dumpRow `json:"rows,omitempty"`
	Blocks  []dumpBlock `json:"blocks,omitempty"`
}

type dumpRow struct {
	Style   Style     `json:"style"`
	Inlines []dumpRun `json:"inlines"`
}

type dumpRun struct {
	Pos    string `json:"pos"`
	Text   string `json:"text,omitempty"`
	Note   int    `json:"note,omitempty"` // footnote reference id
	Format string `json:"f,omitempty"`
	Ins    int    `json:"ins,omitempty"`
	Del    int    `json:"del,omitempty"`
}

func dumpBlocks(bs []Block) []dumpBlock {
	out := []dumpBlock{}
	for _, b := range bs {
		switch b := b.(type) {
		case *Paragraph:
			out = append(out, dumpBlock{Type: "paragraph", Pos: b.Pos.String(), Style: b.Style, Level: b.Level,
				MarkIns: int(b.Mark.Ins), MarkDel: int(b.Mark.Del), Label: dumpInlines(b.Label), Inlines: dumpInlines(b.Inlines)})
		case *Table:
			t := dumpBlock{Type: "table", Pos: b.Pos.String()}
			for _, r := range b.Rows {
				var row []dumpRow
				for _, c := range r.Cells {
					row = append(row, dumpRow{Style: c.Style, Inlines: dumpInlines(c.Inlines)})
				}
				t.Rows = append(t.Rows, row)
			}
			out = append(out, t)
		case *Proposal:
			out = append(out, dumpBlock{Type: "proposal", Pos: b.Pos.String(), Action: b.Action, ID: b.ID,
				Number: b.Number, Title: b.Title, Blocks: dumpBlocks(b.Blocks)})
		default:
			panic(fmt.Sprintf("doc: unknown block %T", b))
		}
	}
	return out
}

func dumpInlines(in []Inline) []dumpRun {
	var out []dumpRun
	for _, il := range in {
		switch il := il.(type) {
		case *Run:
			out = append(out, dumpRun{Pos: il.Pos.String(), Text: il.Text, Format: il.Format.String(), Ins: int(il.Rev.Ins), Del: int(il.Rev.Del)})
		case *FootnoteRef:
			out = append(out, dumpRun{Pos: il.Pos.String(), Note: il.ID, Ins: int(il.Rev.Ins), Del: int(il.Rev.Del)})
		default:
			panic(fmt.Sprintf("doc: unknown inline %T", il))
		}
	}
	return out
}

func dumpFootnotes(fs []*Footnote) []dumpBlock {
	out := []dumpBlock{}
	for _, f := range fs {
		out = append(out, dumpBlock{Type: "footnote", Pos: f.Pos.String(), ID: fmt.Sprint(f.ID), Number: f.Mark, Inlines: dumpInlines(f.Inlines)})
	}
	return out
}

func dumpDiagnostics(ds []Diagnostic) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Format(""))
	}
	return out
}

func dumpChanges(cs []Change) []string {
	out := []string{}
	for i, c := range cs {
		out = append(out, fmt.Sprintf("%d %s %s %q %s", i+1, c.Pos, c.Kind, c.Author, c.Date))
	}
	return out
}
