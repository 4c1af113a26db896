package typeset

import (
	"fmt"
	"io"
	"strconv"

	"github.com/itudoc/itudoc/pipeline/doc"
)

// Role is the structure type of an element of the annex's logical
// structure. The values are the standard structure types of tagged PDF
// (ISO 32000-1, 14.8.4), a vocabulary any exporter can map from.
type Role string

const (
	RoleDocument  Role = "Document"
	RoleH1        Role = "H1" // H1..H6: headings by depth (see headingRank)
	RoleP         Role = "P"
	RoleL         Role = "L" // a list: consecutive labelled paragraphs
	RoleLI        Role = "LI"
	RoleLbl       Role = "Lbl" // a list item's (or a footnote's) label
	RoleLBody     Role = "LBody"
	RoleTable     Role = "Table"
	RoleTR        Role = "TR"
	RoleTH        Role = "TH"
	RoleTD        Role = "TD"
	RoleNote      Role = "Note"      // a footnote body, after its first reference
	RoleReference Role = "Reference" // a footnote reference mark
	RoleLink      Role = "Link"      // a hyperlink: its text and its link areas
	// RoleContent is no element: a leaf of the tree standing, among its
	// parent's kids, for the frame items that point at it (in their order
	// on the pages).
	RoleContent Role = ""
)

// Heading gives the heading role of depth 1..6 (H1..H6).
func Heading(depth int) Role {
	return Role("H" + strconv.Itoa(min(max(depth, 1), 6)))
}

// Node is an element of the annex's logical structure, in reading order:
// the source order, a footnote's Note right after its first Reference.
// Frame items point at the RoleContent leaf whose content they are; a nil
// Node marks an item that is not content (a rule, a repeated footnote),
// and PageHeader the running header and page number.
type Node struct {
	Role Role
	Kids []*Node
	// ID is a Note's identifier, unique in the document ("fn1").
	ID string
	// URI is a Link's target.
	URI    string
	Pos    doc.Pos
	parent *Node
	note   int // Reference: the footnote id it cites
}

// PageHeader is the node of the running header's frame items: an
// artifact of pagination, not content.
var PageHeader = &Node{Role: "Artifact"}

// Parent gives the element n belongs to (nil for the root).
func (n *Node) Parent() *Node { return n.parent }

// adopt appends k to n's kids.
func (n *Node) adopt(k *Node) {
	k.parent = n
	n.Kids = append(n.Kids, k)
}

// Element gives the element a frame item's node stands for: the parent
// of a content leaf, nil for an artifact.
func Element(n *Node) *Node {
	if n == nil || n == PageHeader {
		return nil
	}
	if n.Role == RoleContent {
		return n.parent
	}
	return n
}

// headingRank orders the heading styles: a heading is nested in the
// nearest heading of a smaller rank before it, and its depth (H1..H6) is
// the number of headings it is nested in, plus one, so that no level is
// ever skipped.
func headingRank(s doc.Style) int {
	switch s {
	case doc.StyleProposal:
		return 1
	case doc.StyleResNo, doc.StyleRestitle:
		return 2
	case doc.StyleAnnexNo, doc.StyleAnnextitle:
		return 3
	case doc.StyleAppendixNo, doc.StyleAppendixtitle:
		return 4
	case doc.StyleHeading1:
		return 5
	case doc.StyleHeading2:
		return 6
	case doc.StyleHeading3:
		return 7
	}
	return 0
}

// elementFor gives the structure element made for a paragraph: a
// heading (its depth set by the assembler), a list item (setParagraph
// adds its Lbl and LBody), or P.
func (l *layouter) elementFor(par *doc.Paragraph) *Node {
	switch {
	case headingRank(par.Style) > 0:
		return l.newNode(Node{Role: RoleH1, Pos: par.Pos})
	case doc.Text(par.Label) != "":
		return l.newNode(Node{Role: RoleLI, Pos: par.Pos})
	}
	return l.newNode(Node{Role: RoleP, Pos: par.Pos})
}

// newNode gives a structure element allocated in chunks, which the
// layout's structure tree keeps alive together (as newText's texts).
func (l *layouter) newNode(n Node) *Node {
	if len(l.nodes) == cap(l.nodes) {
		l.nodes = make([]Node, 0, 256)
	}
	l.nodes = append(l.nodes, n)
	return &l.nodes[len(l.nodes)-1]
}

// addKid appends a new kid of role r to n, allocated by newNode. Most
// elements have one kid (a paragraph's text): a first kid goes in a slot
// of a chunk, the slice's capacity cut to it, so that a second one moves
// the kids out (append copies them) rather than over the next slot.
func (l *layouter) addKid(n *Node, r Role) *Node {
	k := l.newNode(Node{Role: r, parent: n})
	if n.Kids == nil {
		if len(l.kidSlots) == cap(l.kidSlots) {
			l.kidSlots = make([]*Node, 0, 512)
		}
		i := len(l.kidSlots)
		l.kidSlots = append(l.kidSlots, k)
		n.Kids = l.kidSlots[i : i+1 : i+1]
		return k
	}
	n.Kids = append(n.Kids, k)
	return k
}

// assembler puts the blocks' elements into the document's tree, in order:
// headings get their depth, labelled paragraphs are gathered into lists
// (nested by level, a deeper list inside the LBody of the item before it).
type assembler struct {
	root     *Node
	headings []int   // ranks of the open headings
	lists    []*Node // open lists, by nesting
	levels   []int   // their levels
}

func newAssembler() *assembler {
	return &assembler{root: &Node{Role: RoleDocument}}
}

// add puts el, the element of a block whose paragraph has style s and
// list level level (0: not a list item), into the tree.
func (a *assembler) add(el *Node, s doc.Style, level int) {
	if el == nil {
		return
	}
	if el.Role == RoleLI {
		level = max(level, 1)
		for len(a.lists) > 0 && a.levels[len(a.levels)-1] > level {
			a.lists, a.levels = a.lists[:len(a.lists)-1], a.levels[:len(a.levels)-1]
		}
		if n := len(a.lists); n > 0 && a.levels[n-1] == level {
			a.lists[n-1].adopt(el)
			return
		}
		l := &Node{Role: RoleL, Pos: el.Pos}
		if n := len(a.lists); n > 0 {
			// A deeper list: inside the body of the item before it.
			items := a.lists[n-1].Kids
			last := items[len(items)-1]
			last.Kids[len(last.Kids)-1].adopt(l)
		} else {
			a.root.adopt(l)
		}
		a.lists, a.levels = append(a.lists, l), append(a.levels, level)
		l.adopt(el)
		return
	}
	a.lists, a.levels = a.lists[:0], a.levels[:0]
	if r := headingRank(s); r > 0 {
		for len(a.headings) > 0 && a.headings[len(a.headings)-1] >= r {
			a.headings = a.headings[:len(a.headings)-1]
		}
		a.headings = append(a.headings, r)
		el.Role = Heading(len(a.headings))
	}
	a.root.adopt(el)
}

// placeNotes puts each footnote's Note right after the first Reference
// citing it; notes holds the Note elements of the footnotes set.
func placeNotes(root *Node, notes map[int]*Node) {
	var walk func(n *Node)
	walk = func(n *Node) {
		for i := 0; i < len(n.Kids); i++ {
			k := n.Kids[i]
			if k.Role == RoleReference {
				if nt := notes[k.note]; nt != nil && nt.parent == nil {
					nt.parent = n
					n.Kids = append(n.Kids[:i+1], append([]*Node{nt}, n.Kids[i+1:]...)...)
					i++
					continue
				}
			}
			walk(k)
		}
	}
	walk(root)
}

// DumpStructure writes the structure tree, an element a line, indented by
// depth; a content leaf shows as "…".
func DumpStructure(w io.Writer, root *Node) error {
	var walk func(n *Node, depth int) error
	walk = func(n *Node, depth int) error {
		label := string(n.Role)
		switch {
		case n.Role == RoleContent:
			label = "…"
		case n.ID != "":
			label += " " + n.ID
		case n.URI != "":
			label += " " + strconv.Quote(n.URI)
		}
		if _, err := fmt.Fprintf(w, "%*s%s\n", 2*depth, "", label); err != nil {
			return err
		}
		for _, k := range n.Kids {
			if err := walk(k, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	if root == nil {
		return nil
	}
	return walk(root, 0)
}
