package wml

import (
	"slices"
	"strings"
)

// foldFields makes one *Field of each complex field whose begin, separate
// and end characters all stand in the run sequence in: what stood between
// begin and separate is its Code, what stood between separate and end its
// result. Fields nest; characters whose field is not wholly in the sequence
// stay as they are. A HYPERLINK field becomes a *Hyperlink.
func foldFields(in []Inline) []Inline {
	hasBegin := false
	for _, x := range in {
		if fc, ok := x.(*FieldChar); ok && fc.Kind == FieldBegin {
			hasBegin = true
			break
		}
	}
	if !hasBegin {
		return in
	}
	type frame struct {
		begin *FieldChar
		at    int // index of begin in out
		sep   int // index of separate in out, -1 before it
	}
	var out []Inline
	var stack []frame
	for _, x := range in {
		fc, ok := x.(*FieldChar)
		if !ok {
			out = append(out, x)
			continue
		}
		switch fc.Kind {
		case FieldBegin:
			stack = append(stack, frame{begin: fc, at: len(out), sep: -1})
		case FieldSeparate:
			if n := len(stack); n > 0 && stack[n-1].begin.Field == fc.Field && stack[n-1].sep < 0 {
				stack[n-1].sep = len(out)
			}
		case FieldEnd:
			n := len(stack)
			if n == 0 || stack[n-1].begin.Field != fc.Field {
				break
			}
			top := stack[n-1]
			stack = stack[:n-1]
			f := &Field{Pos: top.begin.Pos, Instr: top.begin.Field.Instr}
			codeEnd := len(out)
			if top.sep >= 0 {
				codeEnd = top.sep
				f.Inlines = slices.Clone(out[top.sep+1:])
			}
			f.Code = slices.Clone(out[top.at+1 : codeEnd])
			out = append(out[:top.at], hyperlinkField(f))
			continue
		}
		out = append(out, fc)
	}
	return out
}

// hyperlinkField gives a HYPERLINK field as a *Hyperlink (HYPERLINK
// "url" \l "anchor" \o "tip"), and any other field as it is.
func hyperlinkField(f *Field) Inline {
	if f.Name() != "HYPERLINK" {
		return f
	}
	args := fieldArgs(f.Instr)[1:]
	h := &Hyperlink{Pos: f.Pos, Inlines: f.Inlines}
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == `\l` && i+1 < len(args):
			h.Anchor = args[i+1]
			i++
		case strings.HasPrefix(a, `\`) && len(a) == 2:
			if a == `\o` || a == `\t` {
				i++ // takes an argument
			}
		case h.Target == "":
			h.Target, h.External = a, true
		}
	}
	return h
}

// fieldArgs splits a field instruction into words, a quoted argument being
// one word without its quotes (backslashes quote within it).
func fieldArgs(instr string) []string {
	var args []string
	var sb strings.Builder
	quoted, in := false, false
	for i := 0; i < len(instr); i++ {
		c := instr[i]
		switch {
		case quoted && c == '\\' && i+1 < len(instr) && (instr[i+1] == '"' || instr[i+1] == '\\'):
			sb.WriteByte(instr[i+1])
			i++
		case c == '"':
			quoted = !quoted
			in = true
		case !quoted && (c == ' ' || c == '\t'):
			if in {
				args = append(args, sb.String())
				sb.Reset()
				in = false
			}
		default:
			sb.WriteByte(c)
			in = true
		}
	}
	if in {
		args = append(args, sb.String())
	}
	return args
}

// carriedFields are the fields whose meaning a reader keeps: the page
// number of the running header.
var carriedFields = map[string]bool{"PAGE": true}

// reportFields reports every field that is not carried, folded or not, with
// its result's text.
func (r *reader) reportFields() {
	report := func(pos Pos, instr string, result []Inline) {
		name := fieldName(instr)
		if carriedFields[name] {
			return
		}
		if name == "" {
			name = "(empty)"
		}
		r.report(Report{Pos: pos, Kind: CannotCarry, What: "field " + name, Text: InlineText(result)})
	}
	var walk func(in []Inline)
	walk = func(in []Inline) {
		for i, x := range in {
			switch x := x.(type) {
			case *Field:
				report(x.Pos, x.Instr, x.Inlines)
				walk(x.Code)
				walk(x.Inlines)
			case *FieldChar:
				if x.Kind == FieldBegin {
					// The result runs from its separate to its end, or
					// on past this sequence.
					report(x.Pos, x.Field.Instr, resultAfter(in[i+1:], x.Field))
				}
			case *Revision:
				walk(x.Inlines)
			case *Hyperlink:
				walk(x.Inlines)
			}
		}
	}
	r.d.walkAll(func(p *Paragraph) { walk(p.Inlines) })
}

// resultAfter gives what follows a field's separate in in, up to its end
// or the end of in.
func resultAfter(in []Inline, f *FieldInfo) []Inline {
	start := -1
	for i, x := range in {
		if fc, ok := x.(*FieldChar); ok && fc.Field == f {
			if fc.Kind == FieldSeparate {
				start = i + 1
			} else if fc.Kind == FieldEnd {
				if start < 0 {
					return nil
				}
				return in[start:i]
			}
		}
	}
	if start < 0 {
		return nil
	}
	return in[start:]
}

// reportComments reports every comment, at its anchor when the text has
// one.
func (r *reader) reportComments() {
	anchors := map[string]Pos{}
	refs := map[string]Pos{}
	var walk func(in []Inline)
	walk = func(in []Inline) {
		for _, x := range in {
			switch x := x.(type) {
			case *RangeMark:
				if x.Kind == CommentStart {
					if _, ok := anchors[x.ID]; !ok {
						anchors[x.ID] = x.Pos
					}
				}
			case *Run:
				for _, e := range x.Content {
					if _, ok := refs[e.Text]; e.Kind == CommentRef && !ok {
						refs[e.Text] = x.Pos
					}
				}
			case *Revision:
				walk(x.Inlines)
			case *Hyperlink:
				walk(x.Inlines)
			case *Field:
				walk(x.Inlines)
			}
		}
	}
	r.d.walkAll(func(p *Paragraph) { walk(p.Inlines) })
	r.d.walkBlocks(func(b Block) {
		if m, ok := b.(*RangeMark); ok && m.Kind == CommentStart {
			if _, ok := anchors[m.ID]; !ok {
				anchors[m.ID] = m.Pos
			}
		}
	})
	for _, c := range r.d.Comments {
		pos, ok := anchors[c.ID]
		if !ok {
			pos, ok = refs[c.ID]
		}
		if ok {
			c.Anchor = pos
		} else {
			pos = c.Pos
		}
		what := "comment"
		if c.Author != "" {
			what += " by " + c.Author
		}
		r.report(Report{Pos: pos, Kind: CannotCarry, What: what, Text: BlocksText(c.Blocks)})
	}
}
