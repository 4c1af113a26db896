package panics

import (
	"strings"
	"sync"
	"testing"

	_ "github.com/itudoc/itudoc/internal/goldenflag" // go test ./... -update runs here too
)

func boom() { panic("boom in worker") }

// TestCarriedPanicKeepsWorkerStack: the waiter recovers the worker's panic
// value, and the stack names the function that panicked.
func TestCarriedPanicKeepsWorkerStack(t *testing.T) {
	value, stack := func() (value any, stack []byte) {
		defer func() { value, stack = From(recover()) }()
		var p1, p2 *Panic
		var wg sync.WaitGroup
		wg.Go(func() { defer Capture(&p1) })
		wg.Go(func() { defer Capture(&p2); boom() })
		wg.Wait()
		Repanic(p1, p2)
		return nil, nil
	}()
	if value != "boom in worker" {
		t.Fatalf("value %v", value)
	}
	if !strings.Contains(string(stack), "panics.boom") {
		t.Errorf("stack does not name the worker's function:\n%s", stack)
	}
}

// TestNestedPanicIsNotWrappedTwice: a Panic carried through two levels of
// workers arrives as the original.
func TestNestedPanicIsNotWrappedTwice(t *testing.T) {
	var outer *Panic
	func() {
		defer Capture(&outer)
		var inner *Panic
		func() { defer Capture(&inner); boom() }()
		Repanic(inner)
	}()
	if outer == nil || outer.Value != "boom in worker" || !strings.Contains(string(outer.Stack), "panics.boom") {
		t.Errorf("outer %+v", outer)
	}
}

func TestNoPanicNoRepanic(t *testing.T) {
	var p *Panic
	func() { defer Capture(&p) }()
	Repanic(p) // must not panic
	if p != nil {
		t.Error(p)
	}
}
