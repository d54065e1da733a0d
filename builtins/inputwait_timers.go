package builtins

// The timers learner code starts. A goroutine waiting on
// <-time.After(time.Minute), or on a context with a deadline, waits on a
// channel like any other, and only the timer can end its wait: Go never
// reports a deadlock while a timer is pending, and neither may the
// deadlock hint. Nothing in a goroutine's stack says that a channel is a
// timer's, so the evaluator gives learner code these wrappers of the
// functions that start timers, which note each one.

import (
	"context"
	"reflect"
	"runtime"
	"sync"
	"time"
	"weak"
)

// TimerSymbols replaces the functions of packages time and context that
// start timers, for yaegi (loaded after the standard library's).
var TimerSymbols = map[string]map[string]reflect.Value{
	"time/time": {
		"After":     reflect.ValueOf(timerAfter),
		"Tick":      reflect.ValueOf(timerTick),
		"NewTimer":  reflect.ValueOf(timerNew),
		"AfterFunc": reflect.ValueOf(timerAfterFunc),
		"NewTicker": reflect.ValueOf(timerNewTicker),
	},
	"context/context": {
		"WithTimeout":       reflect.ValueOf(timerWithTimeout),
		"WithDeadline":      reflect.ValueOf(timerWithDeadline),
		"WithTimeoutCause":  reflect.ValueOf(timerWithTimeoutCause),
		"WithDeadlineCause": reflect.ValueOf(timerWithDeadlineCause),
	},
}

// learnerTimers: until is the latest time a time.After or a context
// deadline fires (neither can be moved or restarted); a Timer or Ticker
// may be Reset by code that still holds it, so it counts while it can be
// reached; a time.Tick ticks for ever.
var learnerTimers struct {
	mu      sync.Mutex
	until   time.Time
	timers  []weak.Pointer[time.Timer]
	tickers []weak.Pointer[time.Ticker]
	ticks   int
	// lastGC is when pendingTimers last ran the collector to see which
	// Timers and Tickers are gone.
	lastGC time.Time
}

func noteDeadline(at time.Time) {
	learnerTimers.mu.Lock()
	if at.After(learnerTimers.until) {
		learnerTimers.until = at
	}
	learnerTimers.mu.Unlock()
}

func timerAfter(d time.Duration) <-chan time.Time {
	noteDeadline(time.Now().Add(d))
	return time.After(d)
}

func timerTick(d time.Duration) <-chan time.Time {
	c := time.Tick(d)
	if c != nil {
		learnerTimers.mu.Lock()
		learnerTimers.ticks++
		learnerTimers.mu.Unlock()
	}
	return c
}

func noteTimer(t *time.Timer) *time.Timer {
	learnerTimers.mu.Lock()
	learnerTimers.timers = append(learnerTimers.timers, weak.Make(t))
	learnerTimers.mu.Unlock()
	return t
}

func timerNew(d time.Duration) *time.Timer { return noteTimer(time.NewTimer(d)) }

func timerAfterFunc(d time.Duration, f func()) *time.Timer {
	return noteTimer(time.AfterFunc(d, f))
}

func timerNewTicker(d time.Duration) *time.Ticker {
	t := time.NewTicker(d) // panics for d <= 0, as it should
	learnerTimers.mu.Lock()
	learnerTimers.tickers = append(learnerTimers.tickers, weak.Make(t))
	learnerTimers.mu.Unlock()
	return t
}

func timerWithTimeout(parent context.Context, d time.Duration) (context.Context, context.CancelFunc) {
	noteDeadline(time.Now().Add(d))
	return context.WithTimeout(parent, d)
}

func timerWithDeadline(parent context.Context, at time.Time) (context.Context, context.CancelFunc) {
	noteDeadline(at)
	return context.WithDeadline(parent, at)
}

func timerWithTimeoutCause(parent context.Context, d time.Duration, cause error) (context.Context, context.CancelFunc) {
	noteDeadline(time.Now().Add(d))
	return context.WithTimeoutCause(parent, d, cause)
}

func timerWithDeadlineCause(parent context.Context, at time.Time, cause error) (context.Context, context.CancelFunc) {
	noteDeadline(at)
	return context.WithDeadlineCause(parent, at, cause)
}

// pendingTimers says which timers of the learner's may still fire: ""
// for none, else a phrase such as "a timer you started (time.After)".
// With collect, Timers and Tickers the program can no longer reach are
// first let go by a garbage collection (at most once a second): one that
// nothing reaches can neither fire into a channel anyone reads nor be
// Reset. A stopped Timer that is still reachable counts.
func pendingTimers(collect bool) string {
	learnerTimers.mu.Lock()
	needGC := collect && (len(learnerTimers.timers) > 0 || len(learnerTimers.tickers) > 0) &&
		time.Since(learnerTimers.lastGC) > time.Second
	if needGC {
		learnerTimers.lastGC = time.Now()
	}
	learnerTimers.mu.Unlock()
	if needGC {
		runtime.GC()
	}
	learnerTimers.mu.Lock()
	defer learnerTimers.mu.Unlock()
	learnerTimers.timers = liveWeak(learnerTimers.timers)
	learnerTimers.tickers = liveWeak(learnerTimers.tickers)
	switch {
	case learnerTimers.ticks > 0 || len(learnerTimers.tickers) > 0:
		return "a ticker you started (time.Tick, time.NewTicker)"
	case len(learnerTimers.timers) > 0:
		return "a timer you started (time.NewTimer, time.AfterFunc)"
	case time.Now().Before(learnerTimers.until.Add(timerLateness)):
		return "a timer you started (time.After, or a context's deadline)"
	}
	return ""
}

// timerLateness is how long after its time a time.After still counts as
// pending: the runtime runs timers late on a busy machine, and until it
// does, the goroutine the timer will wake still looks asleep (CI once saw
// a select on time.After(10 * time.Millisecond) called a deadlock).
const timerLateness = time.Second

// liveWeak keeps the pointers whose values can still be reached.
func liveWeak[T any](ps []weak.Pointer[T]) []weak.Pointer[T] {
	live := ps[:0]
	for _, p := range ps {
		if p.Value() != nil {
			live = append(live, p)
		}
	}
	clear(ps[len(live):])
	return live
}

// forgetTimers forgets every timer noted, for tests.
func forgetTimers() {
	learnerTimers.mu.Lock()
	defer learnerTimers.mu.Unlock()
	learnerTimers.until = time.Time{}
	learnerTimers.timers, learnerTimers.tickers, learnerTimers.ticks = nil, nil, 0
}
