package reaper

// The shell's side: starting a reaper, and handing it its job.
//
// A reaper is started before it has a job, and waits for one on a socket
// (its fd 3): the shell starts one from its own early init (Prestart),
// while the rest of the shell initialises on another core, and hands it
// the job once its session knows the evaluator's files. Started after
// the shell's init, in a row, the reaper's 16 to 18 ms were a fifth of an
// empty `playground run`.

import (
	"errors"
	"os"
	"strconv"
	"sync"
	"syscall"
)

// A Waiting is a reaper that waits for its job. Send gives it one; Abandon
// lets it go without one.
type Waiting struct {
	// Process is the reaper. Once it has its job, it exits as its
	// evaluator does.
	Process *os.Process
	// Output is the read end of the pipe that is the reaper's standard
	// output and error, and then its evaluator's.
	Output *os.File

	ctl *os.File // the shell's end of the socket the job goes down
}

// ctlFd is the reaper's descriptor for its end of the job socket.
const ctlFd = 3

// maxJob bounds a job's encoding, as a reaper reads it. Its length goes
// first, in four bytes, big-endian (not with encoding/binary: see the
// imports of reaper_linux.go).
const maxJob = 8 << 20

// Start starts a reaper: this very binary again (/proc/self/exe, even if
// the file was replaced on disk since), which runs as a reaper from its
// init and waits for a job.
func Start() (*Waiting, error) {
	shellEnd, reaperEnd, err := socketPair()
	if err != nil {
		return nil, err
	}
	defer reaperEnd.Close()
	outR, outW, err := os.Pipe()
	if err != nil {
		shellEnd.Close()
		return nil, err
	}
	defer outW.Close()
	null, err := os.Open(os.DevNull)
	if err != nil {
		shellEnd.Close()
		outR.Close()
		return nil, err
	}
	defer null.Close()
	p, err := os.StartProcess("/proc/self/exe", []string{Name}, &os.ProcAttr{
		Env:   append(os.Environ(), JobEnv+"="+strconv.Itoa(os.Getpid())),
		Files: []*os.File{null, outW, outW, reaperEnd}, // fd 3 is ctlFd
		Sys:   ProcAttr(),
	})
	if err != nil {
		shellEnd.Close()
		outR.Close()
		return nil, err
	}
	return &Waiting{Process: p, Output: outR, ctl: shellEnd}, nil
}

// socketPair makes a connected pair of Unix stream sockets, blocking and
// close-on-exec.
func socketPair() (a, b *os.File, err error) {
	fds, err := syscall.Socketpair(syscall.AF_UNIX, syscall.SOCK_STREAM|syscall.SOCK_CLOEXEC, 0)
	if err != nil {
		return nil, nil, os.NewSyscallError("socketpair", err)
	}
	return os.NewFile(uintptr(fds[0]), "reaper job"), os.NewFile(uintptr(fds[1]), "reaper job"), nil
}

// Send hands w its job: w starts the evaluator with j's files and
// streams (standard output and error: w.Output). Whatever Send returns,
// w has no more use for the job socket; on an error, w's process ends
// (it sees the socket close) and the caller still has to wait for it.
func (w *Waiting) Send(j Job) error {
	defer w.ctl.Close()
	text := j.Encode()
	n := len(text)
	msg := append([]byte{byte(n >> 24), byte(n >> 16), byte(n >> 8), byte(n)}, text...)
	fds := []int{int(j.Stdin.Fd())}
	for _, f := range j.Extra {
		fds = append(fds, int(f.Fd()))
	}
	conn, err := w.ctl.SyscallConn()
	if err != nil {
		return err
	}
	var sendErr error
	err = conn.Write(func(fd uintptr) bool {
		// The descriptors travel with the first bytes, the rest of the
		// message after them. A reaper that died is an error (EPIPE), not
		// a SIGPIPE.
		oob := syscall.UnixRights(fds...)
		for sent := 0; sent < len(msg) && sendErr == nil; {
			var n int
			n, sendErr = syscall.SendmsgN(int(fd), msg[sent:], oob, nil, syscall.MSG_NOSIGNAL)
			if sendErr == syscall.EINTR {
				sendErr = nil
				continue
			}
			sent += n
			oob = nil
		}
		return true
	})
	if err == nil {
		err = sendErr
	}
	if err != nil {
		return &os.PathError{Op: "sending job to", Path: Name + " " + strconv.Itoa(w.Process.Pid), Err: err}
	}
	return nil
}

// Abandon lets w go without a job: it exits once its job socket closes.
// Abandon waits for it.
func (w *Waiting) Abandon() {
	w.ctl.Close()
	w.Output.Close()
	w.Process.Wait()
}

// prestarted is the reaper Prestart started, until Take takes it.
var prestarted struct {
	sync.Mutex
	w *Waiting
}

// Prestart starts a reaper for the first session of this process to
// take, and keeps it: called from the shell's early init, so that the
// reaper's start-up overlaps the rest of the shell's. A failure is left
// for the session, which starts its own reaper and reports it.
func Prestart() {
	w, err := Start()
	if err != nil {
		return
	}
	prestarted.Lock()
	prestarted.w = w
	prestarted.Unlock()
}

// Take returns the reaper Prestart started, at most once; otherwise nil.
func Take() *Waiting {
	prestarted.Lock()
	defer prestarted.Unlock()
	w := prestarted.w
	prestarted.w = nil
	return w
}

// Release lets go the reaper Prestart started, if no session took it,
// and waits for it to end.
func Release() {
	if w := Take(); w != nil {
		w.Abandon()
	}
}

// readJob reads a reaper's job from its job socket. A socket closed
// before any byte of it came is io.EOF: the shell let the reaper go.
func readJob() (Job, error) {
	var (
		buf   []byte
		files []int
		oob   = make([]byte, syscall.CmsgSpace(4*maxJobFiles))
		chunk = make([]byte, 64<<10)
	)
	defer func() {
		for _, fd := range files {
			syscall.Close(fd)
		}
	}()
	for {
		if len(buf) >= 4 {
			n := uint32(buf[0])<<24 | uint32(buf[1])<<16 | uint32(buf[2])<<8 | uint32(buf[3])
			if n > maxJob {
				return Job{}, errors.New("a job of " + strconv.FormatUint(uint64(n), 10) + " bytes")
			}
			if len(buf)-4 >= int(n) {
				if len(buf)-4 > int(n) {
					return Job{}, errors.New("bytes after the job")
				}
				break
			}
		}
		n, oobn, flags, _, err := syscall.Recvmsg(ctlFd, chunk, oob, syscall.MSG_CMSG_CLOEXEC)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return Job{}, os.NewSyscallError("recvmsg", err)
		}
		if flags&syscall.MSG_CTRUNC != 0 {
			return Job{}, errors.New("a job with more than " + strconv.Itoa(maxJobFiles) + " descriptors")
		}
		if oobn > 0 {
			fds, err := parseRights(oob[:oobn])
			files = append(files, fds...)
			if err != nil {
				return Job{}, err
			}
		}
		if n == 0 {
			if len(buf) == 0 {
				return Job{}, errEOF
			}
			return Job{}, errors.New("the job socket closed in the middle of a job")
		}
		buf = append(buf, chunk[:n]...)
	}
	j, err := decodeJob(string(buf[4:]))
	if err != nil {
		return Job{}, err
	}
	if len(files) < 1 {
		return Job{}, errors.New("a job without standard input")
	}
	j.Stdin = os.NewFile(uintptr(files[0]), "stdin")
	for i, fd := range files[1:] {
		j.Extra = append(j.Extra, os.NewFile(uintptr(fd), "fd "+strconv.Itoa(3+i)))
	}
	files = nil // the Job has them now
	return j, nil
}

// maxJobFiles bounds the descriptors a job passes.
const maxJobFiles = 16

// errEOF is a job socket closed before a job came.
var errEOF = errors.New("no job")

// parseRights returns the descriptors in a control message.
func parseRights(oob []byte) ([]int, error) {
	msgs, err := syscall.ParseSocketControlMessage(oob)
	if err != nil {
		return nil, os.NewSyscallError("parsing a control message", err)
	}
	var fds []int
	for i := range msgs {
		got, err := syscall.ParseUnixRights(&msgs[i])
		if err != nil {
			return fds, os.NewSyscallError("parsing a control message", err)
		}
		fds = append(fds, got...)
	}
	return fds, nil
}
