//go:build unix

package scenario

import "syscall"

// openNonBlocking opens a file without waiting for a FIFO's writer.
const openNonBlocking = syscall.O_NONBLOCK
