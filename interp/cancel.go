package interp

import (
	"context"
	"reflect"
	"runtime"
	"time"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"

	"github.com/learn-concurrency/playground/builtins"
)

// canceller runs compiled programs the way yaegi's ExecuteWithContext does,
// without its data race.
//
// When its context is cancelled, ExecuteWithContext (yaegi v0.16.1,
// program.go:188-207) returns while the goroutine running the program still
// has to write the function's named results: the race detector reports it
// on every Ctrl-C. canceller does the same steps, with results the abandoned
// goroutine owns: the patched interpreter's ArmStop gives it the stop of
// each run.
type canceller struct {
	i *yaegi.Interpreter

	// abandoned is closed when the program last cancelled has finished
	// unwinding; nil when none is pending.
	abandoned chan struct{}
}

// lingerWait bounds the wait for a cancelled program to unwind. A
// program blocked in a compiled call (time.Sleep(time.Hour)) cannot be
// waited for: it touches nothing until that call returns.
const lingerWait = 500 * time.Millisecond

func newCanceller(i *yaegi.Interpreter) *canceller {
	return &canceller{i: i}
}

// settle waits, briefly, for the program last cancelled to finish
// unwinding. Call it before compiling too: compiling writes the
// interpreter's scopes, which the unwinding program reads.
func (c *canceller) settle() {
	if c.abandoned == nil {
		return
	}
	select {
	case <-c.abandoned:
	case <-time.After(lingerWait):
	}
	c.abandoned = nil
}

// inputFrame is how a stack trace names the goroutine execute starts, the
// one that runs an input (builtins.InputWait looks for it).
var inputFrame = runtime.FuncForPC(reflect.ValueOf((*canceller).execute).Pointer()).Name() + ".func"

// execute runs prog until it ends or ctx is cancelled.
//
// A cancelled program's goroutine goes on unwinding after execute returns,
// and it writes the interpreter's frame, as the next program will
// (yaegi#140): so the next execute first waits for it, briefly.
//
// stopping, if not nil, is called once ctx is cancelled, before the
// interpreter's goroutines are told to stop: what it counts as running
// (pg's tasks) is still running then, however fast the stop is.
func (c *canceller) execute(ctx context.Context, prog *yaegi.Program, stopping func()) (reflect.Value, error) {
	c.settle()
	stop := c.i.ArmStop()

	type result struct {
		v   reflect.Value
		err error
	}
	finished := make(chan result, 1)
	unwound := make(chan struct{})
	builtins.NoteInputGoexit(false)
	go func() {
		defer close(unwound)
		// runtime.Goexit in the input ends this goroutine without a
		// result, as it ends main in a Go program: the input then never
		// returns, and the deadlock checks must know why.
		goexit := true
		defer func() {
			if goexit {
				builtins.NoteInputGoexit(true)
			}
		}()
		v, err := c.i.Execute(prog)
		goexit = false
		finished <- result{v, err}
	}()
	select {
	case <-ctx.Done():
		if stopping != nil {
			stopping()
		}
		stop()
		c.abandoned = unwound
		return reflect.Value{}, ctx.Err()
	case r := <-finished:
		if ctx.Err() != nil && stopping != nil {
			stopping() // the cancel came as the program ended
		}
		return r.v, r.err
	}
}
