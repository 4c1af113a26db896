package pdfwrite

import (
	"bufio"
	"crypto/sha256"
	"errors"
	"fmt"
	"github.com/klauspost/compress/zlib"
	"hash"
	"io"
	"runtime"
	"strconv"
	"sync"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset"
)

// A4 in points: the size of the blank page of a file with no pages.
const a4W, a4H = 595.28, 841.89

// Writer writes one PDF file: New, a Page call per page in order, Close.
// A page's objects are written out once its content is compressed, while
// the next pages are made; what is kept to the end is a few numbers per
// page, per marked-content sequence and per link.
type Writer struct {
	out  *bufio.Writer
	sum  hash.Hash // of every byte before the trailer: the /ID (SHA-256's first 16 bytes)
	n    int64     // bytes written
	err  error
	info Info

	offsets             []int64 // by object number; 0 unused
	pagesObj, resources int
	// Objects packed into object streams (PDF 1.5): the structure tree and
	// the outline, most of the file's objects, compress to a tenth. By
	// object number, the stream holding one (0: none) and its index there;
	// then the stream being filled.
	packedIn, packedAt []int32
	packBody, packHead []byte
	packObjs           []int

	pages []pageRec
	use   [4]faceUse
	// Structure: the marked-content sequences of each structure leaf, in
	// order, as a chain through seqs (a slice per leaf was an allocation
	// per leaf, and most leaves have one sequence); the annotations of
	// each Link element; the StructParents keys handed out.
	leafSeqs map[*typeset.Node]seqChain
	seqs     []seqLink
	annots   map[*typeset.Node][]objRef
	keys     []parentKey
	// Compression: pages handed to the compressors and not yet written,
	// in order.
	queue []*pageJob
	jobs  chan *pageJob
	wg    sync.WaitGroup
	zw    *zlib.Writer
	buf   []byte // scratch for objects
}

// pageRec is what is kept of a written page.
type pageRec struct {
	obj    int
	height float64
	marks  []typeset.Mark
}

// mcr is a marked-content sequence: its page (index) and MCID.
type mcr struct{ page, mcid int }

// seqChain is a leaf's sequences: the first and last in Writer.seqs.
type seqChain struct{ first, last int32 }

// seqLink is a sequence in its leaf's chain; next is the leaf's next
// sequence in Writer.seqs, -1 after the last.
type seqLink struct {
	mcr
	next int32
}

// addSeq appends sequence m to the chain of leaf.
func (w *Writer) addSeq(leaf *typeset.Node, m mcr) {
	i := int32(len(w.seqs))
	w.seqs = append(w.seqs, seqLink{m, -1})
	c, ok := w.leafSeqs[leaf]
	if !ok {
		w.leafSeqs[leaf] = seqChain{i, i}
		return
	}
	w.seqs[c.last].next = i
	c.last = i
	w.leafSeqs[leaf] = c
}

// objRef is an annotation object on a page (index).
type objRef struct{ obj, page int }

// parentKey is an entry of the ParentTree: a page's sequences (leaves by
// MCID) or an annotation's Link element.
type parentKey struct {
	leaves []*typeset.Node // a page's, by MCID
	link   *typeset.Node   // an annotation's
}

// pageJob is a page whose content is being compressed.
type pageJob struct {
	content  []byte
	z        []byte
	err      error
	done     chan struct{}
	w, h     float64 // the page's size
	rec      int     // index in pages
	key      int     // its StructParents key
	linkKeys []int   // the StructParent keys of its link annotations
	links    []*typeset.LinkArea
}

// contentBufs and zBufs keep the buffers of page contents between pages
// and runs; zwriters keeps compressors, each a megabyte of tables.
var (
	contentBufs = sync.Pool{New: func() any { return new([]byte) }}
	zBufs       = sync.Pool{New: func() any { return new([]byte) }}
	zwriters    = sync.Pool{New: func() any {
		zw, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
		return zw
	}}
)

// New starts a PDF file on dst.
func New(dst io.Writer, info Info) *Writer {
	if info.Standard == "" {
		info.Standard = PDFA2U
	}
	if info.Lang == "" {
		info.Lang = "en-GB"
	}
	if info.Date.IsZero() {
		info.Date = FallbackDate
	}
	w := &Writer{
		out:     bufio.NewWriterSize(dst, 64<<10),
		sum:     sha256.New(),
		info:    info,
		offsets: []int64{0}, packedIn: []int32{0}, packedAt: []int32{0},
		leafSeqs: map[*typeset.Node]seqChain{},
		annots:   map[*typeset.Node][]objRef{},
	}
	w.pagesObj, w.resources = w.alloc(), w.alloc()
	// The binary comment marks the file as binary (PDF/A: four bytes
	// above 127).
	w.write([]byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n"))
	return w
}

// write writes b to the file, counting and hashing it.
func (w *Writer) write(b []byte) {
	if w.err != nil {
		return
	}
	w.sum.Write(b)
	w.n += int64(len(b))
	_, w.err = w.out.Write(b)
}

func (w *Writer) alloc() int {
	w.offsets = append(w.offsets, -1)
	w.packedIn = append(w.packedIn, 0)
	w.packedAt = append(w.packedAt, 0)
	return len(w.offsets) - 1
}

// perObjStm is how many objects an object stream holds.
const perObjStm = 200

// pack puts object n, body b ("<<…>>", not a stream), into an object
// stream.
func (w *Writer) pack(n int, b []byte) {
	w.packHead = append(strconv.AppendInt(w.packHead, int64(n), 10), ' ')
	w.packHead = append(strconv.AppendInt(w.packHead, int64(len(w.packBody)), 10), ' ')
	w.packBody = append(append(w.packBody, b...), '\n')
	w.packObjs = append(w.packObjs, n)
	if len(w.packObjs) == perObjStm {
		w.flushPack()
	}
}

// flushPack writes the object stream being filled.
func (w *Writer) flushPack() {
	if len(w.packObjs) == 0 {
		return
	}
	s := w.alloc()
	for i, n := range w.packObjs {
		w.packedIn[n], w.packedAt[n] = int32(s), int32(i)
		w.offsets[n] = 0
	}
	data := append(w.packHead, w.packBody...)
	w.stream(s, data, true, fmt.Sprintf(" /Type /ObjStm /N %d /First %d", len(w.packObjs), len(w.packHead)))
	w.packHead, w.packBody, w.packObjs = data[:0], w.packBody[:0], w.packObjs[:0]
}

// obj writes object n with body b ("<<…>>").
func (w *Writer) obj(n int, b []byte) {
	w.offsets[n] = w.n
	var h [32]byte
	w.write(append(strconv.AppendInt(h[:0], int64(n), 10), " 0 obj\n"...))
	w.write(b)
	w.write([]byte("\nendobj\n"))
}

// stream writes object n as a stream of data (compressed when z), with
// extra dictionary entries.
func (w *Writer) stream(n int, data []byte, z bool, extra string) {
	if z {
		zp := zBufs.Get().(*[]byte)
		defer zBufs.Put(zp)
		aw := appendWriter{b: (*zp)[:0]}
		if err := w.compress(&aw, data); err != nil && w.err == nil {
			w.err = err
		}
		*zp = aw.b[:0]
		data = aw.b
		extra = " /Filter /FlateDecode" + extra
	}
	w.offsets[n] = w.n
	var h [128]byte
	w.write(fmt.Appendf(h[:0], "%d 0 obj\n<</Length %d%s>>\nstream\n", n, len(data), extra))
	w.write(data)
	w.write([]byte("\nendstream\nendobj\n"))
}

func (w *Writer) compress(dst io.Writer, data []byte) error {
	if w.zw == nil {
		w.zw = zwriters.Get().(*zlib.Writer)
	}
	w.zw.Reset(dst)
	if _, err := w.zw.Write(data); err != nil {
		return err
	}
	return w.zw.Close()
}

// appendWriter is an io.Writer appending to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// compressors is how many goroutines compress page contents.
func compressors() int { return max(1, min(runtime.GOMAXPROCS(0), 4)) }

// Page adds a page: its content is made now and compressed on another
// core, and its objects are written once that is done (at the latest by
// Close). The page's items are not kept.
func (w *Writer) Page(pg *typeset.Page) error {
	if w.err != nil {
		return w.err
	}
	if w.jobs == nil {
		w.jobs = make(chan *pageJob, 2*compressors())
		for range compressors() {
			w.wg.Go(func() {
				zw := zwriters.Get().(*zlib.Writer)
				defer zwriters.Put(zw)
				for j := range w.jobs {
					zp := zBufs.Get().(*[]byte)
					aw := appendWriter{b: (*zp)[:0]}
					zw.Reset(&aw)
					if _, err := zw.Write(j.content); err != nil {
						j.err = err
					} else {
						j.err = zw.Close()
					}
					j.z = aw.b
					close(j.done)
				}
			})
		}
	}
	j := &pageJob{done: make(chan struct{}), w: pg.Width, h: pg.Height, rec: len(w.pages)}
	w.pages = append(w.pages, pageRec{height: pg.Height, marks: pg.Marks})
	cp := contentBufs.Get().(*[]byte)
	var leaves []*typeset.Node
	var err error
	j.content, leaves, j.links, err = w.content((*cp)[:0], pg)
	if err != nil {
		*cp = j.content[:0]
		contentBufs.Put(cp)
		return err
	}
	j.key = len(w.keys)
	w.keys = append(w.keys, parentKey{leaves: leaves})
	// The links' keys too, now, in page order: writePage runs when a
	// compressor is done, which depends on timing, and keys handed out
	// there would differ between runs.
	for _, la := range j.links {
		j.linkKeys = append(j.linkKeys, len(w.keys))
		w.keys = append(w.keys, parentKey{link: la.Node})
	}
	for i, leaf := range leaves {
		w.addSeq(leaf, mcr{j.rec, i})
	}
	w.queue = append(w.queue, j)
	w.jobs <- j
	// Write out the pages done, and wait for the oldest when too many are
	// in flight: memory stays bounded by the window.
	for len(w.queue) > 0 {
		select {
		case <-w.queue[0].done:
		default:
			if len(w.queue) < 2*compressors() {
				return w.err
			}
			<-w.queue[0].done
		}
		w.writePage(w.queue[0])
		w.queue = w.queue[1:]
	}
	return w.err
}

// writePage writes a compressed page: the page, its content, its
// annotations.
func (w *Writer) writePage(j *pageJob) {
	defer func() {
		cp := j.content[:0]
		contentBufs.Put(&cp)
		zp := j.z[:0]
		zBufs.Put(&zp)
	}()
	if j.err != nil && w.err == nil {
		w.err = fmt.Errorf("pdf: compressing a page: %w", j.err)
	}
	n, c := w.alloc(), w.alloc()
	w.pages[j.rec].obj = n
	var annots []int
	for range j.links {
		annots = append(annots, w.alloc())
	}
	b := fmt.Appendf(nil, "<</Type /Page /Parent %d 0 R /MediaBox [0 0 ", w.pagesObj)
	b = f2(b, j.w)
	b = append(b, ' ')
	b = f2(b, j.h)
	b = fmt.Appendf(b, "] /Resources %d 0 R /Contents %d 0 R /StructParents %d /Tabs /S", w.resources, c, j.key)
	if len(annots) > 0 {
		b = append(b, " /Annots ["...)
		for _, a := range annots {
			b = fmt.Appendf(b, "%d 0 R ", a)
		}
		b[len(b)-1] = ']'
	}
	b = append(b, ">>"...)
	w.obj(n, b)
	w.offsets[c] = w.n
	var h [64]byte
	w.write(fmt.Appendf(h[:0], "%d 0 obj\n<</Filter /FlateDecode /Length %d>>\nstream\n", c, len(j.z)))
	w.write(j.z)
	w.write([]byte("\nendstream\nendobj\n"))
	for i, la := range j.links {
		key := j.linkKeys[i]
		w.annots[la.Node] = append(w.annots[la.Node], objRef{annots[i], j.rec})
		b = append(b[:0], "<</Type /Annot /Subtype /Link /Rect ["...)
		for k, v := range [4]float64{la.X1, j.h - la.Y2, la.X2, j.h - la.Y1} {
			if k > 0 {
				b = append(b, ' ')
			}
			b = f2(b, v)
		}
		b = append(b, "] /Border [0 0 0] /F 4 /A <</Type /Action /S /URI /URI "...)
		b = appendLiteral(b, uriBytes(la.Node.URI))
		b = append(b, ">> /Contents "...)
		b = appendTextString(b, la.Node.URI)
		b = fmt.Appendf(b, " /StructParent %d>>", key)
		w.obj(annots[i], b)
	}
}

// Abort stops the compressors of a file that will not be closed.
func (w *Writer) Abort() {
	if w.jobs != nil {
		close(w.jobs)
		w.wg.Wait()
		w.jobs = nil
	}
	if w.zw != nil {
		zwriters.Put(w.zw)
		w.zw = nil
	}
}

// Close writes what follows the pages (fonts, outline, structure tree,
// metadata, cross-reference table and trailer) and flushes the file. The
// texts of the pages must belong to the tree under root (nil: an untagged
// tree with an empty Document).
func (w *Writer) Close(root *typeset.Node) error {
	if len(w.pages) == 0 && w.err == nil {
		w.Page(&typeset.Page{Width: a4W, Height: a4H})
	}
	for _, j := range w.queue {
		<-j.done
		w.writePage(j)
	}
	w.queue = nil
	w.Abort()
	defer func() {
		if w.zw != nil {
			zwriters.Put(w.zw)
			w.zw = nil
		}
	}()
	if w.err != nil {
		return w.err
	}
	if root == nil {
		root = &typeset.Node{Role: typeset.RoleDocument}
	}

	// The page tree, resources, fonts.
	b := append(w.buf[:0], "<</Type /Pages /Kids ["...)
	for _, p := range w.pages {
		b = fmt.Appendf(b, "%d 0 R ", p.obj)
	}
	b = fmt.Appendf(b, "] /Count %d>>", len(w.pages))
	w.obj(w.pagesObj, b)
	// Font resource /F(s) is face s's Type0 font, /F(s+simpleFont) its
	// simple one.
	var fontObj [2 * simpleFont]int
	for s := range w.use {
		if u := &w.use[s]; u.cids != [len(u.cids)]uint64{} {
			fontObj[s] = w.alloc()
		}
		if u := &w.use[s]; u.codes != [len(u.codes)]uint64{} {
			fontObj[s+simpleFont] = w.alloc()
		}
	}
	b = append(w.buf[:0], "<</ProcSet [/PDF /Text] /Font <<"...)
	for i, n := range fontObj {
		if n != 0 {
			b = fmt.Appendf(b, "/F%d %d 0 R ", i, n)
		}
	}
	b = append(b, ">>>>"...)
	w.obj(w.resources, b)
	for s := range w.use {
		if fontObj[s] != 0 || fontObj[s+simpleFont] != 0 {
			if err := w.font(fonts.Style(s), fontObj[s], fontObj[s+simpleFont], &w.use[s]); err != nil {
				return err
			}
		}
	}

	outlines := w.outline()
	structRoot := w.structure(root)
	var meta, intent int
	if w.info.Standard == PDFA2U {
		meta, intent = w.metadata(), w.outputIntent()
	}

	infoObj := w.alloc()
	b = append(w.buf[:0], "<</Producer "...)
	b = appendTextString(b, "itudoc")
	b = append(b, " /Creator "...)
	b = appendTextString(b, "itudoc")
	if w.info.Title != "" {
		b = append(b, " /Title "...)
		b = appendTextString(b, w.info.Title)
	}
	if w.info.Subject != "" {
		b = append(b, " /Subject "...)
		b = appendTextString(b, w.info.Subject)
	}
	d := w.info.Date.UTC().Format("20060102150405")
	b = fmt.Appendf(b, " /CreationDate (D:%sZ) /ModDate (D:%sZ)>>", d, d)
	w.obj(infoObj, b)

	catalog := w.alloc()
	b = fmt.Appendf(w.buf[:0], "<</Type /Catalog /Pages %d 0 R /Lang ", w.pagesObj)
	b = appendLiteral(b, []byte(w.info.Lang))
	b = fmt.Appendf(b, " /MarkInfo <</Marked true>> /StructTreeRoot %d 0 R /ViewerPreferences <</DisplayDocTitle true>>", structRoot)
	if outlines != 0 {
		b = fmt.Appendf(b, " /Outlines %d 0 R /PageMode /UseOutlines", outlines)
	}
	if meta != 0 {
		b = fmt.Appendf(b, " /Metadata %d 0 R /OutputIntents [%d 0 R]", meta, intent)
	}
	b = append(b, ">>"...)
	w.obj(catalog, b)

	// The cross-reference stream, which is also the trailer: its /ID is
	// the hash of all that came before it.
	w.flushPack()
	xref := w.alloc()
	w.offsets[xref] = w.n
	rows := make([]byte, 0, 7*len(w.offsets))
	rows = append(rows, 0, 0, 0, 0, 0, 0xff, 0xff) // object 0: free
	for n := 1; n < len(w.offsets); n++ {
		switch s, off := w.packedIn[n], w.offsets[n]; {
		case s != 0:
			rows = append(rows, 2, byte(s>>24), byte(s>>16), byte(s>>8), byte(s), byte(w.packedAt[n]>>8), byte(w.packedAt[n]))
		case off < 0:
			return errors.New("pdf: an object was allocated and never written")
		default:
			rows = append(rows, 1, byte(off>>24), byte(off>>16), byte(off>>8), byte(off), 0, 0)
		}
	}
	id := w.sum.Sum(nil)[:16]
	w.stream(xref, rows, true, fmt.Sprintf(" /Type /XRef /Size %d /W [1 4 2] /Root %d 0 R /Info %d 0 R /ID [<%x> <%x>]", len(w.offsets), catalog, infoObj, id, id))
	w.write(fmt.Appendf(w.buf[:0], "startxref\n%d\n%%%%EOF\n", w.offsets[xref]))
	if w.err != nil {
		return fmt.Errorf("pdf: %w", w.err)
	}
	if err := w.out.Flush(); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// outline writes one entry per mark, at the top of its first line, and
// gives the outline's object (0: no marks).
func (w *Writer) outline() int {
	n := 0
	for _, p := range w.pages {
		n += len(p.marks)
	}
	if n == 0 {
		return 0
	}
	outlines := w.alloc()
	first := len(w.offsets)
	for range n {
		w.alloc()
	}
	k := 0
	for _, p := range w.pages {
		for _, m := range p.marks {
			o := first + k
			b := append(w.buf[:0], "<</Title "...)
			b = appendTextString(b, m.Title)
			b = fmt.Appendf(b, " /Parent %d 0 R", outlines)
			if k > 0 {
				b = fmt.Appendf(b, " /Prev %d 0 R", o-1)
			}
			if k+1 < n {
				b = fmt.Appendf(b, " /Next %d 0 R", o+1)
			}
			b = fmt.Appendf(b, " /Dest [%d 0 R /XYZ 0 ", p.obj)
			b = f2(b, p.height-m.Y)
			b = append(b, " null] /Count 0>>"...)
			w.pack(o, b)
			k++
		}
	}
	w.pack(outlines, fmt.Appendf(w.buf[:0], "<</Type /Outlines /First %d 0 R /Last %d 0 R /Count %d>>", first, first+n-1, n))
	return outlines
}
