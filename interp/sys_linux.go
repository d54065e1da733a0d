package interp

import (
	"os"
	"syscall"

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

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime() (int64, bool) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}

// childAttr places the evaluator in its own process group, so a Ctrl-C at
// the terminal reaches the shell only, and asks the kernel to kill it if
// the shell dies without cleaning up.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// waitReadable blocks until fd has data or its write end is closed.
func waitReadable(fd int) error {
	for {
		fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
		_, err := unix.Poll(fds, -1)
		if err == unix.EINTR {
			continue
		}
		return err
	}
}

// learnerProcAttr is given to processes learner code starts with os/exec:
// they stay in the evaluator's process group (so the shell's group kill
// reaches them) and get SIGKILL if the evaluator dies.
func learnerProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
