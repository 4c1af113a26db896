package batch

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/lexer"
	yamlparser "github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/itudoc/itudoc/internal/render"
)

// Limits of a pack manifest. A manifest is read in three bounded steps,
// each linear in its size: the bytes (size, UTF-8) and the YAML tokens
// (nesting depth, counted from indentation and brackets) are checked before
// anything is parsed; the parsed tree is checked for what its aliases would
// expand to before any alias is followed; and the manifest is then built
// from the tree by this package, key by key in the order of the file, not
// decoded by reflection. go-yaml has no limits of its own that hold: a
// decode depth of 10000 and no bound on alias or merge-key expansion (a
// 500-byte merge-key bomb takes it seconds, ten times more per line).
const (
	// MaxManifestBytes is far above any pack (a document takes about 60
	// bytes of manifest).
	MaxManifestBytes = 1 << 20
	// MaxManifestDepth bounds nesting: a manifest needs 4 levels
	// (documents, an entry, its formats, a format).
	MaxManifestDepth = 16
	// MaxAliasNodes bounds the nodes that aliases (*name, and <<: *name
	// merge keys) may add to the manifest once expanded.
	MaxAliasNodes = 10000
)

// manifest is a parsed pack.yaml: title, defaults, documents.
type manifest struct {
	Title      string
	Defaults   render.Settings
	defaultsAt map[string]string // where each key's value stands
	Documents  []entry
}

// entry is one document of a manifest: its source (relative to the
// manifest's folder), an optional output name, and settings that override
// the pack's defaults; at is where it stands, file:line:col.
type entry struct {
	Source, Output string
	Settings       render.Settings
	at             string            // where the entry starts
	fieldAt        map[string]string // where each key's value stands
}

// The keys of each mapping of a manifest, in the order help lists them.
var (
	topKeys      = []string{"title", "defaults", "documents"}
	settingsKeys = []string{"author", "date", "conference", "place", "formats", "pdf-marks", "linebreak", "pdf-standard", "edits"}
	entryKeys    = append([]string{"source", "output"}, settingsKeys...)
)

// manifestError is an error at a position of a manifest.
type manifestError struct{ msg string }

func (e *manifestError) Error() string { return e.msg }

// reader builds a manifest from go-yaml's tree.
type reader struct {
	file    string
	targets map[*ast.AliasNode]ast.Node // what each alias stands for
}

func (r *reader) at(t *token.Token) string {
	if t == nil || t.Position == nil {
		return r.file
	}
	return fmt.Sprintf("%s:%d:%d", r.file, t.Position.Line, t.Position.Column)
}

func (r *reader) errorf(t *token.Token, format string, args ...any) error {
	return &manifestError{r.at(t) + ": " + fmt.Sprintf(format, args...)}
}

// parseManifest reads the manifest data, named file in errors.
func parseManifest(file string, data []byte) (*manifest, error) {
	r := &reader{file: file, targets: map[*ast.AliasNode]ast.Node{}}
	if len(data) > MaxManifestBytes {
		return nil, &manifestError{fmt.Sprintf("%s: %d bytes, more than the limit of %d for a manifest", file, len(data), MaxManifestBytes)}
	}
	if err := r.checkBytes(data); err != nil {
		return nil, err
	}
	tokens := lexer.Tokenize(string(data))
	if err := r.checkDepth(tokens); err != nil {
		return nil, err
	}
	f, err := yamlparser.Parse(tokens, 0)
	if err != nil {
		return nil, yamlError(file, err)
	}
	var body ast.Node
	for i, d := range f.Docs {
		if d == nil || d.Body == nil {
			continue
		}
		if body != nil {
			return nil, r.errorf(docStart(d, i), "a manifest is one YAML document; this is a second one (remove the ---, or make it another manifest)")
		}
		body = d.Body
	}
	if body == nil {
		return nil, &manifestError{file + ": the manifest is empty (a documents: list of {source: FILE})"}
	}
	expanded := 0
	if _, err := r.expand(body, map[string]anchor{}, &expanded); err != nil {
		return nil, err
	}
	m := &manifest{}
	err = r.mapping(body, "the manifest", topKeys, func(key string, k *token.Token, v ast.Node) error {
		switch key {
		case "title":
			s, err := r.text(v, key)
			m.Title = s
			return err
		case "defaults":
			m.defaultsAt = map[string]string{"": r.at(tokenOf(v))}
			return r.mapping(v, "defaults", settingsKeys, func(key string, k *token.Token, v ast.Node) error {
				m.defaultsAt[key] = r.valueAt(k, v)
				return r.setting(&m.Defaults, key, v)
			})
		default: // documents
			return r.documents(m, v)
		}
	})
	return m, err
}

func docStart(d *ast.DocumentNode, i int) *token.Token {
	if d.Start != nil {
		return d.Start
	}
	return d.Body.GetToken()
}

// checkBytes refuses what is not UTF-8 text, with its position.
func (r *reader) checkBytes(data []byte) error {
	line, col := 1, 1
	for i := 0; i < len(data); {
		c, size := utf8.DecodeRune(data[i:])
		switch {
		case c == utf8.RuneError && size == 1:
			return &manifestError{fmt.Sprintf("%s:%d:%d: invalid UTF-8: a manifest is UTF-8 text", r.file, line, col)}
		case c == 0:
			return &manifestError{fmt.Sprintf("%s:%d:%d: NUL byte: a manifest is UTF-8 text", r.file, line, col)}
		case c == '\n':
			line, col = line+1, 0
		}
		i += size
		col++
	}
	return nil
}

// checkDepth bounds the nesting of the tokens before they are parsed:
// brackets count one level each, and block structure one level per
// indentation step or sequence entry ("- - x" is two).
func (r *reader) checkDepth(tokens token.Tokens) error {
	var cols []int // columns of the open block levels
	flow, lastLine := 0, 0
	for _, t := range tokens {
		if t.Type == token.CommentType || t.Position == nil {
			continue
		}
		line, col := t.Position.Line, t.Position.Column
		if flow == 0 && (line != lastLine || t.Type == token.SequenceEntryType) {
			if line != lastLine {
				for len(cols) > 0 && cols[len(cols)-1] >= col {
					cols = cols[:len(cols)-1]
				}
			}
			cols = append(cols, col)
		}
		lastLine = line
		switch t.Type {
		case token.SequenceStartType, token.MappingStartType:
			flow++
		case token.SequenceEndType, token.MappingEndType:
			if flow > 0 {
				flow--
			}
		}
		if len(cols)+flow > MaxManifestDepth {
			return r.errorf(t, "nested more than %d levels deep: not a pack manifest (it needs 4)", MaxManifestDepth)
		}
	}
	return nil
}

// anchor is a node with an anchor, and its size once its aliases expand.
type anchor struct {
	node ast.Node
	size int
}

// expand gives the size of n with its aliases expanded (capped, so that
// it cannot overflow), adding what aliases add to *extra and failing when
// that passes MaxAliasNodes; it records each alias's target. Anchors are
// visited in document order, so an alias refers to the last anchor of its
// name before it, as in YAML.
func (r *reader) expand(n ast.Node, anchors map[string]anchor, extra *int) (int, error) {
	const capSize = MaxAliasNodes + 1
	add := func(a, b int) int { return min(a+b, capSize) }
	switch v := n.(type) {
	case nil:
		return 0, nil
	case *ast.AnchorNode:
		size, err := r.expand(v.Value, anchors, extra)
		if err != nil {
			return 0, err
		}
		anchors[nodeName(v.Name)] = anchor{v.Value, size}
		return size, nil
	case *ast.AliasNode:
		name := nodeName(v.Value)
		a, ok := anchors[name]
		if !ok {
			return 0, r.errorf(v.GetToken(), "alias *%s refers to no anchor &%s before it", said(name), said(name))
		}
		r.targets[v] = a.node
		*extra = add(*extra, a.size)
		if *extra > MaxAliasNodes {
			return 0, r.errorf(v.GetToken(), "aliases expand the manifest by more than %d nodes: not a pack manifest", MaxAliasNodes)
		}
		return a.size, nil
	case *ast.TagNode:
		return 0, r.errorf(v.GetToken(), "YAML tags (%s) are not accepted in a manifest", said(v.Start.Value))
	case *ast.MappingNode:
		size := 1
		for _, mv := range v.Values {
			s, err := r.expand(mv, anchors, extra)
			if err != nil {
				return 0, err
			}
			size = add(size, s)
		}
		return size, nil
	case *ast.MappingValueNode:
		k, err := r.expand(v.Key, anchors, extra)
		if err != nil {
			return 0, err
		}
		val, err := r.expand(v.Value, anchors, extra)
		return add(k, val), err
	case *ast.MappingKeyNode:
		return r.expand(v.Value, anchors, extra)
	case *ast.SequenceNode:
		size := 1
		for _, e := range v.Values {
			s, err := r.expand(e, anchors, extra)
			if err != nil {
				return 0, err
			}
			size = add(size, s)
		}
		return size, nil
	}
	return 1, nil
}

// said gives a name from the manifest as a message may show it: as it is
// when it is plain, else quoted (a name with a newline must not break the
// message's line).
func said(s string) string {
	for _, r := range s {
		if r <= ' ' || r == '"' || r == 0x7f || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

func nodeName(n ast.Node) string {
	if n == nil {
		return ""
	}
	if s, ok := n.(*ast.StringNode); ok {
		return s.Value
	}
	return n.GetToken().Value
}

// resolve follows anchors and aliases to the node that holds the value.
func (r *reader) resolve(n ast.Node) ast.Node {
	for {
		switch v := n.(type) {
		case *ast.AnchorNode:
			n = v.Value
		case *ast.AliasNode:
			n = r.targets[v]
		default:
			return n
		}
	}
}

// kind names what a node is, for messages.
func kind(n ast.Node) string {
	switch n.(type) {
	case nil, *ast.NullNode:
		return "empty"
	case *ast.MappingNode, *ast.MappingValueNode:
		return "a mapping"
	case *ast.SequenceNode:
		return "a list"
	case *ast.IntegerNode, *ast.FloatNode, *ast.InfinityNode, *ast.NanNode:
		return "a number"
	case *ast.BoolNode:
		return "true or false"
	}
	return "text"
}

// pair is a key of a mapping and its value.
type pair struct {
	key  string
	tok  *token.Token
	node ast.Node
}

// pairs gives the keys of the mapping n in the order of the file, merge
// keys (<<: *name or <<: [*a, *b]) expanded: a key written in the mapping
// wins over a merged one, and an earlier merged mapping over a later one.
func (r *reader) pairs(n ast.Node, what string) ([]pair, error) {
	var values []*ast.MappingValueNode
	switch v := r.resolve(n).(type) {
	case *ast.MappingNode:
		values = v.Values
	case *ast.MappingValueNode:
		values = []*ast.MappingValueNode{v}
	default:
		return nil, r.errorf(tokenOf(n), "%s must be a mapping (key: value lines), not %s", what, kind(r.resolve(n)))
	}
	var own, merged []pair
	seen := map[string]*token.Token{}
	for _, mv := range values {
		if _, ok := mv.Key.(*ast.MergeKeyNode); ok {
			var from []ast.Node
			if seq, ok := r.resolve(mv.Value).(*ast.SequenceNode); ok {
				from = seq.Values
			} else {
				from = []ast.Node{mv.Value}
			}
			for _, f := range from {
				ps, err := r.pairs(f, "a merged value (<<)")
				if err != nil {
					return nil, err
				}
				merged = append(merged, ps...)
			}
			continue
		}
		key, tok, err := r.key(mv.Key)
		if err != nil {
			return nil, err
		}
		if first, dup := seen[key]; dup {
			return nil, r.errorf(tok, "%s is given twice (first at line %d)", said(key), first.Position.Line)
		}
		seen[key] = tok
		own = append(own, pair{key, tok, mv.Value})
	}
	for _, p := range merged {
		if _, dup := seen[p.key]; !dup {
			seen[p.key] = p.tok
			own = append(own, p)
		}
	}
	return own, nil
}

// firstToken is where a node starts: a mapping at its first key (go-yaml
// gives the position of the first ':').
func firstToken(n ast.Node) *token.Token {
	switch v := n.(type) {
	case *ast.MappingNode:
		if len(v.Values) > 0 && !v.IsFlowStyle {
			return tokenOf(v.Values[0].Key)
		}
	case *ast.MappingValueNode:
		return tokenOf(v.Key)
	}
	return tokenOf(n)
}

// valueAt is where the value of key k stands: the value, or the key when
// it is empty.
func (r *reader) valueAt(k *token.Token, v ast.Node) string {
	if _, ok := v.(*ast.NullNode); ok || v == nil {
		return r.at(k)
	}
	return r.at(firstToken(v))
}

func tokenOf(n ast.Node) *token.Token {
	if n == nil {
		return nil
	}
	return n.GetToken()
}

// key reads a mapping key: a plain scalar.
func (r *reader) key(k ast.MapKeyNode) (string, *token.Token, error) {
	var n ast.Node = k
	if mk, ok := k.(*ast.MappingKeyNode); ok {
		n = mk.Value
	}
	n = r.resolve(n)
	switch v := n.(type) {
	case *ast.StringNode:
		return v.Value, v.GetToken(), nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.NullNode:
		return v.GetToken().Value, v.GetToken(), nil
	}
	return "", tokenOf(n), r.errorf(tokenOf(n), "a key must be a name, not %s", kind(n))
}

// mapping reads the mapping n, calling f for each key in the order of the
// file; a key not in known is an error that lists them.
func (r *reader) mapping(n ast.Node, what string, known []string, f func(key string, k *token.Token, v ast.Node) error) error {
	ps, err := r.pairs(n, what)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if !contains(known, p.key) {
			return r.errorf(p.tok, "unknown field %q in %s (known: %s)", p.key, what, strings.Join(known, ", "))
		}
		if err := f(p.key, p.tok, p.node); err != nil {
			return err
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, l := range list {
		if l == s {
			return true
		}
	}
	return false
}

// text reads a scalar as text: a number or true is taken as written; an
// empty value is "".
func (r *reader) text(n ast.Node, what string) (string, error) {
	switch v := r.resolve(n).(type) {
	case nil, *ast.NullNode:
		return "", nil
	case *ast.StringNode:
		return v.Value, nil
	case *ast.LiteralNode:
		return v.Value.Value, nil
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return v.GetToken().Value, nil
	default:
		return "", r.errorf(tokenOf(n), "%s must be text, not %s", what, kind(v))
	}
}

// setting reads one setting into s.
func (r *reader) setting(s *render.Settings, key string, v ast.Node) error {
	var err error
	switch key {
	case "author":
		s.Author, err = r.text(v, key)
	case "date":
		s.Date, err = r.text(v, key)
	case "conference":
		s.Conference, err = r.text(v, key)
	case "place":
		s.Place, err = r.text(v, key)
	case "linebreak":
		s.LineBreak, err = r.text(v, key)
	case "pdf-standard":
		s.PDFStandard, err = r.text(v, key)
	case "pdf-marks":
		switch b := r.resolve(v).(type) {
		case *ast.BoolNode:
			s.PDFMarks = b.Value
		case nil, *ast.NullNode:
		default:
			err = r.errorf(tokenOf(v), "pdf-marks must be true or false, not %s", kind(b))
		}
	case "formats":
		s.Formats, err = r.formats(v)
	case "edits":
		s.Edits, err = r.list(v, "edits", "an edit script")
	}
	return err
}

// list reads a list of texts ([a.yaml, b.yaml]) or one text.
func (r *reader) list(v ast.Node, what, item string) ([]string, error) {
	seq, ok := r.resolve(v).(*ast.SequenceNode)
	if !ok {
		s, err := r.text(v, what)
		if err != nil || s == "" {
			return nil, err
		}
		return []string{s}, nil
	}
	var out []string
	for _, it := range seq.Values {
		s, err := r.text(it, item)
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// formats reads a list of formats ([docx, pdf]), or one text ("docx" or
// "docx,pdf", as on the command line).
func (r *reader) formats(v ast.Node) ([]string, error) {
	var items []ast.Node
	if seq, ok := r.resolve(v).(*ast.SequenceNode); ok {
		items = seq.Values
	} else {
		s, err := r.text(v, "formats")
		if err != nil {
			return nil, err
		}
		var out []string
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out, nil
	}
	var out []string
	for _, it := range items {
		s, err := r.text(it, "a format")
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, nil
}

// documents reads the documents: list.
func (r *reader) documents(m *manifest, v ast.Node) error {
	seq, ok := r.resolve(v).(*ast.SequenceNode)
	if !ok {
		return r.errorf(tokenOf(v), "documents must be a list of {source: FILE, ...}, not %s", kind(r.resolve(v)))
	}
	for _, item := range seq.Values {
		e := entry{at: r.at(firstToken(r.resolve(item))), fieldAt: map[string]string{}}
		err := r.mapping(item, "a document", entryKeys, func(key string, k *token.Token, v ast.Node) error {
			e.fieldAt[key] = r.valueAt(k, v)
			var err error
			switch key {
			case "source":
				e.Source, err = r.text(v, key)
			case "output":
				e.Output, err = r.text(v, key)
			default:
				err = r.setting(&e.Settings, key, v)
			}
			return err
		})
		if err != nil {
			return err
		}
		m.Documents = append(m.Documents, e)
	}
	return nil
}

// yamlError turns go-yaml's "[4:5] mapping value is not allowed" into
// "file:4:5: mapping value is not allowed".
func yamlError(file string, err error) error {
	first, _, _ := strings.Cut(yaml.FormatError(err, false, false), "\n")
	if m := yamlPos.FindStringSubmatch(first); m != nil {
		return &manifestError{fmt.Sprintf("%s:%s:%s: %s", file, m[1], m[2], m[3])}
	}
	return &manifestError{fmt.Sprintf("%s: %s", file, first)}
}
