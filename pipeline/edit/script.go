package edit

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	yamlast "github.com/goccy/go-yaml/ast"
	yamlparser "github.com/goccy/go-yaml/parser"
)

// DefaultAuthor is the author of a script's changes when it names none.
const DefaultAuthor = "EDITORIAL COMMITTEE"

// MaxScriptBytes bounds an edit script: a committee's script is a few
// kilobytes; a larger file is a mistake or an attack.
const MaxScriptBytes = 1 << 20

// Script is an edit script: the Editorial Committee's changes to one
// document (or to every document of a pack), each shown as a tracked
// change of Author.
type Script struct {
	File   string // as named in diagnostics
	Author string // of every change; DefaultAuthor when the file names none
	Date   string // YYYY-MM-DD; "" is the document's date
	Edits  []*Edit
}

// Edit is one edit of a script: where (anchors from coarse to fine), what
// (one operation) and how many matches are expected.
type Edit struct {
	Pos string // "file:line:col" of the edit in the script

	// Anchors.
	In      string // proposal id ("WGPL/149/2") or resolution number ("64", "[WG-PL/7]"); "" is the whole document
	Section string // the call the paragraph stands under ("recalling", "resolves")
	Label   string // the paragraph's label, as the clean text shows it ("b)")
	// Containing selects, for paragraph operations, the paragraphs whose
	// clean text contains it.
	Containing string
	Count      Count // matches expected, of the text anchor; 1 by default

	// Operations: exactly one is set.
	Replace, With   string // replace Replace with With
	Delete          string // delete the text
	Insert          string // insert the text…
	Before, After   string // …before or after this text,
	At              string // …or at the "start" or "end" of the paragraph
	InsertParagraph *NewParagraph
	DeleteParagraph bool
	Renumber        bool       // relabel the section's items in sequence
	Number          *Numbering // give a draft its final number
	Rule            bool       // a rule: every match in scope, none is not an error
	Check           bool       // a rule that only counts its matches
}

// NewParagraph is a paragraph an edit inserts, after (or before) the
// paragraph its anchors select.
type NewParagraph struct {
	Text   string `yaml:"text"`
	Label  string `yaml:"label"`
	Before bool   `yaml:"before"`
}

// Numbering gives a draft resolution its number: its number line becomes
// Line, and every other mention of Draft in the document becomes As.
type Numbering struct {
	Draft string `yaml:"draft"` // "[WG-PL/7]"
	As    string `yaml:"as"`    // "202"
	Line  string `yaml:"line"`  // "RESOLUTION 202 (BUSAN, 2014)"
}

// Count is how many matches an anchor must have: N (1 by default), all of
// them (at least one), or only the Nth.
type Count struct {
	N   int
	All bool
	Nth int
}

func (c Count) String() string {
	switch {
	case c.All:
		return "all"
	case c.Nth > 0:
		return "the " + ordinal(c.Nth)
	}
	return strconv.Itoa(c.N)
}

func ordinal(n int) string {
	switch n % 10 {
	case 1:
		if n%100 != 11 {
			return strconv.Itoa(n) + "st"
		}
	case 2:
		if n%100 != 12 {
			return strconv.Itoa(n) + "nd"
		}
	case 3:
		if n%100 != 13 {
			return strconv.Itoa(n) + "rd"
		}
	}
	return strconv.Itoa(n) + "th"
}

// file is the YAML form of a script; unknown keys are errors.
type file struct {
	Author string     `yaml:"author"`
	Date   string     `yaml:"date"`
	Edits  []yamlEdit `yaml:"edits"`
	Rules  []yamlEdit `yaml:"rules"`
}

type yamlEdit struct {
	In              string        `yaml:"in"`
	Section         string        `yaml:"section"`
	Label           string        `yaml:"label"`
	Containing      string        `yaml:"containing"`
	Count           any           `yaml:"count"`
	Nth             int           `yaml:"nth"`
	Replace         *string       `yaml:"replace"`
	With            *string       `yaml:"with"`
	Delete          *string       `yaml:"delete"`
	Insert          *string       `yaml:"insert"`
	Before          string        `yaml:"before"`
	After           string        `yaml:"after"`
	At              string        `yaml:"at"`
	InsertParagraph *NewParagraph `yaml:"insert-paragraph"`
	DeleteParagraph bool          `yaml:"delete-paragraph"`
	Renumber        bool          `yaml:"renumber"`
	Number          *Numbering    `yaml:"number"`
	Check           bool          `yaml:"check"`
}

var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Parse reads an edit script. Every problem is an error naming the script's
// file:line:col: unknown keys, an edit with no operation or two, a bad
// count, a bad date.
func Parse(name string, data []byte) (*Script, error) {
	if len(data) > MaxScriptBytes {
		return nil, fmt.Errorf("%s: %d bytes, more than the %d an edit script may have", name, len(data), MaxScriptBytes)
	}
	var f file
	if err := yaml.UnmarshalWithOptions(data, &f, yaml.DisallowUnknownField()); err != nil {
		return nil, yamlError(name, err)
	}
	pos := newPositions(name, data)
	s := &Script{File: name, Author: strings.TrimSpace(f.Author), Date: f.Date}
	if s.Author == "" {
		s.Author = DefaultAuthor
	}
	if s.Date != "" {
		if _, err := time.Parse("2006-01-02", s.Date); err != nil || !isoDate.MatchString(s.Date) {
			return nil, fmt.Errorf("%s: date must be YYYY-MM-DD, not %q", pos.of("$.date"), s.Date)
		}
	}
	for _, list := range []struct {
		key  string
		yes  []yamlEdit
		rule bool
	}{{"edits", f.Edits, false}, {"rules", f.Rules, true}} {
		for i, y := range list.yes {
			at := pos.of(fmt.Sprintf("$.%s[%d]", list.key, i))
			e, err := y.edit(at, list.rule)
			if err != nil {
				return nil, fmt.Errorf("%s: %v", at, err)
			}
			s.Edits = append(s.Edits, e)
		}
	}
	if len(s.Edits) == 0 {
		return nil, fmt.Errorf("%s: the script has no edits (an edits: or rules: list)", name)
	}
	return s, nil
}

func (y yamlEdit) edit(at string, rule bool) (*Edit, error) {
	e := &Edit{Pos: at, In: y.In, Section: y.Section, Label: y.Label, Containing: y.Containing, Before: y.Before, After: y.After, At: y.At,
		InsertParagraph: y.InsertParagraph, DeleteParagraph: y.DeleteParagraph, Renumber: y.Renumber, Number: y.Number,
		Rule: rule, Check: y.Check, Count: Count{N: 1}}
	ops := 0
	if y.Replace != nil {
		ops++
		e.Replace = *y.Replace
		if y.With == nil {
			return nil, errors.New("replace: needs a with: (the new text; \"\" to delete)")
		}
		e.With = *y.With
		if e.Replace == "" {
			return nil, errors.New("replace: the text to replace is empty")
		}
	} else if y.With != nil {
		return nil, errors.New("with: needs a replace: (the text it replaces)")
	}
	if y.Delete != nil {
		ops++
		e.Delete = *y.Delete
		if e.Delete == "" {
			return nil, errors.New("delete: the text to delete is empty")
		}
	}
	if y.Insert != nil {
		ops++
		e.Insert = *y.Insert
		places := 0
		for _, p := range []string{y.Before, y.After, y.At} {
			if p != "" {
				places++
			}
		}
		if places != 1 || e.Insert == "" {
			return nil, errors.New("insert: needs its text and one of before:, after: or at: start|end")
		}
		if y.At != "" && y.At != "start" && y.At != "end" {
			return nil, fmt.Errorf("at: must be start or end, not %q", y.At)
		}
	} else if y.Before != "" || y.After != "" || y.At != "" {
		return nil, errors.New("before:, after: and at: go with insert:")
	}
	for _, set := range []bool{y.InsertParagraph != nil, y.DeleteParagraph, y.Renumber, y.Number != nil} {
		if set {
			ops++
		}
	}
	if ops != 1 {
		return nil, errors.New("an edit has exactly one of replace:, delete:, insert:, insert-paragraph:, delete-paragraph:, renumber: or number:")
	}
	if y.Number != nil && (y.Number.Draft == "" || y.Number.As == "" || y.Number.Line == "") {
		return nil, errors.New("number: needs draft:, as: and line:")
	}
	if y.InsertParagraph != nil && y.InsertParagraph.Text == "" {
		return nil, errors.New("insert-paragraph: needs its text:")
	}
	if rule && (y.Replace == nil || y.Count != nil || y.Nth != 0) {
		return nil, errors.New("a rule is a replace: with: applied to every match (no count:)")
	}
	if y.Check && !rule {
		return nil, errors.New("check: is for rules")
	}
	switch c := y.Count.(type) {
	case nil:
	case uint64:
		if c < 1 {
			return nil, errors.New("count: must be 1 or more, or all")
		}
		e.Count.N = int(c)
	case int64:
		if c < 1 {
			return nil, errors.New("count: must be 1 or more, or all")
		}
		e.Count.N = int(c)
	case string:
		if c != "all" {
			return nil, fmt.Errorf("count: must be a number or all, not %q", c)
		}
		e.Count = Count{All: true}
	default:
		return nil, fmt.Errorf("count: must be a number or all, not %v", c)
	}
	if y.Nth != 0 {
		if y.Nth < 0 || y.Count != nil {
			return nil, errors.New("nth: is a number of 1 or more, without count:")
		}
		e.Count = Count{Nth: y.Nth}
	}
	if rule {
		e.Count = Count{All: true}
	}
	return e, nil
}

var yamlPos = regexp.MustCompile(`^\[(\d+):(\d+)\] (.*)`)

// yamlError turns go-yaml's "[4:5] unknown field" into "file:4:5: unknown
// field".
func yamlError(file string, err error) error {
	first, _, _ := strings.Cut(yaml.FormatError(err, false, false), "\n")
	if m := yamlPos.FindStringSubmatch(first); m != nil {
		return fmt.Errorf("%s:%s:%s: %s", file, m[1], m[2], m[3])
	}
	return fmt.Errorf("%s: %s", file, first)
}

// positions finds where the nodes of a script stand.
type positions struct {
	file string
	ast  *yamlast.File
}

func newPositions(file string, data []byte) positions {
	f, err := yamlparser.ParseBytes(data, 0)
	if err != nil {
		f = nil
	}
	return positions{file, f}
}

func (ps positions) of(p string) string {
	if ps.ast == nil {
		return ps.file
	}
	yp, err := yaml.PathString(p)
	if err != nil {
		return ps.file
	}
	n, err := yp.FilterFile(ps.ast)
	if err != nil || n == nil {
		return ps.file
	}
	t := n.GetToken()
	if m, ok := n.(*yamlast.MappingNode); ok && len(m.Values) > 0 {
		t = m.Values[0].Key.GetToken() // an edit is where its first key is
	}
	return fmt.Sprintf("%s:%d:%d", ps.file, t.Position.Line, t.Position.Column)
}
