package interp

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
	"unsafe"

	"github.com/learn-concurrency/playground/internal/reaper"
	"golang.org/x/sys/unix"
)

// redirectFd makes file descriptor fd refer to f.
func redirectFd(f *os.File, fd int) error {
	return unix.Dup3(int(f.Fd()), fd, 0)
}

// setMemoryCap sets an address-space limit well above the heap limit: the
// heap watchdog gives the friendly message, and this backstop stops a single
// huge allocation (make([]byte, 1<<40)) before the machine starts swapping.
// Go reserves address space generously, hence the headroom.
func setMemoryCap(heap int64) {
	lim := uint64(heap) + 4<<30
	unix.Setrlimit(unix.RLIMIT_AS, &unix.Rlimit{Cur: lim, Max: lim})
}

// learnerProcAttr is given to processes learner code starts with os/exec:
// they stay in the evaluator's process group (so the shell's group kill
// reaches them) and get SIGKILL if the evaluator dies.
func learnerProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// becomeSubreaper makes this process the parent of orphaned descendants
// (PR_SET_CHILD_SUBREAPER), instead of init.
func becomeSubreaper() {
	unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
}

// killOrphans kills and reaps every child of this process, other than
// keep, whose environment holds mark, until none is left (killing one
// re-parents its own children here).
func killOrphans(mark string, keep int) {
	// With no child there is no descendant either, and the look at every
	// thread's children below costs a session's close most of a
	// millisecond.
	if !hasChildren() {
		return
	}
	self := os.Getpid()
	for round := 0; round < 8; round++ {
		found := false
		pids, ok := ownChildren()
		if !ok {
			entries, err := os.ReadDir("/proc")
			if err != nil {
				return
			}
			for _, e := range entries {
				if pid, err := strconv.Atoi(e.Name()); err == nil {
					pids = append(pids, pid)
				}
			}
		}
		for _, pid := range pids {
			if pid == keep || reaper.ParentOf(pid) != self || !hasEnv(pid, mark) {
				continue
			}
			found = true
			unix.Kill(pid, unix.SIGKILL)
			var ws unix.WaitStatus
			unix.Wait4(pid, &ws, 0, nil)
		}
		if !found {
			return
		}
	}
}

// ownChildren lists this process's children from
// /proc/self/task/*/children (each thread's: a child is listed under the
// thread that forked it, or that it was re-parented to), which costs a
// few reads where a look through /proc costs one per process on the
// machine. ok is false where the kernel has no such files
// (CONFIG_PROC_CHILDREN).
func ownChildren() (pids []int, ok bool) {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil, false
	}
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/children")
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && t.Name() == strconv.Itoa(os.Getpid()) {
				return nil, false // the main thread is never gone: no such files
			}
			continue // a thread that ended meanwhile
		}
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				pids = append(pids, pid)
			}
		}
	}
	return pids, true
}

// hasChildren reports whether this process has a child, running or
// exited and not yet reaped (it reaps none).
func hasChildren() bool {
	var info unix.Siginfo
	err := unix.Waitid(unix.P_ALL, 0, &info, unix.WEXITED|unix.WNOHANG|unix.WNOWAIT, nil)
	return err != unix.ECHILD
}

func hasEnv(pid int, kv string) bool {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		return false
	}
	for _, entry := range bytes.Split(b, []byte{0}) {
		if string(entry) == kv {
			return true
		}
	}
	return false
}

// startEvaluator starts the evaluator under a reaper of its own
// (internal/reaper), which ends whatever the evaluator leaves behind: the
// reaper started while the shell initialised, if no session took it yet,
// else a fresh one. It returns the reaper, which exits as the evaluator
// does, and the read end of the evaluator's standard output and error.
func startEvaluator(e evaluatorStart) (*os.Process, *os.File, error) {
	job := reaper.Job{Path: e.path, Argv: e.argv, Env: e.env, Dir: e.dir, Stdin: e.stdin, Extra: e.extra}
	if w := reaper.Take(); w != nil {
		if w.Send(job) == nil {
			return w.Process, w.Output, nil
		}
		w.Abandon() // it died, or was killed, while it waited
	}
	w, err := reaper.Start()
	if err != nil {
		return nil, nil, err
	}
	if err := w.Send(job); err != nil {
		w.Abandon()
		return nil, nil, err
	}
	return w.Process, w.Output, nil
}

// killChild ends an evaluator started by startEvaluator: its reaper,
// asked with SIGTERM, kills the evaluator and every process under it,
// then exits as the evaluator did. A reaper that has not ended within
// reaperGrace (learner code can stop its parent with SIGSTOP) is killed;
// the evaluator then dies of its parent-death signal, and what it left
// comes to this process (see Session.reapOrphans).
func killChild(p *os.Process, dead <-chan struct{}) {
	p.Signal(syscall.SIGCONT)
	p.Signal(syscall.SIGTERM)
	go func() {
		select {
		case <-dead:
		case <-time.After(reaperGrace):
			p.Kill()
		}
	}()
}

// reaperGrace is how long a reaper may take to end what is under it once
// asked to.
const reaperGrace = 2 * time.Second

// killLeftovers ends what a stopped evaluator left behind: nothing to do
// here, its reaper has.
func killLeftovers(pid int) {}

// readableNow reports whether one of fds has data or its write end is
// closed, without waiting. It is a raw ppoll with a zero timeout, which
// the scheduler does not see as a system call: it neither wakes the
// runtime's monitor thread nor gives up its P (see stdoutPipe.forward).
func readableNow(fds ...int) (bool, error) {
	polls := make([]unix.PollFd, len(fds))
	for i, fd := range fds {
		polls[i] = unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	}
	var now unix.Timespec // zero: do not wait
	n, _, errno := syscall.RawSyscall6(unix.SYS_PPOLL, uintptr(unsafe.Pointer(&polls[0])), uintptr(len(polls)), uintptr(unsafe.Pointer(&now)), 0, 0, 0)
	if errno != 0 && errno != syscall.EINTR {
		return false, errno
	}
	return errno == 0 && n > 0, nil
}
