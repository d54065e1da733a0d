//go:build linux || darwin

package shell

import (
	"errors"
	"fmt"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"time"

	prompt "github.com/c-bata/go-prompt"
	"golang.org/x/sys/unix"
)

// tty owns the terminal: it saves the terminal's state before go-prompt
// touches it and puts it back on every exit path, and it reads keys for
// the line editor, blocking until one comes (no polling: a shell waiting
// at its prompt costs nothing).
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

	// wakeR and wakeW are a pipe that wakes readKey from its wait on the
	// terminal: for a notice (wakeUp) or a resize.
	wakeR, wakeW int
	winch        chan os.Signal

	mu      sync.Mutex
	inbuf   []byte   // bytes read and not yet split into keys
	keys    [][]byte // keys split and not yet handed out
	wake    bool     // a notice is waiting to be printed above the prompt
	resized bool     // the window's size changed
}

// wakeKey, resizeKey and hangupKey are key sequences no terminal sends,
// which readKey returns when a notice waits to be printed above the
// prompt, when the window's size changed, and when the terminal is gone.
var (
	wakeKey   = []byte("\x1b[9999~")
	resizeKey = []byte("\x1b[9998~")
	hangupKey = []byte("\x1b[9997~")
)

// escapeWait is how long readKey waits for the rest of an escape sequence
// whose start came alone, before taking it for Escape pressed alone.
const escapeWait = 50 * time.Millisecond

func newTTY(f *os.File) (*tty, error) {
	fd := int(f.Fd())
	st, err := unix.IoctlGetTermios(fd, ioctlGetTermios)
	if err != nil {
		return nil, err
	}
	t := &tty{fd: fd, saved: st, winch: make(chan os.Signal, 1)}
	p := make([]int, 2)
	if err := unix.Pipe(p); err != nil {
		return nil, fmt.Errorf("making the pipe that wakes the prompt: %w", err)
	}
	t.wakeR, t.wakeW = p[0], p[1]
	for _, fd := range p {
		unix.CloseOnExec(fd)
		unix.SetNonblock(fd, true)
	}
	signal.Notify(t.winch, unix.SIGWINCH)
	go func() {
		for range t.winch {
			t.mu.Lock()
			t.resized = true
			t.mu.Unlock()
			t.poke()
		}
	}()
	return t, nil
}

// close stops watching the window's size and closes the wake pipe.
func (t *tty) close() {
	signal.Stop(t.winch)
	close(t.winch)
	unix.Close(t.wakeR)
	unix.Close(t.wakeW)
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

// readKey returns the next key, waiting for one as long as it takes:
// wakeKey when a notice waits, resizeKey when the window's size changed,
// hangupKey when the terminal is gone.
// What one read of the terminal returns is split into every key it holds
// (splitKeys); a key whose start came alone waits escapeWait for its rest.
func (t *tty) readKey() []byte {
	for {
		t.mu.Lock()
		switch {
		case t.wake:
			t.wake = false
			t.mu.Unlock()
			return wakeKey
		case t.resized:
			t.resized = false
			t.mu.Unlock()
			return resizeKey
		case len(t.keys) > 0:
			k := t.keys[0]
			t.keys = t.keys[1:]
			t.mu.Unlock()
			return k
		}
		partial := len(t.inbuf) > 0
		t.mu.Unlock()

		timeout := -1
		if partial {
			timeout = int(escapeWait / time.Millisecond)
		}
		fds := []unix.PollFd{{Fd: int32(t.fd), Events: unix.POLLIN}, {Fd: int32(t.wakeR), Events: unix.POLLIN}}
		n, err := unix.Poll(fds, timeout)
		if err == unix.EINTR {
			continue
		}
		if fds[1].Revents != 0 {
			t.drainWake()
		}
		var got []byte
		if n > 0 && fds[0].Revents != 0 {
			buf := make([]byte, 4096)
			m, err := unix.Read(t.fd, buf)
			if err != nil && err != unix.EINTR && err != unix.EAGAIN || m == 0 && err == nil {
				return hangupKey
			}
			if m > 0 {
				got = buf[:m]
			}
		}
		t.mu.Lock()
		final := n == 0 && partial // the rest of a key never came
		if len(got) > 0 || final {
			keys, rest := splitKeys(append(t.inbuf, got...), final)
			t.keys = append(t.keys, keys...)
			t.inbuf = rest
		}
		t.mu.Unlock()
	}
}

// drainWake empties the wake pipe.
func (t *tty) drainWake() {
	var b [64]byte
	for {
		if n, err := unix.Read(t.wakeR, b[:]); n <= 0 || err != nil {
			return
		}
	}
}

// poke wakes readKey.
func (t *tty) poke() {
	unix.Write(t.wakeW, []byte{0})
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
	t.inbuf = append(t.inbuf, buf[:n]...)
	t.mu.Unlock()
}

// typeAhead adds keys typed while an input ran, and left unread by it:
// after the keys read before the input began (in inbuf, typed earlier),
// and before any still in the terminal's own buffer (typed later), which
// readKey reads only once inbuf is empty.
func (t *tty) typeAhead(b []byte) {
	t.mu.Lock()
	t.inbuf = append(t.inbuf, b...)
	t.mu.Unlock()
}

// wakeUp makes readKey return wakeKey.
func (t *tty) wakeUp() {
	t.mu.Lock()
	t.wake = true
	t.mu.Unlock()
	t.poke()
}

// readable waits up to timeout for fd to have input.
func readable(fd int, timeout time.Duration) bool {
	fds := []unix.PollFd{{Fd: int32(fd), Events: unix.POLLIN}}
	n, err := unix.Poll(fds, int(timeout/time.Millisecond))
	return err == nil && n > 0 && fds[0].Revents&(unix.POLLIN|unix.POLLHUP) != 0
}
