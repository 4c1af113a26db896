package parse

import (
	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Deletion is the AST node of a ~~deleted~~ span.
//
// goldmark's GFM strikethrough would do, but it also strikes text between
// single tildes ("~10~20 MHz"); the dialect marks deletions with exactly two,
// so this extension is the same delimiter machinery with that one rule.
type Deletion struct {
	gast.BaseInline
}

// KindDeletion is the kind of Deletion nodes.
var KindDeletion = gast.NewNodeKind("Deletion")

// Kind implements ast.Node.
func (*Deletion) Kind() gast.NodeKind { return KindDeletion }

// Dump implements ast.Node.
func (n *Deletion) Dump(source []byte, level int) { gast.DumpHelper(n, source, level, nil, nil) }

type deletionDelimiters struct{}

func (deletionDelimiters) IsDelimiter(b byte) bool { return b == '~' }
func (deletionDelimiters) CanOpenCloser(opener, closer *parser.Delimiter) bool {
	return opener.Char == closer.Char && opener.OriginalLength == closer.OriginalLength
}
func (deletionDelimiters) OnMatch(consumes int) gast.Node { return &Deletion{} }

type deletionParser struct{}

func (deletionParser) Trigger() []byte { return []byte{'~'} }

func (deletionParser) Parse(parent gast.Node, block text.Reader, pc parser.Context) gast.Node {
	before := block.PrecendingCharacter()
	line, segment := block.PeekLine()
	node := parser.ScanDelimiter(line, before, 1, deletionDelimiters{})
	if node == nil || node.OriginalLength != 2 || before == '~' {
		return nil
	}
	node.Segment = segment.WithStop(segment.Start + node.OriginalLength)
	block.Advance(node.OriginalLength)
	pc.PushDelimiter(node)
	return node
}

func (deletionParser) CloseBlock(parent gast.Node, pc parser.Context) {}

type deletionExtension struct{}

// Extend adds the ~~deletion~~ inline parser to a goldmark instance.
func (deletionExtension) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithInlineParsers(util.Prioritized(deletionParser{}, 500)))
}
