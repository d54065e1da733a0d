package interp

import (
	"errors"
	"os"
	"syscall"
)

// outputFdsEnv tells the evaluator that the shell made the pipes for
// learner code's output (fds 5 to 8) rather than it making its own.
const outputFdsEnv = "PLAYGROUND_OUTPUT_FDS"

// outputFd is the first of the descriptors the evaluator gets the output
// pipes as: standard output's read and write ends, then os.Stderr's.
const outputFd = 5

// outputPipes are the pipes learner code's standard output and os.Stderr
// write to. The shell makes them and keeps their read ends: the evaluator
// forwards what they carry (stdio.go), and when it ends the shell reads
// what it had no time to forward. An os.Exit in compiled code (a
// log.Logger's Fatal, flag.Parse on a bad flag) ends the process at once,
// and what was printed just before would otherwise be lost.
type outputPipes struct {
	stdoutR, stdoutW, stderrR, stderrW *os.File
}

// newOutputPipes makes the pipes outside Go's poller (os.Pipe would put
// the read ends in it, and every write of learner code would wake this
// process for nothing: a tight loop of Println ran a third slower).
func newOutputPipes() (outputPipes, error) {
	var p outputPipes
	for _, pipe := range []struct {
		r, w **os.File
		name string
	}{{&p.stdoutR, &p.stdoutW, "stdout"}, {&p.stderrR, &p.stderrW, "stderr"}} {
		var fds [2]int
		syscall.ForkLock.RLock() // no fork between the pipe and close-on-exec
		err := syscall.Pipe(fds[:])
		if err == nil {
			syscall.CloseOnExec(fds[0])
			syscall.CloseOnExec(fds[1])
		}
		syscall.ForkLock.RUnlock()
		if err != nil {
			p.close()
			return outputPipes{}, os.NewSyscallError("pipe", err)
		}
		*pipe.r = os.NewFile(uintptr(fds[0]), pipe.name)
		*pipe.w = os.NewFile(uintptr(fds[1]), pipe.name)
	}
	return p, nil
}

// files lists the pipes in the order the evaluator expects them.
func (p outputPipes) files() []*os.File {
	return []*os.File{p.stdoutR, p.stdoutW, p.stderrR, p.stderrW}
}

// started closes the shell's copies of the write ends once the evaluator
// has its own.
func (p *outputPipes) started() {
	p.stdoutW.Close()
	p.stderrW.Close()
	p.stdoutW, p.stderrW = nil, nil
}

// maxLeftover bounds what leftover reads: a pipe holds 64 KiB unless
// learner code made it larger.
const maxLeftover = 1 << 20

// leftover reads, without waiting for more, what the pipes still hold once
// the evaluator has ended: standard output first, as the evaluator sends
// it.
func (p outputPipes) leftover() []Output {
	var out []Output
	for _, pipe := range []struct {
		r      *os.File
		stream string
	}{{p.stdoutR, "stdout"}, {p.stderrR, "stderr"}} {
		if pipe.r == nil {
			continue
		}
		data := readAvailable(pipe.r, maxLeftover)
		if len(data) > 0 {
			out = append(out, Output{Stream: pipe.stream, Data: string(data)})
		}
	}
	return out
}

// readAvailable reads what r, a pipe outside the poller, holds now, up to
// max bytes, without waiting for more (a process learner code started may
// still hold the write end).
func readAvailable(r *os.File, max int) []byte {
	rc, err := r.SyscallConn()
	if err != nil {
		return nil
	}
	var data []byte
	rc.Control(func(fd uintptr) {
		if syscall.SetNonblock(int(fd), true) != nil {
			return
		}
		buf := make([]byte, 32<<10)
		for len(data) < max {
			n, err := syscall.Read(int(fd), buf)
			if err == syscall.EINTR {
				continue
			}
			if n <= 0 {
				return // empty (EAGAIN), or every writer is gone
			}
			data = append(data, buf[:n]...)
		}
	})
	return data
}

func (p outputPipes) close() {
	for _, f := range p.files() {
		if f != nil {
			f.Close()
		}
	}
}

// inheritedOutputPipes returns the pipes the shell made, as the evaluator
// got them: raw descriptors, made close-on-exec so that the processes
// learner code starts do not hold them.
func inheritedOutputPipes() (fds [4]int, err error) {
	if os.Getenv(outputFdsEnv) == "" {
		return fds, errors.New("no output pipes were passed")
	}
	os.Unsetenv(outputFdsEnv)
	for i := range fds {
		fds[i] = outputFd + i
	}
	return fds, nil
}
