package pdf

import (
	"bytes"
	"compress/zlib"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"unicode/utf16"

	"github.com/itudoc/itudoc/fonts"
	"github.com/itudoc/itudoc/layouts/typeset"
)

// The writer draws frames into PDF objects directly. It writes what fpdf
// wrote for the same frames (the same operators, coordinates rounded to
// 0.01 pt, fonts as Type0/Identity-H with a character's code point as its
// CID, an identity ToUnicode map, fpdf's widths), so pages look and extract
// the same, but without fpdf's costs: fpdf parsed and subset every face on
// every run and made a new 1 MB compressor for every stream. Here the
// faces' tables are read once (package fonts), their subsets are kept for
// the next run with the same glyphs, and one compressor serves all streams.

// toUnicode is the identity CMap: a CID is the code point it shows.
const toUnicode = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n1 beginbfrange\n<0000> <FFFF> <0000>\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"

// A4 in points, fpdf's size of a blank page.
const a4W, a4H = 595.28, 841.89

type writer struct {
	out     []byte
	offsets []int // by object number; 0 unused
	zw      *zlib.Writer
	zbuf    bytes.Buffer
}

// contentBufs keeps the buffer of page contents between runs.
var contentBufs = sync.Pool{New: func() any { return new([]byte) }}

// outBufs keeps the buffer the file is made in between runs.
var outBufs = sync.Pool{New: func() any { return new([]byte) }}

// zwriters keeps compressors between runs: each is a megabyte of tables.
var zwriters = sync.Pool{New: func() any {
	zw, _ := zlib.NewWriterLevel(io.Discard, zlib.BestSpeed)
	return zw
}}

func (w *writer) alloc() int {
	w.offsets = append(w.offsets, -1)
	return len(w.offsets) - 1
}

func (w *writer) begin(n int) {
	w.offsets[n] = len(w.out)
	w.out = strconv.AppendInt(w.out, int64(n), 10)
	w.out = append(w.out, " 0 obj\n"...)
}

func (w *writer) end() { w.out = append(w.out, "\nendobj\n"...) }

func (w *writer) printf(format string, args ...any) { w.out = fmt.Appendf(w.out, format, args...) }

// stream writes object n as a compressed stream with extra dictionary
// entries.
func (w *writer) stream(n int, data []byte, extra string) error {
	w.zbuf.Reset()
	w.zw.Reset(&w.zbuf)
	if _, err := w.zw.Write(data); err != nil {
		return err
	}
	if err := w.zw.Close(); err != nil {
		return err
	}
	w.begin(n)
	w.printf("<</Filter /FlateDecode /Length %d%s>>\nstream\n", w.zbuf.Len(), extra)
	w.out = append(w.out, w.zbuf.Bytes()...)
	w.out = append(w.out, "\nendstream"...)
	w.end()
	return nil
}

// compressor compresses parts with zlib as they are added, on up to four
// cores; the result does not depend on how the work was shared.
type compressor struct {
	jobs  chan int
	parts [][]byte
	out   [][]byte
	errs  []error
	wg    sync.WaitGroup
	done  bool
}

func startCompressing(n int) *compressor {
	z := &compressor{jobs: make(chan int, n), parts: make([][]byte, n), out: make([][]byte, n)}
	workers := max(1, min(runtime.GOMAXPROCS(0), 4, n))
	z.errs = make([]error, workers)
	for k := range workers {
		z.wg.Go(func() {
			zw := zwriters.Get().(*zlib.Writer)
			defer zwriters.Put(zw)
			aw := appendWriter{b: make([]byte, 0, 128<<10)}
			type span struct{ i, start, end int }
			var spans []span
			for i := range z.jobs {
				if z.errs[k] != nil {
					continue
				}
				start := len(aw.b)
				zw.Reset(&aw)
				if _, err := zw.Write(z.parts[i]); err != nil {
					z.errs[k] = err
					continue
				}
				if err := zw.Close(); err != nil {
					z.errs[k] = err
					continue
				}
				spans = append(spans, span{i, start, len(aw.b)})
			}
			for _, sp := range spans {
				z.out[sp.i] = aw.b[sp.start:sp.end:sp.end]
			}
		})
	}
	return z
}

// add hands part i over; it must not change after.
func (z *compressor) add(i int, part []byte) {
	z.parts[i] = part
	z.jobs <- i
}

// wait gives the compressed parts once all are done.
func (z *compressor) wait() ([][]byte, error) {
	if !z.done {
		z.done = true
		close(z.jobs)
		z.wg.Wait()
	}
	return z.out, errors.Join(z.errs...)
}

// appendWriter is an io.Writer appending to b.
type appendWriter struct{ b []byte }

func (w *appendWriter) Write(p []byte) (int, error) {
	w.b = append(w.b, p...)
	return len(p), nil
}

// textString gives s as a PDF text string: UTF-16BE with a byte-order
// mark, in hex.
func textString(s string) string {
	b := []byte("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		b = fmt.Appendf(b, "%04X", u)
	}
	return string(append(b, '>'))
}

// f2 appends v with two decimals, as strconv.AppendFloat(b, v, 'f', 2, 64)
// (and fpdf's %.2f) does: the exact value of v rounded to the nearest
// hundredth. The common case, a length on the page not within a hair of
// a half hundredth, is done in integers; the rest by strconv.
func f2(b []byte, v float64) []byte {
	t := v * 100
	if t >= 0 && t < 1e9 { // where v*100 is exact to 1e-7
		n := math.Floor(t + 0.5)
		if d := t - (n - 0.5); d > 1e-6 && d < 1-1e-6 {
			u := uint64(n)
			b = strconv.AppendUint(b, u/100, 10)
			return append(b, '.', byte('0'+u/10%10), byte('0'+u%10))
		}
	}
	return strconv.AppendFloat(b, v, 'f', 2, 64)
}

// faceUse records the characters a face shows.
type faceUse struct {
	used  bool
	runes [0x10000 / 64]uint64
}

func (u *faceUse) add(r rune) { u.runes[r>>6] |= 1 << (r & 63) }

// draw writes pages as a PDF to dst.
func draw(dst io.Writer, pages []typeset.Page, info Info) error {
	op := outBufs.Get().(*[]byte)
	defer outBufs.Put(op)
	w := &writer{offsets: []int{0}, out: (*op)[:0]}
	defer func() { *op = w.out[:0] }() // dst.Write keeps none of it
	if len(pages) == 0 {
		pages = []typeset.Page{{Width: a4W, Height: a4H}}
	}
	catalog, infoObj, pagesObj, resources, toUni := w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()
	nMarks := 0
	for _, pg := range pages {
		nMarks += len(pg.Marks)
	}
	outlines := 0
	if nMarks > 0 {
		outlines = w.alloc()
	}
	pageObjs := make([]int, len(pages))
	for i := range pages {
		pageObjs[i] = w.alloc()
		w.alloc() // its content
	}
	var faceObj [4]int // Type0 font objects, allocated when used
	for _, s := range usedFaces(pages) {
		faceObj[s] = w.alloc()
		for range 4 { // CIDFont, descriptor, CIDToGIDMap, font file
			w.alloc()
		}
	}
	firstMark := len(w.offsets)
	for range nMarks {
		w.alloc()
	}
	w.out = append(w.out, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"...)

	// Pages and their contents.
	var use [4]faceUse
	// The contents of all pages, one after the other in c, are compressed
	// on the other cores while the next pages are made. (When c grows, the
	// pages handed over stay where they were: nothing writes there again.)
	size := 0
	for _, pg := range pages {
		for _, it := range pg.Items {
			size += 48 // operators and coordinates
			if t, ok := it.(*typeset.Text); ok {
				size += 2 * len(t.Text)
			}
		}
	}
	cp := contentBufs.Get().(*[]byte)
	defer contentBufs.Put(cp)
	c := (*cp)[:0]
	if cap(c) < size {
		c = make([]byte, 0, size)
	}
	defer func() { *cp = c[:0] }()
	z := startCompressing(len(pages))
	defer z.wait()
	for i, pg := range pages {
		start := len(c)
		c = append(c, "0 J\n0 j\n"...)
		face, size := fonts.Regular, 12.0
		setFont := func() {
			c = append(c, "BT /F"...)
			c = strconv.AppendInt(c, int64(face), 10)
			c = append(c, ' ')
			c = append(f2(c, size), " Tf ET\n"...)
		}
		setFont()
		lineW := -1.0
		for _, it := range pg.Items {
			switch it := it.(type) {
			case *typeset.Text:
				f := fonts.Metrics(it.Face)
				if it.Face != face || it.Size != size {
					face, size = it.Face&3, it.Size
					setFont()
				}
				c = append(c, "BT "...)
				c = f2(c, it.X)
				c = append(c, ' ')
				c = f2(c, pg.Height-it.Y)
				c = append(c, " Td ("...)
				u := &use[face]
				for _, r := range it.Text {
					if r > 0xffff || f.Glyph(r) == 0 {
						return fmt.Errorf("pdf: page %d: %q holds %q (U+%04X), which face %v lacks", pg.Number, it.Text, r, r, it.Face)
					}
					u.add(r)
					for _, b := range [2]byte{byte(r >> 8), byte(r)} {
						switch b {
						case '\\', '(', ')':
							c = append(c, '\\', b)
						case '\r':
							c = append(c, '\\', 'r')
						default:
							c = append(c, b)
						}
					}
				}
				c = append(c, ") Tj ET\n"...)
			case *typeset.Rule:
				if it.Width != lineW {
					lineW = it.Width
					c = append(f2(c, lineW), " w\n"...)
				}
				c = f2(c, it.X1)
				c = append(c, ' ')
				c = f2(c, pg.Height-it.Y1)
				c = append(c, " m "...)
				c = f2(c, it.X2)
				c = append(c, ' ')
				c = f2(c, pg.Height-it.Y2)
				c = append(c, " l S\n"...)
			default:
				panic("pdf: unknown frame item")
			}
		}
		z.add(i, c[start:len(c):len(c)])
	}
	zcontents, err := z.wait()
	if err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	// The rest is compressed here, with a compressor a worker has put back.
	w.zw = zwriters.Get().(*zlib.Writer)
	defer zwriters.Put(w.zw)
	// The whole file, roughly: the compressed contents, the font files,
	// and a few hundred bytes an object.
	est := len(w.out) + 300*len(w.offsets) + 80<<10*len(usedFaces(pages))
	for _, z := range zcontents {
		est += len(z)
	}
	w.out = slices.Grow(w.out, est)
	for i, pg := range pages {
		n := pageObjs[i]
		w.begin(n)
		w.out = append(w.out, "<</Type /Page /Parent "...)
		w.printf("%d 0 R /MediaBox [0 0 ", pagesObj)
		w.out = f2(w.out, pg.Width)
		w.out = append(w.out, ' ')
		w.out = f2(w.out, pg.Height)
		w.printf("] /Resources %d 0 R /Contents %d 0 R>>", resources, n+1)
		w.end()
		w.begin(n + 1)
		w.printf("<</Filter /FlateDecode /Length %d>>\nstream\n", len(zcontents[i]))
		w.out = append(w.out, zcontents[i]...)
		w.out = append(w.out, "\nendstream"...)
		w.end()
	}

	// The page tree, resources, fonts.
	w.begin(pagesObj)
	w.out = append(w.out, "<</Type /Pages /Kids ["...)
	for _, n := range pageObjs {
		w.printf("%d 0 R ", n)
	}
	w.printf("] /Count %d>>", len(pages))
	w.end()
	w.begin(resources)
	w.out = append(w.out, "<</ProcSet [/PDF /Text] /Font <<"...)
	for s, n := range faceObj {
		if n != 0 {
			w.printf("/F%d %d 0 R ", s, n)
		}
	}
	w.out = append(w.out, ">>>>"...)
	w.end()
	w.begin(toUni)
	w.printf("<</Length %d>>\nstream\n%s\nendstream", len(toUnicode), toUnicode)
	w.end()
	for s, n := range faceObj {
		if n != 0 {
			if err := w.font(fonts.Style(s), n, toUni, &use[s]); err != nil {
				return err
			}
		}
	}

	// The outline: one entry per mark, at the top of its first line.
	if nMarks > 0 {
		k := 0
		for i, pg := range pages {
			for _, m := range pg.Marks {
				n := firstMark + k
				w.begin(n)
				w.printf("<</Title %s /Parent %d 0 R", textString(m.Title), outlines)
				if k > 0 {
					w.printf(" /Prev %d 0 R", n-1)
				}
				if k+1 < nMarks {
					w.printf(" /Next %d 0 R", n+1)
				}
				w.printf(" /Dest [%d 0 R /XYZ 0 ", pageObjs[i])
				w.out = f2(w.out, pg.Height-m.Y)
				w.out = append(w.out, " null] /Count 0>>"...)
				w.end()
				k++
			}
		}
		w.begin(outlines)
		w.printf("<</Type /Outlines /First %d 0 R /Last %d 0 R>>", firstMark, firstMark+nMarks-1)
		w.end()
	}

	w.begin(infoObj)
	w.printf("<</Producer %s /Creator %s", textString("itudoc"), textString("itudoc"))
	if info.Title != "" {
		w.printf(" /Title %s", textString(info.Title))
	}
	if info.Subject != "" {
		w.printf(" /Subject %s", textString(info.Subject))
	}
	date := info.Date
	if date.IsZero() {
		date = fallbackDate
	}
	d := "(D:" + date.Format("20060102150405") + ")"
	w.printf(" /CreationDate %s /ModDate %s>>", d, d)
	w.end()
	w.begin(catalog)
	w.printf("<</Type /Catalog /Pages %d 0 R /Lang (en-GB)", pagesObj)
	if outlines != 0 {
		w.printf(" /Outlines %d 0 R /PageMode /UseOutlines", outlines)
	}
	w.out = append(w.out, ">>"...)
	w.end()

	// Cross-reference table and trailer.
	xref := len(w.out)
	w.printf("xref\n0 %d\n0000000000 65535 f \n", len(w.offsets))
	for _, off := range w.offsets[1:] {
		w.printf("%010d 00000 n \n", off)
	}
	w.printf("trailer\n<</Size %d /Root %d 0 R /Info %d 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(w.offsets), catalog, infoObj, xref)
	if _, err := dst.Write(w.out); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	return nil
}

// font writes face s as objects n (Type0) to n+4: the descendant CID font,
// its descriptor, the CID-to-glyph map and the subset font file.
func (w *writer) font(s fonts.Style, n, toUni int, u *faceUse) error {
	f := fonts.Metrics(s)
	name := "utf8liberationserif" + s.FpdfStyle()
	w.begin(n)
	w.printf("<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>", name, n+1, toUni)
	w.end()

	// The characters used, their glyphs and widths.
	var runes []rune
	for i, word := range u.runes {
		for b := 0; word != 0; b++ {
			if word&1 != 0 {
				runes = append(runes, rune(i*64+b))
			}
			word >>= 1
		}
	}
	maxCID := rune(0)
	if len(runes) > 0 {
		maxCID = runes[len(runes)-1]
	}
	c2g := make([]byte, 2*(maxCID+1))
	glyphs := make([]uint16, 0, len(runes))
	for _, r := range runes {
		g := f.Glyph(r)
		c2g[2*r], c2g[2*r+1] = byte(g>>8), byte(g)
		glyphs = append(glyphs, g)
	}
	desc := f.Descriptor()
	w.begin(n + 1)
	w.printf("<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [", name, n+2, desc.MissingWidth)
	// Runs of consecutive CIDs, as fpdf lists them.
	for i := 0; i < len(runes); {
		j := i + 1
		for j < len(runes) && runes[j] == runes[j-1]+1 {
			j++
		}
		w.printf("%d [", runes[i])
		for _, r := range runes[i:j] {
			w.printf("%d ", f.PDFWidth(f.Glyph(r)))
		}
		w.out = append(w.out, "] "...)
		i = j
	}
	w.printf("] /CIDToGIDMap %d 0 R>>", n+3)
	w.end()
	w.begin(n + 2)
	w.printf("<</Type /FontDescriptor /FontName /%s /Ascent %d /Descent %d /CapHeight %d /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		name, desc.Ascent, desc.Descent, desc.CapHeight, desc.Flags, desc.BBox[0], desc.BBox[1], desc.BBox[2], desc.BBox[3], desc.ItalicAngle, desc.StemV, desc.MissingWidth, n+4)
	w.end()
	if err := w.stream(n+3, c2g, ""); err != nil {
		return fmt.Errorf("pdf: %w", err)
	}
	file, err := fonts.Subset(s, glyphs)
	if err != nil {
		return fmt.Errorf("pdf: subsetting face %v: %w", s, err)
	}
	return w.fontFile(n+4, s, file)
}

// compressed font files are kept for the next run with the same subset.
var fileCache struct {
	sync.Mutex
	by [4]struct{ file, z []byte }
}

func (w *writer) fontFile(n int, s fonts.Style, file []byte) error {
	fileCache.Lock()
	c := &fileCache.by[s&3]
	// Subset gives the same slice for the same glyphs.
	if len(c.file) != len(file) || len(file) == 0 || &c.file[0] != &file[0] {
		fileCache.Unlock()
		w.zbuf.Reset()
		w.zw.Reset(&w.zbuf)
		if _, err := w.zw.Write(file); err != nil {
			return err
		}
		if err := w.zw.Close(); err != nil {
			return err
		}
		fileCache.Lock()
		c.file, c.z = file, slices.Clone(w.zbuf.Bytes())
	}
	z := c.z
	fileCache.Unlock()
	w.begin(n)
	w.printf("<</Filter /FlateDecode /Length %d /Length1 %d>>\nstream\n", len(z), len(file))
	w.out = append(w.out, z...)
	w.out = append(w.out, "\nendstream"...)
	w.end()
	return nil
}
