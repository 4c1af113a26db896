package compare_test

import (
	"math/rand/v2"
	"os"
	"testing"

	"github.com/itudoc/itudoc/internal/testtool"
)

// FuzzCompare compares any two sources: the redline must be exact and the
// same every time, and read back when its inputs do (check). The corpus
// starts from testtool.FuzzSources, the golden pair, and the seed against
// random edits of itself.
func FuzzCompare(f *testing.F) {
	srcs := testtool.FuzzSources
	for i := range srcs {
		f.Add([]byte(srcs[i]), []byte(srcs[(i+1)%len(srcs)]))
	}
	for _, pair := range [][2]string{{"testdata/wtdc-res37.md", "testdata/wtdc-res37-rev1.md"}} {
		a, errA := os.ReadFile(pair[0])
		b, errB := os.ReadFile(pair[1])
		if errA != nil || errB != nil {
			f.Fatal(errA, errB)
		}
		f.Add(a, b)
	}
	// Excerpts of the seed (the cover and the start of a proposal), so that
	// each execution stays short.
	cover, props := base(f)
	r := rand.New(rand.NewPCG(7, 7))
	for i := 0; i < 3; i++ {
		p := props[r.IntN(len(props))]
		src := cover + p[:min(len(p), 3000)]
		f.Add([]byte(src), []byte(mutate(r, src, 4)))
	}
	f.Fuzz(func(t *testing.T, a, b []byte) {
		old, new := load(t, "old.md", string(a)), load(t, "new.md", string(b))
		if old == nil || new == nil {
			return
		}
		check(t, old, new, false)
	})
}
