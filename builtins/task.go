package builtins

// Tasks: goroutines the playground tracks by name, with a state to watch,
// a context to cancel them and panics caught instead of ending the
// evaluator.

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
)

func init() {
	export(map[string]reflect.Value{
		"Go":           reflect.ValueOf(Go),
		"Tasks":        reflect.ValueOf(Tasks),
		"SetTaskLimit": reflect.ValueOf(SetTaskLimit),
		"Task":         reflect.ValueOf((*Task)(nil)),
		"TaskError":    reflect.ValueOf((*TaskError)(nil)),
		"PanicError":   reflect.ValueOf((*PanicError)(nil)),
		"ErrCancelled": reflect.ValueOf(&ErrCancelled).Elem(),
		"ErrTaskLimit": reflect.ValueOf(&ErrTaskLimit).Elem(),
	})
	registerMeta("tasks", tasksMeta)
	registerKiller(killTask)
	registerShutdown(func() {
		for _, t := range liveTasks() {
			t.Cancel()
		}
	})
}

// Announce, if set, is told once about each task that panicked, in one
// line such as `task t3 "worker" panicked: boom (at 4:9)`. The evaluator
// sets it before running learner code, to show the line in the shell. It
// is called on the panicking task's goroutine, before the task's Wait
// returns, so it must not wait for the task. Nil discards the notices.
var Announce func(string)

// A Task is a goroutine started by Go: named, numbered, cancellable, with
// its panic caught. Its methods may be called from any goroutine, at any
// time. Print one to see its id, name and state:
//
//	t := pg.Go("worker", func(ctx context.Context) { time.Sleep(time.Second) })
//	time.Sleep(10 * time.Millisecond)
//	fmt.Println(t) // t1 "worker": waiting (sleep)
type Task struct {
	// ID numbers tasks in the order they were started: 1 for the first
	// task of the session, shown as t1 by :tasks and :kill.
	ID int
	// Name is the name given to Go.
	Name string

	// hidden is set, under tasks.mu, when a lesson's check started the
	// task and has ended: it leaves the tables (see checkscope.go).
	hidden bool

	ctx    context.Context
	cancel context.CancelFunc
	done   chan struct{} // closed when fn has returned or panicked
	start  time.Time
	// gid is the goroutine's id once known: finding it costs a stack
	// trace, so it is looked up only when asked for (see taskDigits).
	gid       atomic.Int64
	tid       atomic.Int32  // OS thread last seen
	state     atomic.Uint32 // a taskState; taskLive until the end
	cancelled atomic.Bool   // Cancel called before the end
	// interrupted: Ctrl-C stopped the interpreter, and the task with it.
	interrupted atomic.Bool

	// Written by the task's goroutine only: panicPos while it runs, the
	// rest at the end, before state is stored.
	panicPos string
	end      time.Time
	err      error
}

type taskState uint32

const (
	taskLive taskState = iota
	taskDone
	taskCancelled
	taskPanicked
)

var taskStateNames = [...]string{taskDone: "done", taskCancelled: "cancelled", taskPanicked: "panicked"}

// ErrCancelled is the error a task's Wait returns, inside a *TaskError,
// when the task was cancelled (Task.Cancel, :kill) before its function
// returned. errors.Is(err, context.Canceled) holds for it too.
//
//	t.Cancel()
//	err := t.Wait()
//	fmt.Println(errors.Is(err, pg.ErrCancelled)) // true
var ErrCancelled error = &cancelError{msg: "cancelled"}

// errInterrupted is the error a task's Wait returns, inside a
// *TaskError, when Ctrl-C stopped it: interrupting an input stops every
// goroutine of the interpreter, tasks too. errors.Is(err, ErrInterrupted)
// holds for it, as for a socket call that Ctrl-C stopped, and so do
// errors.Is(err, ErrCancelled) and errors.Is(err, context.Canceled).
var errInterrupted error = &cancelError{msg: "interrupted by Ctrl-C", interrupted: true}

type cancelError struct {
	msg         string
	interrupted bool
}

func (e *cancelError) Error() string { return e.msg }

func (e *cancelError) Is(target error) bool {
	return target == context.Canceled || target == ErrCancelled || e.interrupted && target == ErrInterrupted
}

// ErrTaskLimit is what Go panics with, wrapped, when as many tasks are
// running as the limit allows (see SetTaskLimit). Recover it to test:
//
//	defer func() {
//		err, _ := recover().(error)
//		fmt.Println(errors.Is(err, pg.ErrTaskLimit))
//	}()
var ErrTaskLimit = errors.New("too many tasks")

// A TaskError is what Wait returns for a task that did not simply
// return: Err is a *PanicError when the function panicked; when it was
// cancelled, an error for which errors.Is(err, ErrCancelled) holds, and
// errors.Is(err, ErrInterrupted) too if Ctrl-C stopped it. It prints as
// `t3 "worker": panic: boom (at 4:9)`.
//
//	var pe *pg.PanicError
//	if errors.As(t.Wait(), &pe) {
//		fmt.Println("panicked with", pe.Value)
//	}
type TaskError struct {
	ID   int    // the task's ID
	Name string // the task's name
	Err  error  // why it failed
}

// Error says which task failed and why: `t3 "worker": cancelled`.
func (e *TaskError) Error() string {
	return fmt.Sprintf("t%d %q: %v", e.ID, e.Name, e.Err)
}

// Unwrap returns Err, for errors.Is and errors.As.
func (e *TaskError) Unwrap() error { return e.Err }

// A PanicError is a panic caught in a task: the task's function, or one
// it called on the same goroutine, called panic (or failed as a nil map
// write or an index out of range does). A panic in a goroutine started
// with a plain go statement is not caught: it ends the evaluator.
//
//	t := pg.Go("crash", func(ctx context.Context) { panic("boom") })
//	fmt.Println(t.Wait()) // t1 "crash": panic: boom (at 1:50)
type PanicError struct {
	// Value is what was passed to panic.
	Value any
	// Pos is where the panic happened, as "line:col" of the input or
	// file, when the interpreter reported it; "" when it is not known.
	// It is the innermost interpreted frame the panic went through.
	Pos string
}

// Error gives the panic's value and, if known, where it happened:
// "panic: boom (at 4:9)".
func (e *PanicError) Error() string {
	s := fmt.Sprintf("panic: %v", e.Value)
	if e.Pos != "" {
		s += " (at " + e.Pos + ")"
	}
	return s
}

// Unwrap returns the panic's value if it is an error (a runtime error,
// say), for errors.Is and errors.As; otherwise nil.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Go starts fn in a new goroutine that the playground tracks, and
// returns the Task that stands for it: numbered (t1, t2, … as :tasks
// lists them), named, with a State to watch and a Wait to wait for. fn is
// given a context that is cancelled by t.Cancel, by :kill t1 and by
// Ctrl-C; a function that runs for long should return once ctx.Done() is
// closed. A panic in fn does not end the playground, as it would in a
// plain go statement: it is caught, announced once, and returned by Wait
// as a *TaskError holding a *PanicError. Go panics, with a message saying
// what to change, if name is empty, if fn is nil, or if as many tasks are
// running as the limit allows (SetTaskLimit).
//
//	t := pg.Go("sleeper", func(ctx context.Context) {
//		select {
//		case <-time.After(time.Minute):
//		case <-ctx.Done():
//		}
//	})
//	t.Cancel()
//	fmt.Println(t.Wait()) // t1 "sleeper": cancelled
func Go(name string, fn func(ctx context.Context)) *Task {
	if strings.TrimSpace(name) == "" {
		panic(errors.New(`pg.Go: the task needs a name, as in pg.Go("worker", func(ctx context.Context) { ... })`))
	}
	if fn == nil {
		panic(fmt.Errorf("pg.Go %q: fn is nil: pass a function such as func(ctx context.Context) { ... }", name))
	}
	startSampling() // for :timeline
	t := &Task{Name: name, done: make(chan struct{}), start: time.Now()}
	t.ctx, t.cancel = context.WithCancel(context.Background())
	if err := tasks.add(t); err != nil {
		t.cancel()
		panic(err)
	}
	noteCheckTask(t)
	go t.run(fn)
	return t
}

// run is the task's goroutine.
func (t *Task) run(fn func(ctx context.Context)) {
	t.tid.Store(int32(gettid()))
	returned := false
	// A panic in interpreted code comes through yaegi's function wrapper
	// as a Go panic, so recover here catches it.
	defer func() { t.finish(recover(), returned) }()
	growTaskStack(t.ID)
	div := 1
	for div*10 <= t.ID {
		div *= 10
	}
	nextTaskDigit(fn, t.ctx, t.ID, div)
	returned = true
}

// growTaskStack grows the calling goroutine's stack to 8 KiB in one step,
// while it holds few frames. Interpreted code needs about that much, and
// growing a stack later, deep in the interpreter, copies and adjusts every
// frame on it, a few times over: that cost a task more than all the rest
// of its bookkeeping.
//
//go:noinline
func growTaskStack(i int) byte {
	var pad [5 << 10]byte
	pad[i%len(pad)] = 1
	return pad[(i+1)%len(pad)]
}

// taskDigits are the functions a task's goroutine calls its function
// through, one for each decimal digit of the task's ID, so that a stack
// trace tells which task a goroutine runs: for t12 it reads, innermost
// frame first,
//
//	builtins.taskDigit2(...)
//	builtins.taskDigit1(...)
//	builtins.(*Task).run(...)
//
// Go has no goroutine-local storage, and the one way to learn a
// goroutine's id, runtime.Stack, costs more than starting a goroutine;
// these frames cost a few calls, and the id is read from a stack trace
// only when someone asks (State, :tasks, pg.GID, pg.TID).
var taskDigits [10]func(fn func(ctx context.Context), ctx context.Context, id, div int)

func init() {
	taskDigits = [10]func(func(context.Context), context.Context, int, int){
		taskDigit0, taskDigit1, taskDigit2, taskDigit3, taskDigit4,
		taskDigit5, taskDigit6, taskDigit7, taskDigit8, taskDigit9,
	}
}

// nextTaskDigit calls the frame for the digit of id that div selects,
// or, past the last digit, fn.
func nextTaskDigit(fn func(ctx context.Context), ctx context.Context, id, div int) {
	if div == 0 {
		fn(ctx)
		return
	}
	taskDigits[id/div%10](fn, ctx, id, div/10)
}

//go:noinline
func taskDigit0(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit1(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit2(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit3(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit4(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit5(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit6(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit7(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit8(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

//go:noinline
func taskDigit9(fn func(context.Context), ctx context.Context, id, div int) {
	nextTaskDigit(fn, ctx, id, div)
}

// finish records how the task ended; r is what recover returned.
// returned is false after a panic or runtime.Goexit.
func (t *Task) finish(r any, returned bool) {
	t.end = time.Now()
	st := taskDone
	switch {
	case r != nil:
		st = taskPanicked
		t.err = &TaskError{ID: t.ID, Name: t.Name, Err: &PanicError{Value: r, Pos: t.panicPos}}
	case t.interrupted.Load():
		st = taskCancelled
		t.err = &TaskError{ID: t.ID, Name: t.Name, Err: errInterrupted}
	case t.cancelled.Load():
		st = taskCancelled
		t.err = &TaskError{ID: t.ID, Name: t.Name, Err: ErrCancelled}
	}
	t.cancel()
	t.state.Store(uint32(st))
	tasks.end(t)
	// Announced before Wait returns, so the notice comes before whatever
	// the waiter prints next.
	if st == taskPanicked {
		if announce := Announce; announce != nil {
			announce(fmt.Sprintf("task t%d %q panicked: %s", t.ID, t.Name, t.panicText()))
		}
	}
	close(t.done)
}

// panicText is the value a panicked task panicked with, and where.
func (t *Task) panicText() string {
	pe := t.err.(*TaskError).Err.(*PanicError)
	return strings.TrimPrefix(pe.Error(), "panic: ")
}

// errTaskNotStarted is what the methods of a Task that Go did not make say.
var errTaskNotStarted = errors.New("pg: this Task was not started by pg.Go")

func (t *Task) started() bool { return t != nil && t.done != nil }

// Wait waits for the task's function to end and returns nil if it
// returned, or a *TaskError saying it panicked or was cancelled.
//
//	t := pg.Go("sum", func(ctx context.Context) { fmt.Println(1 + 1) })
//	if err := t.Wait(); err != nil {
//		fmt.Println(err)
//	}
func (t *Task) Wait() error {
	if !t.started() {
		return errTaskNotStarted
	}
	<-t.done
	return t.err
}

// Cancel cancels the task's context: ctx.Done() is closed and ctx.Err()
// returns context.Canceled. It does not stop the goroutine by force (Go
// has no way to): the task stops when its function notices and returns.
// A task cancelled before it returned ends in state "cancelled".
// Cancelling a task that has ended does nothing.
//
//	t := pg.Go("loop", func(ctx context.Context) {
//		for ctx.Err() == nil {
//			time.Sleep(10 * time.Millisecond)
//		}
//	})
//	t.Cancel()
//	t.Wait()
func (t *Task) Cancel() {
	if !t.started() || t.state.Load() != uint32(taskLive) {
		return
	}
	t.cancelled.Store(true)
	t.cancel()
}

// Done returns a channel that is closed when the task has ended, for
// select:
//
//	select {
//	case <-t.Done():
//		fmt.Println("finished")
//	case <-time.After(time.Second):
//		fmt.Println("still going")
//	}
func (t *Task) Done() <-chan struct{} {
	if !t.started() {
		c := make(chan struct{})
		close(c)
		return c
	}
	return t.done
}

// State returns what the task is doing now: "running" (on a thread, or
// ready to be), "waiting" (blocked: WaitReason says on what), or how it
// ended: "done", "cancelled" or "panicked". Running and waiting are read
// from the runtime's own stack traces, as a panic prints them; reading
// them briefly stops every goroutine, so do not call State in a tight
// loop with thousands of goroutines.
//
//	for t.State() != "waiting" {
//		time.Sleep(time.Millisecond)
//	}
//	fmt.Println(t.WaitReason()) // chan receive
func (t *Task) State() string {
	state, _, _ := t.look(nil)
	return state
}

// WaitReason returns why the task is blocked, as the runtime words it:
// "chan receive", "chan send", "select", "sleep", "IO wait",
// "sync.Mutex.Lock", "sync.WaitGroup.Wait" and so on; "" when it is not
// waiting.
//
//	t := pg.Go("nap", func(ctx context.Context) { time.Sleep(time.Second) })
//	time.Sleep(10 * time.Millisecond)
//	fmt.Println(t.WaitReason()) // sleep
func (t *Task) WaitReason() string {
	_, reason, _ := t.look(nil)
	return reason
}

// GID returns the id of the task's goroutine (see pg.GID). Looking it up
// costs a stack trace, so the playground does it only when asked: for a
// task that ended before anyone asked (with t.GID, t.State, :tasks, or
// pg.GID inside the task), GID returns 0.
//
//	fmt.Println(t.GID())
func (t *Task) GID() int64 {
	if !t.started() {
		return 0
	}
	if gid := t.gid.Load(); gid != 0 || t.state.Load() != uint32(taskLive) {
		return gid
	}
	t.look(nil)
	return t.gid.Load()
}

// TID returns the id of the OS thread the task was last seen on: when it
// started, and each time it called pg.TID, pg.GID, pg.LockThread or
// pg.UnlockThread. 0 if the goroutine has not started yet; -1 where
// thread ids are not available (see pg.TID).
//
//	fmt.Println(t.TID())
func (t *Task) TID() int {
	if !t.started() {
		return 0
	}
	return int(t.tid.Load())
}

// Started returns when Go started the task.
//
//	fmt.Println(time.Since(t.Started()))
func (t *Task) Started() time.Time {
	if !t.started() {
		return time.Time{}
	}
	return t.start
}

// Ended returns when the task's function returned or panicked, or the
// zero time while it runs.
//
//	if !t.Ended().IsZero() {
//		fmt.Println("ran for", t.Ended().Sub(t.Started()))
//	}
func (t *Task) Ended() time.Time {
	if !t.started() || t.state.Load() == uint32(taskLive) {
		return time.Time{}
	}
	return t.end
}

// String describes the task in one line: id, name and state, with the
// wait reason or the panic, and whether LockThread pinned it:
// `t3 "worker": waiting (chan receive)`.
//
//	fmt.Println(t)
func (t *Task) String() string {
	if !t.started() {
		return "pg.Task (not started by pg.Go)"
	}
	return fmt.Sprintf("t%d %q: %s", t.ID, t.Name, t.describe(nil))
}

// look returns the task's state and wait reason, finding its goroutine in
// goroutines (task ID → goroutine, from a stack dump) or, if it is nil, in
// a fresh dump; and whether the goroutine is locked to its thread.
func (t *Task) look(goroutines map[int]gState) (state, reason string, locked bool) {
	if !t.started() {
		return "not started", "", false
	}
	if st := taskState(t.state.Load()); st != taskLive {
		return taskStateNames[st], "", false
	}
	if t.interrupted.Load() {
		return taskStateNames[taskCancelled], "", false
	}
	var g gState
	var ok bool
	if goroutines != nil {
		g, ok = goroutines[t.ID]
	} else {
		if runtime.NumGoroutine() > censusMax {
			g, ok = taskGoroutines()[t.ID]
		} else {
			dump, _, buf := goroutineStacks()
			g, ok = taskGoroutine(dump, t.ID, t.gid.Load())
			putStackBuf(buf)
		}
	}
	if ok {
		t.gid.CompareAndSwap(0, g.id)
	} else {
		// It has not started, it ended while we looked, or the dump was
		// cut short.
		if st := taskState(t.state.Load()); st != taskLive {
			return taskStateNames[st], "", false
		}
		return "running", "", false
	}
	if g.waiting() {
		return "waiting", g.reason, g.locked
	}
	return "running", "", g.locked
}

// describe is the state as String and :tasks show it.
func (t *Task) describe(goroutines map[int]gState) string {
	state, reason, locked := t.look(goroutines)
	if reason != "" {
		state += " (" + reason + ")"
	}
	if locked {
		state += ", locked to thread"
	}
	switch {
	case state == "panicked":
		return "panicked: " + t.panicText()
	case state == "cancelled" && t.interrupted.Load():
		return "cancelled (Ctrl-C)"
	}
	return state
}

// Tasks returns every task the playground tracks, running and ended, in
// the order they were started. Ended tasks are kept until the limit of
// tracked tasks is reached (SetTaskLimit); then the oldest ended ones are
// forgotten first.
//
//	for _, t := range pg.Tasks() {
//		fmt.Println(t)
//	}
func Tasks() []*Task {
	tasks.mu.Lock()
	all := make([]*Task, 0, len(tasks.live)+tasks.nFinished())
	for _, t := range tasks.live {
		all = append(all, t)
	}
	all = append(all, tasks.finished[tasks.fhead:]...)
	tasks.mu.Unlock()
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// defaultTaskLimit is how many tasks are tracked at most, unless
// SetTaskLimit says otherwise.
const defaultTaskLimit = 100_000

// SetTaskLimit sets how many tasks the playground tracks at most, running
// and ended together, and returns the limit it replaces (100,000 at
// first). Past it, ended tasks are forgotten, oldest first; when every
// tracked task is still running, Go panics with ErrTaskLimit. A limit
// below 1 panics.
//
//	old := pg.SetTaskLimit(10)
//	defer pg.SetTaskLimit(old)
func SetTaskLimit(n int) int {
	if n < 1 {
		panic(fmt.Errorf("pg.SetTaskLimit(%d): the limit must be at least 1", n))
	}
	tasks.mu.Lock()
	defer tasks.mu.Unlock()
	old := tasks.limit
	tasks.limit = n
	for len(tasks.live)+tasks.nFinished() > n && tasks.nFinished() > 0 {
		tasks.dropOldest()
	}
	return old
}

// tasks is the registry of tracked tasks.
var tasks = taskRegistry{limit: defaultTaskLimit, live: map[int]*Task{}}

type taskRegistry struct {
	mu     sync.Mutex
	limit  int
	lastID int
	live   map[int]*Task // by ID
	// finished holds ended tasks in the order they ended, the oldest
	// at fhead.
	finished []*Task
	fhead    int
}

func (r *taskRegistry) nFinished() int { return len(r.finished) - r.fhead }

// dropOldest forgets the task that ended first.
func (r *taskRegistry) dropOldest() {
	r.finished[r.fhead] = nil
	r.fhead++
	if r.fhead >= 1024 && r.fhead*2 >= len(r.finished) {
		n := copy(r.finished, r.finished[r.fhead:])
		clear(r.finished[n:])
		r.finished = r.finished[:n]
		r.fhead = 0
	}
}

// add numbers t and tracks it, if the limit allows.
func (r *taskRegistry) add(t *Task) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.live)+r.nFinished() >= r.limit && r.nFinished() > 0 {
		r.dropOldest()
	}
	if len(r.live) >= r.limit {
		return fmt.Errorf("pg.Go %q: %w: %d are running, the limit: wait for some to end, or raise it with pg.SetTaskLimit", t.Name, ErrTaskLimit, len(r.live))
	}
	r.lastID++
	t.ID = r.lastID
	r.live[t.ID] = t
	return nil
}

// end moves t from the live tasks to the ended ones.
func (r *taskRegistry) end(t *Task) {
	r.mu.Lock()
	defer r.mu.Unlock()
	delete(r.live, t.ID)
	if !t.hidden {
		r.finished = append(r.finished, t)
	}
}

// find returns the tracked task with the given ID, or nil.
func (r *taskRegistry) find(id int) *Task {
	r.mu.Lock()
	defer r.mu.Unlock()
	if t := r.live[id]; t != nil {
		return t
	}
	for _, t := range r.finished[r.fhead:] {
		if t.ID == id {
			return t
		}
	}
	return nil
}

// liveTasks returns the running tasks in the order they started.
func liveTasks() []*Task {
	tasks.mu.Lock()
	live := make([]*Task, 0, len(tasks.live))
	for _, t := range tasks.live {
		live = append(live, t)
	}
	tasks.mu.Unlock()
	sort.Slice(live, func(i, j int) bool { return live[i].ID < live[j].ID })
	return live
}

// liveTask returns the running task with the given ID, or nil.
func liveTask(id int) *Task {
	tasks.mu.Lock()
	defer tasks.mu.Unlock()
	return tasks.live[id]
}

// noteSelf looks at the calling goroutine's stack: it returns the
// goroutine's id and, if the goroutine runs a task, records the id and
// tid (the thread it runs on) as the task's and returns the task.
func noteSelf(tid int) (int64, *Task) {
	gid, id := selfStack()
	if id == 0 {
		return gid, nil
	}
	t := liveTask(id)
	if t == nil {
		return gid, nil
	}
	t.gid.Store(gid)
	t.tid.Store(int32(tid))
	return gid, t
}

// InterruptNamed is how many of the tasks it stopped InterruptTasks
// names: a Ctrl-C beside 100,000 tasks named them all in one message of
// two megabytes.
const InterruptNamed = 5

// InterruptTasks marks every running task as stopped by Ctrl-C and
// cancels its context, and returns how many it stopped and the first
// InterruptNamed of them as `t3 "worker"`. The evaluator calls it when it
// cancels an input: yaegi then stops every interpreted goroutine, tasks
// included, and without this mark they would seem to have returned
// normally. A task blocked in a call into compiled code (time.Sleep, a
// read) stays alive until that call returns, but it reads as cancelled at
// once: no more of its code will run.
func InterruptTasks() (n int, named []string) {
	closeApps() // pg.App windows close too
	live := liveTasks()
	for _, t := range live {
		t.interrupted.Store(true)
		t.Cancel()
		if len(named) < InterruptNamed {
			named = append(named, fmt.Sprintf("t%d %q", t.ID, t.Name))
		}
	}
	return len(live), named
}

// NotePanicFrame tells the task running on the calling goroutine, if any,
// where a panic is passing: pos as the interpreter reported it in a line
// "input:4:9: panic: main.f(...)" on its standard error ("4:9" or
// however the caller words it). The evaluator's standard-error writer
// calls it for each such line, on the goroutine that panics (yaegi writes
// the line there). The first position a task receives becomes its
// PanicError's Pos. It returns the calling goroutine's id, and whether the
// goroutine is a task's, so the caller can leave the task's panic to
// Announce.
func NotePanicFrame(pos string) (gid int64, task bool) {
	gid, t := noteSelf(gettid())
	if t == nil {
		return gid, false
	}
	if t.panicPos == "" {
		t.panicPos = pos
	}
	return gid, true
}

// NoteRecovered tells the task running on the calling goroutine, if any,
// that its code recovered the panic NotePanicFrame was told of: a later
// panic's first position is its PanicError's Pos. It returns what
// NotePanicFrame does.
func NoteRecovered() (gid int64, task bool) {
	gid, t := noteSelf(gettid())
	if t == nil {
		return gid, false
	}
	t.panicPos = ""
	return gid, true
}

// RunningTasks names the live tasks that are running rather than waiting,
// as t3 "spinner", from one look at every goroutine: for the evaluator to
// say which tasks keep it busy.
func RunningTasks() []string {
	goroutines := taskGoroutines()
	var names []string
	for _, t := range Tasks() {
		if state, _, _ := t.look(goroutines); state == "running" {
			names = append(names, fmt.Sprintf("t%d %q", t.ID, t.Name))
		}
	}
	return names
}

// taskMaxRows bounds the rows :tasks shows: running tasks first, then the
// most recently ended.
const taskMaxRows = 40

// tasksMeta answers :tasks.
func tasksMeta(arg string) (string, error) {
	if strings.TrimSpace(arg) != "" {
		return "", errors.New("usage: :tasks (pg.Tasks() returns the tasks to your code)")
	}
	all := Tasks()
	if owned := checkOwned(); owned != nil {
		all = slices.DeleteFunc(all, func(t *Task) bool { return owned["t"+strconv.Itoa(t.ID)] })
	}
	goroutines := map[int]gState{}
	total, plain := 0, 0
	whole := lookAtGoroutines(func(g gState) {
		total++
		if g.plainGo {
			plain++
		}
		if g.task != 0 {
			goroutines[g.task] = g
		}
	})

	var live, ended []*Task
	for _, t := range all {
		if t.state.Load() == uint32(taskLive) {
			live = append(live, t)
		} else {
			ended = append(ended, t)
		}
	}
	rows := live
	if len(rows) > taskMaxRows {
		rows = rows[:taskMaxRows]
	}
	if room := taskMaxRows - len(rows); room > 0 {
		if len(ended) > room {
			ended = ended[len(ended)-room:]
		}
		rows = append(append([]*Task(nil), rows...), ended...)
		sort.Slice(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
	}

	var b strings.Builder
	if len(all) > 0 {
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tSTATE\tAGE\tGOROUTINE\tTHREAD")
		now := time.Now()
		for _, t := range rows {
			state := t.describe(goroutines) // finds the goroutine id, if it runs
			gid, tid := "-", "-"
			if g := t.gid.Load(); g > 0 {
				gid = strconv.FormatInt(g, 10)
			}
			if n := t.TID(); n > 0 {
				tid = strconv.Itoa(n)
			}
			fmt.Fprintf(tw, "t%d\t%s\t%s\t%s\t%s\t%s\n", t.ID, taskClip(t.Name, 24), taskClip(state, 48), tableAge(now.Sub(t.start)), gid, tid)
		}
		tw.Flush()
		if len(rows) < len(all) {
			fmt.Fprintf(&b, "… %d more not shown (pg.Tasks() has them all)\n", len(all)-len(rows))
		}
	}

	about := ""
	if !whole {
		// Some goroutines were too deep in calls to tell who started them.
		total, about = max(total, runtime.NumGoroutine()), "at least "
	}
	// Alive is not running: a task waiting on a channel or a sleep is
	// counted as waiting.
	waiting := 0
	for _, t := range live {
		if strings.HasPrefix(t.describe(goroutines), "waiting") {
			waiting++
		}
	}
	b.WriteString(taskPlural(len(all), "task"))
	if len(all) > 0 {
		fmt.Fprintf(&b, ": %d running, %d waiting, %d ended", len(live)-waiting, waiting, len(all)-len(live))
	}
	fmt.Fprintf(&b, "; goroutines: %s%d started with a plain go statement, %d in all", about, plain, total)
	return b.String(), nil
}

func taskPlural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return strconv.Itoa(n) + " " + what + "s"
}

// taskClip shortens s to at most n runes, on one line.
func taskClip(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

// killTask cancels the task a :kill id such as t3 names.
func killTask(id string, _ syscall.Signal) (string, bool, error) {
	num, ok := strings.CutPrefix(id, "t")
	if !ok {
		return "", false, nil
	}
	n, err := strconv.Atoi(num)
	if err != nil || n <= 0 {
		return "", false, nil
	}
	t := tasks.find(n)
	if t == nil {
		return "", true, fmt.Errorf("kill: no task t%d: :tasks lists them", n)
	}
	if st := taskState(t.state.Load()); st != taskLive {
		return "", true, fmt.Errorf("kill: t%d %q has already ended (%s)", n, t.Name, taskStateNames[st])
	}
	t.Cancel()
	select {
	case <-t.done:
		return fmt.Sprintf("t%d %q cancelled", n, t.Name), true, nil
	case <-time.After(100 * time.Millisecond):
		return fmt.Sprintf("t%d %q: its context is cancelled, but it is still running: it stops when it checks ctx.Done() or ctx.Err()", n, t.Name), true, nil
	}
}
