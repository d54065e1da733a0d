package interp_test

// Tests of the changes PATCHES.md lists, each against what compiled Go
// does with the same program.

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// run evaluates src as a program and returns the error and what yaegi
// wrote to its standard output and error.
func run(t *testing.T, src string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out, Stderr: &errOut})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	_, err = i.Eval(src)
	return out.String(), errOut.String(), err
}

// framePos matches the position yaegi writes for each frame a panic
// unwinds: "12:3: panic: main.f(...)".
var framePos = regexp.MustCompile(`(?m)^(?:\S*:)?(\d+:\d+): panic: (\S+)\(\.\.\.\)$`)

// Patch 1: a panic is placed at the step that panicked, in each frame.
func TestPatchPanicPositions(t *testing.T) {
	src := `package main

func f(n int) int {
	var a []int
	n++
	return a[n]
}

func g(n int) int {
	x := n + 1
	return f(x)
}

func main() {
	println("start")
	g(4)
}`
	_, stderr, err := run(t, src)
	if err == nil {
		t.Fatal("no panic")
	}
	var got []string
	for _, m := range framePos.FindAllStringSubmatch(stderr, -1) {
		got = append(got, m[1]+" "+m[2])
	}
	// The index expression in f, the call in g, the call in main.
	want := []string{"6:9 main.f", "11:9 main.g", "16:2 main.main"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("frames %q, want %q\n%s", got, want, stderr)
	}
}

// Patch 2: run-time errors are Go's, and interpreted code that recovers
// one sees a runtime.Error.
func TestPatchRuntimeErrors(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"index of a nil slice", "var a []int\n_ = a[5]", "runtime error: index out of range [5] with length 0"},
		{"index past the end", "a := []int{1, 2}\ni := 2\n_ = a[i]", "runtime error: index out of range [2] with length 2"},
		{"negative index", "a := []int{1, 2}\ni := -1\n_ = a[i]", "runtime error: index out of range [-1]"},
		{"index of a string", "s := \"abc\"\ni := 3\n_ = s[i]", "runtime error: index out of range [3] with length 3"},
		{"store past the end", "a := make([]int, 3)\ni := 7\na[i] = 1", "runtime error: index out of range [7] with length 3"},
		{"array through a nil pointer", "var p *[3]int\ni := 1\n_ = p[i]", "runtime error: invalid memory address or nil pointer dereference"},
		{"field through a nil pointer", "type N struct{ V int }\nvar n *N\n_ = n.V", "runtime error: invalid memory address or nil pointer dereference"},
		// Patch 3.
		{"slice past the capacity", "s := make([]int, 2, 3)\nn := 4\n_ = s[:n]", "runtime error: slice bounds out of range [:4] with capacity 3"},
		{"slice the wrong way round", "s := []int{1, 2, 3}\ni, j := 2, 1\n_ = s[i:j]", "runtime error: slice bounds out of range [2:1]"},
		{"slice a string past its length", "s := \"abc\"\nn := 5\n_ = s[1:n]", "runtime error: slice bounds out of range [:5] with length 3"},
		{"three-index slice", "s := []int{1, 2, 3}\nm := 2\n_ = s[0:3:m]", "runtime error: slice bounds out of range [:3:2]"},
		{"dereference of nil", "var p *int\n_ = *p", "runtime error: invalid memory address or nil pointer dereference"},
		{"call of a nil func", "var f func()\nf()", "runtime error: invalid memory address or nil pointer dereference"},
		{"failed type assertion", "var v any = \"s\"\n_ = v.(int)", "interface conversion: interface {} is string, not int"},
		{"assertion to a missing method", "var v any = 3\n_ = v.(error)", "interface conversion: int is not error: missing method Error"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := "package main\n\nimport (\n\t\"fmt\"\n\t\"runtime\"\n)\n\nfunc main() {\n" +
				"\tdefer func() {\n\t\tr := recover()\n\t\t_, ok := r.(runtime.Error)\n\t\tfmt.Println(ok, r.(error).Error())\n\t}()\n" +
				c.body + "\n}\n"
			out, _, err := run(t, src)
			if err != nil {
				t.Fatalf("the program did not recover: %v", err)
			}
			if want := "true " + c.want + "\n"; out != want {
				t.Errorf("recovered %q, want %q", out, want)
			}
		})
	}
}

// Patch 4: one variable given a call of several results is refused, at
// the call, as Go refuses it.
func TestPatchAssignmentMismatch(t *testing.T) {
	for _, decl := range []string{"n := strconv.Atoi(\"3\")", "var n int\n\tn = strconv.Atoi(\"3\")"} {
		src := "package main\n\nimport \"strconv\"\n\nfunc main() {\n\t" + decl + "\n\tprintln(n)\n}\n"
		_, _, err := run(t, src)
		if err == nil || !strings.Contains(err.Error(), "assignment mismatch: 1 variable but strconv.Atoi returns 2 values") {
			t.Errorf("%s: %v, want Go's assignment mismatch", decl, err)
		}
	}
	// Two variables, or a call of one result, are fine.
	src := "package main\n\nimport (\n\t\"fmt\"\n\t\"strconv\"\n)\n\nfunc main() {\n\tn, err := strconv.Atoi(\"3\")\n\ts := strconv.Itoa(n)\n\tfmt.Println(s, err == nil)\n}\n"
	if out, _, err := run(t, src); err != nil || out != "3 true\n" {
		t.Errorf("a valid program: %q, %v", out, err)
	}
	// A conversion to a func type is a call of a type, of one result.
	src = "package main\n\nimport (\n\t\"fmt\"\n\t\"strconv\"\n)\n\ntype atoi func(string) (int, error)\n\nfunc main() {\n\tf := atoi(strconv.Atoi)\n\tvar g atoi\n\tg = atoi(strconv.Atoi)\n\tn, _ := f(\"7\")\n\tm, _ := g(\"8\")\n\tfmt.Println(n, m)\n}\n"
	if out, _, err := run(t, src); err != nil || out != "7 8\n" {
		t.Errorf("a conversion to a func type: %q, %v", out, err)
	}
}

// Patch 5: a map entry among the variables a call of several results is
// assigned to gets its value.
func TestPatchMapEntryFromCall(t *testing.T) {
	src := `package main

import (
	"fmt"
	"strconv"
)

func two() (string, int) { return "x", 2 }

func main() {
	m := map[string]int{}
	var err error
	m["a"], err = strconv.Atoi("7")
	n := map[int]string{}
	var k int
	n[1], k = two()
	fmt.Println(m["a"], err == nil, n[1], k, len(m), len(n))
}
`
	out, _, err := run(t, src)
	if err != nil || out != "7 true x 2 1 1\n" {
		t.Errorf("got %q, %v; want \"7 true x 2 1 1\\n\"", out, err)
	}
}

// Patch 6: a receive that is an operand of && or || gives its value to
// the expression, when it had to wait for it, cancellable or not.
func TestPatchReceiveInCondition(t *testing.T) {
	src := `package main

import (
	"fmt"
	"time"
)

func send(ch chan bool, v bool) {
	time.Sleep(10 * time.Millisecond) // the receive waits
	ch <- v
}

func main() {
	ch := make(chan bool)
	go send(ch, true)
	a := <-ch && true
	go send(ch, false)
	b := <-ch || false
	go send(ch, true)
	c := <-ch && true
	fmt.Println(a, b, c)
}
`
	for _, cancellable := range []bool{false, true} {
		var out bytes.Buffer
		i := interp.New(interp.Options{Stdout: &out})
		if err := i.Use(stdlib.Symbols); err != nil {
			t.Fatal(err)
		}
		var err error
		if cancellable {
			_, err = i.EvalWithContext(context.Background(), src)
		} else {
			_, err = i.Eval(src)
		}
		if err != nil || out.String() != "true false true\n" {
			t.Errorf("cancellable %v: %q, %v; want \"true false true\\n\"", cancellable, out.String(), err)
		}
	}
}

// Patch 7: SaveNames restores the names of an input that failed: a new
// one is gone, one defined again is as it was.
func TestPatchSaveNames(t *testing.T) {
	i := interp.New(interp.Options{})
	if _, err := i.Eval("kept := 1"); err != nil {
		t.Fatal(err)
	}
	restore := i.SaveNames("kept", "fresh")
	if _, err := i.Eval(`kept, fresh := 2, []int{}[3]`); err == nil {
		t.Fatal("the input did not panic")
	}
	restore()
	if v, err := i.Eval("kept"); err != nil || v.Interface() != 1 {
		t.Errorf("kept = %v, %v; want 1", v, err)
	}
	if _, err := i.Eval("fresh"); err == nil || !strings.Contains(err.Error(), "undefined: fresh") {
		t.Errorf("fresh: %v, want undefined", err)
	}
	if v, err := i.Eval("fresh := 5\nfresh"); err != nil || v.Interface() != 5 {
		t.Errorf("fresh defined afresh = %v, %v", v, err)
	}
}

// Patch 8: recover returns the value panicked with, which type
// assertions see as Go's do.
func TestPatchRecoveredValue(t *testing.T) {
	src := `package main

import (
	"errors"
	"fmt"
)

var errBad = errors.New("bad")

func try(f func()) {
	defer func() {
		r := recover()
		n, isInt := r.(int)
		err, isErr := r.(error)
		fmt.Println(n, isInt, isErr, err == errBad)
	}()
	f()
}

func main() {
	try(func() { panic(7) })
	try(func() { panic(errBad) })
}
`
	out, _, err := run(t, src)
	if want := "7 true false false\n0 false true true\n"; err != nil || out != want {
		t.Errorf("got %q, %v; want %q", out, err, want)
	}
}
