package pdf

import (
	"bytes"
	"testing"

	"github.com/itudoc/itudoc/pipeline"
)

// FuzzWriteAnnex checks that any source pipeline.Load accepts gives either a
// PDF or an error from WriteAnnex, in both views: never a panic, never an
// error-free output that is not a PDF. The seed corpus is in
// testdata/fuzz/FuzzWriteAnnex.
func FuzzWriteAnnex(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte, marks bool) {
		d, err := pipeline.Load("fuzz.md", src)
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if _, err := WriteAnnex(&buf, d, Options{Marks: marks}); err != nil {
			return
		}
		if !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Fatalf("no error, but the output starts %q", buf.Bytes()[:min(16, buf.Len())])
		}
	})
}
