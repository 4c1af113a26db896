package normalize

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// readCover reads the cover block (everything before the first proposal)
// into d.Meta and gives the blocks of the cover body: its paragraphs and its
// Action/Title table. Lines it takes into Meta leave the flow; the tables a
// reader gave are put back where they stood.
func readCover(d *doc.Document, paras []*doc.Paragraph, given givenTables) []doc.Block {
	var out []doc.Block
	m := &d.Meta
	for i, p := range paras {
		if t := given[p]; t != nil {
			out = append(out, t)
			continue
		}
		if hasRevisions(p.Inlines) {
			d.Report(p.Pos, doc.Warning, "revision marks in the cover block: the cover is read as if they were accepted")
		}
		text := strings.TrimSpace(doc.CleanText(p.Inlines))
		lines := splitLines(text)
		bold := allBold(p.Inlines)
		if t := tableOf(d, p); t != nil {
			out = append(out, t)
			continue
		}
		switch {
		case readMetaLines(m, lines):
			continue
		case annexPagesLine.MatchString(text):
			m.AnnexPages, _ = strconv.Atoi(annexPagesLine.FindStringSubmatch(text)[1])
			continue
		case m.Source == "" && m.Title == "" && len(lines) == 1 && isSourceLine(text, bold):
			m.Source = text
			continue
		case m.Title == "" && bold:
			m.Title = oneLine(lines)
			continue
		case m.Signature == nil && i+1 < len(paras) && annexPagesLine.MatchString(strings.TrimSpace(doc.CleanText(paras[i+1].Inlines))) && isSignature(lines):
			m.Signature = signatureLines(lines)
			continue
		}
		p.Style = doc.StyleNormal
		out = append(out, p)
	}
	return out
}

// MetaLines takes lines of a cover into m when every one of them is a cover
// metadata line of the dialect (committee, "Revision 1 to", document
// number, date, original language, agenda item, conference and place),
// each field read once, and reports whether it did; it changes nothing
// when one line is not. Lines are trimmed and not empty. It is how the
// DOCX reader reads the cover table that layouts/docx writes.
func MetaLines(m *doc.Meta, lines []string) bool { return readMetaLines(m, lines) }

// readMetaLines takes a paragraph into Meta when every one of its lines is a
// cover metadata line, and reports whether it did.
func readMetaLines(m *doc.Meta, lines []string) bool {
	var set []func()
	// A field is read once: a second "COMMITTEE 5" is the source (as WRC
	// covers write it), not a committee line that overwrites the first.
	free := func(field string) bool { return field == "" }
	for i, l := range lines {
		l := l
		switch {
		case committeeLine.MatchString(l) && free(m.Committee):
			set = append(set, func() { m.Committee = l })
		case revisionLine.MatchString(l) && free(m.Revision):
			g := revisionLine.FindStringSubmatch(l)
			set = append(set, func() { m.Revision = revisionAbbrev[g[1]] + "." + g[2] })
		case documentLine.MatchString(l) && free(m.Number):
			set = append(set, func() { m.Number = documentLine.FindStringSubmatch(l)[1] })
		case dateLine.MatchString(l) && free(m.Date):
			set = append(set, func() {
				m.Date = l
				if t, err := time.Parse("2 January 2006", l); err == nil {
					m.ISODate = t.Format("2006-01-02")
				}
			})
		case originalLine.MatchString(l) && free(m.Original):
			set = append(set, func() { m.Original = originalLine.FindStringSubmatch(l)[1] })
		case agendaLine.MatchString(l) && free(m.Agenda):
			set = append(set, func() { m.Agenda = agendaLine.FindStringSubmatch(l)[1] })
		case conferenceLine.MatchString(l) && free(m.Conference):
			set = append(set, func() { m.Conference, m.Code = l, doc.ConferenceCode(l) })
		case placeLine.MatchString(l) && i > 0 && conferenceLine.MatchString(lines[i-1]) && free(m.Place):
			set = append(set, func() { m.Place = l })
		default:
			return false
		}
	}
	for _, f := range set {
		f()
	}
	return len(set) > 0
}

// tableOf reads a paragraph of table rows as a table: tab-separated rows
// (two lines or more, each with a tab; the first is the header) or a pipe
// table ("| a | b |" rows, the header above a "|---|---|" row). It gives
// nil when p is not a table. Marks inside cells are kept.
func tableOf(d *doc.Document, p *doc.Paragraph) *doc.Table {
	if p.List != nil || p.Heading > 0 || !anyRunContains(p.Inlines, '\n') {
		return nil
	}
	text := strings.TrimRight(doc.Text(p.Inlines), "\n")
	if strings.IndexByte(text, '\n') < 0 {
		return nil // one line: no table (and no need to split it)
	}
	lines := strings.Split(text, "\n")
	pipe, tabs := true, true
	for _, l := range lines {
		pipe = pipe && isPipeRow(l)
		tabs = tabs && strings.Contains(l, "\t")
	}
	switch {
	case pipe:
		return readTable(d, p, '|')
	case tabs:
		return readTable(d, p, '\t')
	}
	return nil
}

// readTable cuts a paragraph of table rows into a table, cells at sep.
func readTable(d *doc.Document, p *doc.Paragraph, sep byte) *doc.Table {
	t := &doc.Table{Pos: p.Pos}
	rows := cutAt(p.Inlines, '\n')
	header := 0 // rows above the header's end
	if sep == '|' && len(rows) > 1 && pipeSeparator.MatchString(strings.TrimSpace(doc.Text(rows[1]))) {
		header = 1
		rows = append(rows[:1:1], rows[2:]...)
	} else if sep == '\t' {
		header = 1
	}
	for i, line := range rows {
		row := &doc.Row{Header: i < header}
		style := doc.StyleTableText
		if row.Header {
			style = doc.StyleTableHead
		}
		cells := cutAt(line, sep)
		if sep == '|' {
			cells = trimPipeEnds(cells)
		}
		for _, cell := range cells {
			pos := p.Pos
			if len(cell) > 0 {
				pos = cell[0].Position()
			}
			row.Cells = append(row.Cells, &doc.Paragraph{Pos: pos, Style: style, Inlines: trimSpace(cell)})
		}
		if len(t.Rows) > 0 && len(row.Cells) != len(t.Rows[0].Cells) {
			d.Report(row.Cells[0].Pos, doc.Warning, "table row has %d cells, the first row %d", len(row.Cells), len(t.Rows[0].Cells))
		}
		t.Rows = append(t.Rows, row)
	}
	kind := "tab-separated lines"
	if sep == '|' {
		kind = "pipe-table lines"
	}
	d.Report(p.Pos, doc.Note, "%s read as a table of %d rows", kind, len(t.Rows))
	return t
}

// trimPipeEnds drops the empty cells before a row's first '|' and after its
// last.
func trimPipeEnds(cells [][]doc.Inline) [][]doc.Inline {
	if len(cells) > 0 && strings.TrimSpace(doc.Text(cells[0])) == "" {
		cells = cells[1:]
	}
	if n := len(cells); n > 0 && strings.TrimSpace(doc.Text(cells[n-1])) == "" {
		cells = cells[:n-1]
	}
	return cells
}

// cutAt cuts inlines at every byte sep in their text, dropping sep; one
// pass over the runs, so a row of a million cells costs what its bytes do.
func cutAt(in []doc.Inline, sep byte) [][]doc.Inline {
	var out [][]doc.Inline
	var cur []doc.Inline
	for _, il := range in {
		r, ok := il.(*doc.Run)
		if !ok || strings.IndexByte(r.Text, sep) < 0 {
			cur = append(cur, il)
			continue
		}
		text, col := r.Text, r.Pos.Col
		for {
			i := strings.IndexByte(text, sep)
			piece := text
			if i >= 0 {
				piece = text[:i]
			}
			if piece != "" {
				c := *r
				c.Text, c.Pos.Col = piece, col
				cur = append(cur, &c)
			}
			if i < 0 {
				break
			}
			out = append(out, cur)
			cur = nil
			if r.Pos.Col > 0 {
				col += utf8.RuneCountInString(text[:i+1])
			}
			text = text[i+1:]
		}
	}
	return append(out, cur)
}

// isSignature reports whether lines look like a signature block: a few short
// lines, no sentence.
func isSignature(lines []string) bool {
	if len(lines) > 6 {
		return false
	}
	for _, l := range lines {
		if len(strings.Fields(l)) > 8 || strings.HasSuffix(l, ".") {
			return false
		}
	}
	return true
}

// signatureLines joins the lines Word wrapped in its narrow signature column
// ("Chairman, Working Group of the" / "Plenary").
func signatureLines(lines []string) []string {
	var out []string
	for _, l := range lines {
		if n := len(out); n > 0 && endsWithFunctionWord(out[n-1]) {
			out[n-1] += " " + l
			continue
		}
		out = append(out, l)
	}
	return out
}

func endsWithFunctionWord(s string) bool {
	f := strings.Fields(s)
	if len(f) == 0 {
		return false
	}
	switch strings.ToLower(f[len(f)-1]) {
	case "the", "of", "and", "for", "to", "in", "on", "a", "an", "de", "du", "la", "le", "des":
		return true
	}
	return false
}

func splitLines(text string) []string {
	var out []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimRight(strings.TrimLeft(l, " "), " "); l != "" {
			out = append(out, l)
		}
	}
	return out
}

func oneLine(lines []string) string { return strings.Join(lines, " ") }

// isCaps reports whether text has letters and no lower-case one.
func isCaps(text string) bool {
	letters := false
	for _, r := range text {
		if r >= 'a' && r <= 'z' {
			return false
		}
		if r >= 'A' && r <= 'Z' {
			letters = true
		}
	}
	return letters
}

// allBold reports whether every run with visible text is bold.
func allBold(in []doc.Inline) bool {
	seen := false
	for _, il := range in {
		if r, ok := il.(*doc.Run); ok && strings.TrimSpace(r.Text) != "" {
			if r.Format&doc.Bold == 0 {
				return false
			}
			seen = true
		}
	}
	return seen
}

func hasRevisions(in []doc.Inline) bool {
	for _, il := range in {
		if !il.Revision().IsZero() {
			return true
		}
	}
	return false
}

// conferences names the ITU conferences and assemblies by the code their
// document file names start with.
var conferences = map[string]string{
	"PP":   "Plenipotentiary Conference",
	"WRC":  "World Radiocommunication Conference",
	"RA":   "Radiocommunication Assembly",
	"WTSA": "World Telecommunication Standardization Assembly",
	"WTDC": "World Telecommunication Development Conference",
	"WCIT": "World Conference on International Telecommunications",
}

// fileCode reads an ITU document file name: "pp14-149-e.md" is document
// 149-E of PP-14.
var fileCode = regexp.MustCompile(`^([a-z]+)(\d{2})-(\d+)-([a-z])\b`)

// inferConference fills Meta.Conference and Meta.Code, which a Word export's
// cover leaves out, from the ITU file name when it agrees with the document
// number ("pp14-149-e.md" and "Document 149-E" give PP-14).
func inferConference(d *doc.Document) {
	m := &d.Meta
	if m.Code != "" || m.Number == "" {
		return
	}
	g := fileCode.FindStringSubmatch(strings.ToLower(filepath.Base(d.Source)))
	if g == nil || !strings.EqualFold(g[3]+"-"+g[4], m.Number) {
		return
	}
	code := strings.ToUpper(g[1])
	name, ok := conferences[code]
	if !ok {
		return
	}
	if m.Conference == "" {
		m.Conference = fmt.Sprintf("%s (%s-%s)", name, code, g[2])
	}
	m.Code = doc.ConferenceCode(m.Conference)
	d.Report(doc.Pos{Line: 1, Col: 1}, doc.Note, "conference %q taken from the file name %s (the cover does not name it)", m.Conference, filepath.Base(d.Source))
}
