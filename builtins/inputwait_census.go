package builtins

// A census: one look at every goroutine that stays cheap for a hundred
// thousand of them. A text stack dump (runtime.Stack with all set) stops
// the world while it formats every frame of every goroutine, some two
// kilobytes each: 100,000 parked goroutines made it seconds long and
// 200 MB. runtime.GoroutineProfile records program counters instead,
// with the world stopped only at its start and end, and a goroutine's
// frames say what it waits on: the function that parked it (chanrecv,
// selectgo, semacquire1, time.Sleep, netpollblock) and what called it.
// What the profile does not give: goroutine ids, "locked to thread", and
// frames past the innermost 32 (a goroutine deep in calls loses its
// outermost frames, which tell who started it and which task it runs).

import (
	"reflect"
	"runtime"
	"strings"
	"sync"
	"unsafe"

	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

// censusMax is how many goroutines a text dump is still used for (it
// gives goroutine ids and the runtime's own wording of each wait); past
// it, a census.
const censusMax = 2000

// A gLook is what one look at a goroutine tells.
type gLook struct {
	gState
	// interp: the goroutine waits in interpreted code itself (a channel
	// operation, a select, a lock or wait group the learner's code
	// called), not inside a compiled function or one of pg's.
	interp bool
	// input: it runs the learner's input (its stack holds the frame
	// InputWait was given).
	input bool
	// inert: the evaluator's own machinery, or pg's bookkeeping (the
	// timeline sampler, the thread processes are started from): nothing
	// it does can end a wait of the learner's code.
	inert bool
	// holdsNothing: a go statement of a compiled function (go
	// time.Sleep(time.Hour)): when the call returns the goroutine ends,
	// and no code of the learner's runs on it.
	holdsNothing bool
	// sleepsInInterp: asleep in a time.Sleep the learner's code called;
	// when it wakes, that code goes on.
	sleepsInInterp bool
	// truncated: the innermost 32 frames are all that was recorded, so
	// who started it is not known.
	truncated bool
}

// pcs caches, by program counter, the functions a frame stands for
// (several when calls were inlined), innermost first, and whether it is
// one of the frames that number a task. censusMu guards it, and lets one
// census run at a time.
var (
	censusMu sync.Mutex
	pcs      = map[uintptr]*pcInfo{}
	// looked caches lookAt's answers by a goroutine's frames without
	// its task's number: 100,000 tasks parked alike are read once.
	looked      = map[string]gLook{}
	lookedInput string // the input frame looked's answers were read for
)

type pcInfo struct {
	names []string
	// digit is 0-9 for a taskDigit frame, 10 for nextTaskDigit, -1 for
	// any other.
	digit int8
}

func pcAt(pc uintptr) *pcInfo {
	if info, ok := pcs[pc]; ok {
		return info
	}
	info := &pcInfo{digit: -1}
	frames := runtime.CallersFrames([]uintptr{pc})
	for {
		f, more := frames.Next()
		info.names = append(info.names, f.Function)
		if !more {
			break
		}
	}
	if len(info.names) == 1 {
		n, digitFunc := info.names[0], string(taskDigitFunc)
		switch {
		case len(n) == len(digitFunc)+1 && strings.HasPrefix(n, digitFunc) && n[len(n)-1] >= '0' && n[len(n)-1] <= '9':
			info.digit = int8(n[len(n)-1] - '0')
		case n == nextTaskDigitFunc:
			info.digit = 10
		}
	}
	if len(pcs) > 1<<16 {
		clear(pcs) // code loaded over a long session: start again
	}
	pcs[pc] = info
	return info
}

// nextTaskDigitFunc is how stack traces name nextTaskDigit.
var nextTaskDigitFunc = runtime.FuncForPC(reflect.ValueOf(nextTaskDigit).Pointer()).Name()

// censusRecs is the census's buffer of records, kept between censuses
// (some 250 bytes a goroutine, without pointers): allocating it anew each
// time, beside 100,000 goroutines whose stacks fill most of the memory
// limit, set the collector going on every look.
var censusRecs []runtime.StackRecord

// census calls f with what every goroutine but the caller's is doing,
// until f returns false; input, if not "", names the function (a prefix
// of its name) of the goroutine that runs the learner's input. One census
// runs at a time.
func census(input string, f func(gLook) bool) {
	censusMu.Lock()
	defer censusMu.Unlock()
	n := runtime.NumGoroutine()
	for {
		if want := n + n/8 + 16; len(censusRecs) < want || len(censusRecs) > 4*want+1024 {
			censusRecs = make([]runtime.StackRecord, want)
		}
		var ok bool
		if n, ok = runtime.GoroutineProfile(censusRecs); ok {
			break
		}
	}
	if len(looked) > 1<<14 || input != lookedInput {
		clear(looked)
		lookedInput = input
	}
	var names []string
	key := make([]uintptr, 0, 64)
	// The first record is the caller's own goroutine.
	for i := 1; i < n; i++ {
		stack := censusRecs[i].Stack()
		truncated := len(stack) == len(censusRecs[i].Stack0)
		key = key[:0]
		id, scale := 0, 1
		for _, pc := range stack {
			switch d := pcAt(pc).digit; {
			case d >= 0 && d <= 9:
				id += int(d) * scale
				scale *= 10
			case d < 0:
				key = append(key, pc)
			}
		}
		if truncated {
			key = append(key, 1)
		}
		kb := unsafe.Slice((*byte)(unsafe.Pointer(unsafe.SliceData(key))), len(key)*int(unsafe.Sizeof(uintptr(0))))
		g, ok := looked[string(kb)]
		if !ok {
			names = names[:0]
			for _, pc := range stack {
				names = append(names, pcAt(pc).names...)
			}
			g = lookAt(names, truncated, input)
			g.task = 0
			looked[string(kb)] = g
		}
		g.task = id
		if !f(g) {
			return
		}
	}
}

// Functions whose goroutines never end a wait of the learner's code.
var inertStarts = []string{
	"runtime.main", // the evaluator's request loop, or a test binary's main
	"github.com/learn-concurrency/playground/builtins.sampleTasks",
	"github.com/learn-concurrency/playground/builtins.procSpawn.",
	"github.com/learn-concurrency/playground/builtins.reapProcGroup.",
}

// interpPkg prefixes the evaluator's functions: a goroutine it started
// runs its machinery, except the one that runs the input.
const interpPkg = "github.com/learn-concurrency/playground/interp."

// lookAt reads one goroutine's frames, innermost first; truncated says
// the innermost were all that was recorded; input, if not "", is in the
// name of a frame of the goroutine that runs the learner's input (which
// the evaluator started, but which is the learner's).
func lookAt(names []string, truncated bool, input string) gLook {
	var g gLook
	g.reason = waitReasonOf(names)
	g.truncated = truncated
	start := ""
	if !truncated && len(names) >= 2 {
		start = names[len(names)-2] // the last is runtime.goexit
	} else if !truncated && len(names) == 1 {
		start = names[0]
	}
	g.task = taskIDOf(names)
	g.plainGo = yaegiassume.StartsGoStatement(start)
	g.interp = innermostIsInterp(names)
	if input != "" {
		for _, n := range names {
			if strings.Contains(n, input) {
				g.input = true
				break
			}
		}
	}
	if !g.input && start != "" {
		if strings.HasPrefix(start, interpPkg) {
			g.inert = true
		}
		for _, s := range inertStarts {
			if strings.HasPrefix(start, s) {
				g.inert = true
			}
		}
	}
	if g.reason == "sleep" {
		for i, n := range names {
			if n == "time.Sleep" {
				g.sleepsInInterp = strings.HasPrefix(firstInterp(names[i+1:]), yaegiassume.FramePrefix)
				break
			}
		}
		// A go statement of time.Sleep: the goroutine ends when it wakes.
		g.holdsNothing = g.sleepsInInterp && !truncated && yaegiassume.CallsCompiled(start) && !hasInterpreted(names)
	}
	if g.reason == "select" {
		g.reason = yaegiChanOp([]byte(firstInterp(names)+"(\n"), g.reason)
	}
	return g
}

// taskIDOf reads a task's ID from the taskDigit frames among names,
// innermost (the last digit) first; 0 if there are none.
func taskIDOf(names []string) int {
	digitFunc := string(taskDigitFunc)
	id, scale := 0, 1
	for _, n := range names {
		if len(n) == len(digitFunc)+1 && strings.HasPrefix(n, digitFunc) && n[len(n)-1] >= '0' && n[len(n)-1] <= '9' {
			id += int(n[len(n)-1]-'0') * scale
			scale *= 10
		}
	}
	return id
}

// waitReasonOf names what a goroutine with these frames (innermost
// first) waits on, as the runtime words it in a stack dump: "chan
// receive", "select", "sleep", "sync.Mutex.Lock", "IO wait", "syscall";
// "running" if it is not parked.
func waitReasonOf(names []string) string {
	i := 0
	for i < len(names) && (names[i] == "runtime.gopark" || names[i] == "runtime.goparkunlock") {
		i++
	}
	if i == 0 {
		if len(names) > 0 && isSyscallFrame(names[0]) {
			return "syscall"
		}
		return "running"
	}
	if i == len(names) {
		return "waiting"
	}
	switch names[i] {
	case "runtime.chanrecv", "runtime.chanrecv1", "runtime.chanrecv2":
		return "chan receive"
	case "runtime.chansend", "runtime.chansend1":
		return "chan send"
	case "runtime.selectgo":
		return "select"
	case "runtime.block":
		return "select (no cases)"
	case "time.Sleep":
		return "sleep"
	case "runtime.netpollblock":
		return "IO wait"
	}
	// Locks, wait groups and conditions: named by the sync method.
	for _, n := range names[i:] {
		switch n {
		case "sync.(*Mutex).Lock":
			return "sync.Mutex.Lock"
		case "sync.(*RWMutex).Lock":
			return "sync.RWMutex.Lock"
		case "sync.(*RWMutex).RLock":
			return "sync.RWMutex.RLock"
		case "sync.(*WaitGroup).Wait":
			return "sync.WaitGroup.Wait"
		case "sync.(*Cond).Wait":
			return "sync.Cond.Wait"
		}
	}
	if strings.Contains(names[i], "semacquire") {
		return "semacquire"
	}
	return "waiting"
}

// isSyscallFrame reports whether a goroutine's innermost frame is a
// system call (or the runtime's sleep on a note, as signal.Notify's
// goroutine waits for a signal).
func isSyscallFrame(fn string) bool {
	for _, p := range []string{"syscall.", "internal/runtime/syscall", "runtime/internal/syscall", "internal/syscall/", "runtime.notetsleepg", "runtime.entersyscall"} {
		if strings.HasPrefix(fn, p) {
			return true
		}
	}
	return false
}

// libraryFrame reports whether fn is the runtime's, reflect's or sync's,
// which any blocking operation of interpreted code passes through.
func libraryFrame(fn string) bool {
	for _, lib := range []string{"runtime.", "reflect.", "sync.", "internal/"} {
		if strings.HasPrefix(fn, lib) {
			return true
		}
	}
	return false
}

// firstInterp returns the innermost frame that is not a library's.
func firstInterp(names []string) string {
	for _, n := range names {
		if !libraryFrame(n) {
			return n
		}
	}
	return ""
}

// innermostIsInterp reports whether the innermost frame past the
// runtime, reflect and sync is the interpreter's: the goroutine waits
// in an operation of interpreted code.
func innermostIsInterp(names []string) bool {
	return strings.HasPrefix(firstInterp(names), yaegiassume.FramePrefix)
}

// hasInterpreted reports whether the frames run interpreted code (the
// interpreter's loop over a function's body), as opposed to a call of a
// compiled function that a go statement started.
func hasInterpreted(names []string) bool {
	for _, n := range names {
		if strings.HasPrefix(n, yaegiassume.FramePrefix) && !yaegiassume.CallsCompiled(n) {
			return true
		}
	}
	return false
}
