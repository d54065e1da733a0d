//go:build linux || darwin

package shell

import (
	"bytes"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	prompt "github.com/c-bata/go-prompt"
	"golang.org/x/sys/unix"
)

// tty owns the terminal: it saves the terminal's state before go-prompt
// touches it and puts it back on every exit path, and it is go-prompt's
// input (a prompt.ConsoleParser) in place of the one go-prompt opens itself.
//
// go-prompt v0.2.6 saves the terminal state after making it raw, so its own
// restore leaves the terminal raw (its issues #228, #233, #266). Here Setup
// derives raw mode from the state saved at start, and TearDown restores
// exactly that state.
type tty struct {
	fd    int
	saved *unix.Termios
	raw   atomic.Bool
	// closing is set by restore: the shell is exiting.
	closing atomic.Bool

	mu    sync.Mutex
	queue [][]byte // pending key chunks (a paste split into lines)
	wake  bool     // a notice is waiting to be printed above the prompt
	// held is set once Enter has been handed to go-prompt, until the next
	// Setup: go-prompt's reader goroutine may call Read again before the
	// prompt sees the Enter, and whatever it reads then is dropped.
	held    bool
	out     io.Writer // where Ctrl-L clears the screen
	lastKey []byte
	onKey   func(b []byte) // sees every chunk before go-prompt does
}

// errNoInput tells go-prompt's reader that nothing was typed; it then
// sleeps and asks again.
var errNoInput = errors.New("no input")

// wakeKey is a key sequence no terminal sends, bound to a function that
// prints waiting notices above the prompt and lets go-prompt redraw it.
var wakeKey = []byte("\x1b[9999~")

func newTTY(f *os.File) (*tty, error) {
	fd := int(f.Fd())
	st, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	return &tty{fd: fd, saved: st}, nil
}

// Setup puts the terminal in raw mode for go-prompt, as go-prompt's own
// SetRaw would, starting from the saved state.
func (t *tty) Setup() error {
	if t.closing.Load() {
		return nil // the shell is exiting: the terminal stays as it was
	}
	raw := *t.saved
	raw.Iflag &^= unix.IGNBRK | unix.BRKINT | unix.PARMRK | unix.ISTRIP | unix.INLCR | unix.IGNCR | unix.ICRNL | unix.IXON
	raw.Lflag &^= unix.ECHO | unix.ICANON | unix.IEXTEN | unix.ISIG | unix.ECHONL
	raw.Cflag &^= unix.CSIZE | unix.PARENB
	raw.Cflag |= unix.CS8
	raw.Cc[unix.VMIN] = 1
	raw.Cc[unix.VTIME] = 0
	t.raw.Store(true)
	t.mu.Lock()
	t.held = false
	t.mu.Unlock()
	return unix.IoctlSetTermios(t.fd, ioctlSetTermios, &raw)
}

// appRaw makes the terminal raw for learner code (pg.App) while an input
// runs: no echo, no line editing, no signals from keys (Ctrl-C is a byte
// like any other). Output is processed as when cooked, so a newline still
// starts a line. TearDown puts it back.
func (t *tty) appRaw() error {
	if t.closing.Load() {
		return errors.New("the shell is exiting")
	}
	raw := *t.saved
	raw.Iflag &^= unix.ICRNL | unix.IXON
	raw.Lflag &^= unix.ECHO | unix.ICANON | unix.IEXTEN | unix.ISIG | unix.ECHONL
	raw.Cc[unix.VMIN] = 1
	raw.Cc[unix.VTIME] = 0
	return unix.IoctlSetTermios(t.fd, ioctlSetTermios, &raw)
}

// TearDown puts the terminal back as it was when the shell started.
func (t *tty) TearDown() error {
	t.raw.Store(false)
	return unix.IoctlSetTermios(t.fd, ioctlSetTermios, t.saved)
}

// restore is TearDown for exit paths, where errors cannot be helped.
// After it, Setup and appRaw change nothing: a prompt or a pg.App that
// starts while the shell exits (on a signal) must not leave it raw.
func (t *tty) restore() {
	t.closing.Store(true)
	t.TearDown()
}

// GetWinSize reports the terminal's size, or 80×24 if it cannot be read.
func (t *tty) GetWinSize() *prompt.WinSize {
	ws, err := unix.IoctlGetWinsize(t.fd, unix.TIOCGWINSZ)
	if err != nil || ws.Col == 0 {
		return &prompt.WinSize{Row: 24, Col: 80}
	}
	return &prompt.WinSize{Row: ws.Row, Col: ws.Col}
}

// Read returns the next key chunk without blocking: go-prompt polls it
// every 10 ms. A pasted block is split so each line arrives as typed
// text followed by Enter.
func (t *tty) Read() ([]byte, error) {
	t.mu.Lock()
	if t.held {
		t.mu.Unlock()
		return nil, errNoInput
	}
	if t.wake {
		t.wake = false
		t.mu.Unlock()
		return wakeKey, nil
	}
	if len(t.queue) > 0 {
		b := t.queue[0]
		t.queue = t.queue[1:]
		t.mu.Unlock()
		t.seen(b)
		return b, nil
	}
	t.mu.Unlock()

	if !readable(t.fd, 0) {
		return nil, errNoInput
	}
	buf := make([]byte, 4096)
	n, err := unix.Read(t.fd, buf)
	if err != nil || n == 0 {
		return nil, errNoInput
	}
	b := buf[:n]
	if len(b) == 1 && b[0] == 0x0c && t.out != nil { // Ctrl-L: clear the screen; the prompt redraws
		io.WriteString(t.out, "\x1b[H\x1b[2J")
		return wakeKey, nil
	}
	if chunks := splitPaste(b); len(chunks) > 1 {
		t.mu.Lock()
		t.queue = append(t.queue, chunks[1:]...)
		t.mu.Unlock()
		b = chunks[0]
	}
	t.seen(b)
	return b, nil
}

func (t *tty) seen(b []byte) {
	t.mu.Lock()
	t.lastKey = append(t.lastKey[:0], b...)
	if bytes.ContainsAny(b, "\r\n") {
		t.held = true // Enter always ends go-prompt's Input
	}
	onKey := t.onKey
	t.mu.Unlock()
	if onKey != nil {
		onKey(b)
	}
}

// stash keeps keys typed ahead, before an input starts running, for the
// next prompt. When the terminal leaves raw mode, Linux hands what is
// pending in its buffer over as a finished line; without this, the running
// input's standard input would get the start of the learner's next line.
func (t *tty) stash() {
	if !readable(t.fd, 0) {
		return
	}
	buf := make([]byte, 4096)
	n, err := unix.Read(t.fd, buf)
	if err != nil || n == 0 {
		return
	}
	t.mu.Lock()
	t.queue = append(t.queue, splitPaste(buf[:n])...)
	t.mu.Unlock()
}

// lastWasCtrlD reports whether the last key read was Ctrl-D: go-prompt's
// Input returns "" both for it and for Enter on an empty line.
func (t *tty) lastWasCtrlD() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.lastKey) == 1 && t.lastKey[0] == 0x04
}

// wakeUp makes the next Read return wakeKey.
func (t *tty) wakeUp() {
	t.mu.Lock()
	t.wake = true
	t.mu.Unlock()
}

// splitPaste splits a chunk holding several lines (a paste) into text and
// Enter keys, one line at a time; tabs become spaces, which go-prompt can
// measure. A chunk that is one key is returned as it is.
func splitPaste(b []byte) [][]byte {
	if len(b) < 2 || b[0] == 0x1b || !strings.ContainsAny(string(b), "\r\n") {
		return [][]byte{b}
	}
	var out [][]byte
	var cur []byte
	for _, c := range b {
		switch c {
		case '\r', '\n':
			if len(cur) > 0 {
				out = append(out, cur)
				cur = nil
			}
			out = append(out, []byte{'\r'})
		case '\t':
			cur = append(cur, "    "...)
		default:
			cur = append(cur, c)
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	if len(out) == 0 {
		return [][]byte{b}
	}
	return out
}

// readable waits up to timeout for fd to have input.
func readable(fd int, timeout time.Duration) bool {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, int(timeout/time.Millisecond))
	return err == nil && n > 0 && fds[0].Revents&(unix.POLLIN|unix.POLLHUP) != 0
}
