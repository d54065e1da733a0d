//go:build linux || darwin

package shell

import (
	"bytes"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/creack/pty"
)

// benchPromptEnv makes this test binary print the prompt and exit as soon
// as it starts: the baseline for BenchmarkStartToPrompt, a process as
// large as the shell, with the same packages to initialise, that does
// nothing of its own.
const benchPromptEnv = "PLAYGROUND_BENCH_PRINT_PROMPT"

func init() {
	// In init, not TestMain: TestMain is in main_test.go. Package
	// initialisers have all run by now, as they have before Main starts.
	if os.Getenv(benchPromptEnv) != "" {
		os.Stdout.WriteString(mainPrompt)
		os.Exit(0)
	}
}

// BenchmarkStartToPrompt is the time from starting the playground on a
// fresh pseudo-terminal to the prompt being on it (the target:
// 50 ms). The evaluator starts in the background meanwhile, as it does
// for a learner.
func BenchmarkStartToPrompt(b *testing.B) {
	benchStartOnPTY(b, []string{os.Args[0]}, runMainEnv+"=1")
}

// BenchmarkStartBaselinePrompt starts this same test binary on a
// pseudo-terminal until it writes the prompt and exits. Dividing
// BenchmarkStartToPrompt by it leaves the shell's own start-up cost.
func BenchmarkStartBaselinePrompt(b *testing.B) {
	benchStartOnPTY(b, []string{os.Args[0]}, benchPromptEnv+"=1")
}

// BenchmarkStartBaselinePrintf starts printf(1) on a pseudo-terminal
// until it writes the prompt: the floor of starting any process there.
func BenchmarkStartBaselinePrintf(b *testing.B) {
	printf, err := exec.LookPath("printf")
	if err != nil {
		b.Fatal(err)
	}
	benchStartOnPTY(b, []string{printf, mainPrompt})
}

// benchStartOnPTY times, once per iteration, starting argv with env on a
// fresh 100×30 pseudo-terminal until "› " is among the bytes it wrote.
// Opening the terminal and killing the process are not timed. The bytes
// are watched as they arrive, not rendered on a screen.
func benchStartOnPTY(b *testing.B, argv []string, env ...string) {
	configDir := b.TempDir()
	want := []byte(mainPrompt)
	for b.Loop() {
		b.StopTimer()
		ptmx, tty, err := pty.Open()
		if err != nil {
			b.Fatalf("pty.Open: %v", err)
		}
		if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 30, Cols: 100}); err != nil {
			b.Fatal(err)
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Env = append(os.Environ(), "NO_COLOR=1", "TERM=xterm", "XDG_CONFIG_HOME="+configDir, "HOME="+configDir)
		cmd.Env = append(cmd.Env, env...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true}
		seen := make(chan []byte, 1)
		go watchFor(ptmx, want, seen)
		b.StartTimer()

		if err := cmd.Start(); err != nil {
			b.Fatalf("starting: %v", err)
		}
		var out []byte
		select {
		case out = <-seen:
		case <-time.After(15 * time.Second):
		}

		b.StopTimer()
		cmd.Process.Kill()
		cmd.Wait()
		tty.Close()
		ptmx.Close()
		if !bytes.Contains(out, want) {
			if out == nil {
				out = <-seen
			}
			b.Fatalf("no prompt %q within 15s; the terminal got %q", want, out)
		}
		b.StartTimer()
	}
}

// watchFor reads r until want is among the bytes read, or r ends, and
// then sends everything read on seen.
func watchFor(r *os.File, want []byte, seen chan<- []byte) {
	var got []byte
	buf := make([]byte, 4096)
	for {
		n, err := r.Read(buf)
		got = append(got, buf[:n]...)
		if bytes.Contains(got, want) || err != nil {
			seen <- got
			return
		}
	}
}
