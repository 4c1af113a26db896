package pdfwrite

import (
	"fmt"
	"strconv"

	"github.com/itudoc/itudoc/layouts/typeset"
)

// appendRef appends an indirect reference to object n: "n 0 R".
func appendRef(b []byte, n int) []byte {
	return append(strconv.AppendInt(b, int64(n), 10), " 0 R"...)
}

// structure writes the structure tree (ISO 32000-1, 14.7): a structure
// element per element of the tree that has content (marked-content
// sequences of its leaves, or link annotations, or such kids), the
// ParentTree from each page's MCIDs and each annotation back to its
// element, and gives the StructTreeRoot's object.
func (w *Writer) structure(root *typeset.Node) int {
	treeRoot, parentTree := w.alloc(), w.alloc()
	// Which elements have content, in pre-order; then their objects.
	var order []*typeset.Node
	var has func(n *typeset.Node) bool
	has = func(n *typeset.Node) bool {
		if n.Role == typeset.RoleContent {
			_, ok := w.leafSeqs[n]
			return ok
		}
		at := len(order)
		order = append(order, n)
		ok := len(w.annots[n]) > 0
		for _, k := range n.Kids {
			if has(k) {
				ok = true
			}
		}
		if !ok && n != root {
			// No content: the element and its kids go.
			order = order[:at]
			return false
		}
		return true
	}
	has(root)
	obj := make(map[*typeset.Node]int, len(order))
	for _, n := range order {
		obj[n] = w.alloc()
	}

	for _, n := range order {
		parent := treeRoot
		if p := n.Parent(); p != nil && n != root {
			parent = obj[p]
		}
		// The page of the element's first own content, for its MCIDs.
		pg := -1
		for _, k := range n.Kids {
			if k.Role != typeset.RoleContent {
				continue
			}
			if c, ok := w.leafSeqs[k]; ok {
				pg = w.seqs[c.first].page
				break
			}
		}
		if pg < 0 && len(w.annots[n]) > 0 {
			pg = w.annots[n][0].page
		}
		b := append(w.buf[:0], "<</Type /StructElem /S /"...)
		b = append(b, n.Role...)
		b = appendRef(append(b, " /P "...), parent)
		if pg >= 0 {
			b = appendRef(append(b, " /Pg "...), w.pages[pg].obj)
		}
		if n.ID != "" {
			b = append(b, " /ID "...)
			b = appendLiteral(b, []byte(n.ID))
		}
		switch n.Role {
		case typeset.RoleTH:
			b = append(b, " /A <</O /Table /Scope /Column>>"...)
		case typeset.RoleLink:
			b = append(b, " /Alt "...)
			b = appendTextString(b, n.URI)
		}
		b = append(b, " /K ["...)
		for _, k := range n.Kids {
			if k.Role != typeset.RoleContent {
				if o, ok := obj[k]; ok {
					b = append(appendRef(b, o), ' ')
				}
				continue
			}
			c, ok := w.leafSeqs[k]
			if !ok {
				continue
			}
			for i := c.first; i >= 0; i = w.seqs[i].next {
				m := w.seqs[i].mcr
				if m.page == pg {
					b = append(strconv.AppendInt(b, int64(m.mcid), 10), ' ')
				} else {
					b = appendRef(append(b, "<</Type /MCR /Pg "...), w.pages[m.page].obj)
					b = append(strconv.AppendInt(append(b, " /MCID "...), int64(m.mcid), 10), ">> "...)
				}
			}
		}
		for _, a := range w.annots[n] {
			b = fmt.Appendf(b, "<</Type /OBJR /Obj %d 0 R /Pg %d 0 R>> ", a.obj, w.pages[a.page].obj)
		}
		if b[len(b)-1] == ' ' {
			b = b[:len(b)-1]
		}
		b = append(b, "]>>"...)
		w.buf = b
		w.pack(obj[n], b)
	}

	// The ParentTree: a number tree of one node, its keys in order.
	elem := func(b []byte, n *typeset.Node) []byte {
		if o, ok := obj[n]; ok {
			return appendRef(b, o)
		}
		return append(b, "null"...)
	}
	b := append(w.buf[:0], "<</Nums ["...)
	for k, key := range w.keys {
		b = append(strconv.AppendInt(b, int64(k), 10), ' ')
		if key.link != nil {
			b = append(elem(b, key.link), ' ')
			continue
		}
		b = append(b, '[')
		for i, leaf := range key.leaves {
			if i > 0 {
				b = append(b, ' ')
			}
			b = elem(b, typeset.Element(leaf))
		}
		b = append(b, "] "...)
	}
	b = append(b, "]>>"...)
	w.buf = b
	w.pack(parentTree, b)
	w.pack(treeRoot, fmt.Appendf(w.buf[:0], "<</Type /StructTreeRoot /K [%d 0 R] /ParentTree %d 0 R /ParentTreeNextKey %d>>", obj[root], parentTree, len(w.keys)))
	return treeRoot
}
