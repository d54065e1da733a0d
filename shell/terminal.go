//go:build linux || darwin

package shell

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	prompt "github.com/c-bata/go-prompt"

	"github.com/learn-concurrency/playground/interp"
)

// Prompts.
const (
	mainPrompt = "› "
	contPrompt = "… "
)

// terminal is the interactive front end: go-prompt for line editing, the
// tty for raw mode and keys, and a Shell for everything else.
type terminal struct {
	sh   *Shell
	tty  *tty
	out  *crlfWriter
	hist *history

	mu       sync.Mutex
	pending  []string // lines of an unfinished input
	atPrompt bool     // go-prompt is reading keys; notices must wait for wakeKey
	notices  []func()
	menu     bool // completion menu requested with Tab
	// above holds the lines of a recalled multi-line entry drawn above the
	// line being edited; searchPrompt is the prompt of a Ctrl-R search.
	above        []string
	searchPrompt string
	// running is set while an input runs; appMode while learner code
	// (pg.App) has the terminal raw, during that input.
	running, appMode bool

	// sigint receives SIGINT for the whole session: while an input runs
	// it cancels the input; at other times it is ignored, so a Ctrl-C in
	// the moment between two inputs cannot kill the shell.
	sigint chan os.Signal
}

// RunTerminal runs the interactive shell on the terminal in. It returns
// the exit status.
func RunTerminal(cfg Config, in *os.File) int {
	t, err := newTTY(in)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	// Whatever happens below, the terminal is put back as it was.
	defer t.restore()
	defer t.close()

	out := &crlfWriter{w: cfg.Stdout, raw: &t.raw}
	cfg.Stdout = out
	cfg.Stderr = out // both reach the same terminal; one writer keeps them in order
	term := &terminal{tty: t, out: out, sigint: make(chan os.Signal, 1)}
	signal.Notify(term.sigint, os.Interrupt)
	defer signal.Stop(term.sigint)

	hist, warn := loadHistory(cfg.HistoryFile)
	term.hist = hist

	cfg.lazyLessons = true // the first prompt does not wait for them
	sh, err := New(cfg)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	term.sh = sh
	sh.notice = term.notify
	sh.sess.SetTerminal(term.appTerminal)
	defer sh.Close()

	// SIGTERM, SIGHUP and SIGQUIT end the shell cleanly; SIGINT cancels
	// the running input (at the prompt the terminal is raw and Ctrl-C is a key).
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGQUIT)
	defer signal.Stop(sigs)
	go func() {
		s, ok := <-sigs
		if !ok {
			return
		}
		if term.inApp() {
			io.WriteString(out, "\x1b[?25h") // a pg.App hid the cursor
		}
		t.restore()
		sh.Close()
		hist.close()
		code := 128 + int(s.(syscall.Signal))
		os.Exit(code)
	}()

	sh.p.text(fmt.Sprintf("playground %s · Go with goroutines, processes and sockets · :help for commands · Ctrl-D or :quit to leave", cfg.Version))
	if warn != "" {
		sh.p.warnf("%s", warn)
	}
	sh.width = func() int { return int(t.GetWinSize().Col) }
	sh.openLesson()
	code := term.loop()
	hist.close()
	return code
}

// loop reads and runs inputs until the learner quits.
func (term *terminal) loop() int {
	for {
		lines, eof := term.readLine()
		if eof {
			term.mu.Lock()
			unfinished := len(term.pending) > 0
			term.pending = nil
			term.mu.Unlock()
			if unfinished {
				term.sh.p.warnf("(unfinished input discarded)")
				continue
			}
			return 0
		}

		term.mu.Lock()
		if len(term.pending) == 0 && len(lines) == 1 && strings.HasPrefix(strings.TrimSpace(lines[0]), ":") {
			term.mu.Unlock()
			term.hist.add(strings.TrimSpace(lines[0]))
			if term.run(lines[0]) == quit {
				return 0
			}
			continue
		}
		term.pending = append(term.pending, lines...)
		src := strings.Join(term.pending, "\n")
		if interp.Incomplete(src) {
			term.mu.Unlock()
			continue
		}
		term.pending = nil
		term.mu.Unlock()
		if strings.TrimSpace(src) == "" {
			continue
		}
		term.hist.add(src)
		term.run(src)
		term.out.ensureNewline()
	}
}

func (term *terminal) colour(c prompt.Color) prompt.Color {
	if !term.sh.cfg.Colour {
		return prompt.DefaultColor
	}
	return c
}

// prefix is go-prompt's live prefix: the prompt of the line being edited.
func (term *terminal) prefix() (string, bool) {
	term.mu.Lock()
	search, above := term.searchPrompt, len(term.above) > 0
	term.mu.Unlock()
	switch {
	case search != "":
		return search, true
	case above:
		return contPrompt, true
	}
	return term.basePrefix(), true
}

// basePrefix is the prompt of the next line of input: the continuation
// prompt within an unfinished input, else the main one (with the lesson's
// place, when a lesson is open).
func (term *terminal) basePrefix() string {
	term.mu.Lock()
	defer term.mu.Unlock()
	if len(term.pending) > 0 {
		return contPrompt
	}
	if t := term.sh.openTutor(); t != nil {
		if where := t.Where(); where != "" {
			return where + " " + mainPrompt
		}
	}
	return mainPrompt
}

// paintPrefix is a prompt in go-prompt's colour for it, when colour is on.
func (term *terminal) paintPrefix(p string) string {
	if !term.sh.cfg.Colour {
		return p
	}
	return "\x1b[34m" + p + "\x1b[0m"
}

// run executes one input with the terminal cooked, so that Ctrl-C raises
// SIGINT (turned into a cancel) and learner code reading os.Stdin gets
// lines as the learner types them.
func (term *terminal) run(src string) outcome {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	// A Ctrl-C from before this input is stale.
	select {
	case <-term.sigint:
	default:
	}

	term.tty.stash()
	// Ctrl-C cancels until the input and the lesson's check of it are
	// over; keys are forwarded to learner code only while the input runs.
	sigDone, stdinDone := make(chan struct{}), make(chan struct{})
	var sigWG, stdinWG sync.WaitGroup
	sigWG.Add(1)
	go func() {
		defer sigWG.Done()
		select {
		case <-term.sigint:
			cancel()
		case <-sigDone:
		}
	}()
	var forwarded []byte
	stdinWG.Add(1)
	go func() {
		defer stdinWG.Done()
		forwarded = term.forwardStdin(stdinDone, cancel)
	}()
	term.mu.Lock()
	term.running = true
	term.mu.Unlock()
	res, crashed := term.sh.executeOnly(ctx, src, origin{})
	term.mu.Lock()
	term.running = false
	if term.appMode {
		// The input ended with the terminal still raw (the evaluator
		// crashed, or Ctrl-C cancelled a stuck pg.App): take it back.
		term.appMode = false
		term.tty.TearDown()
		io.WriteString(term.out, "\x1b[?25h")
		term.out.ensureNewline()
	}
	term.mu.Unlock()
	close(stdinDone)
	stdinWG.Wait()
	if len(forwarded) > 0 && res != quit && !crashed {
		term.takeBackTypedAhead(forwarded)
	}
	// Keys typed while the check runs belong to the next prompt.
	if res != quit {
		term.sh.afterInput(ctx, src, res == succeeded || crashed)
	}
	close(sigDone)
	sigWG.Wait()
	return res
}

// appTerminal answers the evaluator's requests for the terminal: learner
// code (pg.App) has it raw while an input runs, and gives it back. At
// other times there is no terminal to give: the prompt owns it; and a
// lesson's check runs learner code headless.
func (term *terminal) appTerminal(raw bool) interp.TermReply {
	term.mu.Lock()
	defer term.mu.Unlock()
	if !term.running || term.sh.checking.Load() > 0 && raw {
		return interp.TermReply{}
	}
	if !raw {
		if term.appMode {
			term.appMode = false
			term.tty.TearDown()
		}
		return interp.TermReply{Terminal: true}
	}
	if err := term.tty.appRaw(); err != nil {
		return interp.TermReply{}
	}
	term.appMode = true
	ws := term.tty.GetWinSize()
	return interp.TermReply{Terminal: true, Width: int(ws.Col), Height: int(ws.Row), Colour: term.sh.cfg.Colour}
}

// inApp reports whether learner code has the terminal raw.
func (term *terminal) inApp() bool {
	term.mu.Lock()
	defer term.mu.Unlock()
	return term.appMode
}

// appCtrlCGrace is how long a pg.App has to close after Ctrl-C before
// the shell cancels the input, as Ctrl-C does when no App runs.
const appCtrlCGrace = time.Second

// forwardStdin passes what the learner types while an input runs to the
// evaluator's standard input, until done is closed, and returns the last
// of it (up to maxTypedAhead bytes) for takeBackTypedAhead. While a pg.App
// has the terminal raw, Ctrl-C is a key for it; if the App does not give
// the terminal back within appCtrlCGrace of one, cancel cancels the input.
func (term *terminal) forwardStdin(done <-chan struct{}, cancel context.CancelFunc) (forwarded []byte) {
	buf := make([]byte, 4096)
	for {
		select {
		case <-done:
			return forwarded
		default:
		}
		if !readable(term.tty.fd, 50*time.Millisecond) {
			continue
		}
		select {
		case <-done:
			return forwarded // keys typed after the input ended are the prompt's
		default:
		}
		n, err := syscall.Read(term.tty.fd, buf)
		if err != nil || n == 0 {
			return forwarded
		}
		term.sh.sess.Input(buf[:n])
		forwarded = append(forwarded, buf[:n]...)
		if over := len(forwarded) - maxTypedAhead; over > 0 {
			forwarded = forwarded[over:]
		}
		if bytes.IndexByte(buf[:n], 0x03) >= 0 && term.inApp() {
			time.AfterFunc(appCtrlCGrace, func() {
				if term.inApp() {
					cancel()
				}
			})
		}
	}
}

// maxTypedAhead bounds what the prompt takes back of the keys an input
// was forwarded.
const maxTypedAhead = 64 << 10

// takeBackTypedAhead gives the prompt the keys typed while an input ran
// that its code left unread: the learner's next lines, typed ahead, as
// bash gets what was typed while `sleep 2` ran. The evaluator says how
// many of the last bytes forwarded were unread; a count larger than what
// was forwarded is a lie from learner code, and nothing is taken.
func (term *terminal) takeBackTypedAhead(forwarded []byte) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	n, err := term.sh.sess.TakeUnreadInput(ctx)
	if err != nil || n == 0 || n > len(forwarded) {
		return
	}
	term.tty.typeAhead(forwarded[len(forwarded)-n:])
}

// onKey sees every key before the line editor handles it.
func (term *terminal) onKey(b []byte) {
	term.mu.Lock()
	defer term.mu.Unlock()
	switch {
	case len(b) == 1 && b[0] == 0x03: // Ctrl-C: go-prompt clears the line; drop the unfinished input too
		term.pending = nil
		term.menu = false
	case len(b) == 1 && b[0] == '\t':
		term.menu = true
	case len(b) == 1 && (isWordByte(b[0]) || b[0] == 0x7f || b[0] == 0x08):
		// typing a word or deleting keeps the menu as it is
	case len(b) > 1 && b[0] == 0x1b:
		// arrows move within the menu
	default:
		term.menu = false
	}
}

func isWordByte(c byte) bool {
	return c == '_' || c == '.' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= 0x80
}

// notify shows a notice from the session: at once when no prompt is
// showing, else above the prompt, via wakeKey.
func (term *terminal) notify(show func()) {
	term.mu.Lock()
	if !term.atPrompt {
		term.mu.Unlock()
		show()
		return
	}
	term.notices = append(term.notices, show)
	term.mu.Unlock()
	term.tty.wakeUp()
}

// flushNotices prints waiting notices. Above the prompt it first clears
// the prompt's line and the completion menu below it; go-prompt redraws
// them after the key binding returns.
func (term *terminal) flushNotices(abovePrompt bool) {
	term.mu.Lock()
	ns := term.notices
	term.notices = nil
	term.mu.Unlock()
	if len(ns) == 0 {
		return
	}
	if abovePrompt {
		io.WriteString(term.out, "\r\x1b[J")
	}
	for _, show := range ns {
		show()
	}
	term.out.ensureNewline()
}

// crlfWriter writes to the terminal from any goroutine. While go-prompt
// has the terminal raw, it ends lines with "\r\n" itself; it also
// remembers whether the last byte written ended a line.
type crlfWriter struct {
	w   io.Writer
	raw interface{ Load() bool }

	mu      sync.Mutex
	midLine bool
}

func (c *crlfWriter) Write(b []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(b) == 0 {
		return 0, nil
	}
	c.midLine = b[len(b)-1] != '\n'
	if c.raw.Load() {
		_, err := c.w.Write([]byte(strings.ReplaceAll(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n", "\r\n")))
		return len(b), err
	}
	return c.w.Write(b)
}

// Unwrap returns the terminal's writer underneath.
func (c *crlfWriter) Unwrap() io.Writer { return c.w }

// ensureNewline ends a line left open by learner output, so the prompt
// starts at the left margin.
func (c *crlfWriter) ensureNewline() {
	c.mu.Lock()
	mid := c.midLine
	c.mu.Unlock()
	if mid {
		c.Write([]byte("\n"))
	}
}
