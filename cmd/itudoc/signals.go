package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// exitNow ends the process at a second interrupt; tests replace it.
var exitNow = os.Exit

// notifyInterrupt gives a context that the first SIGINT or SIGTERM cancels
// (build then starts no new document, and gives those under way
// interruptGrace); the second one exits at once, with status 1. Outputs
// stay whole either way: they are renamed into place complete, and the
// temporary files a stopped build leaves are removed by the next one.
// stop undoes the signal handling.
func notifyInterrupt(parent context.Context, stderr io.Writer) (ctx context.Context, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 2)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	go func() {
		select {
		case s := <-ch:
			fmt.Fprintf(stderr, "itudoc: %s: starting no new document; those under way get %v to finish (interrupt again to stop at once)\n", s, interruptGrace)
			cancel()
		case <-done:
			return
		}
		select {
		case s := <-ch:
			fmt.Fprintf(stderr, "itudoc: %s again: stopping now (every output written is complete)\n", s)
			exitNow(1)
		case <-done:
		}
	}()
	return ctx, func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
}
