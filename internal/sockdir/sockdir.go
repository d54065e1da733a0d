// Package sockdir names and removes the temporary directories that hold
// the unix sockets pg.Listen makes when the learner names no path. It is
// its own package so that the reaper, which starts before anything else
// in the binary is initialised, can remove them without linking pg.
package sockdir

import (
	"os"
	"strconv"
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
// directory whose evaluator's pid approve approves. It reads the names
// alone, unsorted, and looks closer only at those with the prefix: the
// temporary directory can hold thousands of entries, and each reaper
// reads it twice.
func remove(approve func(pid int) bool) {
	tmp := os.TempDir()
	d, err := os.Open(tmp)
	if err != nil {
		return
	}
	names, _ := d.Readdirnames(-1)
	d.Close()
	if tmp[len(tmp)-1] != '/' {
		tmp += "/" // not path/filepath: see internal/reaper
	}
	for _, name := range names {
		pid, ok := ownerOf(name)
		if !ok || !approve(pid) {
			continue
		}
		path := tmp + name
		if st, err := os.Lstat(path); err != nil || !st.IsDir() || !ownedByMe(st) {
			continue
		}
		os.RemoveAll(path)
	}
}

// ownerOf returns the evaluator's pid in the name of a socket directory,
// pg-sock-PID-RANDOM, and whether name is one. (Without package strings:
// see internal/reaper.)
func ownerOf(name string) (pid int, ok bool) {
	if len(name) <= len(Prefix) || name[:len(Prefix)] != Prefix {
		return 0, false
	}
	rest := name[len(Prefix):]
	for i := 0; i < len(rest); i++ {
		if rest[i] == '-' {
			pid, err := strconv.Atoi(rest[:i])
			return pid, err == nil && pid > 0
		}
	}
	return 0, false
}

// ownedByMe reports whether this user owns the file st describes.
func ownedByMe(st os.FileInfo) bool {
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Getuid()
}
