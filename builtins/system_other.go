//go:build !linux

package builtins

import (
	"runtime"

	"golang.org/x/sys/unix"
)

// residentBytes returns the peak resident set size so far (getrusage's
// maxrss): other systems have no /proc/self/statm to read the current
// one from. 0 if it cannot.
func residentBytes() uint64 {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil || ru.Maxrss < 0 {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return uint64(ru.Maxrss) // bytes on macOS
	}
	return uint64(ru.Maxrss) * 1024 // kilobytes on the BSDs
}
