// Package panics carries a panic out of a worker goroutine to the goroutine
// that waits for it. A panic in a bare goroutine ends the process, whatever
// the waiter recovers; carried over, it fails only the document being
// converted (itudoc build recovers per document), and the report keeps the
// worker's own stack, where the bug is.
package panics

import (
	"fmt"
	"runtime/debug"
)

// Panic is a recovered panic with the stack of the goroutine it happened in.
type Panic struct {
	Value any
	Stack []byte
}

func (p *Panic) Error() string { return fmt.Sprint(p.Value) }

// Capture, deferred at the top of a worker, stores the worker's panic in
// *into instead of letting it end the process.
func Capture(into **Panic) {
	v := recover()
	if v == nil {
		return
	}
	if p, ok := v.(*Panic); ok { // carried up from a nested worker
		*into = p
		return
	}
	*into = &Panic{Value: v, Stack: debug.Stack()}
}

// Repanic, called once the workers are done, panics with the first panic
// they captured, in the order given, so that which one surfaces does not
// depend on scheduling.
func Repanic(ps ...*Panic) {
	for _, p := range ps {
		if p != nil {
			panic(p)
		}
	}
}

// From gives the value and stack of a recovered panic: a carried Panic's
// own, or v with the current stack.
func From(v any) (value any, stack []byte) {
	if p, ok := v.(*Panic); ok {
		return p.Value, p.Stack
	}
	return v, debug.Stack()
}
