//go:build !unix

package scenario

// openNonBlocking is nothing where files have no FIFOs to wait on.
const openNonBlocking = 0
