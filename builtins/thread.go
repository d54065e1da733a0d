package builtins

// Goroutines and the OS threads they run on: ids, thread counts, pinning,
// and what the runtime says each goroutine is doing.

import (
	"bytes"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

func init() {
	export(map[string]reflect.Value{
		"GID":          reflect.ValueOf(GID),
		"TID":          reflect.ValueOf(TID),
		"Threads":      reflect.ValueOf(Threads),
		"LockThread":   reflect.ValueOf(LockThread),
		"UnlockThread": reflect.ValueOf(UnlockThread),
	})
}

// GID returns the id of the goroutine that calls it: the number Go prints
// as "goroutine 7" in a panic's stack trace. Go keeps goroutine ids out of
// its API on purpose (so programs do not build goroutine-local storage on
// them); the playground reads it from the stack trace so you can watch
// which goroutine runs what, as Python's threading.get_ident() shows
// threads. Two goroutines never share an id while both are alive.
//
//	fmt.Println(pg.GID()) // the goroutine running this input
//	pg.Go("g", func(ctx context.Context) { fmt.Println(pg.GID()) }) // another one
func GID() int64 {
	gid, _ := noteSelf(gettid())
	return gid
}

// TID returns the id of the OS thread the calling goroutine runs on at
// this moment, as Python's threading.get_native_id() does (on Linux, the
// number ps -L and /proc/PID/task show). Go moves goroutines between
// threads as it likes: call TID twice, with a time.Sleep between, and the
// answers may differ, unless the goroutine is pinned with LockThread.
// On systems other than Linux TID returns -1: Go offers no portable way to
// ask, and the playground does not use cgo.
//
//	pg.Go("where", func(ctx context.Context) {
//		fmt.Println(pg.TID())
//		time.Sleep(10 * time.Millisecond)
//		fmt.Println(pg.TID()) // perhaps another thread
//	})
func TID() int {
	tid := gettid()
	noteSelf(tid)
	return tid
}

// Threads returns how many OS threads the playground's evaluator process
// has now: the threads Go's scheduler runs goroutines on, plus threads
// blocked in system calls and the runtime's own. A thousand sleeping
// goroutines need only a handful of threads. On Linux it counts
// /proc/self/task; elsewhere it returns how many threads Go has created
// since start-up (the threadcreate profile), which never goes down.
//
//	fmt.Println(pg.Threads(), runtime.NumGoroutine())
func Threads() int {
	return countThreads()
}

// LockThread pins the calling goroutine to the OS thread it runs on now
// (runtime.LockOSThread) and returns that thread's id: until UnlockThread,
// this goroutine runs only on this thread and no other goroutine runs on
// it. Calls nest: as many UnlockThread calls as LockThread calls undo it.
// If the goroutine ends while still pinned, Go ends the thread with it.
// At the prompt each input runs on a goroutine of its own, so a pin made
// there lasts only for that input; pin inside a pg.Go task to keep it.
//
//	pg.Go("pinned", func(ctx context.Context) {
//		tid := pg.LockThread()
//		defer pg.UnlockThread()
//		time.Sleep(10 * time.Millisecond)
//		fmt.Println(pg.TID() == tid) // true
//	})
func LockThread() int {
	runtime.LockOSThread()
	return TID()
}

// UnlockThread undoes one LockThread of the calling goroutine
// (runtime.UnlockOSThread): once every LockThread is undone, Go may move
// the goroutine to other threads again. Calling it without LockThread
// does nothing.
//
//	pg.LockThread()
//	defer pg.UnlockThread()
func UnlockThread() {
	runtime.UnlockOSThread()
	noteSelf(gettid())
}

// selfStack reads the calling goroutine's stack trace: its id, from the
// first line ("goroutine 7 [running]:"), and the ID of the task it runs,
// from the taskDigit frames near its end (0 if it runs none).
func selfStack() (gid int64, task int) {
	buf := stackBufPool.Get().(*[]byte)
	defer putStackBuf(buf)
	var n int
	for {
		n = runtime.Stack(*buf, false)
		// Go prints at most 100 frames: some ten kilobytes.
		if n < len(*buf) || len(*buf) >= 1<<20 {
			break
		}
		*buf = make([]byte, 2*len(*buf))
	}
	g, ok := parseGoroutine((*buf)[:n])
	if !ok {
		return 0, 0
	}
	return g.id, g.task
}

// maxStackDump bounds the stack traces goroutineStacks reads. Past it
// (some hundred thousand goroutines) the goroutines left out read as
// running.
const maxStackDump = 64 << 20

// stackBufPool holds buffers for stack traces.
var stackBufPool = sync.Pool{New: func() any { b := make([]byte, 64<<10); return &b }}

// dumpBytesPerG is how many bytes a goroutine took in the last whole
// dump, for sizing the next one's buffer: a buffer too small costs a
// whole dump, the world stopped, for nothing. 1,000 sleeping goroutines
// (the threads track) took five dumps from 64 KiB up, and :tasks 60 ms.
var dumpBytesPerG atomic.Int64

func init() { dumpBytesPerG.Store(1 << 10) }

// goroutineStacks returns the stack traces of every goroutine, as a
// panic prints them, and whether they were cut at maxStackDump. It stops
// the world while it writes them. Give the buffer back with putStackBuf.
func goroutineStacks() (dump []byte, cut bool, buf *[]byte) {
	buf = stackBufPool.Get().(*[]byte)
	gs := int64(runtime.NumGoroutine())
	if want := min(gs*dumpBytesPerG.Load()*5/4, maxStackDump); want > int64(len(*buf)) {
		*buf = make([]byte, want)
	}
	for {
		n := runtime.Stack(*buf, true)
		if n < len(*buf) {
			dumpBytesPerG.Store(max(int64(n)/max(gs, 1), 256))
			return (*buf)[:n], false, buf
		}
		if len(*buf) >= maxStackDump {
			return (*buf)[:n], true, buf
		}
		*buf = make([]byte, min(4*len(*buf), maxStackDump))
	}
}

// putStackBuf returns a buffer to stackBufPool, unless it grew large.
func putStackBuf(buf *[]byte) {
	if len(*buf) <= 1<<20 {
		stackBufPool.Put(buf)
	}
}

// A gState is what a goroutine's stack trace says about it.
type gState struct {
	id int64
	// reason is "running", or why the goroutine waits as the runtime
	// words it: "chan receive", "sleep", "select", "IO wait", ...
	reason string
	locked bool // pinned to its thread (LockThread)
	task   int  // the ID of the task it runs, 0 if none
	// plainGo: started by a go statement in interpreted code.
	plainGo bool
}

// waiting reports whether the goroutine is blocked rather than running or
// ready to run.
func (s gState) waiting() bool { return s.reason != "running" }

// parseGoroutine reads one goroutine's block of a stack dump: the header
// "goroutine 7 [chan receive, 3 minutes, locked to thread]:", frames, and
// "created by F in goroutine 1".
func parseGoroutine(block []byte) (gState, bool) {
	var s gState
	header, rest, _ := bytes.Cut(block, []byte("\n"))
	header, ok := bytes.CutPrefix(header, []byte("goroutine "))
	if !ok {
		return s, false
	}
	num, status, ok := bytes.Cut(header, []byte(" ["))
	if !ok {
		return s, false
	}
	id, err := strconv.ParseInt(string(num), 10, 64)
	if err != nil {
		return s, false
	}
	s.id = id
	status = bytes.TrimSuffix(status, []byte("]:"))
	// Labels, if GODEBUG=tracebacklabels=1, come last and may hold commas.
	if i := bytes.Index(status, []byte(" labels:{")); i >= 0 {
		status = status[:i]
	}
	parts := bytes.Split(status, []byte(", "))
	reason := string(bytes.TrimSuffix(parts[0], []byte(" (scan)")))
	for _, p := range parts[1:] {
		if string(p) == "locked to thread" {
			s.locked = true
		}
	}
	switch reason {
	case "running", "runnable", "preempted", "copystack", "idle":
		reason = "running"
	case "select":
		reason = yaegiChanOp(rest, reason)
	}
	s.reason = reason
	s.task = taskIDIn(rest)
	creator := rest
	if i := bytes.LastIndex(rest, []byte("\ncreated by ")); i >= 0 {
		creator = rest[i+1:]
	}
	if c, ok := bytes.CutPrefix(creator, []byte("created by ")); ok {
		s.plainGo = yaegiassume.StartsGoStatement(string(c))
	}
	return s, true
}

// yaegiChanOp names the channel operation an interpreted goroutine waits
// in. While an evaluation can be cancelled (as in the playground), yaegi
// runs each blocking send and receive as a reflect.Select that also waits
// for the cancel: the runtime then says "select" for a plain <-ch. The
// interpreter's function in the stack tells which operation it is.
func yaegiChanOp(frames []byte, reason string) string {
	i := bytes.Index(frames, []byte(yaegiassume.FramePrefix))
	if i < 0 || (i > 0 && frames[i-1] != '\n') {
		return reason
	}
	fn := frames[i+len(yaegiassume.FramePrefix):]
	if j := bytes.IndexAny(fn, ".("); j >= 0 {
		fn = fn[:j]
	}
	if op := yaegiassume.ChanOp(string(fn)); op != "" {
		return op
	}
	return reason
}

// taskDigitFunc is how stack traces name taskDigit0 without its digit:
// "github.com/learn-concurrency/playground/builtins.taskDigit".
var taskDigitFunc = func() []byte {
	name := runtime.FuncForPC(reflect.ValueOf(taskDigit0).Pointer()).Name()
	return []byte(strings.TrimSuffix(name, "0"))
}()

// taskIDIn reads a task's ID from the taskDigit frames of a goroutine's
// stack trace, innermost (the last digit) first; 0 if there are none.
func taskIDIn(frames []byte) int {
	id, scale := 0, 1
	for {
		i := bytes.Index(frames, taskDigitFunc)
		if i < 0 {
			return id
		}
		rest := frames[i+len(taskDigitFunc):]
		if (i == 0 || frames[i-1] == '\n') && len(rest) > 1 && rest[0] >= '0' && rest[0] <= '9' && rest[1] == '(' {
			id += int(rest[0]-'0') * scale
			scale *= 10
		}
		frames = rest
	}
}

// taskGoroutine finds the goroutine of task id in dump: by its goroutine
// id if it is known (gid is not 0), else by its taskDigit frames.
func taskGoroutine(dump []byte, id int, gid int64) (gState, bool) {
	if gid != 0 {
		return goroutineState(dump, gid)
	}
	var found gState
	eachGoroutine(dump, func(g gState) {
		if g.task == id {
			found = g
		}
	})
	return found, found.task == id
}

// taskGoroutines takes one look at every goroutine and returns those that
// run tasks, by task ID.
func taskGoroutines() map[int]gState {
	gs := map[int]gState{}
	lookAtGoroutines(func(g gState) {
		if g.task != 0 {
			gs[g.task] = g
		}
	})
	return gs
}

// lookAtGoroutines calls f for every goroutine, from a text dump while
// there are at most censusMax of them, else from a census: some goroutine
// ids are then missing (0), and so are the tasks of goroutines deeper in
// calls than the census records. It reports whether every goroutine was
// seen whole (the dump was not cut, and no goroutine lost its outer
// frames).
func lookAtGoroutines(f func(gState)) (whole bool) {
	if runtime.NumGoroutine() > censusMax {
		whole = true
		f(gState{reason: "running"}) // the caller's own
		census("", func(g gLook) bool {
			whole = whole && !g.truncated
			f(g.gState)
			return true
		})
		return whole
	}
	dump, cut, buf := goroutineStacks()
	defer putStackBuf(buf)
	eachGoroutine(dump, f)
	return !cut
}

// eachGoroutine calls f for every goroutine in dump.
func eachGoroutine(dump []byte, f func(gState)) {
	for len(dump) > 0 {
		block, rest, _ := bytes.Cut(dump, []byte("\n\n"))
		if s, ok := parseGoroutine(block); ok {
			f(s)
		}
		dump = rest
	}
}

// goroutineState finds goroutine id in dump.
func goroutineState(dump []byte, id int64) (gState, bool) {
	head := []byte("goroutine " + strconv.FormatInt(id, 10) + " [")
	i := 0
	if !bytes.HasPrefix(dump, head) {
		i = bytes.Index(dump, append([]byte("\n\n"), head...))
		if i < 0 {
			return gState{}, false
		}
		i += 2
	}
	block, _, _ := bytes.Cut(dump[i:], []byte("\n\n"))
	return parseGoroutine(block)
}
