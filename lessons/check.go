package lessons

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// A Session is the learner's session as the lessons see it. Package shell
// implements it over the evaluator.
type Session interface {
	// Value evaluates the Go expression src in the learner's session
	// without showing it or recording it as an input, and returns its
	// value as the shell formats it (a string quoted). A compile error is
	// a *CompileError.
	Value(ctx context.Context, src string) (string, error)
}

// A CompileError is Go code that did not compile; Line and Col count
// from 1 in the code (0 when unknown).
type CompileError struct {
	Msg       string
	Line, Col int
}

func (e *CompileError) Error() string { return e.Msg }

// An Attempt is what a check sees of the learner's work since the step
// opened, besides the session itself.
type Attempt struct {
	Output   string   // what the learner's inputs printed (the last maxOutput bytes)
	Inputs   []string // the learner's inputs, oldest first
	Restarts int      // how many times the evaluator ended and a fresh one started
}

// maxOutput bounds Attempt.Output: checks look at recent output.
const maxOutput = 64 << 10

// Record adds an input and what it printed to the attempt.
func (a *Attempt) Record(input, printed string) {
	if input != "" {
		a.Inputs = append(a.Inputs, input)
	}
	a.AddOutput(printed)
}

// AddOutput adds printed output, such as a background task's.
func (a *Attempt) AddOutput(printed string) {
	a.Output += printed
	if len(a.Output) > maxOutput {
		a.Output = a.Output[len(a.Output)-maxOutput:]
	}
}

// A Verdict is the outcome of a check.
type Verdict struct {
	Pass bool
	// Msg says why the check failed, in words for the learner.
	Msg string
	// Broken is set when the check itself is wrong (it does not compile
	// for a reason other than a name the learner has yet to define): a
	// bug in the lesson, not in the learner's work.
	Broken bool
	// Compiler is the compiler's message when the check did not compile:
	// in a lesson that lessons check proved, the learner's definitions
	// differ from what the task asks for.
	Compiler string
	// Interrupted is set when the check could not finish because the
	// session failed under it (the evaluator ended, the check was
	// cancelled).
	Interrupted bool
}

// The verdict strings the check wrapper returns.
const (
	passMark = "PASS"
	failMark = "FAIL "
)

// checkPrelude is how many lines checkFunc puts before the check's body.
const checkPrelude = 8

// checkFunc turns a check's body into a Go function literal,
//
//	func(output string, inputs []string, restarts int) string
//
// that returns "PASS" or "FAIL why" when called in the learner's session.
// The body sees:
//
//	output   string    what the learner's inputs printed since the step opened
//	inputs   []string  those inputs
//	restarts int       how often the evaluator was restarted meanwhile
//	eventually(f func() error) error
//	         calls f until it returns nil, for at most 3 s, 20 ms apart;
//	         for waiting on a server to be ready, never a fixed sleep
//
// A panic in the body fails the check with the panic's value. What an
// attempt varies comes in as arguments, so that a session can compile the
// function once and call it after each input (CheckSession).
func checkFunc(body string) string {
	var b strings.Builder
	b.WriteString("func(output string, inputs []string, restarts int) (_pgVerdict string) {\n")
	b.WriteString("\teventually := func(f func() error) error {\n")
	b.WriteString("\t\tdeadline := time.Now().Add(3 * time.Second)\n")
	b.WriteString("\t\tfor { err := f(); if err == nil || time.Now().After(deadline) { return err }; time.Sleep(20 * time.Millisecond) }\n")
	b.WriteString("\t}\n")
	b.WriteString("\t_, _, _, _ = output, inputs, restarts, eventually\n")
	b.WriteString("\tdefer func() { if r := recover(); r != nil { _pgVerdict = fmt.Sprint(\"" + failMark + "the check stopped with a panic: \", r) } }()\n")
	b.WriteString("\t_pgErr := func() error {\n")
	b.WriteString(body)
	b.WriteString("\n\t}()\n")
	b.WriteString("\tif _pgErr != nil { return \"" + failMark + "\" + _pgErr.Error() }\n")
	b.WriteString("\treturn \"" + passMark + "\"\n")
	b.WriteString("}")
	return b.String()
}

// wrapCheck turns a check's body into one Go expression that evaluates,
// in the learner's session, to "PASS" or "FAIL why": checkFunc's
// function called with a, as literals. It is for a Session that is no
// CheckSession.
func wrapCheck(body string, a Attempt) string {
	inputs := make([]string, len(a.Inputs))
	for i, in := range a.Inputs {
		inputs[i] = strconv.Quote(in)
	}
	return fmt.Sprintf("%s(%s, []string{%s}, %d)", checkFunc(body), strconv.Quote(a.Output), strings.Join(inputs, ", "), a.Restarts)
}

// A CheckSession is a Session that calls a check as a function, which it
// may keep compiled between calls: most of what a check costs is its
// compile, and a check runs after each input.
type CheckSession interface {
	Session
	// CallCheck calls fn, a Go function literal of type
	// func(output string, inputs []string, restarts int) string, in the
	// learner's session with a's Output, Inputs and Restarts, and
	// returns its result as Value does. If it keeps fn compiled, it
	// must compile it again once the learner defines again what fn uses:
	// the check judges their current definitions.
	CallCheck(ctx context.Context, fn string, a Attempt) (string, error)
}

// Check runs step's check in the learner's session against what they
// did so far.
func Check(ctx context.Context, sess Session, l *Lesson, step *Step, a Attempt) Verdict {
	var (
		v   string
		err error
	)
	if cs, ok := sess.(CheckSession); ok {
		v, err = cs.CallCheck(ctx, checkFunc(step.Check), a)
	} else {
		v, err = sess.Value(ctx, wrapCheck(step.Check, a))
	}
	var ce *CompileError
	switch {
	case errors.As(err, &ce):
		if name, ok := strings.CutPrefix(ce.Msg, "undefined: "); ok {
			msg := fmt.Sprintf("%s is not defined yet: the task asks for it", name)
			if a.Restarts > 0 {
				msg += " (the evaluator was restarted since this step opened, and definitions went with it: :replay reruns your inputs)"
			}
			return Verdict{Msg: msg}
		}
		where := l.File
		if ce.Line > checkPrelude {
			where = fmt.Sprintf("%s:%d", l.File, step.CheckLine+ce.Line-checkPrelude-1)
		}
		return Verdict{Broken: true, Compiler: ce.Msg, Msg: fmt.Sprintf("the check of step %q does not compile (%s: %s): a bug in the lesson", step.Title, where, ce.Msg)}
	case err != nil:
		return Verdict{Msg: "the check could not run: " + err.Error(), Interrupted: true}
	}
	s, uerr := strconv.Unquote(v)
	if uerr != nil {
		s = v
	}
	switch {
	case s == passMark:
		return Verdict{Pass: true}
	case strings.HasPrefix(s, failMark):
		return Verdict{Msg: strings.TrimPrefix(s, failMark)}
	}
	return Verdict{Broken: true, Msg: fmt.Sprintf("the check of step %q gave %q instead of a verdict: a bug in the lesson", step.Title, v)}
}
