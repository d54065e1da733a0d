package shell

// A panic's traceback, as Go prints one: the learner's frames, innermost
// first, each the function and then its position. A frame may be in an
// earlier input (a function declared before): the shell remembers where
// each input came from, by the number the evaluator gave it.

import (
	"fmt"
	"strings"
	"sync"

	"github.com/learn-concurrency/playground/interp"
)

// maxInputs bounds the inputs whose origin is remembered.
const maxInputs = 4096

// inputKey names one input of one evaluator: numbers start again at 1 in
// a fresh evaluator.
type inputKey struct{ pid, in int }

// inputOrigin is where an input came from, and its first line, to name
// it at the prompt, where it has no file.
type inputOrigin struct {
	from  origin
	first string
}

// inputOrigins remembers where recent inputs came from. Its zero value is
// ready to use; its methods may be called concurrently.
type inputOrigins struct {
	mu    sync.Mutex
	byKey map[inputKey]inputOrigin
	order []inputKey // oldest first, for forgetting
}

// note records that input in of evaluator pid came from from, with text.
func (o *inputOrigins) note(pid, in int, from origin, text string) {
	if in <= 0 {
		return
	}
	first, _, _ := strings.Cut(strings.TrimSpace(text), "\n")
	if len(first) > 40 {
		first = first[:37] + "..."
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.byKey == nil {
		o.byKey = map[inputKey]inputOrigin{}
	}
	k := inputKey{pid, in}
	if _, ok := o.byKey[k]; !ok {
		o.order = append(o.order, k)
	}
	o.byKey[k] = inputOrigin{from: from, first: first}
	if len(o.order) > maxInputs {
		delete(o.byKey, o.order[0])
		o.order = o.order[1:]
	}
}

func (o *inputOrigins) lookup(pid, in int) (inputOrigin, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	io, ok := o.byKey[inputKey{pid, in}]
	return io, ok
}

// framePos says where a frame is: in the current input (numbered in, from
// from), or in an earlier one of evaluator pid.
func (o *inputOrigins) framePos(f interp.TraceFrame, pid, in int, from origin) string {
	if f.In == in || f.In == 0 {
		return from.pos(f.Line, f.Col)
	}
	io, ok := o.lookup(pid, f.In)
	switch {
	case !ok:
		return fmt.Sprintf("%d:%d of an earlier input", f.Line, f.Col)
	case io.from.file != "":
		return io.from.pos(f.Line, f.Col)
	}
	return fmt.Sprintf("%d:%d of `%s`", f.Line, f.Col, io.first)
}

// traceback says where a panic happened, and writes its frames as Go
// does: "main.f(...)" and, indented, where; innermost first. trace is the
// panic's frames, of evaluator pid, in the input numbered in (from from);
// a frame whose In is 0 is in that input too. Of a program (main and
// all), every frame is written but the code that called main, as Go
// writes a compiled program's; of an input, nothing when its one frame is
// in the input itself, which at says already.
func (sh *Shell) traceback(trace []interp.TraceFrame, pid, in int, from origin, program bool) (at, tb string) {
	if n := len(trace); program && n > 1 && trace[n-1].Func == "" {
		trace = trace[:n-1]
	}
	if len(trace) == 0 {
		return "", ""
	}
	where := func(f interp.TraceFrame) string { return sh.origins.framePos(f, pid, in, from) }
	at = where(trace[0])
	if !program && len(trace) == 1 && (trace[0].In == in || trace[0].In == 0) {
		return at, ""
	}
	var b strings.Builder
	for _, f := range trace {
		switch {
		case f.Func == "":
			b.WriteString("your input\n")
		case f.Func == "main.main":
			b.WriteString("main.main()\n")
		default:
			b.WriteString(f.Func + "(...)\n")
		}
		b.WriteString("\t" + where(f) + "\n")
	}
	return at, strings.TrimSuffix(b.String(), "\n")
}

// resultTrace is traceback for the panic of an input's result.
func (sh *Shell) resultTrace(res interp.Result, from origin, program bool) (at, tb string) {
	if res.Err == nil || res.Err.Kind != interp.ErrPanic {
		return "", ""
	}
	return sh.traceback(res.Err.Trace, sh.sess.PID(), res.In, from, program)
}

// crashTrace is traceback for the panic that ended an evaluator.
func (sh *Shell) crashTrace(e *interp.ExitError, from origin, program bool) (at, tb string) {
	pid := 0
	if e.ProcessState != nil {
		pid = e.Pid()
	}
	return sh.traceback(e.Stack, pid, 0, from, program)
}
