//go:build !linux

package builtins

import "runtime/pprof"

// gettid returns -1: macOS has pthread_threadid_np, which Go cannot call
// without cgo, and golang.org/x/sys/unix has no Gettid for it.
func gettid() int { return -1 }

// countThreads returns how many threads the runtime has created since
// start-up (the threadcreate profile). Threads that ended still count:
// an approximation from above.
func countThreads() int {
	return pprof.Lookup("threadcreate").Count()
}
