package builtins

import (
	"context"
	"errors"
	"fmt"
	"os"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// announced collects what Announce is told, for the tests.
var announced struct {
	once  sync.Once
	mu    sync.Mutex
	lines []string
}

// collectAnnouncements points Announce at announced and empties it. Every
// task started earlier must have ended.
func collectAnnouncements() {
	announced.once.Do(func() {
		Announce = func(s string) {
			announced.mu.Lock()
			defer announced.mu.Unlock()
			announced.lines = append(announced.lines, s)
		}
	})
	announced.mu.Lock()
	defer announced.mu.Unlock()
	announced.lines = nil
}

func announcements() []string {
	announced.mu.Lock()
	defer announced.mu.Unlock()
	return append([]string(nil), announced.lines...)
}

// waitTask waits for t, failing the test if it takes more than 10s.
func waitTask(t *testing.T, task *Task) error {
	t.Helper()
	select {
	case <-task.Done():
		return task.Wait()
	case <-time.After(10 * time.Second):
		t.Fatalf("%v did not end", task)
		return nil
	}
}

// waitState polls task until its state (and reason) are as wanted.
func waitState(t *testing.T, task *Task, state, reason string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		s, r, _ := task.look(nil)
		if s == state && r == reason {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%v: state %q (%q), want %q (%q)", task, s, r, state, reason)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestGoEnds(t *testing.T) {
	collectAnnouncements()
	boom := errors.New("boom")
	tests := []struct {
		name      string
		fn        func(ctx context.Context)
		cancel    bool
		state     string
		err       string // "" for nil
		wantIs    []error
		announced bool
	}{
		{name: "returns", fn: func(context.Context) {}, state: "done"},
		{name: "goexit", fn: func(context.Context) { runtime.Goexit() }, state: "done"},
		{name: "cancelled", fn: func(ctx context.Context) { <-ctx.Done() }, cancel: true, state: "cancelled",
			err: `"cancelled": cancelled`, wantIs: []error{ErrCancelled, context.Canceled}},
		{name: "panics", fn: func(context.Context) { panic("oh no") }, state: "panicked",
			err: `"panics": panic: oh no`, announced: true},
		{name: "panics with an error", fn: func(context.Context) { panic(boom) }, state: "panicked",
			err: `"panics with an error": panic: boom`, wantIs: []error{boom}, announced: true},
		{name: "runtime error", fn: func(context.Context) {
			s := []int{1}
			i := len(s)
			s[i] = 2
		}, state: "panicked", err: "panic: runtime error: index out of range [1] with length 1", announced: true},
		{name: "panic(nil)", fn: func(context.Context) { panic(nil) }, state: "panicked",
			err: "panic: panic called with nil argument", announced: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			collectAnnouncements()
			task := Go(tt.name, tt.fn)
			if tt.cancel {
				task.Cancel()
			}
			err := waitTask(t, task)
			if got := task.State(); got != tt.state {
				t.Errorf("state %q, want %q", got, tt.state)
			}
			switch {
			case tt.err == "" && err != nil:
				t.Errorf("Wait: %v, want nil", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Errorf("Wait: %v, want it to contain %q", err, tt.err)
			}
			for _, target := range tt.wantIs {
				if !errors.Is(err, target) {
					t.Errorf("errors.Is(%v, %v) = false", err, target)
				}
			}
			if errors.Is(err, ErrInterrupted) {
				t.Errorf("errors.Is(%v, ErrInterrupted): no Ctrl-C here", err)
			}
			var pe *PanicError
			if got := errors.As(err, &pe); got != (tt.state == "panicked") {
				t.Errorf("errors.As(%v, *PanicError) = %v", err, got)
			}
			lines := announcements()
			if tt.announced {
				want := fmt.Sprintf("task t%d %q panicked: ", task.ID, tt.name)
				if len(lines) != 1 || !strings.HasPrefix(lines[0], want) {
					t.Errorf("announced %q, want one line starting %q", lines, want)
				}
			} else if len(lines) != 0 {
				t.Errorf("announced %q, want nothing", lines)
			}
			if task.Ended().Before(task.Started()) || task.Ended().IsZero() {
				t.Errorf("started %v, ended %v", task.Started(), task.Ended())
			}
		})
	}
}

func TestGoRefuses(t *testing.T) {
	tests := []struct {
		name string
		fn   func(ctx context.Context)
		want string
	}{
		{"", func(context.Context) {}, "pg.Go: the task needs a name"},
		{"  \t", func(context.Context) {}, "pg.Go: the task needs a name"},
		{"worker", nil, `pg.Go "worker": fn is nil`},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.name), func(t *testing.T) {
			defer func() {
				err, _ := recover().(error)
				if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
					t.Errorf("panicked with %v, want %q", err, tt.want)
				}
			}()
			Go(tt.name, tt.fn)
		})
	}
}

func TestTaskLimit(t *testing.T) {
	resetTasks(t)
	old := SetTaskLimit(3)
	defer SetTaskLimit(old)
	if old != defaultTaskLimit {
		t.Errorf("SetTaskLimit returned %d, want the default %d", old, defaultTaskLimit)
	}

	stops := make([]chan struct{}, 3)
	running := make([]*Task, 3)
	for i := range running {
		stop := make(chan struct{})
		stops[i] = stop
		running[i] = Go(fmt.Sprint("r", i), func(context.Context) { <-stop })
	}
	func() {
		defer func() {
			err, _ := recover().(error)
			if !errors.Is(err, ErrTaskLimit) {
				t.Errorf("the task past the limit panicked with %v, want ErrTaskLimit", err)
			}
		}()
		Go("one too many", func(context.Context) {})
		t.Error("Go past the limit did not panic")
	}()

	// Ended tasks stay listed until room is needed; then the one that
	// ended first goes first.
	for _, i := range []int{1, 0, 2} {
		close(stops[i])
		waitTask(t, running[i])
	}
	if n := len(Tasks()); n != 3 {
		t.Errorf("%d tasks tracked, want the 3 ended ones", n)
	}
	waitTask(t, Go("late", func(context.Context) {}))
	var names []string
	for _, task := range Tasks() {
		names = append(names, task.Name)
	}
	if got, want := strings.Join(names, " "), "r0 r2 late"; got != want {
		t.Errorf("tasks tracked: %s, want %s", got, want)
	}

	// Lowering the limit forgets ended tasks at once.
	SetTaskLimit(1)
	if got := Tasks(); len(got) != 1 || got[0].Name != "late" {
		t.Errorf("after SetTaskLimit(1): %v, want only late", got)
	}

	func() {
		defer func() {
			if recover() == nil {
				t.Error("SetTaskLimit(0) did not panic")
			}
		}()
		SetTaskLimit(0)
	}()
}

func TestFinishedTasksBounded(t *testing.T) {
	resetTasks(t)
	old := SetTaskLimit(100)
	defer SetTaskLimit(old)
	for i := 0; i < 3000; i++ {
		Go("short", func(context.Context) {}).Wait()
	}
	all := Tasks()
	if len(all) != 100 || all[0].ID != 2901 || all[99].ID != 3000 {
		t.Errorf("%d tasks tracked, t%d to t%d; want the last 100", len(all), all[0].ID, all[len(all)-1].ID)
	}
	if cap(tasks.finished) > 4096 {
		t.Errorf("the list of ended tasks has grown to %d", cap(tasks.finished))
	}
}

func TestWaitReasons(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ch := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	cond := sync.NewCond(&mu)
	var woken atomic.Bool
	var held int // under mu
	tests := []struct {
		reason string
		block  func()
		free   func()
	}{
		{"chan receive", func() { <-ch }, func() { ch <- 1 }},
		{"chan send", func() { ch <- 1 }, func() { <-ch }},
		{"select", func() {
			select {
			case <-ch:
			case ch <- 1:
			}
		}, func() { <-ch }},
		{"sleep", func() {
			for !woken.Load() {
				time.Sleep(time.Millisecond)
			}
		}, func() { woken.Store(true) }},
		{"IO wait", func() { r.Read(make([]byte, 1)) }, func() { w.Close() }},
		{"sync.Mutex.Lock", func() { mu.Lock(); held++; mu.Unlock() }, func() { mu.Unlock() }},
		{"sync.WaitGroup.Wait", func() { wg.Wait() }, func() { wg.Done() }},
		{"sync.Cond.Wait", func() { mu.Lock(); cond.Wait(); mu.Unlock() }, func() { mu.Lock(); cond.Signal(); mu.Unlock() }},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			switch tt.reason {
			case "sync.Mutex.Lock":
				mu.Lock()
			case "sync.WaitGroup.Wait":
				wg.Add(1)
			}
			task := Go(tt.reason, func(context.Context) { tt.block() })
			waitState(t, task, "waiting", tt.reason)
			if got := task.String(); !strings.HasSuffix(got, ": waiting ("+tt.reason+")") {
				t.Errorf("String() = %q", got)
			}
			tt.free()
			waitTask(t, task)
		})
	}

	spin := Go("spin", func(ctx context.Context) {
		for ctx.Err() == nil {
		}
	})
	waitState(t, spin, "running", "")
	spin.Cancel()
	waitTask(t, spin)
}

func TestZeroTask(t *testing.T) {
	var zero Task
	for _, task := range []*Task{nil, &zero} {
		if err := task.Wait(); err != errTaskNotStarted {
			t.Errorf("Wait: %v", err)
		}
		task.Cancel()
		<-task.Done()
		if task.State() != "not started" || task.WaitReason() != "" || task.GID() != 0 || task.TID() != 0 ||
			!task.Started().IsZero() || !task.Ended().IsZero() || !strings.Contains(task.String(), "not started") {
			t.Errorf("%v: state %q", task, task.State())
		}
	}
}

func TestInterruptTasks(t *testing.T) {
	resetTasks(t)
	i := newTestInterp(&lockedBuffer{}, &panicLineWriter{})
	if _, err := i.Eval(`import ("context"; "pg"; "time")`); err != nil {
		t.Fatal(err)
	}
	// A task that ignores its context, started by an input that runs
	// until Ctrl-C: the evaluator cancels the input, and yaegi stops
	// every interpreted goroutine with it. The tasks are interrupted as
	// the cancel begins, as the evaluator does (engine.execute): once
	// yaegi stops the goroutines, the task can end before it is counted.
	// (One evaluation only: yaegi races with itself when a second one
	// starts while goroutines of the first still run.)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	type interrupt struct {
		n       int
		stopped []string
		state   string // the task's, right after
	}
	interrupted := make(chan interrupt, 1)
	go func() {
		defer cancel()
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if all := Tasks(); len(all) > 0 && all[0].WaitReason() == "sleep" {
				n, stopped := InterruptTasks()
				interrupted <- interrupt{n, stopped, all[0].State()}
				return
			}
		}
		interrupted <- interrupt{state: "never seen asleep"}
	}()
	_, err := i.EvalWithContext(ctx, `pg.Go("stubborn", func(ctx context.Context) { for { time.Sleep(time.Millisecond) } })
for { time.Sleep(time.Millisecond) }`)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("EvalWithContext: %v", err)
	}
	task := Tasks()[0]
	got := <-interrupted
	if want := []string{`t1 "stubborn"`}; got.n != 1 || fmt.Sprint(got.stopped) != fmt.Sprint(want) {
		t.Errorf("InterruptTasks() = %d, %q, want 1, %q", got.n, got.stopped, want)
	}
	if got.state != "cancelled" {
		t.Errorf("state right after the interrupt: %q", got.state)
	}
	err = waitTask(t, task)
	if !errors.Is(err, ErrInterrupted) || !errors.Is(err, ErrCancelled) || !errors.Is(err, context.Canceled) {
		t.Errorf("Wait: %v, want the Ctrl-C error", err)
	}
	if got := task.String(); got != `t1 "stubborn": cancelled (Ctrl-C)` {
		t.Errorf("String() = %q", got)
	}
	if n, got := InterruptTasks(); n != 0 || len(got) != 0 {
		t.Errorf("a second InterruptTasks() = %d, %q, want none", n, got)
	}
}

func TestKillTask(t *testing.T) {
	resetTasks(t)
	obedient := Go("obedient", func(ctx context.Context) { <-ctx.Done() })
	release := make(chan struct{})
	stubborn := Go("stubborn", func(ctx context.Context) { <-release })
	ended := Go("ended", func(context.Context) {})
	waitTask(t, ended)

	tests := []struct {
		arg     string
		want    string
		wantErr string
	}{
		{"t1", `t1 "obedient" cancelled`, ""},
		{"t2", `t2 "stubborn": its context is cancelled, but it is still running`, ""},
		{"t3", "", `kill: t3 "ended" has already ended (done)`},
		{"t1", "", `kill: t1 "obedient" has already ended (cancelled)`},
		{"t99", "", "kill: no task t99: :tasks lists them"},
	}
	for _, tt := range tests {
		got, err := RunMeta("kill", tt.arg)
		if tt.wantErr != "" {
			if err == nil || err.Error() != tt.wantErr {
				t.Errorf(":kill %s: %q, %v; want error %q", tt.arg, got, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !strings.HasPrefix(got, tt.want) {
			t.Errorf(":kill %s: %q, %v; want %q", tt.arg, got, err, tt.want)
		}
	}
	for _, id := range []string{"t", "tx", "t-1", "task"} {
		if _, handled, _ := killTask(id, 9); handled {
			t.Errorf("killTask(%q) handled it; it is not a task id", id)
		}
	}
	close(release)
	if err := waitTask(t, stubborn); !errors.Is(err, ErrCancelled) {
		t.Errorf("stubborn: %v, want cancelled", err)
	}
	waitTask(t, obedient)
}

func TestTasksMeta(t *testing.T) {
	resetTasks(t)
	// The program waits on a channel the test closes: a second evaluation
	// while its goroutines run would race inside yaegi.
	stop := make(chan bool)
	i := newTestInterp(&lockedBuffer{}, &panicLineWriter{}, interp.Exports{"testctl/testctl": {"Stop": reflect.ValueOf(stop)}})
	if _, err := i.Eval(`import ("context"; "pg"; "testctl")
var stop = testctl.Stop
var t1 = pg.Go("receiver", func(ctx context.Context) { <-stop })
var t2 = pg.Go("quick", func(ctx context.Context) {})
var t3 = pg.Go("parent", func(ctx context.Context) { go func() { <-stop }(); <-stop })
func init() {
	// Goroutines started with a plain go statement, in and out of a task.
	go func() { <-stop }()
	go func() { <-stop }()
}`); err != nil {
		t.Fatal(err)
	}
	waitState(t, tasks.find(1), "waiting", "chan receive")
	waitTask(t, tasks.find(2))

	deadline := time.Now().Add(10 * time.Second)
	var out string
	for {
		var err error
		out, err = RunMeta("tasks", "")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "3 started with a plain go statement") || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Millisecond)
	}
	lines := strings.Split(out, "\n")
	want := []string{
		`^ID +NAME +STATE +AGE +GOROUTINE +THREAD$`,
		`^t1 +receiver +waiting \(chan receive\) +\d+(\.\d+)?(µs|ms|s) +\d+ +\d+$`,
		`^t2 +quick +done +\S+ +- +\d+$`, // ended before anyone looked: no goroutine id
		`^t3 +parent +(waiting \(chan receive\)|running) +\S+ +(\d+|-) +(\d+|-)$`,
		`^3 tasks: (0 running, 2 waiting|1 running, 1 waiting), 1 ended; goroutines: 3 started with a plain go statement, \d+ in all$`,
	}
	if len(lines) != len(want) {
		t.Fatalf(":tasks printed\n%s\nwant %d lines", out, len(want))
	}
	for n, re := range want {
		if !regexpMatch(re, lines[n]) {
			t.Errorf(":tasks line %d: %q, want %s", n+1, lines[n], re)
		}
	}
	if _, err := RunMeta("tasks", "all"); err == nil {
		t.Error(":tasks all: no usage error")
	}

	close(stop)
	for _, task := range Tasks() {
		waitTask(t, task)
	}
}

func TestTasksMetaRows(t *testing.T) {
	resetTasks(t)
	stop := make(chan struct{})
	for i := 0; i < 10; i++ {
		Go("ended", func(context.Context) {}).Wait()
	}
	for i := 0; i < 50; i++ {
		Go("running", func(context.Context) { <-stop })
	}
	out, err := RunMeta("tasks", "")
	if err != nil {
		t.Fatal(err)
	}
	close(stop)
	for _, task := range Tasks() {
		waitTask(t, task)
	}
	if n := len(regexp.MustCompile(`(?m)^t\d+ +running `).FindAllString(out, -1)); n != taskMaxRows {
		t.Errorf("%d running rows, want %d:\n%s", n, taskMaxRows, out)
	}
	counts := regexp.MustCompile(`60 tasks: (\d+) running, (\d+) waiting, 10 ended;`).FindStringSubmatch(out)
	if !strings.Contains(out, "… 20 more not shown") || counts == nil || atoi(counts[1])+atoi(counts[2]) != 50 {
		t.Errorf(":tasks with 60 tasks (50 alive, running or waiting):\n%s", out)
	}

	resetTasks(t)
	if out, _ := RunMeta("tasks", ""); !strings.HasPrefix(out, "0 tasks; goroutines:") {
		t.Errorf(":tasks with no task: %q", out)
	}
}

func TestNotePanicFrame(t *testing.T) {
	if _, task := NotePanicFrame("1:2"); task {
		t.Error("NotePanicFrame on a goroutine that is no task's reported a task")
	}
	task := Go("noted", func(context.Context) {
		NotePanicFrame("3:4") // the innermost frame comes first
		NotePanicFrame("5:6")
		panic("here")
	})
	var pe *PanicError
	if err := waitTask(t, task); !errors.As(err, &pe) || pe.Pos != "3:4" {
		t.Errorf("Wait: %v, want a panic at 3:4", err)
	}
}

// A panic the task's code recovered leaves no position behind: the
// task's own panic is placed where it happened.
func TestNoteRecovered(t *testing.T) {
	gids := make(chan [2]int64, 1)
	task := Go("recovers", func(context.Context) {
		g1, _ := NotePanicFrame("3:4")
		g2, _ := NoteRecovered()
		gids <- [2]int64{g1, g2}
		NotePanicFrame("7:8")
		panic("later")
	})
	var pe *PanicError
	if err := waitTask(t, task); !errors.As(err, &pe) || pe.Pos != "7:8" {
		t.Errorf("Wait: %v, want a panic at 7:8", err)
	}
	if g := <-gids; g[0] != g[1] || g[0] == 0 {
		t.Errorf("goroutine ids %d and %d, want one id for the task's goroutine", g[0], g[1])
	}
}

func TestTaskThreadSeen(t *testing.T) {
	seen := make(chan int, 1)
	task := Go("seen", func(context.Context) {
		seen <- LockThread()
		UnlockThread()
	})
	waitTask(t, task)
	if tid := <-seen; task.TID() != tid || tid != gettid() && tid <= 0 {
		t.Errorf("task last seen on thread %d, it locked %d", task.TID(), tid)
	}
}

func regexpMatch(re, s string) bool {
	return regexp.MustCompile(re).MatchString(s)
}

func TestTaskDigits(t *testing.T) {
	resetTasks(t)
	release := make(chan struct{})
	for _, id := range []int{1, 9, 10, 100, 1203, 99999, 1000000} {
		tasks.mu.Lock()
		tasks.lastID = id - 1
		tasks.mu.Unlock()
		inside := make(chan int64, 1)
		task := Go("digits", func(context.Context) {
			inside <- GID()
			<-release
		})
		if task.ID != id {
			t.Fatalf("task ID %d, want %d", task.ID, id)
		}
		waitState(t, task, "waiting", "chan receive")
		// From outside, by the taskDigit frames.
		dump, _, buf := goroutineStacks()
		g, ok := taskGoroutine(dump, id, 0)
		putStackBuf(buf)
		if in := <-inside; !ok || g.id != in || task.GID() != in {
			t.Errorf("t%d: goroutine %d (found: %v) from outside, t.GID() %d, pg.GID() %d inside", id, g.id, ok, task.GID(), in)
		}
	}
	close(release)
	for _, task := range Tasks() {
		waitTask(t, task)
	}
}

func TestTaskIDIn(t *testing.T) {
	f := string(taskDigitFunc)
	tests := []struct {
		frames string
		want   int
	}{
		{"main.f()\n", 0},
		{f + "7(0x1, 0x2)\n\t/x/task.go:1 +0x1\n", 7},
		{f + "2(...)\n\t/x\n" + f + "1(...)\n\t/x\n", 12},
		{f + "0(...)\n" + f + "0(...)\n" + f + "1(...)\n", 100},
		{"x" + f + "5(...)\n", 0},        // not at the start of a line
		{f + "x(...)\n" + f + "3(\n", 3}, // not a digit
	}
	for _, tt := range tests {
		if got := taskIDIn([]byte(tt.frames)); got != tt.want {
			t.Errorf("taskIDIn(%q) = %d, want %d", tt.frames, got, tt.want)
		}
	}
}

func TestTaskLockedShown(t *testing.T) {
	release := make(chan struct{})
	task := Go("pinned", func(context.Context) {
		LockThread()
		defer UnlockThread()
		<-release
	})
	deadline := time.Now().Add(10 * time.Second)
	for !strings.HasSuffix(task.String(), ": waiting (chan receive), locked to thread") {
		if time.Now().After(deadline) {
			t.Fatalf("String() = %q, want it pinned", task.String())
		}
		time.Sleep(time.Millisecond)
	}
	close(release)
	waitTask(t, task)
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
