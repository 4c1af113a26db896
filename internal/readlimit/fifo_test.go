//go:build unix

package readlimit

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// A named pipe nobody writes to is refused at once, not read for ever; so
// is a device.
func TestSpecialFilesRefused(t *testing.T) {
	p := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Skip("cannot make a FIFO here:", err)
	}
	if _, err := File(p, 100); err == nil || err.Error() != "cannot read "+p+": not a regular file (a named pipe)" {
		t.Errorf("FIFO: %v", err)
	}
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := File("/dev/zero", 100); err == nil || err.Error() != "cannot read /dev/zero: not a regular file (a device)" {
			t.Errorf("/dev/zero: %v", err)
		}
	}
}
