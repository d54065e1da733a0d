package interp

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

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

// childAttr places the evaluator in its own process group, so a Ctrl-C at
// the terminal reaches the shell only, and asks the kernel to kill it if
// the shell dies without cleaning up. It is used only when the evaluator
// cannot be started at all (superviseChild).
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
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

// superviseChild makes cmd start the evaluator under a reaper of its own
// (internal/reaper), which ends whatever the evaluator leaves behind: cmd
// starts this very binary as the reaper instead, which starts the
// evaluator as its child with cmd's arguments, environment, directory and
// files.
func superviseChild(cmd *exec.Cmd) {
	if cmd.Err != nil {
		cmd.SysProcAttr = childAttr() // cmd cannot start: Start says why
		return
	}
	job := reaper.Job{Shell: os.Getpid(), Path: cmd.Path, Argv: cmd.Args}
	cmd.Path = "/proc/self/exe" // this very binary, even if replaced on disk since
	cmd.Args = []string{reaper.Name}
	if cmd.Env == nil {
		cmd.Env = os.Environ()
	}
	cmd.Env = append(cmd.Env, reaper.JobEnv+"="+job.Encode())
	cmd.SysProcAttr = reaper.ProcAttr()
}

// killChild ends an evaluator started by superviseChild: its reaper,
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
