//go:build linux || darwin

package shell

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/hinshun/vt10x"
	"golang.org/x/sys/unix"
)

// ptyShell is the playground binary (this test binary, re-executed) running
// on a real pseudo-terminal, with a vt10x screen reading what it draws.
type ptyShell struct {
	t    *testing.T
	cmd  *exec.Cmd
	ptmx *os.File // the terminal's side the test types into
	tty  *os.File // the side the shell runs on

	// initial holds the terminal's modes before the shell started.
	initial unix.Termios

	mu     sync.Mutex
	vt     vt10x.Terminal
	raw    bytes.Buffer // everything the shell wrote, for failure messages
	copied chan struct{}
}

// startPTY starts the shell on a fresh 100×30 pseudo-terminal with its
// own config directory (so its own history), or configDir when given.
func startPTY(t *testing.T, configDir string, args ...string) *ptyShell {
	t.Helper()
	if configDir == "" {
		configDir = t.TempDir()
	}
	s := startPTYCommand(t, exec.Command(os.Args[0], args...), "XDG_CONFIG_HOME="+configDir, "HOME="+configDir)
	s.waitFor("› ")
	return s
}

// startPTYCommand starts cmd (the shell, or a program that starts it) on a
// fresh 100×30 pseudo-terminal, with env added to its environment.
func startPTYCommand(t *testing.T, cmd *exec.Cmd, env ...string) *ptyShell {
	t.Helper()
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatalf("pty.Open: %v", err)
	}
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 100}); err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(append(os.Environ(), runMainEnv+"=1", "NO_COLOR=1", "TERM=xterm"), env...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
	s := &ptyShell{t: t, cmd: cmd, ptmx: ptmx, tty: tty, vt: vt10x.New(vt10x.WithSize(100, 30)), copied: make(chan struct{})}
	s.initial = s.termios()
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting the shell: %v", err)
	}
	go s.copyScreen()
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			s.cmd.Process.Kill()
			s.cmd.Wait()
		}
		ptmx.Close()
		tty.Close()
	})
	return s
}

func (s *ptyShell) copyScreen() {
	defer close(s.copied)
	buf := make([]byte, 4096)
	for {
		n, err := s.ptmx.Read(buf)
		if n > 0 {
			s.mu.Lock()
			s.vt.Write(buf[:n])
			s.raw.Write(buf[:n])
			s.mu.Unlock()
		}
		if err != nil {
			return
		}
	}
}

// screen returns the terminal's visible text.
func (s *ptyShell) screen() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.vt.String()
}

// typeKeys types keys one at a time, as a person would: go-prompt polls
// every 10 ms and treats each read as one key.
func (s *ptyShell) typeKeys(keys string) {
	for _, r := range keys {
		if _, err := s.ptmx.Write([]byte(string(r))); err != nil {
			s.t.Fatalf("typing: %v", err)
		}
		time.Sleep(30 * time.Millisecond)
	}
}

// key sends one key that is several bytes (an arrow's escape sequence) in one write.
func (s *ptyShell) key(seq string) {
	if _, err := s.ptmx.Write([]byte(seq)); err != nil {
		s.t.Fatalf("typing: %v", err)
	}
	time.Sleep(50 * time.Millisecond)
}

// line types text and Enter.
func (s *ptyShell) line(text string) {
	s.typeKeys(text)
	s.typeKeys("\r")
}

// waitFor waits until the screen shows want.
func (s *ptyShell) waitFor(want string) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(s.screen(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q; it shows:\n%s\nall it wrote:\n%s", want, s.screen(), s.rawText())
}

// rawText is everything the shell wrote, escape sequences stripped.
func (s *ptyShell) rawText() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]`).ReplaceAllString(s.raw.String(), "")
}

// waitCount waits until the screen shows want at least n times.
func (s *ptyShell) waitCount(want string, n int) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Count(s.screen(), want) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q %d times; it shows:\n%s", want, n, s.screen())
}

// wait waits for the shell to exit and returns its exit status.
func (s *ptyShell) wait() int {
	s.t.Helper()
	done := make(chan error, 1)
	go func() { done <- s.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(15 * time.Second):
		s.t.Fatalf("the shell did not exit; the screen shows:\n%s", s.screen())
	}
	return s.cmd.ProcessState.ExitCode()
}

func (s *ptyShell) termios() unix.Termios {
	s.t.Helper()
	st, err := unix.IoctlGetTermios(int(s.tty.Fd()), ioctlGetTermios)
	if err != nil {
		s.t.Fatal(err)
	}
	return *st
}

func TestTerminalExpressionAndOrder(t *testing.T) {
	s := startPTY(t, "")
	s.line("1+1")
	s.waitFor("2  int")
	s.line(`fmt.Println("a"); 40+2`)
	s.waitFor("42  int")
	scr := s.screen()
	a := regexp.MustCompile(`(?m)^a *$`).FindStringIndex(scr)
	if v := strings.Index(scr, "42  int"); a == nil || a[0] > v {
		t.Fatalf("the output a should come before the value 42; screen:\n%s", scr)
	}
}

func TestTerminalMultiLineFunc(t *testing.T) {
	s := startPTY(t, "")
	s.line("func double(x int) int {")
	s.waitFor("… ")
	s.line("return x * 2")
	s.line("}")
	s.line("double(21)")
	s.waitFor("42  int")
	if strings.Contains(s.screen(), "expected") {
		t.Fatalf("a parse error appeared while typing a block:\n%s", s.screen())
	}
}

func TestTerminalCtrlCStopsLoopAndKeepsDefinitions(t *testing.T) {
	s := startPTY(t, "")
	s.line("x := 7")
	s.line("for {}")
	time.Sleep(300 * time.Millisecond)
	s.typeKeys("\x03")
	s.waitFor("interrupted")
	s.line("x * 6")
	s.waitFor("42  int")
}

// An input stuck on a send nobody can receive is named a deadlock while it
// waits (the runtime cannot see it in the evaluator), and Ctrl-C ends it.
func TestTerminalDeadlockIsNamed(t *testing.T) {
	s := startPTY(t, "")
	s.line("ch := make(chan int)")
	s.line("ch <- 1")
	// The hint is wrapped at a space to fit the screen.
	if hint := s.waitForWritten("your input has waited 2s on a channel send"); !strings.Contains(hint, "no goroutine of yours is left to end the wait") {
		t.Errorf("the hint: %s", hint)
	}
	s.typeKeys("\x03")
	s.waitFor("interrupted")
	s.line("go func() { ch <- 2 }(); <-ch")
	s.waitFor("2  int")
}

func TestTerminalCtrlCAtPromptClearsLine(t *testing.T) {
	s := startPTY(t, "")
	s.typeKeys("func broken() {\r")
	s.waitFor("… ")
	s.typeKeys("\x03")
	s.line("3*3")
	s.waitFor("9  int")
}

func TestTerminalGoroutinePanicRestarts(t *testing.T) {
	s := startPTY(t, "")
	s.line(`go func() { panic("boom") }()`)
	s.waitFor("panic in a goroutine: boom")
	s.waitFor("started a fresh evaluator")
	s.line("1+1")
	s.waitFor("2  int")
}

func TestTerminalCtrlDRestoresTerminal(t *testing.T) {
	s := startPTY(t, "")
	before := s.initial
	s.line("1+1")
	s.waitFor("2  int")
	s.waitCount("› ", 2) // the next prompt: the terminal is the shell's again
	s.typeKeys("\x04")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit status %d after Ctrl-D", code)
	}
	if after := s.termios(); after != before {
		t.Fatalf("terminal modes changed:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestTerminalSignalsRestoreTerminal(t *testing.T) {
	for _, sig := range []syscall.Signal{syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			s := startPTY(t, "")
			before := s.initial
			// The signal arrives while the prompt has the terminal raw.
			time.Sleep(100 * time.Millisecond)
			s.cmd.Process.Signal(sig)
			s.wait()
			if after := s.termios(); after != before {
				t.Fatalf("terminal modes changed after %v:\nbefore %+v\nafter  %+v", sig, before, after)
			}
		})
	}
}

func TestTerminalQuitCommand(t *testing.T) {
	s := startPTY(t, "")
	before := s.initial
	s.line(":quit")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit status %d after :quit", code)
	}
	if after := s.termios(); after != before {
		t.Fatalf("terminal modes changed after :quit")
	}
}

func TestTerminalTabCompletesPackageMembers(t *testing.T) {
	s := startPTY(t, "")
	s.typeKeys("strings.Sp\t")
	s.waitFor("SplitN")
	s.waitFor("func(string, string, int) []string")
}

func TestTerminalTabCompletesMetaCommands(t *testing.T) {
	s := startPTY(t, "")
	s.typeKeys(":rep\t")
	s.waitFor("replay")
}

func TestTerminalBackgroundOutputAbovePrompt(t *testing.T) {
	s := startPTY(t, "")
	s.line(`go func() { time.Sleep(400 * time.Millisecond); fmt.Println("from the background") }()`)
	s.typeKeys("abc")
	s.waitFor("from the background")
	// The half-typed line is still there, below the output.
	scr := s.screen()
	bg := strings.Index(scr, "from the background")
	typed := strings.LastIndex(scr, "› abc")
	if typed < bg {
		t.Fatalf("the line being typed should be redrawn below the background output:\n%s", scr)
	}
	s.typeKeys("\x15") // go-prompt's Ctrl-U clears it
}

func TestTerminalStdinReachesLearnerCode(t *testing.T) {
	s := startPTY(t, "")
	s.line(`var name string; fmt.Scanln(&name); "hello " + name`)
	time.Sleep(300 * time.Millisecond)
	s.line("gopher")
	s.waitFor(`"hello gopher"  string`)
}

func TestTerminalHistoryAcrossSessions(t *testing.T) {
	dir := t.TempDir()
	s := startPTY(t, dir)
	s.line("func tripled(x int) int {")
	s.line("return 3 * x")
	s.line("}")
	s.line("tripled(5)")
	s.waitFor("15  int")
	s.waitCount("› ", 3)
	s.typeKeys("\x04")
	s.wait()

	s = startPTY(t, dir)
	s.key("\x1b[A") // Up: tripled(5)
	s.key("\x1b[A") // Up: the whole function
	s.waitText("› func tripled(x int) int {\n…     return 3 * x\n… }", 1)
	s.typeKeys("\r")
	s.line("tripled(7)")
	s.waitFor("21  int")
}

func TestTerminalUnwritableConfigDirWarnsOnce(t *testing.T) {
	// A regular file where the config directory should be: nothing can be
	// created under it.
	blocker := filepath.Join(t.TempDir(), "not-a-directory")
	if err := os.WriteFile(blocker, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	s := startPTY(t, blocker)
	s.waitFor("history is not saved this session")
	s.line("6*7")
	s.waitFor("42  int")
	if n := strings.Count(s.screen(), "history is not saved"); n != 1 {
		t.Fatalf("the warning should appear once, it appears %d times:\n%s", n, s.screen())
	}
}

func TestTerminalBusyGoroutineIsReported(t *testing.T) {
	s := startPTY(t, "")
	s.line(`go func() { for { } }()`)
	s.waitFor("still busy")
	s.line(":restart")
	s.waitFor("started a fresh evaluator")
	s.line("1+1")
	s.waitFor("2  int")
}

// A busy task of pg.Go is named, with the command that cancels it.
func TestTerminalBusyTaskIsNamed(t *testing.T) {
	s := startPTY(t, "")
	s.line(`spin := pg.Go("spinner", func(ctx context.Context) { for ctx.Err() == nil { } })`)
	s.waitFor(`after your input ended: the task t1 "spinner" is`)
	s.waitFor(":kill t1 cancels its ctx")
	s.line(":kill t1")
	s.line(`spin.Wait(); spin.State()`)
	s.waitFor(`"cancelled"  string`)
}

func TestTerminalPasteRunsEveryLine(t *testing.T) {
	s := startPTY(t, "")
	// A paste arrives as one chunk, lines ending in carriage returns, with tabs.
	paste := "func fib(n int) int {\r\tif n < 2 {\r\t\treturn n\r\t}\r\treturn fib(n-1) + fib(n-2)\r}\rfib(20)\r"
	if _, err := s.ptmx.Write([]byte(paste)); err != nil {
		t.Fatal(err)
	}
	s.waitFor("6765  int")
}

func TestTerminalCtrlLClearsScreen(t *testing.T) {
	s := startPTY(t, "")
	s.line("111+111")
	s.waitFor("222  int")
	s.typeKeys("\x0c")
	deadline := time.Now().Add(5 * time.Second)
	for strings.Contains(s.screen(), "222  int") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if strings.Contains(s.screen(), "222  int") {
		t.Fatalf("Ctrl-L did not clear the screen:\n%s", s.screen())
	}
	s.line("3+3")
	s.waitFor("6  int")
	if strings.Contains(s.screen(), "illegal character") {
		t.Fatalf("Ctrl-L reached the evaluator:\n%s", s.screen())
	}
}

func TestTerminalCrashAtPromptThenCtrlD(t *testing.T) {
	s := startPTY(t, "")
	s.line(`go func() { time.Sleep(300 * time.Millisecond); panic("later") }()`)
	s.typeKeys("12") // half-typed when the evaluator dies
	s.waitFor("panic in a goroutine: later")
	s.waitFor("started a fresh evaluator")
	s.typeKeys("+30\r")
	s.waitFor("42  int")
	s.waitCount("› ", 3)
	s.typeKeys("\x04")
	if code := s.wait(); code != 0 {
		t.Fatalf("exit status %d", code)
	}
	if after := s.termios(); after != s.initial {
		t.Fatalf("terminal modes changed after a crash at the prompt")
	}
}

func TestTerminalCtrlCWakesBlockedAcceptAndNamesTasks(t *testing.T) {
	s := startPTY(t, "")
	s.line(`w := pg.Go("waiter", func(ctx context.Context) { time.Sleep(time.Hour) })`)
	s.line(`l, _ := pg.Listen("tcp", ":0")`)
	s.line(`c, err := l.Accept()`)
	time.Sleep(300 * time.Millisecond)
	s.typeKeys("\x03")
	s.waitFor("interrupted")
	s.waitFor(`t1 "waiter"`)
	s.line(`w.State()`)
	s.waitFor(`"cancelled"  string`)
	s.line(`l.Addr() != ""`)
	s.waitFor("true  bool")
}
