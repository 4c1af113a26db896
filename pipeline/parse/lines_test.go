package parse

import (
	"encoding/binary"
	"testing"
	"unicode/utf8"
)

// The line index answers as counting from the start would, whatever the
// order of the queries (its remembered line and column are only shortcuts)
// at the starts of characters, where positions are asked.
func TestLineIndex(t *testing.T) {
	src := []byte("one\ntwo é\n\nfour – x\nlast")
	naive := func(off int) (line, col int) {
		line, start := 1, 0
		for i := 0; i < off; i++ {
			if src[i] == '\n' {
				line, start = line+1, i+1
			}
		}
		return line, utf8.RuneCount(src[start:off]) + 1
	}
	var offsets []int
	for off := 0; off <= len(src); off++ {
		if utf8.RuneStart(safeAt(src, off)) {
			offsets = append(offsets, off)
		}
	}
	li := newLineIndex(src)
	orders := [][]int{offsets, reversed(offsets), {3, 4, 0, 25, 8, 10, 11, 2, len(src), 12}}
	for _, order := range orders {
		for _, off := range order {
			p := li.pos(off)
			if line, col := naive(off); p.Line != line || p.Col != col {
				t.Errorf("pos(%d) = %v, want %d:%d", off, p, line, col)
			}
		}
	}
	if p := li.pos(-1); p.IsValid() {
		t.Errorf("pos(-1) = %v, want no position", p)
	}
	if got := string(li.lineBytes(src, 5)); got != "two é" {
		t.Errorf("lineBytes(5) = %q", got)
	}
}

func safeAt(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 'x'
}

func reversed(s []int) []int {
	r := make([]int, len(s))
	for i, v := range s {
		r[len(s)-1-i] = v
	}
	return r
}

// printableASCII takes a word exactly when each of its bytes is in
// 0x20..0x7e, whichever byte stands out.
func TestPrintableASCII(t *testing.T) {
	for b := 0; b < 256; b++ {
		for pos := 0; pos < 8; pos++ {
			var w [8]byte
			for i := range w {
				w[i] = 'a'
			}
			w[pos] = byte(b)
			got := printableASCII(binary.LittleEndian.Uint64(w[:]))
			if want := b >= 0x20 && b <= 0x7e; got != want {
				t.Fatalf("byte %#x at %d: %v, want %v", b, pos, got, want)
			}
		}
	}
	if printableASCII(binary.LittleEndian.Uint64([]byte("\xff\xff\xff\xff\xff\xff\xff\xff"))) || !printableASCII(binary.LittleEndian.Uint64([]byte("~~~~    "))) {
		t.Error("printableASCII on whole words")
	}
}
