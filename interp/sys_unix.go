//go:build unix

package interp

import "golang.org/x/sys/unix"

// cpuTime returns the CPU time this process has used, user and system.
func cpuTime() (int64, bool) {
	var ru unix.Rusage
	if err := unix.Getrusage(unix.RUSAGE_SELF, &ru); err != nil {
		return 0, false
	}
	return ru.Utime.Nano() + ru.Stime.Nano(), true
}

// waitReadable blocks until one of fds has data or its write end is
// closed, and returns which ones are ready.
func waitReadable(fds ...int) ([]bool, error) {
	polls := make([]unix.PollFd, len(fds))
	for i, fd := range fds {
		polls[i] = unix.PollFd{Fd: int32(fd), Events: unix.POLLIN}
	}
	for {
		_, err := unix.Poll(polls, -1)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return nil, err
		}
		ready := make([]bool, len(fds))
		for i, p := range polls {
			ready[i] = p.Revents != 0
		}
		return ready, nil
	}
}
