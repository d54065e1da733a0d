//go:build linux || darwin

package shell

import (
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// cursorVisible reports whether the shell left the cursor shown.
func (s *ptyShell) cursorVisible() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vt.CursorVisible()
}

// appGap reads the longest frame gap from the line a pg.App prints when
// it closes.
func appGap(t *testing.T, s *ptyShell, title string) time.Duration {
	t.Helper()
	s.waitFor(`pg.App "` + title + `" closed:`)
	m := regexp.MustCompile(`pg.App "` + title + `" closed: \d+ frames in \S+, longest gap (\S+), \d+ late, \S+ blocked`).FindStringSubmatch(s.screen())
	if m == nil {
		t.Fatalf("no stats line for %q on the screen:\n%s", title, s.screen())
	}
	d, err := time.ParseDuration(m[1])
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// TestAppKeysAndTerminalRestored runs a pg.App on the terminal: it gets
// the keys typed, raw and unechoed, draws its window, closes on q, and
// leaves the terminal exactly as it found it, cursor shown.
func TestAppKeysAndTerminalRestored(t *testing.T) {
	s := startPTY(t, "")
	atPrompt := s.termios()
	s.line(`app := pg.NewApp("demo")`)
	s.line(`app.OnKey('d', func() { app.SetCounter(app.Counter() + 1); app.SetStatus(fmt.Sprint("pressed d ", app.Counter(), " times")) })`)
	s.line(`app.Run()`)
	s.waitFor("╭─ demo")
	s.waitFor("keys: d · q quits")
	st := s.termios()
	if st.Lflag&(unix.ECHO|unix.ICANON|unix.ISIG) != 0 {
		t.Errorf("while the App runs the terminal should be raw (no echo, no line editing, no signals); Lflag %#x", st.Lflag)
	}
	if s.cursorVisible() {
		t.Errorf("the cursor should be hidden while the window is drawn")
	}
	s.typeKeys("dxd")
	s.waitFor("pressed d 2 times")
	s.waitFor("counter 2")
	s.typeKeys("q")
	s.waitFor(`pg.App "demo" closed:`)
	s.waitFor("■ closed")
	s.waitCount("› ", 4)
	s.line("1+1")
	s.waitFor("2  int")
	s.waitCount("› ", 5)
	if !s.cursorVisible() {
		t.Errorf("the cursor is still hidden after the App closed")
	}
	if got := s.termios(); got != atPrompt {
		t.Errorf("the prompt's terminal modes changed after the App:\nbefore %+v\nafter  %+v", atPrompt, got)
	}
	if strings.Contains(s.screen(), "dxd") {
		t.Errorf("the keys typed for the App were echoed:\n%s", s.screen())
	}
	s.typeKeys("\x04")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if got := s.termios(); got != s.initial {
		t.Fatalf("terminal modes changed:\nbefore %+v\nafter  %+v", s.initial, got)
	}
}

// TestAppCtrlCCloses: Ctrl-C is a key for the App, which closes; the
// session carries on with its definitions.
func TestAppCtrlCCloses(t *testing.T) {
	s := startPTY(t, "")
	s.line(`kept := 6`)
	s.line(`pg.NewApp("ctrl-c").Run()`)
	s.waitFor("╭─ ctrl-c")
	s.typeKeys("\x03")
	s.waitFor(`pg.App "ctrl-c" closed:`)
	s.line("kept * 7")
	s.waitFor("42  int")
	if !s.cursorVisible() {
		t.Errorf("the cursor is still hidden after Ctrl-C closed the App")
	}
}

// TestAppStuckHandlerCtrlCCancels: a handler that never returns keeps the
// App from closing; a second after Ctrl-C the shell cancels the input and
// takes the terminal back.
func TestAppStuckHandlerCtrlCCancels(t *testing.T) {
	s := startPTY(t, "")
	atPrompt := s.termios()
	s.line(`a := pg.NewApp("stuck"); a.OnKey('x', func() { for {} }); a.Run()`)
	s.waitFor("╭─ stuck")
	s.typeKeys("x")
	time.Sleep(200 * time.Millisecond)
	s.typeKeys("\x03")
	s.waitFor("interrupted")
	s.line("1+2")
	s.waitFor("3  int")
	s.waitCount("› ", 3)
	if got := s.termios(); got != atPrompt {
		t.Errorf("the prompt's terminal modes changed after a stuck App:\nbefore %+v\nafter  %+v", atPrompt, got)
	}
	if !s.cursorVisible() {
		t.Errorf("the cursor is still hidden after the stuck App was cancelled")
	}
}

// TestAppFrameGaps is the lesson's measurement on a real terminal: a
// handler that sleeps a second freezes the window for a second; the same
// sleep in a pg.Go task does not.
func TestAppFrameGaps(t *testing.T) {
	s := startPTY(t, "")
	s.line(`slow := pg.NewApp("slow"); slow.OnKey('s', func() { time.Sleep(time.Second); slow.SetStatus("slept") })`)
	s.line(`slow.Run()`)
	s.waitFor("╭─ slow")
	s.typeKeys("s")
	s.waitFor("slept")
	s.typeKeys("q")
	if gap := appGap(t, s, "slow"); gap < 900*time.Millisecond {
		t.Errorf("a handler sleeping 1s gave a longest frame gap of %v, want at least 900ms:\n%s", gap, s.screen())
	}
	s.waitCount("› ", 3) // the next prompt: keys typed before it would go to the input

	s.line(`fast := pg.NewApp("fast")`)
	s.line(`fast.OnKey('s', func() { pg.Go("sleeper", func(ctx context.Context) { time.Sleep(time.Second); fast.Post(func() { fast.SetStatus("slept") }) }) })`)
	s.line(`fast.Run()`)
	s.waitFor("╭─ fast")
	s.typeKeys("s")
	s.waitCount("slept", 2)
	s.typeKeys("q")
	if gap := appGap(t, s, "fast"); gap > 100*time.Millisecond {
		t.Errorf("the same sleep in pg.Go gave a longest frame gap of %v, want at most 100ms", gap)
	}
}

// TestAppSignalRestoresTerminal: the shell ends on SIGTERM while a pg.App
// has the terminal raw; it leaves the terminal as it found it, cursor shown.
func TestAppSignalRestoresTerminal(t *testing.T) {
	s := startPTY(t, "")
	s.line(`pg.NewApp("killed").Run()`)
	s.waitFor("╭─ killed")
	s.cmd.Process.Signal(syscall.SIGTERM)
	s.wait()
	if got := s.termios(); got != s.initial {
		t.Errorf("terminal modes changed:\nbefore %+v\nafter  %+v", s.initial, got)
	}
	// What the shell wrote last may still be on its way to the screen.
	for deadline := time.Now().Add(2 * time.Second); !s.cursorVisible() && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if !s.cursorVisible() {
		t.Errorf("the cursor is still hidden after the shell ended")
	}
}

// TestAppThenStdin: once the App has closed, what is typed reaches the
// rest of the same input, line by line again: the App's key reader took
// nothing more.
func TestAppThenStdin(t *testing.T) {
	s := startPTY(t, "")
	s.line(`pg.NewApp("first").Run(); var name string; fmt.Scanln(&name); "hello " + name`)
	s.waitFor("╭─ first")
	s.typeKeys("q")
	s.waitFor(`pg.App "first" closed:`)
	// The terminal is the input's again, cooked: the line goes to Scanln.
	deadline := time.Now().Add(5 * time.Second)
	for s.termios().Lflag&unix.ICANON == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	s.line("gopher")
	s.waitFor(`"hello gopher"  string`)
}
