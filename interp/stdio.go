package interp

import (
	"bytes"
	"os"
	"regexp"
	"sync"
	"syscall"

	"github.com/learn-concurrency/playground/builtins"
)

// stdoutPipe carries what learner code writes to standard output (file
// descriptor 1, os.Stdout, fmt.Print*) to the shell as Output frames.
//
// Writes are synchronous into a pipe; a forwarder drains it. Before a
// Result is sent, sync drains the pipe under the same lock, so everything
// an input printed reaches the shell before its value. The read end is a
// raw non-blocking descriptor, outside Go's poller, so that the forwarder
// waiting for data never holds a lock sync needs.
type stdoutPipe struct {
	fd  int // read end
	out *FrameWriter
	mu  sync.Mutex // held while reading and sending, by the forwarder or sync
	buf []byte
}

// newStdoutPipe makes a pipe whose write end becomes file descriptor 1.
func newStdoutPipe(out *FrameWriter) (*stdoutPipe, error) {
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		return nil, err
	}
	syscall.CloseOnExec(fds[0])
	if err := syscall.SetNonblock(fds[0], true); err != nil {
		return nil, err
	}
	w := os.NewFile(uintptr(fds[1]), "stdout")
	defer w.Close()
	if err := redirectFd(w, 1); err != nil {
		return nil, err
	}
	return &stdoutPipe{fd: fds[0], out: out, buf: make([]byte, 32<<10)}, nil
}

// forward runs until the pipe's write end is closed.
func (p *stdoutPipe) forward() {
	for {
		if err := waitReadable(p.fd); err != nil {
			return
		}
		p.mu.Lock()
		n, err := p.drainLocked()
		p.mu.Unlock()
		if n == 0 && err == nil {
			return // write end closed
		}
	}
}

// drainLocked reads what the pipe holds now and sends it. It returns the
// bytes read, and EAGAIN once the pipe is empty.
func (p *stdoutPipe) drainLocked() (int, error) {
	total := 0
	for {
		n, err := syscall.Read(p.fd, p.buf)
		if n > 0 {
			total += n
			p.out.Send(KindOutput, 0, Output{Stream: "stdout", Data: string(p.buf[:n])})
			continue
		}
		if err == syscall.EINTR {
			continue
		}
		return total, err // EAGAIN when empty; nil at end of stream
	}
}

// sync drains the pipe, then calls send while still holding the lock, so
// nothing printed before sync is sent after send's frame.
func (p *stdoutPipe) sync(send func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drainLocked()
	send()
}

// panicLine matches what yaegi writes to its stderr for each frame a panic
// unwinds through: "4/input:3:5: panic: main.f(...)" (or "input:3:5: ...").
var panicLine = regexp.MustCompile(`^(?:\d+/)?` + sourceName + `:(\d+:\d+): panic: (.*)$`)

// stderrWriter is the interpreter's standard error (log output, panics
// reported by yaegi). Panic positions become PanicFrame notices and are
// kept for the current input's error; other text is sent as Output after
// standard output is synced, so it keeps its order with what was printed.
type stderrWriter struct {
	stdout  *stdoutPipe
	out     *FrameWriter
	onPanic func(pos string)
	// current, if set, tells whether a frame's source name is the current
	// input's; frames in earlier inputs are dropped, since their positions
	// mean nothing in the current input.
	current func(file string) bool

	mu      sync.Mutex
	partial []byte
}

// couldBePanicLine reports whether b may be the start of a panic line:
// digits and a slash, then sourceName and a colon, or a prefix of that.
func couldBePanicLine(b []byte) bool {
	b = bytes.TrimLeft(b, "0123456789")
	b = bytes.TrimPrefix(b, []byte("/"))
	want := []byte(sourceName + ":")
	return bytes.HasPrefix(want, b) || bytes.HasPrefix(b, want)
}

func (w *stderrWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, b...)
	var text []byte
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		line := w.partial[:i+1]
		if m := panicLine.FindSubmatch(bytes.TrimRight(line, "\n")); m != nil {
			file, _, _ := bytes.Cut(line, []byte(":"))
			if builtins.NotePanicFrame(string(m[1])) {
				// A pg.Go task's panic: the task keeps it, and pg announces it.
			} else if w.current == nil || w.current(string(file)) {
				w.onPanic(string(m[1]))
				w.out.Send(KindPanic, 0, PanicFrame{Pos: string(m[1]), Func: string(m[2])})
			}
		} else {
			text = append(text, line...)
		}
		w.partial = w.partial[i+1:]
	}
	// A line without its newline yet is held only if it could be a panic line.
	if len(w.partial) > 0 && !couldBePanicLine(w.partial) {
		text = append(text, w.partial...)
		w.partial = w.partial[:0]
	}
	if len(text) > 0 {
		w.stdout.sync(func() {
			w.out.Send(KindOutput, 0, Output{Stream: "stderr", Data: string(text)})
		})
	}
	return len(b), nil
}
