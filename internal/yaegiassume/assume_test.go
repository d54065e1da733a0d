package yaegiassume_test

// Contract tests: each runs the patched interpreter as the playground
// does and fails if an assumption of assume.go no longer holds.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"io"
	"log"
	"reflect"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/stdlib"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"
	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

// session is an interpreter fed as the playground's engine feeds it:
// inputs parsed under the source name "input", declarations as a file,
// statements as the body of a block, compiled with CompileAST (its panics
// turned into errors, the standard logger quiet) and run with Execute.
type session struct {
	t *testing.T
	i *yaegi.Interpreter
}

func newSession(t *testing.T, stderr io.Writer) *session {
	i := yaegi.New(yaegi.Options{Stdout: io.Discard, Stderr: stderr})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	i.ArmStop() // channel operations compiled from now on can be stopped
	return &session{t, i}
}

// compile compiles src, declarations if decl, else statements.
func (s *session) compile(decl bool, src string) (p *yaegi.Program, err error) {
	s.t.Helper()
	var n ast.Node
	if decl {
		f, err := parser.ParseFile(s.i.FileSet(), "input", "package main;"+src, 0)
		if err != nil {
			s.t.Fatal(err)
		}
		n = f
	} else {
		f, err := parser.ParseFile(s.i.FileSet(), "input", "package main; func main() {"+src+"\n}", 0)
		if err != nil {
			s.t.Fatal(err)
		}
		n = f.Decls[0].(*ast.FuncDecl).Body
	}
	w := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(w)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the interpreter could not compile this input (%v)", r)
		}
	}()
	return s.i.CompileAST(n)
}

// run compiles and runs src, which must succeed.
func (s *session) run(decl bool, src string) {
	s.t.Helper()
	p, err := s.compile(decl, src)
	if err == nil {
		_, err = s.i.Execute(p)
	}
	if err != nil {
		s.t.Fatalf("%s: %v", src, err)
	}
}

// fails compiles src, which must fail, and returns the error.
func (s *session) fails(decl bool, src string) error {
	s.t.Helper()
	_, err := s.compile(decl, src)
	if err == nil {
		s.t.Fatalf("%s compiled", src)
	}
	return err
}

func TestConstantDefinitionLoop(t *testing.T) {
	s := newSession(t, io.Discard)
	for _, c := range []struct {
		decl bool
		src  string
	}{{true, "var w = nope"}, {false, `z := lenght("abc")`}} {
		if err := s.fails(c.decl, c.src); !yaegiassume.IsConstantDefinitionLoop(err) {
			t.Errorf("%s: %v", c.src, err)
		}
	}
}

func TestNilType(t *testing.T) {
	s := newSession(t, io.Discard)
	s.run(false, "ch := make(chan []byte, 1)")
	if err := s.fails(false, "v, ok := <-ch"); !yaegiassume.IsNilType(err) {
		t.Errorf("v, ok := <-ch at the top level: %v", err)
	}
	s.run(true, "type cfg struct{ N int }")
	s.run(false, "c := cfg{N: 2}")
	if err := s.fails(false, "for i := range c.N { _ = i }"); !yaegiassume.IsNilType(err) {
		t.Errorf("range over an int field: %v", err)
	}
}

func TestAssignmentMismatch(t *testing.T) {
	s := newSession(t, io.Discard)
	s.run(true, `import "strconv"`)
	if err := s.fails(false, `n := strconv.Atoi("3")`); !yaegiassume.IsAssignmentMismatch(err) {
		t.Errorf("one variable for two results: %v", err)
	}
}

func TestMissingPackage(t *testing.T) {
	s := newSession(t, io.Discard)
	err := s.fails(true, `import "example.com/nothere"`)
	if m := yaegiassume.MissingPackage().FindStringSubmatch(err.Error()); m == nil || m[1] != "example.com/nothere" {
		t.Errorf("an import yaegi cannot find: %v", err)
	}
}

// yaegi's errors begin with the position of the code they are about, in
// the source name it was parsed with.
func TestPositionPattern(t *testing.T) {
	s := newSession(t, io.Discard)
	err := s.fails(true, "var w = nope")
	re := regexp.MustCompile(`^` + yaegiassume.PositionPattern(`(?:\d+/)?input`) + `constant definition loop$`)
	if m := re.FindStringSubmatch(err.Error()); m == nil || m[1] != "input" || m[2] != "1" || m[3] != "18" {
		t.Errorf("%v: not at input:1:18", err)
	}
}

// A value of an interpreted type passed to a compiled function listed in
// MapTypes with an interface its type implements comes wrapped, its
// methods the interpreted ones.
func TestUnwrap(t *testing.T) {
	var got []any
	keep := reflect.ValueOf(func(v ...any) { got = v })
	s := newSession(t, io.Discard)
	if err := s.i.Use(yaegi.Exports{"keep/keep": {"Keep": keep}}); err != nil {
		t.Fatal(err)
	}
	if err := s.i.Use(yaegi.Exports{".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{keep: {reflect.TypeFor[fmt.Stringer]()}})}}); err != nil {
		t.Fatal(err)
	}
	s.run(true, "import \"keep\"\ntype T int\nfunc (t T) String() string { return \"t\" }")
	s.run(false, "keep.Keep(T(7), 8)")
	if len(got) != 2 {
		t.Fatalf("Keep got %v", got)
	}
	inner, ok := yaegiassume.Unwrap(got[0])
	if !ok || fmt.Sprint(got[0]) != "t" || reflect.ValueOf(inner).Int() != 7 {
		t.Errorf("T(7) came as %#v (%v, %v)", got[0], inner, ok)
	}
	if _, ok := yaegiassume.Unwrap(got[1]); ok {
		t.Errorf("8 came wrapped: %#v", got[1])
	}
}

// yaegi writes a line for each frame of interpreted code a panic unwinds,
// innermost first, with the source name and position of the frame.
func TestPanicLines(t *testing.T) {
	var stderr bytes.Buffer
	s := newSession(t, &stderr)
	s.run(true, "func f() {\n\tpanic(\"boom\")\n}\nfunc g() { f() }")
	p, err := s.compile(false, "g()")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.i.Execute(p); err == nil {
		t.Fatal("g() did not panic")
	}
	want := regexp.MustCompile(`^input:(\d+:\d+)` + regexp.QuoteMeta(yaegiassume.PanicMark) + `(.*)` + regexp.QuoteMeta(yaegiassume.PanicCallSuffix) + `$`)
	var frames []string
	for _, line := range strings.Split(stderr.String(), "\n") {
		if m := want.FindStringSubmatch(line); m != nil {
			frames = append(frames, m[1]+" "+m[2])
		}
	}
	if len(frames) < 2 || frames[0] != "2:2 main.f" || frames[1] != "4:12 main.g" {
		t.Errorf("panic lines: %q, from stderr:\n%s", frames, stderr.String())
	}
}

func TestFramePrefix(t *testing.T) {
	name := runtime.FuncForPC(reflect.ValueOf((*yaegi.Interpreter).Execute).Pointer()).Name()
	if !strings.HasPrefix(name, yaegiassume.FramePrefix) {
		t.Errorf("yaegi's Execute is %s in stack traces, not under %s", name, yaegiassume.FramePrefix)
	}
}

// The goroutines of go statements, blocked in each channel operation of
// interpreted code that a stop can end, as a goroutine dump shows them:
// started by call or callBin, waiting in a select, the interpreter's
// innermost function naming the operation.
func TestGoroutineFrames(t *testing.T) {
	s := newSession(t, io.Discard)
	s.run(true, `import "time"`)
	p, err := s.compile(false, `
		r, r2, rg, sn := make(chan int), make(chan int), make(chan int), make(chan int)
		go func() { <-r }()
		go func() { v, ok := <-r2; _, _ = v, ok }()
		go func() { for range rg {} }()
		go func() { sn <- 1 }()
		go time.Sleep(10 * time.Second)`)
	if err != nil {
		t.Fatal(err)
	}
	stop := s.i.ArmStop()
	defer stop()
	if _, err := s.i.Execute(p); err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"chan receive": 3, "chan send": 1}
	var got map[string]int
	var compiled int
	var dump []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		got, compiled = map[string]int{}, 0
		dump = make([]byte, 1<<20)
		dump = dump[:runtime.Stack(dump, true)]
		for _, g := range bytes.Split(dump, []byte("\n\n")) {
			header, frames, _ := strings.Cut(string(g), "\n")
			i := strings.LastIndex(frames, "created by ")
			if i < 0 {
				continue
			}
			creator := frames[i+len("created by "):]
			if !yaegiassume.StartsGoStatement(creator) {
				continue
			}
			if yaegiassume.CallsCompiled(creator) && strings.Contains(frames, "time.Sleep") {
				compiled++
			}
			if !strings.Contains(header, "[select") {
				continue
			}
			i = strings.Index(frames, yaegiassume.FramePrefix)
			if i < 0 {
				continue
			}
			fn := frames[i+len(yaegiassume.FramePrefix):]
			fn = fn[:strings.IndexAny(fn, ".(")]
			if op := yaegiassume.ChanOp(fn); op != "" {
				got[op]++
			}
		}
		if reflect.DeepEqual(got, want) && compiled > 0 {
			return
		}
	}
	t.Errorf("channel operations %v, want %v; go of a compiled function %d, want some; dump:\n%s", got, want, compiled, dump)
}
