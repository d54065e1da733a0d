package builtins

import (
	"bytes"
	"fmt"
	"strings"
	"time"
)

// InputWait says why the learner's input has not returned after waited,
// when it looks like a deadlock: the goroutine running the input (the one
// whose stack holds frame) waits on a channel or a lock, and so does every
// other goroutine of the learner's (tasks, and those their go statements
// started), or there is none. A Go program in that state stops with "all
// goroutines are asleep"; the evaluator's own goroutines keep the runtime
// from seeing it. It returns "" otherwise: the input runs, sleeps, waits
// on the network or a process, runs an App, or another goroutine of the
// learner's may still end the wait.
func InputWait(frame string, waited time.Duration) string {
	apps.Lock()
	drawing := len(apps.running) > 0
	apps.Unlock()
	if drawing {
		return "" // an App waits for keys on purpose, and owns the screen
	}
	dump, _, buf := goroutineStacks()
	defer putStackBuf(buf)
	var input string
	others, stuck := 0, 0
	for rest := dump; len(rest) > 0; {
		var block []byte
		block, rest, _ = bytes.Cut(rest, []byte("\n\n"))
		g, ok := parseGoroutine(block)
		if !ok {
			continue
		}
		switch {
		case bytes.Contains(block, []byte(frame)):
			if waitsInInterpreter(block) {
				input = g.reason
			}
		case g.task != 0 || g.plainGo:
			others++
			if waitsOnOthers(g.reason) {
				stuck++
			}
		}
	}
	if !waitsOnOthers(input) || stuck < others {
		return ""
	}
	what := map[string]string{
		"chan send": "a channel send", "chan receive": "a channel receive", "select": "a select",
		"chan send (nil chan)": "a send on a nil channel", "chan receive (nil chan)": "a receive from a nil channel",
		"select (no cases)": "an empty select", "sync.WaitGroup.Wait": "sync.WaitGroup.Wait",
		"sync.Mutex.Lock": "a sync.Mutex", "sync.RWMutex.Lock": "a sync.RWMutex", "sync.RWMutex.RLock": "a sync.RWMutex",
		"sync.Cond.Wait": "sync.Cond.Wait",
	}[input]
	if what == "" {
		what = input
	}
	head := fmt.Sprintf("your input has waited %s on %s", waited.Round(time.Second), what)
	if others == 0 {
		return head + ", and no goroutine of yours is left to end the wait: unless a timer, a server or a process will, " +
			"this is a deadlock (a Go program would stop: all goroutines are asleep). Ctrl-C interrupts it."
	}
	rest := "your other goroutine waits on a channel or a lock too"
	if others > 1 {
		rest = fmt.Sprintf("your %d other goroutines all wait on channels or locks too", others)
	}
	return head + ", and " + rest + ": unless a timer, a server or a process will end a wait, " +
		"this is a deadlock (:tasks shows what tasks wait on). Ctrl-C interrupts it."
}

// waitsOnOthers reports whether a goroutine waiting for reason waits for
// another goroutine (a channel, a lock, a wait group), rather than for
// time, the network or a process.
func waitsOnOthers(reason string) bool {
	return strings.HasPrefix(reason, "chan ") || strings.HasPrefix(reason, "select") ||
		strings.HasPrefix(reason, "sync.") || strings.HasPrefix(reason, "semacquire")
}

// waitsInInterpreter reports whether the goroutine of block waits in an
// operation of interpreted code (a channel operation, a select, a lock or
// a wait group the learner's code called), not in one of pg's calls, which
// wait for processes, connections or tasks that may still end.
func waitsInInterpreter(block []byte) bool {
	_, frames, _ := bytes.Cut(block, []byte("\n"))
	for len(frames) > 0 {
		var line []byte
		line, frames, _ = bytes.Cut(frames, []byte("\n"))
		if len(line) == 0 || line[0] == '\t' {
			continue // a file:line, or nothing
		}
		for _, lib := range []string{"runtime.", "reflect.", "sync.", "internal/"} {
			if bytes.HasPrefix(line, []byte(lib)) {
				line = nil
				break
			}
		}
		if line != nil {
			return bytes.HasPrefix(line, []byte(yaegiPkg))
		}
	}
	return false
}
