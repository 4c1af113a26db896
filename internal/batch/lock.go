package batch

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/itudoc/itudoc/internal/ioerr"
	"github.com/itudoc/itudoc/internal/readlimit"
)

// LockName is the lock file of an output folder. It stays there between
// builds: the lock is the system's (flock), held by an open file, so a
// build that is killed releases it, and removing the file would let two
// builds each lock a different one.
const LockName = ".itudoc-lock"

// lockPoll is how often a waiting build tries the lock again.
const lockPoll = 100 * time.Millisecond

// lockFolder takes the lock of the output folder dir, waiting while
// another build holds it (calling wait once with what its lock file says),
// until ctx is done. The lock file is opened inside dir (a symbolic link
// leading out of it is refused), and records who holds it.
func lockFolder(ctx context.Context, dir string, wait func(holder string)) (func(), error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, ioerr.Cannot("lock", dir, err)
	}
	defer root.Close()
	f, err := root.OpenFile(LockName, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, ioerr.Cannot("lock", dir, err)
	}
	told := false
	for {
		ok, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, ioerr.Cannot("lock", dir, err)
		}
		if ok {
			break
		}
		holder := "another itudoc build"
		if b, err := readlimit.FileIn(root, LockName, LockName, 4096); err == nil && len(strings.TrimSpace(string(b))) > 0 {
			holder = strings.TrimSpace(string(b))
		}
		if !told && wait != nil {
			wait(holder)
			told = true
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("%s: interrupted while waiting for the build in progress there (%s)", dir, holder)
		case <-time.After(lockPoll):
		}
	}
	f.Truncate(0)
	f.WriteAt([]byte(fmt.Sprintf("itudoc build, process %d\n", os.Getpid())), 0)
	return func() {
		f.Truncate(0)
		f.Close()
	}, nil
}
