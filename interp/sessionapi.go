package interp

// What the Session hands the shell: the results of its methods and what
// its callbacks receive and return. Each type also travels as the body of
// a frame between the shell and the evaluator (protocol.go), so its JSON
// tags belong to the wire format, which is otherwise unexported.

import "fmt"

// Output carries bytes learner code wrote. Stream is "stdout" or "stderr".
// Data holds the bytes as written, valid UTF-8 or not. It is part of the
// Session API: Eval's onOutput and Notice.Output receive it.
type Output struct {
	Stream string `json:"s"`
	Data   string `json:"d"`
}

// Result ends an eval, type or doc request. It is part of the Session
// API: Eval, TypeOf, Doc, Meta and the others return it.
type Result struct {
	// Value is the formatted value of an input that ended in an expression,
	// and Type its type; both are empty when there is nothing to show.
	Value string `json:"v,omitempty"`
	Type  string `json:"t,omitempty"`
	// Text is the answer to a type or doc request.
	Text string `json:"x,omitempty"`
	// Warn, for an input that succeeded, is something the learner should
	// know about what it did (functions still calling an old version).
	Warn string `json:"w,omitempty"`
	// Err is set when the input failed.
	Err *Error `json:"e,omitempty"`
	// Index is the input's place in a batch; More says results follow.
	Index int  `json:"i,omitempty"`
	More  bool `json:"more,omitempty"`
	// In numbers the input among those the evaluator has run, from 1: a
	// TraceFrame names the input its code came from by this number.
	In int `json:"in,omitempty"`
}

// ErrorKind tells what sort of failure an Error is. It is part of the
// Session API (Result.Err).
type ErrorKind string

// Error kinds.
const (
	ErrCompile  ErrorKind = "compile"  // did not parse or type-check
	ErrPanic    ErrorKind = "panic"    // panicked while running
	ErrCanceled ErrorKind = "canceled" // stopped by a cancel request
	ErrOther    ErrorKind = "other"
)

// Error is a failed input. For compile errors Line and Col count from 1 in
// the learner's own input; for panics Frames lists positions of panicking
// frames in learner code, innermost first. It is part of the Session API
// (Result.Err).
type Error struct {
	Kind   ErrorKind `json:"k"`
	Msg    string    `json:"m"`
	Line   int       `json:"l,omitempty"`
	Col    int       `json:"c,omitempty"`
	Frames []string  `json:"f,omitempty"`
	// Trace, for a panic, is every frame it passed through in learner
	// code, innermost first, whichever input declared the function.
	Trace []TraceFrame `json:"tr,omitempty"`
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg)
	}
	return e.Msg
}

// TraceFrame is one frame of a panic's traceback: a function of the
// learner's (Func, "main.f"; empty for the code at the top of an input)
// at Line:Col of the input numbered In (Result.In). It is part of the
// Session API (Error.Trace, ExitError.Stack).
type TraceFrame struct {
	Func string `json:"fn,omitempty"`
	In   int    `json:"in"`
	Line int    `json:"l"`
	Col  int    `json:"c"`
}

// Candidate is one completion: the text to insert and a short description
// (a signature, a type, or "keyword"). It is part of the Session API:
// Complete returns them.
type Candidate struct {
	Text string `json:"t"`
	Desc string `json:"d,omitempty"`
}

// Status describes the evaluator process. It is part of the Session API
// (Notice.Busy).
type Status struct {
	PID        int `json:"pid"`
	Goroutines int `json:"g"`
	// CPU is the share of one core the evaluator used over the last interval, in percent.
	CPU float64 `json:"cpu,omitempty"`
	// Tasks, in a busy notice, names the pg tasks running then (t3 "spin").
	Tasks []string `json:"tasks,omitempty"`
}

// TermReply is the shell's answer to the evaluator's request for the
// terminal. Terminal is false when the shell has no terminal to give
// (playground run, or no input running); then the other fields are zero.
// It is part of the Session API: the hook given to SetTerminal returns it.
type TermReply struct {
	Terminal bool `json:"t,omitempty"`
	Width    int  `json:"w,omitempty"`
	Height   int  `json:"h,omitempty"`
	Colour   bool `json:"c,omitempty"`
}
