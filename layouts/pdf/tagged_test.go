package pdf

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset/typesettest"

	"github.com/itudoc/itudoc/layouts/itu"
	"github.com/itudoc/itudoc/layouts/pdfwrite"
	"github.com/itudoc/itudoc/layouts/typeset"
	"github.com/itudoc/itudoc/pipeline"
	"github.com/itudoc/itudoc/pipeline/doc"
)

// corpus gives the seed and the documents of testdata/corpus, by name.
func corpus(t *testing.T) map[string]*doc.Document {
	docs := map[string]*doc.Document{"pp14-149-e": seed(t)}
	files, _ := filepath.Glob("testdata/corpus/*.md")
	if len(files) < 2 {
		t.Fatalf("testdata/corpus holds %d documents, want 2 or more", len(files))
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := pipeline.Load(filepath.Base(f), src)
		if err != nil {
			t.Fatal(err)
		}
		docs[strings.TrimSuffix(filepath.Base(f), ".md")] = d
	}
	return docs
}

// writeTemp writes d's annex with opt to a temporary file.
func writeTemp(t *testing.T, d *doc.Document, opt Options) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "annex.pdf")
	if err := os.WriteFile(file, write(t, d, opt), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

// sNode is an element of the structure tree as pdfinfo -struct-text
// shows it: its type, and its kids (elements, or quoted text).
type sNode struct {
	role  string
	id    string
	text  string   // a text line: its content; role is ""
	attrs []string // its attributes: "/Scope /Column"
	kids  []*sNode
}

// An OBJR (an annotation's place in the tree) shows as "Object N G"; an
// element with attributes as "TH:", its attributes on the lines after it
// ("/Scope /Column").
var structLine = regexp.MustCompile(`^(\s*)(?:"(.*)"|(\w+)(?: <([^>]*)>)?(?: \((?:block|inline)\)| \d+ \d+|:)?)\s*$`)

var attrLine = regexp.MustCompile(`^\s*(/\w+ .*)$`)

// structTree reads pdfinfo -struct-text's output into a tree.
func structTree(t *testing.T, out string) *sNode {
	t.Helper()
	root := &sNode{role: "(root)"}
	stack := []*sNode{root}
	depth := []int{-1}
	for _, ln := range strings.Split(strings.TrimRight(out, "\n"), "\n") {
		if m := attrLine.FindStringSubmatch(ln); m != nil && len(stack) > 1 {
			n := stack[len(stack)-1]
			n.attrs = append(n.attrs, m[1])
			continue
		}
		m := structLine.FindStringSubmatch(ln)
		if m == nil {
			t.Fatalf("pdfinfo -struct-text: cannot read %q", ln)
		}
		n := &sNode{role: m[3], id: m[4], text: m[2]}
		d := len(m[1])
		for depth[len(depth)-1] >= d {
			stack, depth = stack[:len(stack)-1], depth[:len(depth)-1]
		}
		parent := stack[len(stack)-1]
		parent.kids = append(parent.kids, n)
		stack, depth = append(stack, n), append(depth, d)
	}
	if len(root.kids) != 1 || root.kids[0].role != "Document" {
		t.Fatalf("the structure tree's root is not one Document")
	}
	return root.kids[0]
}

// blockRoles gives the roles the structure tree should have for the
// blocks of the annex in reading order, from the document model: "H"
// for the heading styles, LI for labelled paragraphs, P, Table.
func blockRoles(d *doc.Document) (roles []string, styles []doc.Style) {
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Proposal:
				walk(b.Blocks)
			case *doc.Table:
				roles, styles = append(roles, "Table"), append(styles, "")
			case *doc.Paragraph:
				role := "P"
				switch {
				case isHeading(b.Style):
					role = "H"
				case doc.Text(b.Label) != "":
					role = "LI"
				}
				roles, styles = append(roles, role), append(styles, b.Style)
			}
		}
	}
	for _, p := range d.Proposals() {
		walk(p.Blocks)
	}
	return
}

func isHeading(s doc.Style) bool {
	switch s {
	case doc.StyleProposal, doc.StyleResNo, doc.StyleRestitle, doc.StyleAnnexNo, doc.StyleAnnextitle,
		doc.StyleAppendixNo, doc.StyleAppendixtitle, doc.StyleHeading1, doc.StyleHeading2, doc.StyleHeading3:
		return true
	}
	return false
}

// treeBlocks gives the block elements under Document in order, lists
// flattened into their items (a nested list after the item holding it).
func treeBlocks(n *sNode) []*sNode {
	var out []*sNode
	var walk func(n *sNode)
	walk = func(n *sNode) {
		for _, k := range n.kids {
			switch {
			case k.role == "L":
				walk(k)
			case k.role == "LI":
				out = append(out, k)
				for _, b := range k.kids {
					if b.role == "LBody" {
						for _, l := range b.kids {
							if l.role == "L" {
								walk(&sNode{kids: []*sNode{l}})
							}
						}
					}
				}
			case k.role != "":
				out = append(out, k)
			}
		}
	}
	walk(n)
	return out
}

// elementTexts gives the text under n: the texts of one element joined as
// they are (their word spaces are theirs), those of different elements
// with a space.
func elementTexts(n *sNode) string {
	var sb strings.Builder
	var walk func(n *sNode)
	walk = func(n *sNode) {
		prevText := false
		for _, k := range n.kids {
			if k.role == "" {
				if !prevText {
					sb.WriteByte(' ')
				}
				sb.WriteString(k.text)
				prevText = true
				continue
			}
			prevText = false
			walk(k)
		}
	}
	walk(n)
	return sb.String()
}

// texts gives the text lines under n, in order.
func texts(n *sNode) []string {
	var out []string
	if n.role == "" {
		return []string{n.text}
	}
	for _, k := range n.kids {
		out = append(out, texts(k)...)
	}
	return out
}

// expectedText gives the text of the annex of d (a view) in reading
// order, from the model: each paragraph's label and text (in capitals
// where its style shows them), a footnote's mark and body right after its
// first reference, table cells row by row. Leaf boundaries (a footnote
// reference) are word boundaries.
func expectedText(d *doc.Document) string {
	var sb strings.Builder
	noted := map[int]bool{}
	var para func(p *doc.Paragraph)
	inlines := func(in []doc.Inline, caps bool) {
		for _, il := range in {
			switch il := il.(type) {
			case *doc.Run:
				s := il.Text
				if caps {
					s = strings.ToUpper(s)
				}
				sb.WriteString(s)
			case *doc.FootnoteRef:
				sb.WriteString(" " + strconv.Itoa(il.ID) + " ")
				if fn := d.Footnote(il.ID); fn != nil && !noted[il.ID] {
					noted[il.ID] = true
					para(&doc.Paragraph{Label: []doc.Inline{&doc.Run{Text: strconv.Itoa(fn.ID)}}, Inlines: fn.Inlines})
				}
			}
		}
	}
	para = func(p *doc.Paragraph) {
		caps := itu.Lookup(p.Style).Caps
		inlines(p.Label, caps)
		sb.WriteString(" ")
		inlines(p.Inlines, caps)
		sb.WriteString(" ")
	}
	var walk func(bs []doc.Block)
	walk = func(bs []doc.Block) {
		for _, b := range bs {
			switch b := b.(type) {
			case *doc.Proposal:
				walk(b.Blocks)
			case *doc.Table:
				for _, r := range b.Rows {
					for _, c := range r.Cells {
						para(c)
					}
				}
			case *doc.Paragraph:
				para(b)
			}
		}
	}
	for _, p := range d.Proposals() {
		walk(p.Blocks)
	}
	return sb.String()
}

func noSpace(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, s)
}

// TestStructureTree reads the structure tree of the seed's annex and of
// the corpus documents', in both views, with pdfinfo -struct-text: a
// Document whose blocks are the annex's paragraphs in source order, each
// with the element type of its style (H1 for a proposal's heading, H2 for
// the resolution's number and title, LI with Lbl and LBody for labelled
// paragraphs, inside L), headings never skipping a level, footnotes as
// Note right after their Reference, the clean (or marked) text of the
// model with its word spaces, and nothing of the running header.
func TestStructureTree(t *testing.T) {
	for name, d := range corpus(t) {
		for _, opt := range []Options{{}, {Marks: true}} {
			if name == "pp14-149-e" && opt.Marks {
				// poppler reads the text of each marked-content sequence
				// by interpreting its whole page: 25 s for the seed's
				// 1000, and the marked view adds nothing to check.
				continue
			}
			view := opt.View(d)
			tree := structTree(t, run(t, "pdfinfo", "-struct-text", writeTemp(t, d, opt)))
			roles, styles := blockRoles(view)
			blocks := treeBlocks(tree)
			if len(blocks) != len(roles) {
				t.Fatalf("%s marks=%v: %d blocks in the structure tree, %d paragraphs and tables in the annex", name, opt.Marks, len(blocks), len(roles))
			}
			level := 0
			for i, b := range blocks {
				got := b.role
				if strings.HasPrefix(got, "H") && len(got) == 2 {
					n := int(got[1] - '0')
					if n > level+1 {
						t.Errorf("%s: block %d (%s) is %s after H%d: a level skipped", name, i, styles[i], got, level)
					}
					level = n
					switch styles[i] {
					case doc.StyleProposal:
						if got != "H1" {
							t.Errorf("%s: proposal heading %d is %s, want H1", name, i, got)
						}
					case doc.StyleResNo, doc.StyleRestitle:
						if got != "H2" {
							t.Errorf("%s: resolution heading %d (%s) is %s, want H2", name, i, styles[i], got)
						}
					}
					got = "H"
				}
				if got != roles[i] {
					t.Fatalf("%s marks=%v: block %d is %s, want %s (style %s)", name, opt.Marks, i, b.role, roles[i], styles[i])
				}
				// (A list item whose text is all deleted has no LBody.)
				if got == "Table" {
					for _, tr := range b.kids {
						for _, cell := range tr.kids {
							if cell.role == "TH" && !slices.Contains(cell.attrs, "/Scope /Column") {
								t.Errorf("%s: a table header cell without its scope: %v", name, cell.attrs)
							}
						}
					}
				}
				if got == "LI" && (len(b.kids) == 0 || b.kids[0].role != "Lbl" || len(b.kids) > 1 && b.kids[1].role != "LBody") {
					t.Errorf("%s: list item %d is not Lbl, LBody", name, i)
				}
			}
			// Footnotes: a Note with its id right after each first Reference.
			notes := 0
			var walk func(n *sNode)
			walk = func(n *sNode) {
				for i, k := range n.kids {
					if k.role == "Note" {
						notes++
						if i == 0 || n.kids[i-1].role != "Reference" || k.id == "" {
							t.Errorf("%s: a Note (id %q) not right after a Reference", name, k.id)
						}
					}
					walk(k)
				}
			}
			walk(tree)
			if want := len(view.Footnotes); notes != want {
				t.Errorf("%s marks=%v: %d Notes, %d footnotes", name, opt.Marks, notes, want)
			}
			all := texts(tree)
			header := regexp.MustCompile(`^- \d+ -$`)
			for _, s := range all {
				if header.MatchString(strings.TrimSpace(s)) || strings.TrimSpace(s) == view.Meta.Reference() {
					t.Errorf("%s: running header text %q in the structure tree", name, s)
				}
			}
			got, want := strings.Join(all, ""), expectedText(view)
			if noSpace(got) != noSpace(want) {
				g, w := noSpace(got), noSpace(want)
				i := 0
				for i < len(g) && i < len(w) && g[i] == w[i] {
					i++
				}
				t.Fatalf("%s marks=%v: the structure tree's text differs from the view's at byte %d:\n got …%s…\nwant …%s…", name, opt.Marks, i, g[max(0, i-40):min(len(g), i+40)], w[max(0, i-40):min(len(w), i+40)])
			}
			if gw, ww := strings.Fields(elementTexts(tree)), strings.Fields(want); strings.Join(gw, " ") != strings.Join(ww, " ") {
				for i := range min(len(gw), len(ww)) {
					if gw[i] != ww[i] {
						t.Errorf("%s marks=%v: word %d of the structure tree is %q, want %q (word spaces lost or added)", name, opt.Marks, i, gw[max(0, i-3):i+1], ww[max(0, i-3):i+1])
						break
					}
				}
			}
		}
	}
}

// xmpPacket is what TestPDFAMetadata reads of the XMP metadata.
type xmpPacket struct {
	Desc struct {
		Title       string `xml:"title>Alt>li"`
		Description string `xml:"description>Alt>li"`
		Part        string `xml:"part"`
		Conformance string `xml:"conformance"`
		CreateDate  string `xml:"CreateDate"`
		ModifyDate  string `xml:"ModifyDate"`
		Producer    string `xml:"Producer"`
		CreatorTool string `xml:"CreatorTool"`
		Language    string `xml:"language>Bag>li"`
	} `xml:"RDF>Description"`
}

// TestPDFAMetadata reads the XMP metadata with pdfinfo -meta: PDF/A-2u
// (pdfaid part 2, conformance U), PDF/UA-1 (pdfuaid part 1), and the
// title, description, tool and dates of the info dictionary, which
// pdfinfo shows; with Standard None there is no metadata.
func TestPDFAMetadata(t *testing.T) {
	file := writeTemp(t, seed(t), Options{})
	meta := run(t, "pdfinfo", "-meta", file)
	var x xmpPacket
	if err := xml.Unmarshal([]byte(meta), &x); err != nil {
		t.Fatalf("XMP: %v\n%s", err, meta)
	}
	info := map[string]string{}
	for _, ln := range strings.Split(run(t, "pdfinfo", "-isodates", file), "\n") {
		if k, v, ok := strings.Cut(ln, ":"); ok {
			info[k] = strings.TrimSpace(v)
		}
	}
	if info["Title"] == "" || info["Subject"] == "" {
		t.Fatalf("pdfinfo shows no title or subject: %v", info)
	}
	for _, c := range []struct{ what, got, want string }{
		{"dc:title", x.Desc.Title, info["Title"]},
		{"dc:description", x.Desc.Description, info["Subject"]},
		{"xmp:CreateDate", x.Desc.CreateDate, info["CreationDate"]},
		{"xmp:ModifyDate", x.Desc.ModifyDate, info["ModDate"]},
		{"xmp:CreatorTool", x.Desc.CreatorTool, info["Creator"]},
		{"pdf:Producer", x.Desc.Producer, info["Producer"]},
		{"dc:language", x.Desc.Language, "en-GB"},
		{"pdfaid:conformance", x.Desc.Conformance, "U"},
		{"CreationDate", info["CreationDate"], "2014-11-03T00:00:00Z"},
	} {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.what, c.got, c.want)
		}
	}
	for _, want := range []string{"<pdfaid:part>2</pdfaid:part>", "<pdfuaid:part>1</pdfuaid:part>", "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"} {
		if !strings.Contains(meta, want) {
			t.Errorf("XMP lacks %s", want)
		}
	}
	if got := run(t, "pdfinfo", "-meta", writeTemp(t, seed(t), Options{Standard: pdfwrite.None})); strings.TrimSpace(got) != "" {
		t.Errorf("Standard None: pdfinfo -meta gives\n%s", got)
	}
}

// qpdfObjects reads qpdf --json's objects, stream data inline and
// decoded.
func qpdfObjects(t *testing.T, file string) (objs map[string]json.RawMessage, trailer map[string]any) {
	t.Helper()
	var js struct {
		Qpdf []json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(run(t, "qpdf", "--json", "--json-stream-data=inline", "--decode-level=generalized", file)), &js); err != nil || len(js.Qpdf) < 2 {
		t.Fatalf("qpdf --json: %v", err)
	}
	if err := json.Unmarshal(js.Qpdf[1], &objs); err != nil {
		t.Fatal(err)
	}
	var tr struct {
		Value map[string]any `json:"value"`
	}
	json.Unmarshal(objs["trailer"], &tr)
	return objs, tr.Value
}

// qObj is one object of qpdf's JSON: a value, or a stream's dictionary
// and data.
type qObj struct {
	Value  any `json:"value"`
	Stream struct {
		Dict map[string]any `json:"dict"`
		Data []byte         `json:"data"`
	} `json:"stream"`
}

func object(t *testing.T, objs map[string]json.RawMessage, ref any) qObj {
	t.Helper()
	s, _ := ref.(string)
	raw, ok := objs["obj:"+s]
	if !ok {
		t.Fatalf("no object %v", ref)
	}
	var o qObj
	if err := json.Unmarshal(raw, &o); err != nil {
		t.Fatal(err)
	}
	return o
}

func dict(o qObj) map[string]any {
	if m, ok := o.Value.(map[string]any); ok {
		return m
	}
	return o.Stream.Dict
}

// TestPDFAObjects reads the file with qpdf --json: a trailer /ID of two
// equal 16-byte strings that changes with the content, the catalog's
// /MarkInfo, /Lang, DisplayDocTitle, the sRGB output intent with the
// embedded profile, and every font a subset (tagged name) with a
// ToUnicode CMap and an embedded font file.
func TestPDFAObjects(t *testing.T) {
	d := seed(t)
	file := writeTemp(t, d, Options{})
	objs, trailer := qpdfObjects(t, file)
	ids, _ := trailer["/ID"].([]any)
	if len(ids) != 2 || ids[0] != ids[1] || len(ids[0].(string)) != len("b:")+32 {
		t.Errorf("trailer /ID = %v, want two equal 16-byte strings", trailer["/ID"])
	}
	other := *d
	other.Meta.Title += " (revised)"
	_, tr2 := qpdfObjects(t, writeTemp(t, &other, Options{}))
	if ids2, _ := tr2["/ID"].([]any); len(ids2) == 2 && ids2[0] == ids[0] {
		t.Errorf("the /ID does not change with the content: %v", ids2[0])
	}
	cat := dict(object(t, objs, trailer["/Root"]))
	if mi, _ := cat["/MarkInfo"].(map[string]any); mi["/Marked"] != true {
		t.Errorf("/MarkInfo = %v", cat["/MarkInfo"])
	}
	if vp, _ := cat["/ViewerPreferences"].(map[string]any); vp["/DisplayDocTitle"] != true {
		t.Errorf("/ViewerPreferences = %v", cat["/ViewerPreferences"])
	}
	if cat["/Lang"] != "u:en-GB" {
		t.Errorf("/Lang = %v", cat["/Lang"])
	}
	if cat["/StructTreeRoot"] == nil {
		t.Error("no /StructTreeRoot")
	}
	ois, _ := cat["/OutputIntents"].([]any)
	if len(ois) != 1 {
		t.Fatalf("/OutputIntents = %v", cat["/OutputIntents"])
	}
	oi := dict(object(t, objs, ois[0]))
	if oi["/S"] != "/GTS_PDFA1" || oi["/OutputConditionIdentifier"] != "u:sRGB IEC61966-2.1" {
		t.Errorf("output intent %v", oi)
	}
	icc := object(t, objs, oi["/DestOutputProfile"])
	if n, _ := icc.Stream.Dict["/N"].(float64); n != 3 || !bytes.Equal(icc.Stream.Data, pdfwrite.SRGB()) {
		t.Errorf("output profile: /N %v, %d bytes, want the %d of srgb.icc", icc.Stream.Dict["/N"], len(icc.Stream.Data), len(pdfwrite.SRGB()))
	}
	subset := regexp.MustCompile(`^/[A-Z]{6}\+LiberationSerif`)
	subsets := map[string]bool{}
	for _, raw := range objs {
		var o qObj
		if json.Unmarshal(raw, &o) != nil {
			continue
		}
		f := dict(o)
		if f["/Type"] != "/Font" || f["/Subtype"] == "/CIDFontType2" { // a Type0 font's descendant
			continue
		}
		name, _ := f["/BaseFont"].(string)
		subsets[name] = true
		if !subset.MatchString(name) {
			t.Errorf("font %q is not named as a subset", name)
		}
		var fd map[string]any
		switch f["/Subtype"] {
		case "/Type0":
			// bfchar entries only: Ghostscript misreads bfrange ones.
			if tu := f["/ToUnicode"]; tu == nil {
				t.Errorf("font %v: no ToUnicode", name)
			} else if cmap := object(t, objs, tu).Stream.Data; !bytes.Contains(cmap, []byte("beginbfchar")) || bytes.Contains(cmap, []byte("bfrange")) {
				t.Errorf("font %v: a ToUnicode that maps nothing, or one with bfrange entries", name)
			}
			desc, _ := f["/DescendantFonts"].([]any)
			cid := dict(object(t, objs, desc[0]))
			if cid["/CIDToGIDMap"] != "/Identity" {
				t.Errorf("font %v: CIDToGIDMap %v, want /Identity (CIDs are glyph ids)", name, cid["/CIDToGIDMap"])
			}
			fd = dict(object(t, objs, cid["/FontDescriptor"]))
		case "/TrueType":
			if tu := f["/ToUnicode"]; tu == nil || !bytes.Contains(object(t, objs, tu).Stream.Data, []byte("beginbfchar")) {
				t.Errorf("font %v: no ToUnicode, or one that maps nothing", name)
			}
			// PDF/A-2 (6.2.11.6): a non-symbolic TrueType font in
			// WinAnsiEncoding, widths for every code it spans.
			widths, _ := f["/Widths"].([]any)
			first, _ := f["/FirstChar"].(float64)
			last, _ := f["/LastChar"].(float64)
			if f["/Encoding"] != "/WinAnsiEncoding" || len(widths) != int(last-first)+1 {
				t.Errorf("simple font %v: encoding %v, %d widths for codes %v to %v", name, f["/Encoding"], len(widths), first, last)
			}
			fd = dict(object(t, objs, f["/FontDescriptor"]))
			if flags, _ := fd["/Flags"].(float64); int(flags)&32 == 0 || int(flags)&4 != 0 {
				t.Errorf("simple font %v: flags %v, want nonsymbolic", name, flags)
			}
		default:
			t.Errorf("font %v of subtype %v", name, f["/Subtype"])
			continue
		}
		if fd["/FontFile2"] == nil || fd["/FontName"] != name {
			t.Errorf("font %v: descriptor %v", name, fd)
		}
	}
	if want := len(facesOf(seedLayoutPages(t))); len(subsets) != want {
		t.Errorf("%d subsets, the frames use %d faces", len(subsets), want)
	}
	// Each page: the running header inside an /Artifact sequence, every
	// MCID of the content in the ParentTree under the page's key.
	root := dict(object(t, objs, cat["/StructTreeRoot"]))
	nums, _ := dict(object(t, objs, root["/ParentTree"]))["/Nums"].([]any)
	byKey := map[float64][]any{}
	for i := 0; i+1 < len(nums); i += 2 {
		if arr, ok := nums[i+1].([]any); ok {
			byKey[nums[i].(float64)] = arr
		}
	}
	pagesDict := dict(object(t, objs, cat["/Pages"]))
	kids, _ := pagesDict["/Kids"].([]any)
	mcid := regexp.MustCompile(`/MCID (\d+)`)
	for i, kid := range kids {
		pg := dict(object(t, objs, kid))
		content := object(t, objs, pg["/Contents"]).Stream.Data
		head := []byte("Tm(- ") // the page number, "- N -"
		at := bytes.Index(content, head)
		if at < 0 {
			t.Fatalf("page %d: no running header in the content", i+1)
		}
		if open, closed := bytes.LastIndex(content[:at], []byte("BDC")), bytes.LastIndex(content[:at], []byte("EMC")); open < 0 || closed > open || !bytes.HasSuffix(bytes.TrimSpace(content[:bytes.LastIndex(content[:open], []byte("<<"))]), []byte("/Artifact")) {
			t.Errorf("page %d: the running header is not in an /Artifact sequence", i+1)
		}
		n := len(mcid.FindAllIndex(content, -1))
		key, _ := pg["/StructParents"].(float64)
		if got := len(byKey[key]); got != n || n == 0 {
			t.Errorf("page %d: %d MCIDs in the content, %d in the ParentTree", i+1, n, got)
		}
	}
	none, _ := qpdfObjects(t, writeTemp(t, d, Options{Standard: pdfwrite.None}))
	_, trNone := qpdfObjects(t, writeTemp(t, d, Options{Standard: pdfwrite.None}))
	if c := dict(object(t, none, trNone["/Root"])); c["/OutputIntents"] != nil || c["/Metadata"] != nil || c["/StructTreeRoot"] == nil {
		t.Errorf("Standard None: catalog %v, want no output intent or metadata, a structure tree", c)
	}
}

// seedLayoutPages is the seed's clean annex, laid out.
func seedLayoutPages(t *testing.T) []typeset.Page {
	res, _ := typeset.Layout(Options{}.View(seed(t)), Options{}.Params())
	return res.Pages
}

// linkDoc is a small document with a hyperlink long enough to be set on
// several lines, and an inserted one, with text around them. (The links
// are italic: this branch's pipeline/edits merges alike runs without
// comparing their Link, which drops a link beside plain text of its
// format; main's doc.Coalesce compares it.)
func linkDoc(uri string) *doc.Document {
	d := handMade()
	p := d.Blocks[0].(*doc.Proposal)
	p.Blocks = append(p.Blocks, &doc.Paragraph{Style: doc.StyleNormal, Inlines: []doc.Inline{
		&doc.Run{Text: "The texts are on "},
		&doc.Run{Text: "the web site of the " + strings.Repeat("Plenipotentiary Conference ", 6), Link: uri, Format: doc.Italic},
		&doc.Run{Text: "and the ", Rev: doc.Revision{Ins: 1}},
		&doc.Run{Text: "Council", Rev: doc.Revision{Ins: 1}, Link: uri + "council", Format: doc.Italic},
		&doc.Run{Text: " for all."},
	}})
	return d
}

// TestLinkAnnotations checks Run.Link in both views with qpdf --json and
// pdfinfo -struct-text: one URI link annotation per line of a link, each
// with /Contents, /StructParent and no border, reached from a Link
// element by an OBJR; the Link element holding the link's text.
func TestLinkAnnotations(t *testing.T) {
	uri := "https://www.itu.int/pp14/"
	d := linkDoc(uri)
	for _, opt := range []Options{{}, {Marks: true}} {
		res, _ := typeset.Layout(opt.View(d), opt.Params())
		areas := map[string]int{}
		for _, pg := range res.Pages {
			for _, it := range pg.Items {
				if a, ok := it.(*typeset.LinkArea); ok {
					areas[a.Node.URI]++
				}
			}
		}
		if areas[uri] < 2 || areas[uri+"council"] != 1 {
			t.Fatalf("marks=%v: link areas %v, want 2 or more lines of the first link, one of the second", opt.Marks, areas)
		}
		file := writeTemp(t, d, opt)
		objs, _ := qpdfObjects(t, file)
		annots := map[string]map[string]any{} // by reference
		linkElems := 0
		objrs := map[string]bool{}
		for ref, raw := range objs {
			var o qObj
			if json.Unmarshal(raw, &o) != nil {
				continue
			}
			m := dict(o)
			switch {
			case m["/Type"] == "/Annot":
				annots[strings.TrimPrefix(ref, "obj:")] = m
			case m["/Type"] == "/StructElem" && m["/S"] == "/Link":
				linkElems++
				kids, _ := m["/K"].([]any)
				for _, k := range kids {
					if km, ok := k.(map[string]any); ok && km["/Type"] == "/OBJR" {
						objrs[km["/Obj"].(string)] = true
					}
				}
			}
		}
		got := map[string]int{}
		for ref, a := range annots {
			act, _ := a["/A"].(map[string]any)
			target := strings.TrimPrefix(act["/URI"].(string), "u:")
			got[target]++
			if a["/Subtype"] != "/Link" || act["/S"] != "/URI" || a["/Contents"] == nil || a["/StructParent"] == nil || a["/F"] != 4.0 {
				t.Errorf("marks=%v: annotation %s: %v", opt.Marks, ref, a)
			}
			if b, _ := a["/Border"].([]any); len(b) != 3 || b[2] != 0.0 {
				t.Errorf("marks=%v: annotation border %v, want none", opt.Marks, a["/Border"])
			}
			if !objrs[ref] {
				t.Errorf("marks=%v: annotation %s not reached from a Link element", opt.Marks, ref)
			}
		}
		if got[uri] != areas[uri] || got[uri+"council"] != 1 || linkElems != 2 {
			t.Errorf("marks=%v: annotations %v, Link elements %d; want %v and 2", opt.Marks, got, linkElems, areas)
		}
		tree := structTree(t, run(t, "pdfinfo", "-struct-text", file))
		var linkText []string
		var walk func(n *sNode)
		walk = func(n *sNode) {
			if n.role == "Link" {
				linkText = append(linkText, strings.Join(strings.Fields(strings.Join(texts(n), "")), " "))
			}
			for _, k := range n.kids {
				walk(k)
			}
		}
		walk(tree)
		want := []string{strings.TrimSpace("the web site of the " + strings.Repeat("Plenipotentiary Conference ", 6)), "Council"}
		if strings.Join(linkText, "|") != strings.Join(want, "|") {
			t.Errorf("marks=%v: Link elements hold %q, want %q", opt.Marks, linkText, want)
		}
	}
}

// TestSpecialSpacesText checks with pdftotext that the special spaces are
// in the PDF: "96 per cent" is read as two words, not "96per", in every
// mode; and with -bbox, the gap between the words is the space's width.
func TestSpecialSpacesText(t *testing.T) {
	f := fonts.Metrics(fonts.Regular)
	for _, r := range []rune{'\u202f', '\u2009', '\u2002', '\u2007', '\u00a0'} {
		d := handMade()
		p := d.Blocks[0].(*doc.Proposal)
		p.Blocks = append(p.Blocks, typesettest.Para(doc.StyleNormal, "about 96"+string(r)+"per cent"))
		file := writeTemp(t, d, Options{})
		for _, mode := range []string{"-raw", "-layout"} {
			out := run(t, "pdftotext", mode, "-enc", "UTF-8", file, "-")
			if strings.Contains(out, "96per") || !regexp.MustCompile(`96\s+per cent`).MatchString(out) {
				t.Errorf("U+%04X, pdftotext %s: %q", r, mode, out[strings.Index(out, "about"):][:20])
			}
		}
		words := regexp.MustCompile(`<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>`).FindAllStringSubmatch(run(t, "pdftotext", "-bbox", file, "-"), -1)
		for i := 0; i+1 < len(words); i++ {
			if words[i][3] != "96" || words[i+1][3] != "per" {
				continue
			}
			x1, _ := strconv.ParseFloat(words[i][2], 64)
			x2, _ := strconv.ParseFloat(words[i+1][1], 64)
			if want := f.Em(f.Advance(r), 12); math.Abs(x2-x1-want) > 0.02 {
				t.Errorf("U+%04X: the gap is %.3f pt, the space %.3f", r, x2-x1, want)
			}
			words = nil
			break
		}
		if words != nil {
			t.Errorf("U+%04X: pdftotext -bbox has no words 96 and per", r)
		}
	}
}
