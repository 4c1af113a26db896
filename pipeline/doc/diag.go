package doc

import (
	"fmt"
	"sort"
)

// Severity ranks a Diagnostic.
type Severity int

const (
	Note    Severity = iota // a repair the tool made, for the record
	Warning                 // something the user should look at
	Error                   // the input cannot be converted
)

func (s Severity) String() string {
	switch s {
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "note"
}

// MarshalText makes Severity readable in JSON.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// Diagnostic is a message about the source at a position.
type Diagnostic struct {
	Pos      Pos      `json:"pos"`
	Severity Severity `json:"severity"`
	Message  string   `json:"message"`
}

// Format renders the diagnostic as "file:line:col: severity: message"
// (without "file:" when file is "").
func (d Diagnostic) Format(file string) string {
	if file == "" {
		return fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Message)
	}
	if !d.Pos.IsValid() {
		return fmt.Sprintf("%s: %s: %s", file, d.Severity, d.Message)
	}
	return fmt.Sprintf("%s:%d:%d: %s: %s", file, d.Pos.Line, d.Pos.Col, d.Severity, d.Message)
}

// Report appends a diagnostic to the document.
func (d *Document) Report(pos Pos, sev Severity, format string, args ...any) {
	d.Diagnostics = append(d.Diagnostics, Diagnostic{Pos: pos, Severity: sev, Message: fmt.Sprintf(format, args...)})
}

// SourceError is a fatal problem with the input, at a position.
type SourceError struct {
	File string
	Pos  Pos
	Msg  string
}

func (e *SourceError) Error() string {
	return Diagnostic{Pos: e.Pos, Severity: Error, Message: e.Msg}.Format(e.File)
}

// SortDiagnostics puts the diagnostics in source order (those without a
// position first), keeping the order of those at one position.
func (d *Document) SortDiagnostics() {
	sort.SliceStable(d.Diagnostics, func(i, j int) bool {
		a, b := d.Diagnostics[i].Pos, d.Diagnostics[j].Pos
		return a.Line < b.Line || a.Line == b.Line && a.Col < b.Col
	})
}
