package shell

import (
	"strings"
	"testing"
	"time"
)

// A task asleep for an hour (as the threads lesson leaves its workers)
// no longer silences the deadlock hint: it is named as what may still
// end the wait, since it goes on when it wakes. A go statement of
// time.Sleep holds nothing, and is not named.
func TestTerminalDeadlockBesideSleepingTask(t *testing.T) {
	s := startPTY(t, "")
	s.line(`pg.Go("worker1", func(ctx context.Context) { time.Sleep(time.Hour) })`)
	s.line(`go time.Sleep(time.Hour)`)
	s.line("ch := make(chan int)")
	s.line("ch <- 1")
	hint := s.waitForWritten("this is a deadlock")
	for _, want := range []string{
		"your input has waited 2s on a channel send, and no goroutine of yours is awake to end the wait",
		`unless t1 "worker1", asleep in time.Sleep, wakes and ends it, this is a deadlock`,
	} {
		if !strings.Contains(hint, want) {
			t.Errorf("the hint does not say %q:\n%s", want, hint)
		}
	}
	if strings.Contains(hint, "a goroutine of yours, asleep") {
		t.Errorf("the hint names the go statement of time.Sleep:\n%s", hint)
	}
	s.typeKeys("\x03")
	s.waitFor("interrupted")
}

// waitForWritten waits until the shell has written want, however the
// screen or the shell wraps it, and returns all it wrote, each run of
// white space (a line break and the next line's indent) one space.
func (s *ptyShell) waitForWritten(want string) string {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if text := strings.Join(strings.Fields(s.rawText()), " "); strings.Contains(text, want) {
			return text
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the shell never wrote %q; it wrote:\n%s", want, s.rawText())
	return ""
}
