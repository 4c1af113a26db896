//go:build !linux

package atomicfile

import (
	"errors"
	"os"
)

// exchange is not available: ReplaceDir moves the old folder aside instead.
func exchange(r *os.Root, dir, a, b string) error { return errors.ErrUnsupported }
