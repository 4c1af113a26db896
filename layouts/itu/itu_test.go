package itu

import (
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update
	"github.com/itudoc/itudoc/pipeline/doc"
)

// TestLang checks the document language from the letter of its number.
func TestLang(t *testing.T) {
	for number, want := range map[string]string{"149-E": "en-GB", "149-F": "fr", "40(Add.1)-S": "es", "7-A": "ar", "7-C": "zh", "7-R": "ru", "149": "en-GB", "": "en-GB", "3-X": "en-GB"} {
		if got := Lang(doc.Meta{Number: number}); got != want {
			t.Errorf("Lang(%q) = %q, want %q", number, got, want)
		}
	}
}
