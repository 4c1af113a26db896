//go:build unix

package readlimit

import "syscall"

// openFlags keep open from blocking on a named pipe, or from making a
// terminal the controlling one, should the path be swapped for one between
// stat and open (the opened file is checked again).
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
