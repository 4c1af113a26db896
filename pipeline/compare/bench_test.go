package compare_test

import (
	"testing"

	"github.com/itudoc/itudoc/layouts/markdown"
	"github.com/itudoc/itudoc/pipeline/compare"
)

// The seed's pair (every change rejected against every change accepted):
// the redline as the model holds it (what .docx and .pdf outputs need)...
func BenchmarkCompareSeed(b *testing.B) {
	_, old, new := seedPair(b)
	b.ReportAllocs()
	for b.Loop() {
		compare.Compare(old, new, compare.Options{})
	}
}

// ...and kept to what the source dialect can say, as itudoc compare makes
// it (each round writes and reads back the whole redline).
func BenchmarkCompareSeedReadBack(b *testing.B) {
	_, old, new := seedPair(b)
	b.ReportAllocs()
	for b.Loop() {
		compare.Compare(old, new, compare.Options{ReadBack: markdown.NewSession().ReadBack})
	}
}
