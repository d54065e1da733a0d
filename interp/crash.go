package interp

import (
	"bytes"
	"fmt"
	"os"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"time"
)

// ExitError reports that the evaluator process ended while the session
// needed it. Reason says what happened in plain words; the session has
// already started a fresh evaluator when an ExitError is returned.
type ExitError struct {
	*os.ProcessState
	// Reason is one line: what ended the evaluator, with the first frame
	// in learner code when it is known.
	Reason string
	// Trace is the runtime's own report (panic value and goroutine
	// stacks), bounded; empty when the process said nothing.
	Trace string
	// Requested is set when learner code ended the process on purpose
	// (os.Exit, log.Fatal); Code is then the status it asked for.
	Requested bool
	Code      int
	// Frames are "line:col" positions, in the input that was running, of
	// the frames a fatal panic passed through, innermost first.
	Frames []string
	// Stack is every frame in learner code the fatal panic passed
	// through, innermost first, In 0 for the input that was running.
	Stack []TraceFrame

	explain func(at string) string
}

func (e *ExitError) Error() string { return e.Reason }

// PanicMessage returns the value of the panic the evaluator died of, as
// the runtime printed it ("runtime error: index out of range [3] with
// length 0"), if it died of one.
func (e *ExitError) PanicMessage() (string, bool) {
	if e.Requested || !diedOfCrash(e.ProcessState) || fatalError().MatchString(e.Trace) {
		return "", false
	}
	m := panicValue().FindStringSubmatch(e.Trace)
	if m == nil {
		return "", false
	}
	return m[1], true
}

// ReasonAt is Reason with the first frame's position written as at (for
// example "script.pg:12:5", mapped by the caller into its own file).
func (e *ExitError) ReasonAt(at string) string {
	if e.explain == nil || len(e.Frames) == 0 {
		return e.Reason
	}
	return e.explain(at)
}

// stderrTail keeps what the evaluator wrote to its standard error. Until
// the Go runtime starts a crash report, complete lines are passed to show
// (learner code writing to os.Stderr directly); from then on everything is
// kept for the ExitError and nothing is shown. Learner code can write what
// looks like a crash report too: one after which the process goes on
// (its reply stream still open crashQuiet after the report's last write)
// is shown after all, and reading resumes.
type stderrTail struct {
	show func(string)
	// quiet is how long a crash report may pause before, if the stream is
	// still open, it counts as learner output (crashQuiet); 0 keeps it.
	quiet time.Duration

	mu       sync.Mutex
	partial  []byte
	held     []byte // lines that may begin a crash report
	crashing bool
	trace    bytes.Buffer
	last     time.Time   // the last write of a crash report
	release  *time.Timer // shows a crash report that was not one
	ended    bool        // the reply stream ended: the process is gone
}

// crashQuiet is how long a crash report may pause before a process that
// is still running shows it was not the runtime's: the runtime writes its
// report in one go and exits.
const crashQuiet = time.Second

// maxTrace bounds the crash report kept from one evaluator.
const maxTrace = 64 << 10

// crashStart matches the first line of the Go runtime's last words;
// crashMaybe matches lines that begin them only when a crashStart line
// follows ("runtime: goroutine stack exceeds ..." before "fatal error: stack
// overflow"), so a learner printing "runtime: ..." is not taken for a crash.
//
// This file's regexps are compiled on first use: every process of the
// binary runs package init, and most never need them.
var (
	crashStart = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(panic: |fatal error: |SIGQUIT|SIGSEGV|SIGBUS|SIGABRT|unexpected fault address)`)
	})
	crashMaybe = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`^(runtime: |goroutine \d+ \[)`)
	})
)

// maxHeld bounds the lines held back while a crash may be starting.
const maxHeld = 32

func (t *stderrTail) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.crashing {
		t.keep(b)
		t.noteCrashWrite()
		return len(b), nil
	}
	t.partial = append(t.partial, b...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		line := t.partial[:i+1]
		switch {
		case crashStart().Match(line):
			t.crashing = true
			t.keep(t.held)
			t.keep(t.partial)
			t.held, t.partial = nil, nil
			t.noteCrashWrite()
			return len(b), nil
		case crashMaybe().Match(line) && len(t.held) < maxHeld*256:
			t.held = append(t.held, line...)
		default:
			if len(t.held) > 0 {
				t.showLocked(string(t.held))
				t.held = nil
			}
			t.showLocked(string(line))
		}
		t.partial = t.partial[i+1:]
	}
	return len(b), nil
}

// noteCrashWrite times the crash report being written, to show it if the
// process goes on after it.
func (t *stderrTail) noteCrashWrite() {
	t.last = time.Now()
	if t.release == nil && t.quiet > 0 {
		t.release = time.AfterFunc(t.quiet, t.notACrash)
	}
}

// notACrash shows a crash report after which the process went on running
// and goes back to showing what comes.
func (t *stderrTail) notACrash() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.release = nil
	if !t.crashing || t.ended {
		return
	}
	if wait := t.quiet - time.Since(t.last); wait > 0 {
		t.release = time.AfterFunc(wait, t.notACrash)
		return
	}
	text := t.trace.String()
	t.crashing = false
	t.trace.Reset()
	t.showLocked(text)
}

// heldReport returns what was kept as a crash report, if the runtime
// seemed to start one.
func (t *stderrTail) heldReport() (string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.trace.String(), t.crashing
}

// streamEnded notes that the evaluator's reply stream ended: it exited,
// and a crash report it wrote is its last words.
func (t *stderrTail) streamEnded() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.ended = true
	if t.release != nil {
		t.release.Stop()
	}
}

func (t *stderrTail) showLocked(s string) {
	if t.show != nil {
		t.show(s)
	}
}

func (t *stderrTail) keep(b []byte) {
	if room := maxTrace - t.trace.Len(); room > 0 {
		if len(b) > room {
			b = b[:room]
		}
		t.trace.Write(b)
	}
}

// report returns the runtime's crash report and, unfinished, any line
// that never got its newline.
func (t *stderrTail) report() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if !t.crashing {
		return string(t.held) + string(t.partial)
	}
	return t.trace.String()
}

var (
	panicValue = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^panic: (.*?)(?: \[recovered.*\])?$`)
	})
	fatalError = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?m)^fatal error: (.*)$`)
	})
)

// explainExit writes the one-line reason for an evaluator's end from what
// it told the shell before dying.
func explainExit(state *os.ProcessState, trace string, exiting *exitingNotice, frames []string, memLimit int64) string {
	where := ""
	if len(frames) > 0 {
		where = frames[0] + " of your input"
	}
	return explainExitAt(state, trace, exiting, where, memLimit)
}

// explainExitAt is explainExit with the panicking position already written.
func explainExitAt(state *os.ProcessState, trace string, exiting *exitingNotice, where string, memLimit int64) string {
	at := ""
	if where != "" {
		at = " at " + where
	}
	if exiting != nil {
		switch exiting.Why {
		case "memory":
			return fmt.Sprintf("your code used more than %s of memory, the evaluator's limit (--mem-limit), so the evaluator was stopped", formatSize(memLimit))
		case "damaged":
			return damageReason(&damageError{stream: "request", why: exiting.Msg})
		case "log.Fatal":
			return fmt.Sprintf("your code called log.Fatal: the evaluator exited with status %d", exiting.Code)
		default:
			return fmt.Sprintf("your code called os.Exit(%d): the evaluator exited with status %d", exiting.Code, exiting.Code)
		}
	}
	// The runtime's last words count only if the process then died as the
	// runtime ends it (status 2): learner code can write "panic: " to
	// standard error itself, then be killed for another reason.
	crash := trace
	if !diedOfCrash(state) {
		crash = ""
	}
	// An exit that is no crash (a session's last is none) compiles no pattern.
	if crash != "" {
		if m := fatalError().FindStringSubmatch(crash); m != nil {
			msg := m[1]
			switch {
			case strings.Contains(msg, "stack overflow") || strings.Contains(crash, "stack exceeds"):
				return "the evaluator crashed: stack overflow" + at + " (a function that calls itself without end?)"
			case strings.Contains(msg, "concurrent map"):
				return "the evaluator crashed: fatal error: " + msg + at + " (goroutines used one map at once; guard it with a sync.Mutex)"
			case strings.Contains(msg, "out of memory"):
				return "the evaluator crashed: out of memory" + at
			case strings.Contains(msg, "all goroutines are asleep"):
				return "the evaluator crashed: all goroutines are asleep - deadlock!" + at
			}
			return "the evaluator crashed: fatal error: " + msg + at
		}
		if m := panicValue().FindStringSubmatch(crash); m != nil {
			return "the evaluator crashed: panic in a goroutine: " + m[1] + at
		}
	}
	if state != nil {
		if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Sprintf("the evaluator was killed by signal %d (%s)", int(ws.Signal()), ws.Signal())
		}
		if code := state.ExitCode(); code >= 0 {
			if last := strings.TrimSpace(trace); last != "" {
				return fmt.Sprintf("the evaluator exited with status %d: %s", code, firstLine(last))
			}
			return fmt.Sprintf("the evaluator exited with status %d", code)
		}
	}
	return "the evaluator stopped"
}

// diedOfCrash reports whether state is how the Go runtime ends a process
// after a fatal panic or error: exit status 2. A nil state (not known) is
// taken as one.
func diedOfCrash(state *os.ProcessState) bool {
	if state == nil {
		return true
	}
	ws, ok := state.Sys().(syscall.WaitStatus)
	return !ok || ws.Exited() && ws.ExitStatus() == 2
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
