package builtins

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
	yaegisyscall "github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// TestFile runs each program in _test with the interpreter and package
// pg, as the playground would, and compares what it prints with the
// program's last comment, "// Output:" and the expected lines.
func TestFile(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("_test", "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no programs in _test (%v)", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".go"), func(t *testing.T) {
			runFile(t, file)
		})
	}
}

func runFile(t *testing.T, file string) {
	src, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want, ok := expectedOutput(string(src))
	if !ok {
		t.Fatalf("%s: no // Output: comment at the end", file)
	}
	resetTasks(t)

	var stdout lockedBuffer
	i := newTestInterp(&stdout, &panicLineWriter{})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := i.EvalPathWithContext(ctx, file); err != nil {
		t.Fatalf("%s: %v\noutput so far:\n%s", file, err, stdout.String())
	}
	if got := stdout.String(); got != want {
		t.Errorf("%s: got output\n%s\nwant\n%s", file, got, want)
	}
	for _, task := range Tasks() {
		if task.State() != "done" && task.State() != "cancelled" && task.State() != "panicked" {
			t.Errorf("%s: %v still running at the end", file, task)
		}
	}
}

// newTestInterp returns an interpreter with the packages the evaluator
// gives learner code (the standard library, syscall, os/exec and pg),
// printing to stdout and reporting panics to stderr; and extra.
func newTestInterp(stdout, stderr io.Writer, extra ...interp.Exports) *interp.Interpreter {
	i := interp.New(interp.Options{Stdout: stdout, Stderr: stderr})
	for _, s := range append([]interp.Exports{stdlib.Symbols, yaegisyscall.Symbols, unrestricted.Symbols, Symbols}, extra...) {
		if err := i.Use(s); err != nil {
			panic(err)
		}
	}
	return i
}

// interpEval returns an Eval of a fresh interpreter set up as the
// evaluator's (newTestInterp), that fails tb on an error; it first
// evaluates imports, such as `import ("fmt"; "pg")`.
func interpEval(tb testing.TB, imports string) func(src string) reflect.Value {
	i := newTestInterp(io.Discard, io.Discard)
	eval := func(src string) reflect.Value {
		tb.Helper()
		v, err := i.Eval(src)
		if err != nil {
			tb.Fatalf("%s: %v", src, err)
		}
		return v
	}
	eval(imports)
	return eval
}

// expectedOutput returns the lines after "// Output:" in the last comment
// of src, without their "// ".
func expectedOutput(src string) (string, bool) {
	_, tail, ok := strings.Cut(src, "\n// Output:\n")
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(tail, "\n"), "\n") {
		line = strings.TrimPrefix(strings.TrimPrefix(line, "//"), " ")
		b.WriteString(line + "\n")
	}
	return b.String(), true
}

// resetTasks forgets every task, so that each program's tasks are
// numbered from t1. No task may still be running.
func resetTasks(t *testing.T) {
	t.Helper()
	tasks.mu.Lock()
	defer tasks.mu.Unlock()
	if len(tasks.live) != 0 {
		t.Fatalf("%d tasks still running from an earlier test", len(tasks.live))
	}
	tasks.lastID = 0
	tasks.finished, tasks.fhead = nil, 0
}

// lockedBuffer is a bytes.Buffer that goroutines may write concurrently.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// panicFrameLine is what yaegi writes on its standard error for each
// interpreted frame a panic unwinds: "_test/task_panic.go:12:3: panic: main.main.func1(...)".
var panicFrameLine = regexp.MustCompile(`^.*:(\d+:\d+): panic: `)

// panicLineWriter does what the evaluator's standard-error writer does
// with those lines: it tells NotePanicFrame, on the writing goroutine.
type panicLineWriter struct {
	mu   sync.Mutex
	text bytes.Buffer
}

func (w *panicLineWriter) Write(p []byte) (int, error) {
	for _, line := range strings.Split(string(p), "\n") {
		if m := panicFrameLine.FindStringSubmatch(line); m != nil {
			NotePanicFrame(m[1])
		}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.text.Write(p)
}
