package interp

import (
	"bytes"
	"os"
	"regexp"
	"sync"
	"syscall"
	"time"

	"github.com/learn-concurrency/playground/builtins"
	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

// stdoutPipe carries what learner code writes to standard output (file
// descriptor 1, os.Stdout, fmt.Print*) and to os.Stderr to the shell as
// Output frames.
//
// Writes are synchronous into pipes; a forwarder drains them. Before a
// Result is sent, sync drains the pipes under the same lock, so everything
// an input printed reaches the shell before its value. The read ends are
// raw non-blocking descriptors, outside Go's poller, so that the forwarder
// waiting for data never holds a lock sync needs.
//
// Learner code's os.Stderr is a pipe of its own rather than descriptor 2:
// descriptor 2 stays the shell's, so that the Go runtime's last words
// reach the shell even when this process dies at once.
type stdoutPipe struct {
	fds     [2]int    // read ends: standard output, os.Stderr
	streams [2]string // their Output.Stream names
	stderr  *os.File  // write end that learner code's os.Stderr is
	out     *frameWriter
	mu      sync.Mutex // held while reading and sending, by the forwarder or sync
	buf     []byte
	// inputRunning, if set, tells the forwarder an input is running; see
	// forward.
	inputRunning func() bool
}

// newStdoutPipe makes the pipes: the write end of the first becomes file
// descriptor 1, that of the second is returned as stderr.
func newStdoutPipe(out *frameWriter) (*stdoutPipe, error) {
	p := &stdoutPipe{streams: [2]string{"stdout", "stderr"}, out: out, buf: make([]byte, 32<<10)}
	// The shell's pipes, whose read ends it keeps too (outputpipes.go);
	// else pipes of this process's own.
	inherited, inheritErr := inheritedOutputPipes()
	var writers [2]*os.File
	for i := range p.fds {
		var fds [2]int
		if inheritErr == nil {
			fds = [2]int{inherited[2*i], inherited[2*i+1]}
		} else if err := syscall.Pipe(fds[:]); err != nil {
			return nil, err
		}
		syscall.CloseOnExec(fds[0])
		syscall.CloseOnExec(fds[1])
		if err := syscall.SetNonblock(fds[0], true); err != nil {
			return nil, err
		}
		// Learner code writes as to a terminal: a full pipe makes it wait.
		if err := syscall.SetNonblock(fds[1], false); err != nil {
			return nil, err
		}
		p.fds[i] = fds[0]
		writers[i] = os.NewFile(uintptr(fds[1]), p.streams[i])
	}
	defer writers[0].Close()
	if err := redirectFd(writers[0], 1); err != nil {
		return nil, err
	}
	p.stderr = writers[1]
	return p, nil
}

// forward runs until a pipe's write end is closed.
//
// Output that comes after a quiet spell waits forwardDelay in the pipe
// before it is read: a program that prints and then ends at once through
// compiled code (a log.Logger's Fatal calls os.Exit) would otherwise end
// while the forwarder holds what it printed, read and not yet sent, and
// it would be lost. Left in the pipe, the shell reads it once the process
// has ended (outputpipes.go). A stream of output is read as it comes.
//
// While an input runs, the forwarder does not block in a system call to
// wait for output; it looks (readableNow) and sleeps between looks, from
// livePollMin up to livePollMax while nothing comes. A goroutine blocked
// in a system call keeps its P, and while an input keeps the other one
// busy the runtime's monitor thread (sysmon) takes that P back; having
// taken one, sysmon wakes every 20 µs for the next millisecond. Each wait
// of the forwarder cost fifty wake-ups, a tenth of the evaluator's time
// in a session of short inputs. Sync drains the pipes when an input
// ends, so the looks are for live output only. With no input running the
// forwarder blocks: nothing else runs then for sysmon to make room for.
func (p *stdoutPipe) forward() {
	var last time.Time // of the last output forwarded
	pause := livePollMin
	for {
		if p.inputRunning != nil && p.inputRunning() {
			ready, err := readableNow(p.fds[:]...)
			if err != nil {
				return
			}
			if !ready {
				time.Sleep(pause)
				pause = min(2*pause, livePollMax)
				continue
			}
		} else if _, err := waitReadable(p.fds[:]...); err != nil {
			return
		}
		pause = livePollMin
		if time.Since(last) > quietSpell {
			time.Sleep(forwardDelay)
		}
		p.mu.Lock()
		n, closed := p.drainLocked()
		p.mu.Unlock()
		if n == 0 && closed {
			return
		}
		if n > 0 {
			last = time.Now()
		}
	}
}

// forwardDelay is how long output after a quietSpell waits before it is
// forwarded: long beside the microseconds between a print and an exit
// that follows it, short beside what a person notices.
const (
	forwardDelay = 3 * time.Millisecond
	quietSpell   = 20 * time.Millisecond
)

// How often the forwarder looks for output while an input runs: soon
// after output, less often the longer none comes.
const (
	livePollMin = time.Millisecond
	livePollMax = 16 * time.Millisecond
)

// drainLocked reads what the pipes hold now and sends it, standard output
// first. It returns the bytes read and whether a write end was closed.
func (p *stdoutPipe) drainLocked() (total int, closed bool) {
	for i, fd := range p.fds {
		for {
			n, err := syscall.Read(fd, p.buf)
			if n > 0 {
				total += n
				p.out.Send(kindOutput, 0, Output{Stream: p.streams[i], Data: string(p.buf[:n])})
				continue
			}
			if err == syscall.EINTR {
				continue
			}
			closed = closed || err == nil // end of stream
			break                         // EAGAIN: empty
		}
	}
	return total, closed
}

// sync drains the pipes, then calls send while still holding the lock, so
// nothing printed before sync is sent after send's frame. It waits for
// the forwarder, if it is sending what it read: a goroutine that panics
// calls it before the runtime freezes the process, which would otherwise
// lose what the forwarder held.
func (p *stdoutPipe) sync(send func()) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.drainLocked()
	send()
}

// panicLine matches what yaegi writes to its stderr for each frame a panic
// unwinds through: "4/input:3:5: panic: main.f(...)" (or "input:3:5: ...").
//
// This file's regexps are compiled on first use: every process of the
// binary runs package init, and only the evaluator needs them.
var panicLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\d+/)?` + sourceName + `:(\d+:\d+)` + regexp.QuoteMeta(yaegiassume.PanicMark) + `(.*)$`)
})

// recoverLine matches what yaegi writes to its stderr when learner code
// recovers a panic: "4/input:7:8: recovered: main.f.func1(...)".
var recoverLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\d+/)?` + sourceName + `:(\d+:\d+)` + regexp.QuoteMeta(yaegiassume.RecoverMark) + `(.*)$`)
})

// stderrWriter is the interpreter's standard error (log output, panics
// reported by yaegi). Panic positions become panic notices and are
// kept for the current input's error; other text is sent as Output after
// standard output is synced, so it keeps its order with what was printed.
type stderrWriter struct {
	stdout *stdoutPipe
	out    *frameWriter
	// onPanic receives every frame a panic passes through in learner code:
	// the source it was compiled from ("4/input"), its "line:col", its
	// function ("main.f") and its goroutine's id.
	onPanic func(file, pos, fn string, g int64)
	// onRecover is told that learner code on goroutine g recovered its
	// panic.
	onRecover func(g int64)
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
		if m := recoverLine().FindSubmatch(bytes.TrimRight(line, "\n")); m != nil {
			if g, task := builtins.NoteRecovered(); !task {
				w.onRecover(g)
				w.out.Send(kindPanic, 0, panicFrame{Pos: string(m[1]), G: g, Recovered: true})
			}
		} else if m := panicLine().FindSubmatch(bytes.TrimRight(line, "\n")); m != nil {
			file, _, _ := bytes.Cut(line, []byte(":"))
			if g, task := builtins.NotePanicFrame(string(m[1])); task {
				// A pg.Go task's panic: the task keeps it, and pg announces it.
			} else {
				w.onPanic(string(file), string(m[1]), string(m[2]), g)
				// Every frame goes to the shell, which places it if the
				// evaluator dies of the panic (a goroutine's).
				pf := panicFrame{Pos: string(m[1]), Func: learnerFunc(string(m[2])), G: g}
				if w.current != nil && !w.current(string(file)) {
					if pf.In, _ = inputNumber(string(file)); pf.In == 0 {
						pf.In = -1 // not an input's: the shell drops it
					}
				}
				// After what was printed: the frame's deferred calls have
				// run, and if this is a goroutine's last frame the runtime
				// freezes every goroutine next, the forwarder too, with
				// what it had read and not sent (see sync).
				w.stdout.sync(func() { w.out.Send(kindPanic, 0, pf) })
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
			w.out.Send(kindOutput, 0, Output{Stream: "stderr", Data: string(text)})
		})
	}
	return len(b), nil
}
