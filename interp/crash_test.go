package interp

import (
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Runtime reports as Go 1.26 writes them; the stacks are cut short.
const (
	traceGoroutinePanic = `panic: boom

goroutine 7 [running]:
github.com/traefik/yaegi/interp.runCfg.func1()
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:226 +0x1a5
panic({0x1a2b3c0?, 0x1f0e1d0?})
	/usr/local/go/src/runtime/panic.go:860 +0x13a
github.com/traefik/yaegi/interp._panic.func1(0xc000146000)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:931 +0x5d
created by github.com/traefik/yaegi/interp.goRoutine.func1 in goroutine 6
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:1319 +0x12e
`
	traceRecovered = `panic: boom [recovered, repanicked]

goroutine 1 [running]:
main.main.func2()
	/tmp/crash/main.go:16 +0x18
panic({0x492ec0?, 0x4b3f68?})
	/usr/local/go/src/runtime/panic.go:860 +0x13a
main.main()
	/tmp/crash/main.go:17 +0x13b
`
	traceRecoveredOld = `panic: boom [recovered]
	panic: boom

goroutine 1 [running]:
main.main.func1()
	/tmp/crash/main.go:16 +0x18
`
	traceNilDeref = `panic: runtime error: invalid memory address or nil pointer dereference
[signal SIGSEGV: segmentation violation code=0x1 addr=0x0 pc=0x47f2a1]

goroutine 12 [running]:
github.com/traefik/yaegi/interp.runCfg.func1()
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:226 +0x1a5
`
	traceIndex = `panic: runtime error: index out of range [5] with length 2

goroutine 9 [running]:
github.com/traefik/yaegi/interp.runCfg.func1()
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:226 +0x1a5
`
	traceConcurrentMap = `fatal error: concurrent map writes

goroutine 21 [running]:
internal/runtime/maps.fatal({0x4acde5?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
github.com/traefik/yaegi/interp.setIndexMap.func3(0xc0001a4000)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:3214 +0x2d
created by github.com/traefik/yaegi/interp.goRoutine.func1 in goroutine 6
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:1319 +0x12e

goroutine 1 [chan receive]:
main.main()
	/work/main/cmd/playground/main.go:12 +0x45
`
	traceMapReadWrite = `fatal error: concurrent map read and map write

goroutine 33 [running]:
internal/runtime/maps.fatal({0x4acde5?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
`
	traceStackOverflow = `runtime: goroutine stack exceeds 1000000000-byte limit
runtime: sp=0xc020160398 stack=[0xc020160000, 0xc040160000]
fatal error: stack overflow

runtime stack:
runtime.throw({0x4ab5bc?, 0x200000001?})
	/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7ffc3b8f5e98 sp=0x7ffc3b8f5e68 pc=0x4776e8
runtime.newstack()
	/usr/local/go/src/runtime/stack.go:1207 +0x5fd fp=0x7ffc3b8f5fc8 sp=0x7ffc3b8f5e98 pc=0x45f49d
runtime.morestack()
	/usr/local/go/src/runtime/asm_amd64.s:681 +0x7d fp=0x7ffc3b8f5fd0 sp=0x7ffc3b8f5fc8 pc=0x47b97d

goroutine 18 gp=0xc000102a80 m=4 mp=0xc000080008 [running]:
github.com/traefik/yaegi/interp.call.func9(0xc0204a2000)
	/root/go/pkg/mod/github.com/traefik/yaegi@v0.16.1/interp/run.go:1472 +0xa25 fp=0xc0201603a8 sp=0xc0201603a0 pc=0x1234567
`
	traceOutOfMemory = `fatal error: runtime: out of memory

runtime stack:
runtime.throw({0x4acf70?, 0x2f6d?})
	/usr/local/go/src/runtime/panic.go:1229 +0x48 fp=0x7ffd6b6448e0 sp=0x7ffd6b6448b0 pc=0x4776e8
runtime.sysMapOS(0x3db444800000, 0x10000000000, {0x4a9e21, 0x4})
	/usr/local/go/src/runtime/mem_linux.go:175 +0x13b fp=0x7ffd6b644920 sp=0x7ffd6b6448e0 pc=0x420efb
`
	traceOutOfMemoryAlloc = `runtime: out of memory: cannot allocate 1073741824-byte block (3221028864 in use)
fatal error: out of memory

goroutine 5 [running]:
runtime.throw({0x4acf70?, 0x2f6d?})
	/usr/local/go/src/runtime/panic.go:1229 +0x48
`
	traceDeadlock = `fatal error: all goroutines are asleep - deadlock!

goroutine 1 [chan receive]:
main.main()
	/tmp/x/main.go:5 +0x25
`
	traceOtherFatal = `fatal error: sync: unlock of unlocked mutex

goroutine 8 [running]:
sync.fatal({0x4acde5?, 0x0?})
	/usr/local/go/src/runtime/panic.go:1181 +0x18
`
)

// exitState runs sh -c script and returns its process state.
func exitState(t *testing.T, script string) *os.ProcessState {
	t.Helper()
	cmd := exec.Command("sh", "-c", script)
	err := cmd.Run()
	if _, ok := err.(*exec.ExitError); err != nil && !ok {
		t.Fatalf("running sh: %v", err)
	}
	return cmd.ProcessState
}

// killedState starts sleep 10, sends it sig and returns its process state.
func killedState(t *testing.T, sig syscall.Signal) *os.ProcessState {
	t.Helper()
	cmd := exec.Command("sleep", "10")
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting sleep: %v", err)
	}
	if err := cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signalling sleep: %v", err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		cmd.Process.Kill()
		t.Fatalf("sleep did not end after %v", sig)
	}
	return cmd.ProcessState
}

func TestExplainExit(t *testing.T) {
	crashed := exitState(t, "exit 2") // how the runtime ends a crashing process
	killed := killedState(t, syscall.SIGKILL)
	terminated := killedState(t, syscall.SIGTERM)
	status3 := exitState(t, "exit 3")
	status0 := exitState(t, "exit 0")
	frames := []string{"3:5", "7:2"}

	cases := []struct {
		name     string
		state    *os.ProcessState
		trace    string
		exiting  *exitingNotice
		frames   []string
		memLimit int64
		want     string
	}{
		{"goroutine panic", crashed, traceGoroutinePanic, nil, frames, 0,
			"the evaluator crashed: panic in a goroutine: boom at 3:5 of your input"},
		{"goroutine panic, no frame", crashed, traceGoroutinePanic, nil, nil, 0,
			"the evaluator crashed: panic in a goroutine: boom"},
		{"recovered and panicked again", crashed, traceRecovered, nil, nil, 0,
			"the evaluator crashed: panic in a goroutine: boom"},
		{"recovered, older runtime", crashed, traceRecoveredOld, nil, frames, 0,
			"the evaluator crashed: panic in a goroutine: boom at 3:5 of your input"},
		{"nil dereference", crashed, traceNilDeref, nil, frames, 0,
			"the evaluator crashed: panic in a goroutine: runtime error: invalid memory address or nil pointer dereference at 3:5 of your input"},
		{"index out of range", crashed, traceIndex, nil, nil, 0,
			"the evaluator crashed: panic in a goroutine: runtime error: index out of range [5] with length 2"},
		{"concurrent map writes", crashed, traceConcurrentMap, nil, frames, 0,
			"the evaluator crashed: fatal error: concurrent map writes at 3:5 of your input (goroutines used one map at once; guard it with a sync.Mutex)"},
		{"concurrent map read and write", crashed, traceMapReadWrite, nil, nil, 0,
			"the evaluator crashed: fatal error: concurrent map read and map write (goroutines used one map at once; guard it with a sync.Mutex)"},
		{"stack overflow", crashed, traceStackOverflow, nil, []string{"1:28"}, 0,
			"the evaluator crashed: stack overflow at 1:28 of your input (a function that calls itself without end?)"},
		{"out of memory", crashed, traceOutOfMemory, nil, nil, 0,
			"the evaluator crashed: out of memory"},
		{"out of memory allocating", crashed, traceOutOfMemoryAlloc, nil, frames, 0,
			"the evaluator crashed: out of memory at 3:5 of your input"},
		{"deadlock", crashed, traceDeadlock, nil, nil, 0,
			"the evaluator crashed: all goroutines are asleep - deadlock!"},
		{"other fatal error", crashed, traceOtherFatal, nil, nil, 0,
			"the evaluator crashed: fatal error: sync: unlock of unlocked mutex"},

		{"os.Exit", status3, "", &exitingNotice{Code: 3, Why: "os.Exit"}, nil, 0,
			"your code called os.Exit(3): the evaluator exited with status 3"},
		{"os.Exit(0)", status0, "", &exitingNotice{Code: 0, Why: "os.Exit"}, nil, 0,
			"your code called os.Exit(0): the evaluator exited with status 0"},
		{"log.Fatal", exitState(t, "exit 1"), "2026/11/28 10:00:00 bye\n", &exitingNotice{Code: 1, Why: "log.Fatal"}, nil, 0,
			"your code called log.Fatal: the evaluator exited with status 1"},
		{"memory", crashed, "", &exitingNotice{Code: 2, Why: "memory"}, frames, 512 << 20,
			"your code used more than 512 MiB of memory, the evaluator's limit (--mem-limit), so the evaluator was stopped"},
		{"memory, GiB", nil, "", &exitingNotice{Code: 2, Why: "memory"}, nil, 3 << 29,
			"your code used more than 1.5 GiB of memory, the evaluator's limit (--mem-limit), so the evaluator was stopped"},
		// An exiting notice says more than whatever the runtime printed after it.
		{"os.Exit over a trace", status3, traceGoroutinePanic, &exitingNotice{Code: 3, Why: "os.Exit"}, nil, 0,
			"your code called os.Exit(3): the evaluator exited with status 3"},

		{"SIGKILL", killed, "", nil, nil, 0,
			"the evaluator was killed by signal 9 (killed)"},
		{"SIGTERM", terminated, "", nil, frames, 0,
			"the evaluator was killed by signal 15 (terminated)"},
		{"exit status with a last word", status3, "evaluator: protocol: bad frame: unexpected end of JSON input\nmore\n", nil, nil, 0,
			"the evaluator exited with status 3: evaluator: protocol: bad frame: unexpected end of JSON input"},
		{"exit status, blank text", status3, " \n\n", nil, nil, 0,
			"the evaluator exited with status 3"},
		{"clean exit", status0, "", nil, nil, 0,
			"the evaluator exited with status 0"},
		{"nothing known", nil, "", nil, nil, 0,
			"the evaluator stopped"},
		// "panic: " must start a line to count.
		{"panic inside a line", status3, "log: got panic: maybe\n", nil, nil, 0,
			"the evaluator exited with status 3: log: got panic: maybe"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := explainExit(c.state, c.trace, c.exiting, c.frames, c.memLimit); got != c.want {
				t.Errorf("explainExit:\n got %q\nwant %q", got, c.want)
			}
		})
	}
}

func TestExitError(t *testing.T) {
	st := exitState(t, "exit 4")
	e := &ExitError{ProcessState: st, Reason: "the evaluator exited with status 4"}
	if e.Error() != e.Reason {
		t.Errorf("Error() = %q, want the reason", e.Error())
	}
	if e.ExitCode() != 4 {
		t.Errorf("ExitCode() = %d through the embedded state", e.ExitCode())
	}
}

// tailRecorder collects what a stderrTail shows.
type tailRecorder struct{ shown []string }

func (r *tailRecorder) show(s string) { r.shown = append(r.shown, s) }

func TestStderrTailShowsLinesBeforeACrash(t *testing.T) {
	rec := &tailRecorder{}
	tail := &stderrTail{show: rec.show}
	writes := []string{"warn", "ing: low on tea\nsecond line\nthi", "rd\n"}
	for _, w := range writes {
		if n, err := tail.Write([]byte(w)); n != len(w) || err != nil {
			t.Fatalf("Write(%q) = %d, %v", w, n, err)
		}
	}
	want := []string{"warning: low on tea\n", "second line\n", "third\n"}
	if strings.Join(rec.shown, "|") != strings.Join(want, "|") {
		t.Errorf("shown %q, want %q", rec.shown, want)
	}
	if r := tail.report(); r != "" {
		t.Errorf("report %q before any crash, want nothing", r)
	}
	// A line still without its newline is what report gives.
	tail.Write([]byte("exiting because"))
	if r := tail.report(); r != "exiting because" {
		t.Errorf("report %q, want the unfinished line", r)
	}
	if len(rec.shown) != 3 {
		t.Errorf("an unfinished line was shown: %q", rec.shown)
	}
}

func TestStderrTailKeepsTheCrash(t *testing.T) {
	for _, trace := range []string{traceGoroutinePanic, traceConcurrentMap, traceStackOverflow, traceOutOfMemory, "SIGQUIT: quit\nPC=0x47f2a1 m=0 sigcode=0\n"} {
		rec := &tailRecorder{}
		tail := &stderrTail{show: rec.show}
		tail.Write([]byte("learner line\n"))
		// The report arrives in pieces, split inside lines.
		for i := 0; i < len(trace); i += 10 {
			tail.Write([]byte(trace[i:min(i+10, len(trace))]))
		}
		tail.Write([]byte("after the crash\n"))
		if len(rec.shown) != 1 || rec.shown[0] != "learner line\n" {
			t.Errorf("shown %q, want only the line before the crash", rec.shown)
		}
		if got, want := tail.report(), trace+"after the crash\n"; got != want {
			t.Errorf("report:\n%s\nwant:\n%s", got, want)
		}
	}
}

// TestStderrTailLearnerRuntimeLines checks that lines a learner prints
// that merely look like the runtime's ("runtime: ...", "goroutine 1 [")
// are shown once it is clear no crash follows them.
func TestStderrTailLearnerRuntimeLines(t *testing.T) {
	rec := &tailRecorder{}
	tail := &stderrTail{show: rec.show}
	tail.Write([]byte("runtime: my own words\ngoroutine 1 [mine]\nordinary\n"))
	if got := strings.Join(rec.shown, ""); got != "runtime: my own words\ngoroutine 1 [mine]\nordinary\n" {
		t.Errorf("shown %q", got)
	}
	// Held lines that a crash follows belong to the crash report.
	rec2 := &tailRecorder{}
	tail2 := &stderrTail{show: rec2.show}
	tail2.Write([]byte(traceStackOverflow))
	if len(rec2.shown) != 0 {
		t.Errorf("the runtime's lines before fatal error were shown: %q", rec2.shown)
	}
	if !strings.HasPrefix(tail2.report(), "runtime: goroutine stack exceeds") {
		t.Errorf("report lost the runtime's first lines: %q", tail2.report())
	}
}

func TestStderrTailCrashInTheMiddleOfAWrite(t *testing.T) {
	rec := &tailRecorder{}
	tail := &stderrTail{show: rec.show}
	tail.Write([]byte("one\ntwo\n" + traceGoroutinePanic))
	if strings.Join(rec.shown, "") != "one\ntwo\n" {
		t.Errorf("shown %q", rec.shown)
	}
	if tail.report() != traceGoroutinePanic {
		t.Errorf("report %q, want the panic", tail.report())
	}
	// No show func: nothing breaks.
	quiet := &stderrTail{}
	quiet.Write([]byte("hello\nfatal error: stack overflow\n"))
	if quiet.report() != "fatal error: stack overflow\n" {
		t.Errorf("report without show %q", quiet.report())
	}
}

func TestStderrTailLinesThatLookLikeButAreNot(t *testing.T) {
	rec := &tailRecorder{}
	tail := &stderrTail{show: rec.show}
	lines := []string{"no panic: here\n", " panic: indented\n", "goroutine leaked\n", "fatal: not the runtime\n", "panicking: no\n"}
	for _, l := range lines {
		tail.Write([]byte(l))
	}
	if strings.Join(rec.shown, "") != strings.Join(lines, "") {
		t.Errorf("shown %q, want every line", rec.shown)
	}
	if r := tail.report(); r != "" {
		t.Errorf("report %q, want nothing", r)
	}
}

func TestStderrTailBounded(t *testing.T) {
	tail := &stderrTail{show: func(string) { t.Error("shown after the crash") }}
	tail.Write([]byte("panic: boom\n\n"))
	line := strings.Repeat("x", 99) + "\n"
	for i := 0; i < 2*maxTrace/len(line); i++ {
		if n, err := tail.Write([]byte(line)); n != len(line) || err != nil {
			t.Fatalf("Write = %d, %v", n, err)
		}
	}
	r := tail.report()
	if len(r) != maxTrace {
		t.Fatalf("report is %d bytes, want the bound %d", len(r), maxTrace)
	}
	if !strings.HasPrefix(r, "panic: boom\n") {
		t.Errorf("the bound cut the start of the report: %q", r[:40])
	}
	// One huge first write is bounded too.
	big := &stderrTail{}
	big.Write([]byte("fatal error: out of memory\n" + strings.Repeat("y", 3*maxTrace)))
	if n := len(big.report()); n != maxTrace {
		t.Errorf("report of one huge write is %d bytes, want %d", n, maxTrace)
	}
	if got := explainExit(nil, big.report(), nil, nil, 0); got != "the evaluator crashed: out of memory" {
		t.Errorf("explainExit of a bounded report: %q", got)
	}
}
