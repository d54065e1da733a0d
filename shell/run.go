package shell

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/learn-concurrency/playground/interp"
)

// Run runs a file of shell input, or a Go program, without a terminal:
// no prompts, no colour unless cfg asks for it. name "-" reads standard
// input. It returns the process exit status: 0 when every input succeeded,
// 1 when one failed (Run stops there unless cfg.KeepGoing), and for a Go
// program the status it exited with.
func Run(cfg Config, name string) int {
	if cfg.Stdin == nil {
		cfg.Stdin = os.Stdin
	}
	src, err := readFileOrStdin(name, cfg.Stdin)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	if name != "-" {
		// Learner code may read the real standard input.
		cfg.Session.Stdin = cfg.Stdin
	}
	cfg.lazyLessons = true
	// Once a deadlock ends the run, nothing more is shown: not the
	// "interrupted" of the input it stops.
	stdout, stderr := &gate{w: cfg.Stdout}, &gate{w: cfg.Stderr}
	cfg.Stdout, cfg.Stderr = stdout, stderr
	sh, err := New(cfg)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	defer sh.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	ctx, stopRun := context.WithCancel(ctx)
	defer stopRun()
	deadlocked := sh.watchDeadlock(ctx, func(msg string) {
		stderr.close("fatal error: " + msg + "\n")
		stdout.close("")
		stopRun()
	})

	display := name
	if name == "-" {
		display = "stdin"
	}
	if interp.IsGoFile(string(src)) {
		status := sh.runProgram(ctx, string(src), display)
		if deadlocked() {
			return 2
		}
		return status
	}
	sh.openLesson()
	ok, _, err := sh.runInputs(ctx, strings.NewReader(string(src)), display, cfg.KeepGoing)
	if deadlocked() {
		return 2
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return 130
		}
		sh.p.errorf("playground: reading %s: %v", display, err)
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}

// runProgram runs a whole Go program as yaegi run would; os.Exit in it
// sets the status quietly, as it would for a compiled program.
func (sh *Shell) runProgram(ctx context.Context, src, name string) int {
	res, err := sh.sess.EvalLast(ctx, src, sh.p.output)
	var ee *interp.ExitError
	switch {
	case errors.As(err, &ee) && ee.Requested:
		return ee.Code
	case errors.As(err, &ee):
		from := origin{file: name, line: 1}
		if msg, ok := ee.PanicMessage(); ok {
			// A goroutine's panic ended it: Go's words, as for main's.
			at, tb := sh.crashTrace(ee, from, true)
			sh.p.evalError(&interp.Error{Kind: interp.ErrPanic, Msg: msg, Frames: ee.Frames}, from, at, tb)
			return 2
		}
		if len(ee.Frames) > 0 {
			ee.Reason = ee.ReasonAt(from.frame(ee.Frames[0]))
		}
		sh.p.errorf("%s", ee.Reason)
		return 2
	case err != nil:
		sh.p.errorf("%v", err)
		if errors.Is(err, context.Canceled) {
			return 130
		}
		return 1
	case res.Err != nil && res.Err.Kind == interp.ErrCompile:
		sh.p.evalError(res.Err, origin{file: name, line: 1}, "", "")
		return 1
	case res.Err != nil:
		from := origin{file: name, line: 1}
		at, tb := sh.resultTrace(res, from, true)
		sh.p.evalError(res.Err, from, at, tb)
		return 2
	}
	return 0
}

// deadlockPoll is how often playground run asks whether the input can
// still return, at least: a look at every goroutine costs the evaluator
// time in proportion to their number, so the pause after each look is
// deadlockCostFactor times as long as the look took, keeping the cost
// under a tenth of the run.
const (
	deadlockPoll       = 100 * time.Millisecond
	deadlockCostFactor = 10
)

// watchDeadlock asks the evaluator, every deadlockPoll or less often,
// whether the running input can never return (every goroutine of the
// learner's asleep on a channel or a lock, no timer pending): a Go
// program then ends with "fatal error: all goroutines are asleep -
// deadlock!" and status 2, and no one is there to press Ctrl-C. It calls
// found with Go's words, once, and stops; the function it returns stops
// the watch and reports whether found was called.
func (sh *Shell) watchDeadlock(ctx context.Context, found func(msg string)) (stop func() bool) {
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan bool, 1)
	go func() {
		for {
			select {
			case <-ctx.Done():
				done <- false
				return
			case <-time.After(deadlockPoll):
			}
			start := time.Now()
			res, err := sh.sess.Meta(ctx, interp.DeadlockMeta, "")
			if err == nil && res.Err == nil && res.Text != "" {
				found(res.Text)
				done <- true
				return
			}
			if cost := time.Since(start); cost*deadlockCostFactor > deadlockPoll {
				select {
				case <-ctx.Done():
				case <-time.After(cost*deadlockCostFactor - deadlockPoll):
				}
			}
		}
	}()
	var once sync.Once
	var was bool
	return func() bool {
		once.Do(func() {
			cancel()
			was = <-done
		})
		return was
	}
}

// A gate passes writes on until it is closed, and drops them after.
type gate struct {
	mu     sync.Mutex
	w      io.Writer
	closed bool
}

func (g *gate) Write(p []byte) (int, error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed || g.w == nil {
		return len(p), nil
	}
	return g.w.Write(p)
}

// Unwrap returns the writer behind the gate (termWidth looks for a
// terminal there).
func (g *gate) Unwrap() io.Writer { return g.w }

// close writes last, then drops every later write.
func (g *gate) close(last string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.closed && g.w != nil && last != "" {
		io.WriteString(g.w, last)
	}
	g.closed = true
}
