//go:build unix

package interp

import (
	"os"
	"syscall"
)

// socketPair returns the two ends of a Unix stream socket: the shell's
// end, non-blocking so that its reads can have deadlines, and the
// evaluator's, to be passed to it as an extra file (startEvaluator). Both
// are close-on-exec here; the fork that gives the evaluator its files
// clears it there.
//
// The streams to the evaluator are sockets rather than pipes because a
// pipe can be opened again through /proc/self/fd, by learner code in the
// evaluator, with the other direction (reading the replies the shell is
// owed); a socket cannot be opened that way.
func socketPair(name string) (shellEnd, childEnd *os.File, err error) {
	syscall.ForkLock.RLock()
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM, 0)
	if err == nil {
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
	}
	syscall.ForkLock.RUnlock()
	if err != nil {
		return nil, nil, os.NewSyscallError("socketpair", err)
	}
	if err := syscall.SetNonblock(fds[0], true); err != nil {
		syscall.Close(fds[0])
		syscall.Close(fds[1])
		return nil, nil, os.NewSyscallError("setnonblock", err)
	}
	return os.NewFile(uintptr(fds[0]), name), os.NewFile(uintptr(fds[1]), name), nil
}
