package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// exchange swaps the entries a and b of the folder dir inside r in one
// step (renameat2 with RENAME_EXCHANGE).
func exchange(r *os.Root, dir, a, b string) error {
	d, err := r.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	fd := int(d.Fd())
	return unix.Renameat2(fd, a, fd, b, unix.RENAME_EXCHANGE)
}
