package builtins

import (
	"context"
	"io"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// blockedInput stands for the goroutine that runs a learner's input: it
// runs send, interpreted code that sends on a channel nobody receives
// from until the test does.
func blockedInput(send func()) { send() }

// An input waiting on a channel, with no goroutine of the learner's left
// or with all of them waiting on channels too, is named a deadlock; while
// one of them sleeps (a timer will wake it), it is not.
func TestInputWait(t *testing.T) {
	resetTasks(t)
	i := newTestInterp(io.Discard, io.Discard)
	if _, err := i.Eval("var ch = make(chan int)\nfunc send() { ch <- 1 }\nfunc release() { <-ch }"); err != nil {
		t.Fatal(err)
	}
	send, err := i.Eval("send")
	if err != nil {
		t.Fatal(err)
	}
	release, err := i.Eval("release")
	if err != nil {
		t.Fatal(err)
	}
	go blockedInput(send.Interface().(func()))
	defer release.Interface().(func())()
	const frame = "builtins.blockedInput("

	// waitFor returns InputWait's answer once it holds want ("": once it
	// is empty), the goroutines having had time to settle.
	waitFor := func(want string) string {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for {
			got := InputWait(frame, 2*time.Second)
			done := got == ""
			if want != "" {
				done = strings.Contains(got, want)
			}
			if done || time.Now().After(deadline) {
				return got
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	if got := waitFor("no goroutine of yours is left"); !strings.Contains(got, "your input has waited 2s on a channel send") || !strings.Contains(got, "deadlock") {
		t.Errorf("alone: %q", got)
	}

	stop := make(chan struct{})
	var asleep atomic.Bool
	asleep.Store(true)
	stuck := Go("stuck", func(context.Context) { <-stop })
	defer func() {
		close(stop)
		asleep.Store(false)
		waitTask(t, stuck)
	}()
	if got := waitFor("your other goroutine waits on a channel or a lock too"); !strings.Contains(got, "deadlock") {
		t.Errorf("with a stuck task: %q", got)
	}
	sleeper := Go("sleeper", func(context.Context) {
		for asleep.Load() {
			time.Sleep(20 * time.Millisecond)
		}
	})
	if got := waitFor(""); got != "" {
		t.Errorf("with a sleeping task: %q, want nothing", got)
	}
	asleep.Store(false)
	waitTask(t, sleeper)
	stop2 := make(chan struct{})
	stuck2 := Go("stuck too", func(context.Context) { <-stop2 })
	defer func() {
		close(stop2)
		waitTask(t, stuck2)
	}()
	if got := waitFor("your 2 other goroutines all wait"); !strings.Contains(got, "deadlock") {
		t.Errorf("with two stuck tasks: %q", got)
	}
	// An App waits for keys on purpose, and owns the screen.
	a := &App{}
	addApp(a)
	got := InputWait(frame, 2*time.Second)
	removeApp(a)
	if got != "" {
		t.Errorf("while an App runs: %q, want nothing", got)
	}
	if got := InputWait("no such frame", time.Second); got != "" {
		t.Errorf("for no input: %q, want nothing", got)
	}
}

// pgWait stands for an input waiting in one of pg's calls (Proc.Wait,
// Task.Wait), whose wait a process or a task may still end.
func pgWait(ch chan int) { <-ch }

// An input waiting in pg's own code, on a channel, is not named a
// deadlock: what it waits for is not the learner's goroutines only.
func TestInputWaitInPg(t *testing.T) {
	resetTasks(t)
	ch := make(chan int)
	go pgWait(ch)
	defer func() { ch <- 1 }()
	time.Sleep(50 * time.Millisecond)
	if got := InputWait("builtins.pgWait(", 2*time.Second); got != "" {
		t.Errorf("waiting in pg: %q, want nothing", got)
	}
}
