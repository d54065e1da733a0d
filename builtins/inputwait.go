package builtins

import (
	"fmt"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"time"
)

// InputWait says why the learner's input has not returned after waited,
// when it looks like a deadlock: the goroutine running the input (the one
// whose stack holds frame) waits on a channel or a lock in the learner's
// own code, and so does every other goroutine that could end that wait,
// or there is none. A Go program in that state stops with "all goroutines
// are asleep"; the evaluator's own goroutines keep the runtime from
// seeing it. It returns "" otherwise: the input runs, sleeps, waits on the
// network or a process, runs an App, or a goroutine that may still end
// the wait runs, waits on the network, a process or a system call.
//
// A goroutine of the learner's asleep in time.Sleep, and a timer the
// learner's code started (time.After, a context's deadline, a Timer), may
// end the wait when they wake: then the answer says "unless" they do. A
// go statement of time.Sleep itself holds nothing and ends when it wakes:
// it cannot end the wait, and does not count.
func InputWait(frame string, waited time.Duration) string {
	w, ok := lookAtWait(frame, InputGoexited(), true)
	if !ok {
		return ""
	}
	return w.hint(waited)
}

// Deadlock reports, for a program that no one can interrupt (playground
// run), whether the input (its goroutine's stack holds frame) can never
// return: every goroutine that could end its wait waits on a channel or
// a lock too, and no timer or sleeping goroutine of the learner's will
// wake. It returns Go's own words for it, "all goroutines are asleep -
// deadlock!" (or, when the input ended its goroutine with runtime.Goexit
// and nothing else is left, "no goroutines (main called runtime.Goexit) -
// deadlock!"), and "" while the program may still go on.
func Deadlock(frame string) string {
	goexited := InputGoexited()
	w, ok := lookAtWait(frame, goexited, false)
	if !ok || len(w.sleepers) > 0 {
		return ""
	}
	if w.timers = pendingTimers(true); w.timers != "" {
		return ""
	}
	if goexited && w.others == 0 {
		return "no goroutines (main called runtime.Goexit) - deadlock!"
	}
	return "all goroutines are asleep - deadlock!"
}

// inputGoexited is set while the input's goroutine has ended in
// runtime.Goexit: it can never return (see NoteInputGoexit).
var inputGoexited atomic.Bool

// NoteInputGoexit tells the deadlock checks whether the goroutine that
// runs the current input ended in runtime.Goexit (as a Go program's main
// may): the input then waits for ever, like main after Goexit. The
// evaluator sets it, and clears it when the next input starts.
func NoteInputGoexit(ended bool) { inputGoexited.Store(ended) }

// InputGoexited reports what NoteInputGoexit last said.
func InputGoexited() bool { return inputGoexited.Load() }

// A waitLook is what one look at every goroutine says about an input
// that has not returned.
type waitLook struct {
	input    string   // what the input's goroutine waits on; "goexit" after runtime.Goexit
	others   int      // the learner's other goroutines, all waiting on channels or locks
	sleepers []string // the learner's goroutines asleep in time.Sleep that may go on when they wake
	timers   string   // the learner's timers that may still fire (pendingTimers), "" for none
}

// lookAtWait looks at every goroutine; ok is false when the input runs,
// waits on something other than a channel or a lock of its own code, or
// when some goroutine that may end its wait is not waiting on one either.
func lookAtWait(frame string, goexited, withTimers bool) (w waitLook, ok bool) {
	apps.Lock()
	drawing := len(apps.running) > 0
	apps.Unlock()
	if drawing {
		return w, false // an App waits for keys on purpose, and owns the screen
	}
	if othersRunning() {
		return w, false // cheaply: something runs, so nothing is stuck for good
	}
	found, going := false, false
	deep := "" // a stuck goroutine whose outer frames were not recorded
	census(strings.TrimSuffix(frame, "("), func(g gLook) bool {
		stuck := waitsOnOthers(g.reason) && g.interp
		switch {
		case g.input:
			if !stuck {
				going = true
				return false
			}
			found = true
			w.input = g.reason
		case g.inert || g.holdsNothing:
		case stuck:
			w.others++
			if g.truncated && deep == "" {
				deep = g.reason
			}
		case g.sleepsInInterp:
			w.sleepers = append(w.sleepers, g.who())
		default:
			// Running, or waiting on what may end: the network, a
			// process, a system call, a compiled call.
			going = true
			return false
		}
		return true
	})
	if going {
		return w, false
	}
	switch {
	case goexited && !found:
		w.input = "goexit"
	case !found && deep != "":
		// The input is one of the goroutines too deep in calls to be
		// told apart.
		w.others--
		w.input = deep
	case !found:
		return w, false // it has returned meanwhile
	}
	if withTimers {
		w.timers = pendingTimers(false)
	}
	return w, true
}

// othersRunning reports whether a goroutine besides the caller keeps
// running or ready to run, from the scheduler's counts (no goroutine is
// looked at): it looks a few times over some 50 ms, since the evaluator's
// own goroutines run for moments (the one that read the request).
func othersRunning() bool {
	s := []metrics.Sample{{Name: "/sched/goroutines/running:goroutines"}, {Name: "/sched/goroutines/runnable:goroutines"}}
	for range 10 {
		metrics.Read(s)
		var n uint64
		for _, v := range s {
			if v.Value.Kind() == metrics.KindUint64 {
				n += v.Value.Uint64()
			}
		}
		if n <= 1 {
			return false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return true
}

// hint words w for the learner.
func (w waitLook) hint(waited time.Duration) string {
	what := map[string]string{
		"chan send": "a channel send", "chan receive": "a channel receive", "select": "a select",
		"chan send (nil chan)": "a send on a nil channel", "chan receive (nil chan)": "a receive from a nil channel",
		"select (no cases)": "an empty select", "sync.WaitGroup.Wait": "sync.WaitGroup.Wait",
		"sync.Mutex.Lock": "a sync.Mutex", "sync.RWMutex.Lock": "a sync.RWMutex", "sync.RWMutex.RLock": "a sync.RWMutex",
		"sync.Cond.Wait": "sync.Cond.Wait", "semacquire": "a lock",
	}[w.input]
	if what == "" {
		what = w.input
	}
	head := fmt.Sprintf("your input has waited %s on %s", waited.Round(time.Second), what)
	if w.input == "goexit" {
		head = "your input ended its goroutine with runtime.Goexit, so it cannot return"
	}
	var rest string
	switch w.others {
	case 0:
		rest = "no goroutine of yours is left to end the wait"
		if len(w.sleepers) > 0 {
			rest = "no goroutine of yours is awake to end the wait"
		}
	case 1:
		rest = "your other goroutine waits on a channel or a lock too"
	default:
		rest = fmt.Sprintf("your %d other goroutines all wait on channels or locks too", w.others)
	}
	var unless []string
	if len(w.sleepers) > 0 {
		who := w.sleepers
		if len(who) > 3 {
			who = append(who[:3:3], fmt.Sprintf("%d more", len(w.sleepers)-3))
		}
		verb := "wakes"
		if len(w.sleepers) > 1 {
			verb = "wake"
		}
		unless = append(unless, fmt.Sprintf("%s, asleep in time.Sleep, %s and ends it", strings.Join(who, ", "), verb))
	}
	if w.timers != "" {
		unless = append(unless, w.timers+" fires and ends it")
	}
	tail := " (a Go program would stop: all goroutines are asleep)"
	if w.others > 0 {
		tail = " (:tasks shows what tasks wait on)"
	}
	if len(unless) > 0 {
		return head + ", and " + rest + ": unless " + strings.Join(unless, ", or ") + ", this is a deadlock" + tail + ". Ctrl-C interrupts it."
	}
	return head + ", and " + rest + ": this is a deadlock" + tail + ". Ctrl-C interrupts it."
}

// who names a goroutine for the hint: its task, or what started it.
func (g gLook) who() string {
	if g.task != 0 {
		if t := liveTask(g.task); t != nil {
			return fmt.Sprintf("t%d %q", t.ID, t.Name)
		}
	}
	return "a goroutine of yours"
}

// waitsOnOthers reports whether a goroutine waiting for reason waits for
// another goroutine (a channel, a lock, a wait group), rather than for
// time, the network or a process.
func waitsOnOthers(reason string) bool {
	return strings.HasPrefix(reason, "chan ") || strings.HasPrefix(reason, "select") ||
		strings.HasPrefix(reason, "sync.") || strings.HasPrefix(reason, "semacquire")
}
