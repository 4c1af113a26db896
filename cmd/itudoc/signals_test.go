//go:build unix

package main

import (
	"bytes"
	"context"
	"sync"
	"syscall"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the signal goroutine and the test.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// Item 10: the first SIGINT cancels the build's context; the second exits
// at once, with status 1; SIGTERM counts the same.
func TestSecondInterruptExits(t *testing.T) {
	exited := make(chan int, 1)
	defer func(f func(int)) { exitNow = f }(exitNow)
	exitNow = func(code int) { exited <- code }
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM} {
		var stderr syncBuffer
		ctx, stop := notifyInterrupt(context.Background(), &stderr)
		syscall.Kill(syscall.Getpid(), sig)
		<-ctx.Done()
		select {
		case code := <-exited:
			t.Fatalf("%v: exited (%d) at the first signal", sig, code)
		default:
		}
		syscall.Kill(syscall.Getpid(), sig)
		if code := <-exited; code != 1 {
			t.Errorf("%v: exit %d, want 1", sig, code)
		}
		stop()
		want := "itudoc: " + sig.String() + ": starting no new document; those under way get 5s to finish (interrupt again to stop at once)\n" +
			"itudoc: " + sig.String() + " again: stopping now (every output written is complete)\n"
		if got := stderr.String(); got != want {
			t.Errorf("%v: stderr\n%s\nwant\n%s", sig, got, want)
		}
	}
}
