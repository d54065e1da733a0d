package bench

import (
	"bytes"
	"errors"
	"fmt"
	"go/format"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// inputLines is the length of the generated shell input.
const inputLines = 1000

// A line of generated shell input, and what it becomes in the equivalent
// Go program: a top-level declaration, a statement in main, or an
// expression whose value main prints as the shell shows it.
type line struct {
	text string
	kind lineKind
}

type lineKind int

const (
	decl lineKind = iota
	stmt
	expr // the shell shows "value  type"
	strExpr
)

// session returns the generated input: blocks of ten lines, each line a
// complete input, mixing what a learner types: declarations of variables,
// functions, types and methods, loops, maps, slices, a goroutine and a
// channel, fmt.Println, and expressions whose values the shell shows.
func session() []line {
	var ls []line
	add := func(k lineKind, format string, args ...any) {
		ls = append(ls, line{fmt.Sprintf(format, args...), k})
	}
	for k := 0; len(ls) < inputLines; k++ {
		add(decl, "var v%d = %d*2 + 1", k, k)
		add(decl, "func f%d(x int) int { return x*%d + v%d }", k, k%7+2, k)
		add(decl, "type p%d struct{ a, b int }", k)
		add(decl, "func (p p%d) sum() int { return p.a*2 + p.b }", k)
		add(stmt, "s%d := 0", k)
		add(stmt, "for i := 0; i < %d; i++ { s%d += f%d(i) }", 10+k%5, k, k)
		add(stmt, `fmt.Println("block", %d, s%d, strings.Repeat("*", %d))`, k, k, k%5+1)
		add(expr, "p%d{a: %d, b: s%d}.sum()", k, k, k)
		switch k % 3 {
		case 0:
			add(stmt, `m%d := map[string]int{"a": %d, "b": s%d}; m%d["c"] = len(m%d); fmt.Println(len(m%d), m%d)`, k, k, k, k, k, k, k)
		case 1:
			add(stmt, "ch%d := make(chan int); go func() { ch%d <- f%d(3) }(); fmt.Println(<-ch%d)", k, k, k, k)
		case 2:
			add(stmt, `w%d := strings.Fields("the quick brown fox %d"); sort.Strings(w%d); fmt.Println(w%d, len(w%d))`, k, k, k, k, k)
		}
		add(strExpr, `strings.ToUpper(fmt.Sprint("fox", f%d(1)))`, k)
	}
	return ls[:inputLines]
}

// shellInput is the session as a file for "playground run": one input a
// line, packages imported by the shell as they are used.
func shellInput(ls []line) string {
	var b strings.Builder
	for _, l := range ls {
		b.WriteString(l.text + "\n")
	}
	return b.String()
}

// goProgram is the same session as a Go program: declarations at top
// level, statements in main in order, and each expression printed as the
// shell shows its value.
func goProgram(ls []line) string {
	var decls, body strings.Builder
	for _, l := range ls {
		switch l.kind {
		case decl:
			decls.WriteString(l.text + "\n")
		case stmt:
			body.WriteString("\t" + l.text + "\n")
		case expr:
			fmt.Fprintf(&body, "\t{\n\t\tv := %s\n\t\tfmt.Printf(\"%%v  %%T\\n\", v, v)\n\t}\n", l.text)
		case strExpr:
			fmt.Fprintf(&body, "\t{\n\t\tv := %s\n\t\tfmt.Printf(\"%%q  %%T\\n\", v, v)\n\t}\n", l.text)
		}
	}
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"sort\"\n\t\"strings\"\n)\n\n" +
		decls.String() + "\nfunc main() {\n" + body.String() + "}\n"
	if b, err := format.Source([]byte(src)); err == nil {
		return string(b)
	}
	return src // go run reports what is wrong with it
}

// files are the generated inputs and the binaries that run them, made
// once per test binary.
var files struct {
	once                      sync.Once
	err                       error
	dir                       string
	input, program            string // session.pg and program.go
	empty                     string // empty.go: package main, an empty main
	playground, yaegi, goTool string
}

// setup generates the inputs and builds the playground and yaegi into a
// temporary directory, once; TestMain removes it.
func setup(tb testing.TB) {
	tb.Helper()
	files.once.Do(func() {
		files.err = build()
	})
	if files.err != nil {
		tb.Fatal(files.err)
	}
}

func build() error {
	dir, err := os.MkdirTemp("", "playground-bench-")
	if err != nil {
		return err
	}
	files.dir = dir
	ls := session()
	files.input = filepath.Join(dir, "session.pg")
	files.program = filepath.Join(dir, "program.go")
	if err := os.WriteFile(files.input, []byte(shellInput(ls)), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(files.program, []byte(goProgram(ls)), 0o644); err != nil {
		return err
	}
	files.empty = filepath.Join(dir, "empty.go")
	if err := os.WriteFile(files.empty, []byte("package main\n\nfunc main() {}\n"), 0o644); err != nil {
		return err
	}
	// go test puts its own Go first on PATH.
	files.goTool, err = exec.LookPath("go")
	if err != nil {
		return err
	}
	files.playground = filepath.Join(dir, "playground")
	files.yaegi = filepath.Join(dir, "yaegi")
	// The playground is built as the README runs it; yaegi as its CLI is
	// installed.
	for _, b := range []struct{ out, pkg, tags string }{
		{files.playground, "github.com/learn-concurrency/playground/cmd/playground", playgroundTags},
		{files.yaegi, "github.com/traefik/yaegi/cmd/yaegi", ""},
	} {
		cmd := exec.Command(files.goTool, "build", "-tags", b.tags, "-o", b.out, b.pkg)
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("go build %s: %v\n%s", b.pkg, err, out)
		}
	}
	return nil
}

// playgroundTags are the build tags of the README's run command
// (TestBuiltAsTheREADMERunsIt).
const playgroundTags = "netgo,osusergo"

// run runs name with args and returns its standard output; a failure or
// anything on standard error but busy notices is an error.
func run(name string, args ...string) ([]byte, error) {
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	err := cmd.Run()
	if rest := dropBusyNotices(stderr.String()); err == nil && rest != "" {
		err = fmt.Errorf("wrote to standard error")
	}
	if err != nil {
		return stdout.Bytes(), fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, stderr.Bytes())
	}
	return stdout.Bytes(), nil
}

// dropBusyNotices removes the evaluator's busy notices from s. The
// evaluator measures its CPU for 400 ms after each input, and when the
// next inputs keep it busy (as a file of short inputs does) it takes them
// for a goroutine left spinning; the shell shows the notice when it
// arrives between two requests. That is a false alarm, not a failure of
// the run.
func dropBusyNotices(s string) string {
	var kept []string
	for l := range strings.Lines(s) {
		if strings.HasPrefix(l, "the evaluator is still busy") || strings.HasPrefix(l, "Ctrl-C cannot stop a goroutine started with go") {
			continue
		}
		kept = append(kept, l)
	}
	return strings.Join(kept, "")
}

// The benchmarks below compare like with like only if the session and the
// program do the same: the same output from playground run of either, from
// yaegi run of the program, and from the program compiled by Go.
func TestRun1000SameOutput(t *testing.T) {
	setup(t)
	if n := strings.Count(shellInput(session()), "\n"); n != inputLines {
		t.Fatalf("the session has %d lines, want %d", n, inputLines)
	}
	want, err := run(files.goTool, "run", files.program)
	if err != nil {
		t.Fatal(err)
	}
	// Each expression, and each line calling fmt.Println, prints one line.
	printing := 0
	for _, l := range session() {
		if l.kind == expr || l.kind == strExpr || strings.Contains(l.text, "fmt.Println") {
			printing++
		}
	}
	if n := bytes.Count(want, []byte("\n")); n != printing {
		t.Fatalf("the program printed %d lines, want %d:\n%s", n, printing, want)
	}
	for _, c := range []struct {
		name string
		argv []string
	}{
		{"playground run session.pg", []string{files.playground, "run", files.input}},
		{"playground run program.go", []string{files.playground, "run", files.program}},
		{"yaegi run program.go", []string{files.yaegi, "run", files.program}},
	} {
		got, err := run(c.argv[0], c.argv[1:]...)
		if err != nil {
			t.Errorf("%s: %v", c.name, err)
			continue
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s printed what go run did not:\n%s", c.name, firstDiff(got, want))
		}
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl || i >= len(g) || i >= len(w) {
			return fmt.Sprintf("line %d: got %q, want %q (%d lines against %d)", i+1, gl, wl, len(g), len(w))
		}
	}
	return "no difference"
}

// benchRun runs argv once per iteration; setup must have run. Besides
// the time, it reports the processor time the command took (user and
// system, with every process it waited for: for the playground, its
// reaper and evaluator), which a busy machine moves less than the time.
func benchRun(b *testing.B, argv ...string) {
	var cpu time.Duration
	for b.Loop() {
		_, used, err := runCPU(nil, argv[0], argv[1:]...)
		if err != nil {
			b.Fatal(err)
		}
		cpu += used
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// BenchmarkPlaygroundRunEmpty runs an empty program with playground run:
// what starting costs (the shell, the reaper and the evaluator, each a
// Go binary's start, and the evaluator's interpreter), and ending.
func BenchmarkPlaygroundRunEmpty(b *testing.B) {
	setup(b)
	benchRun(b, files.playground, "run", files.empty)
}

// BenchmarkYaegiRunEmpty runs the empty program with yaegi run, the
// baseline of BenchmarkPlaygroundRunEmpty (issue 16: at most 1.5 times).
func BenchmarkYaegiRunEmpty(b *testing.B) {
	setup(b)
	benchRun(b, files.yaegi, "run", files.empty)
}

// BenchmarkPlaygroundRun1000 runs the 1,000-line session with playground
// run: the evaluator's start-up, then each line as one request.
func BenchmarkPlaygroundRun1000(b *testing.B) {
	setup(b)
	benchRun(b, files.playground, "run", files.input)
}

// BenchmarkPlaygroundRunProgram1000 runs the equivalent Go program with
// playground run: one request.
func BenchmarkPlaygroundRunProgram1000(b *testing.B) {
	setup(b)
	benchRun(b, files.playground, "run", files.program)
}

// BenchmarkYaegiRun1000 runs the equivalent Go program with yaegi run.
func BenchmarkYaegiRun1000(b *testing.B) {
	setup(b)
	benchRun(b, files.yaegi, "run", files.program)
}

// BenchmarkYaegiRepl1000 gives yaegi's REPL the 1,000-line session on a
// pipe: the baseline of BenchmarkPlaygroundRun1000 (issue 16: at most 1.5
// times). Each line is one input to both.
func BenchmarkYaegiRepl1000(b *testing.B) {
	setup(b)
	var cpu time.Duration
	for b.Loop() {
		_, used, err := runREPL(files.yaegi, files.input)
		if err != nil {
			b.Fatal(err)
		}
		cpu += used
	}
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
}

// runREPL runs the REPL of yaegi (no arguments) with the file at input
// on its standard input, and returns what it printed and the processor
// time it took; anything on standard error is an error.
func runREPL(yaegi, input string) ([]byte, time.Duration, error) {
	in, err := os.Open(input)
	if err != nil {
		return nil, 0, err
	}
	defer in.Close()
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(yaegi)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, &stdout, &stderr
	err = cmd.Run()
	var cpu time.Duration
	if cmd.ProcessState != nil {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	if err == nil && stderr.Len() > 0 {
		err = errors.New("wrote to standard error")
	}
	if err != nil {
		return stdout.Bytes(), cpu, fmt.Errorf("yaegi < %s: %v\n%s", filepath.Base(input), err, stderr.Bytes())
	}
	return stdout.Bytes(), cpu, nil
}

// yaegi's REPL runs the session without an error, and prints what the
// fmt.Println lines print (off a terminal it shows no values): the
// baseline evaluates every line the playground does.
func TestYaegiReplRunsTheSession(t *testing.T) {
	setup(t)
	out, _, err := runREPL(files.yaegi, files.input)
	if err != nil {
		t.Fatal(err)
	}
	printing := 0
	for _, l := range session() {
		if strings.Contains(l.text, "fmt.Println") {
			printing++
		}
	}
	if n := bytes.Count(out, []byte("\n")); n != printing {
		t.Errorf("yaegi's REPL printed %d lines, want %d:\n%s", n, printing, out)
	}
}
