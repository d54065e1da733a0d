package builtins

import (
	"strings"
	"testing"
	"time"
)

// blockedInput stands for the goroutine that runs a learner's input: it
// runs send, interpreted code that sends on a channel nobody receives
// from until the test does.
func blockedInput(send func()) { send() }

const blockedFrame = "builtins.blockedInput("

// ignoreSignalLoop treats os/signal's goroutine as one that cannot end a
// wait, for the test: tests of pg.Notify that ran before it in this
// process called signal.Notify, whose goroutine waits for signals for the
// rest of the process, and a signal might end a wait (Go, too, never
// reports a deadlock once signal.Notify has been called).
func ignoreSignalLoop(t *testing.T) {
	old := inertStarts
	inertStarts = append(inertStarts[:len(inertStarts):len(inertStarts)], "os/signal.loop")
	t.Cleanup(func() { inertStarts = old })
}

// waitFor returns what look answers once it holds want ("": once it is
// empty), the goroutines having had time to settle.
func waitFor(t *testing.T, look func() string, want string) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := look()
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

// An input waiting on a channel, with no goroutine of the learner's left
// or with all of them waiting on channels too, is named a deadlock; a
// goroutine asleep in time.Sleep (it may send when it wakes) and a
// pending timer are named as what may still end it; a go statement of
// time.Sleep holds nothing and is not.
func TestInputWait(t *testing.T) {
	resetTasks(t)
	forgetTimers()
	ignoreSignalLoop(t)
	// Every function is declared before any goroutine runs interpreted
	// code: yaegi's Eval writes what running goroutines read.
	eval := interpEval(t, `import ("context"; "pg"; "time")`)
	eval(`var ch = make(chan int)
var stop = make(chan int)
var nap = 3 * time.Second
var woke int
func send() { ch <- 1 }
func release() { <-ch }
func stuck(ctx context.Context) { <-stop }
func sleeper(ctx context.Context) { time.Sleep(nap); woke++ }
func goSleep() { go time.Sleep(nap) }
func startStuck(name string) *pg.Task { return pg.Go(name, stuck) }
func startSleeper() *pg.Task { return pg.Go("sleeper", sleeper) }
func unstick() { close(stop) }`)
	send, release := eval("send").Interface().(func()), eval("release").Interface().(func())
	goSleep := eval("goSleep").Interface().(func())
	startStuck := eval("startStuck").Interface().(func(string) *Task)
	startSleeper := eval("startSleeper").Interface().(func() *Task)
	unstick := eval("unstick").Interface().(func())
	go blockedInput(send)
	defer release()
	hint := func() string { return InputWait(blockedFrame, 2*time.Second) }

	if got := waitFor(t, hint, "no goroutine of yours is left"); !strings.Contains(got, "your input has waited 2s on a channel send") ||
		!strings.Contains(got, ": this is a deadlock") || strings.Contains(got, "unless") {
		t.Errorf("alone: %q", got)
	}
	if got := waitFor(t, func() string { return Deadlock(blockedFrame) }, "deadlock"); got != "all goroutines are asleep - deadlock!" {
		t.Errorf("Deadlock alone: %q", got)
	}

	// A go statement of time.Sleep ends when it wakes: it holds nothing.
	goSleep()
	if got := waitFor(t, hint, "no goroutine of yours is left"); strings.Contains(got, "unless") {
		t.Errorf("with go time.Sleep: %q", got)
	}

	stuck1 := startStuck("stuck")
	if got := waitFor(t, hint, "your other goroutine waits on a channel or a lock too"); !strings.Contains(got, "this is a deadlock") {
		t.Errorf("with a stuck task: %q", got)
	}
	stuck2 := startStuck("stuck too")
	if got := waitFor(t, hint, "your 2 other goroutines all wait"); !strings.Contains(got, "deadlock") {
		t.Errorf("with two stuck tasks: %q", got)
	}

	// A task asleep in time.Sleep may go on when it wakes: the hint names
	// it as what may end the wait; a program that no one can interrupt
	// waits for it.
	sleeping := startSleeper()
	if got := waitFor(t, hint, "unless"); !strings.Contains(got, `unless t3 "sleeper", asleep in time.Sleep, wakes and ends it, this is a deadlock`) {
		t.Errorf("with a sleeping task: %q", got)
	}
	if got := Deadlock(blockedFrame); got != "" {
		t.Errorf("Deadlock with a sleeping task: %q, want nothing", got)
	}

	// An App waits for keys on purpose, and owns the screen.
	a := &App{}
	addApp(a)
	got := InputWait(blockedFrame, 2*time.Second)
	removeApp(a)
	if got != "" {
		t.Errorf("while an App runs: %q, want nothing", got)
	}
	if got := InputWait("no such frame", time.Second); got != "" {
		t.Errorf("for no input: %q, want nothing", got)
	}
	unstick()
	waitTask(t, stuck1)
	waitTask(t, stuck2)
	waitTask(t, sleeping)
}

// A timer the learner's code started may end the wait: the hint says so,
// and Deadlock waits for it.
func TestInputWaitTimer(t *testing.T) {
	resetTasks(t)
	forgetTimers()
	defer forgetTimers()
	ignoreSignalLoop(t)
	eval := interpEval(t, `import "time"`)
	eval(`var ch = make(chan int)
func send() { ch <- 1 }
func release() { <-ch }`)
	release := eval("release").Interface().(func())
	go blockedInput(eval("send").Interface().(func()))
	defer release()
	timerAfter(time.Hour)
	hint := func() string { return InputWait(blockedFrame, 2*time.Second) }
	if got := waitFor(t, hint, "unless"); !strings.Contains(got, "unless a timer you started (time.After, or a context's deadline) fires and ends it") {
		t.Errorf("with a timer: %q", got)
	}
	if got := Deadlock(blockedFrame); got != "" {
		t.Errorf("Deadlock with a timer: %q, want nothing", got)
	}
	forgetTimers()
	timer := timerNew(time.Hour)
	if got := Deadlock(blockedFrame); got != "" {
		t.Errorf("Deadlock with a Timer: %q, want nothing", got)
	}
	timer.Stop()
	timer = nil
	learnerTimers.lastGC = time.Time{}
	deadlock := func() string { return Deadlock(blockedFrame) }
	if got := waitFor(t, deadlock, "deadlock"); got != "all goroutines are asleep - deadlock!" {
		t.Errorf("Deadlock once the Timer is gone: %q", got)
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
	if got := Deadlock("builtins.pgWait("); got != "" {
		t.Errorf("Deadlock waiting in pg: %q, want nothing", got)
	}
}

// A goroutine of the learner's waiting in a compiled call (a process, a
// read) may end the wait: no hint.
func TestInputWaitCompiledCall(t *testing.T) {
	resetTasks(t)
	eval := interpEval(t, `import "os/exec"`)
	eval(`var ch = make(chan int)
func send() { ch <- 1 }
func release() { <-ch }
func run() { go func() { exec.Command("sleep", "1").Run() }() }`)
	run, release := eval("run").Interface().(func()), eval("release").Interface().(func())
	go blockedInput(eval("send").Interface().(func()))
	defer release()
	run()
	time.Sleep(100 * time.Millisecond)
	if got := InputWait(blockedFrame, 2*time.Second); got != "" {
		t.Errorf("with a process running: %q, want nothing", got)
	}
	if got := Deadlock(blockedFrame); got != "" {
		t.Errorf("Deadlock with a process running: %q, want nothing", got)
	}
}

// The census reads, from a goroutine's frames, what it waits on.
func TestCensusReasons(t *testing.T) {
	eval := interpEval(t, `import ("sync"; "time")`)
	eval(`var ch = make(chan int)
var mu sync.Mutex
var wg sync.WaitGroup
func recv() { <-ch }
func lock() { mu.Lock() }
func wait() { wg.Wait() }
func sleep() { time.Sleep(2 * time.Second) }
func end() { mu.Unlock(); wg.Done(); ch <- 1 }`)
	eval(`mu.Lock(); wg.Add(1)`)
	end := eval("end").Interface().(func())
	var fns []func()
	for _, name := range []string{"recv", "lock", "wait", "sleep"} {
		fns = append(fns, eval(name).Interface().(func()))
	}
	for _, f := range fns {
		go f()
	}
	want := map[string]bool{"chan receive": true, "sync.Mutex.Lock": true, "sync.WaitGroup.Wait": true, "sleep": true}
	var last []gLook
	deadline := time.Now().Add(5 * time.Second)
	for len(want) > 0 && time.Now().Before(deadline) {
		last = last[:0]
		census("", func(g gLook) bool { last = append(last, g); return true })
		for _, g := range last {
			if g.interp || g.sleepsInInterp {
				delete(want, g.reason)
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(want) > 0 {
		t.Errorf("not seen waiting in interpreted code: %v (census: %+v)", want, last)
	}
	end()
}
