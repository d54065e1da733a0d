//go:build unix && !linux

package interp

import (
	"os"
	"syscall"

	"golang.org/x/sys/unix"
)

func redirectFd(f *os.File, fd int) error {
	return unix.Dup2(int(f.Fd()), fd)
}

// setMemoryCap does nothing here: only Linux enforces RLIMIT_AS. The heap
// watchdog still applies.
func setMemoryCap(heap int64) {}

// childAttr places the evaluator in its own process group. There is no
// parent-death signal outside Linux: the shell kills the evaluator on
// every exit path it controls.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// learnerProcAttr leaves processes learner code starts in the evaluator's
// process group, which the shell kills at exit; there is no parent-death
// signal here.
func learnerProcAttr() *syscall.SysProcAttr { return nil }

// becomeSubreaper does nothing here: there is no child subreaper.
func becomeSubreaper() {}

// killOrphans does nothing here: orphans go to init, and the shell kills
// the evaluator's process group at exit.
func killOrphans(mark string, keep int) {}

// startEvaluator starts the evaluator directly: there is no child
// subreaper here, so no reaper. It returns the evaluator and the read end
// of its standard output and error.
func startEvaluator(e evaluatorStart) (*os.Process, *os.File, error) {
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, nil, err
	}
	defer outW.Close()
	p, err := os.StartProcess(e.path, e.argv, &os.ProcAttr{
		Dir:   e.dir,
		Env:   e.env,
		Files: append([]*os.File{e.stdin, outW, outW}, e.extra...),
		Sys:   childAttr(),
	})
	if err != nil {
		outR.Close()
		return nil, nil, err
	}
	return p, outR, nil
}

// killChild sends SIGKILL to the evaluator's process group.
func killChild(p *os.Process, dead <-chan struct{}) {
	syscall.Kill(-p.Pid, syscall.SIGKILL)
	p.Kill()
}

// killLeftovers kills the process group of a stopped evaluator, which
// may hold processes it left behind.
func killLeftovers(pid int) { syscall.Kill(-pid, syscall.SIGKILL) }

// readableNow reports whether one of fds has data or its write end is
// closed, without waiting.
func readableNow(fds ...int) (bool, error) {
	polls := make([]unix.PollFd, len(fds))
	for i, fd := range fds {
		polls[i] = unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	}
	n, err := unix.Poll(polls, 0)
	if err != nil && err != unix.EINTR {
		return false, err
	}
	return err == nil && n > 0, nil
}
