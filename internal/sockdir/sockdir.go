// Package sockdir names and removes the temporary directories that hold
// the unix sockets pg.Listen makes when the learner names no path. It is
// its own package so that the reaper, which starts before anything else
// in the binary is initialised, can remove them without linking pg.
package sockdir

import (
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Prefix begins the name of each socket directory: pg-sock-PID-RANDOM,
// PID the evaluator's. Closing the listener removes it; an evaluator
// that crashed or exited without closing leaves it, and RemoveOf (the
// evaluator's reaper, once it has ended) or RemoveStale (the next reaper
// or Listen) removes it.
const Prefix = "pg-sock-"

// RemoveOf removes the socket directories of evaluator pid.
func RemoveOf(pid int) {
	remove(func(owner int) bool { return owner == pid })
}

// RemoveStale removes the socket directories of evaluators that no longer
// run.
func RemoveStale() {
	remove(func(owner int) bool {
		return owner != os.Getpid() && syscall.Kill(owner, 0) == syscall.ESRCH
	})
}

// remove removes this user's socket directories in the temporary
// directory whose evaluator's pid approve approves.
func remove(approve func(pid int) bool) {
	tmp := os.TempDir()
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return
	}
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), Prefix)
		pidText, _, found := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || !found || err != nil || pid <= 0 || !e.IsDir() || !approve(pid) {
			continue
		}
		path := strings.TrimSuffix(tmp, "/") + "/" + e.Name() // not path/filepath: see internal/reaper
		if st, err := os.Lstat(path); err != nil || !ownedByMe(st) {
			continue
		}
		os.RemoveAll(path)
	}
}

// ownedByMe reports whether this user owns the file st describes.
func ownedByMe(st os.FileInfo) bool {
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Getuid()
}
