package interp_test

import (
	"bytes"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
	"github.com/learn-concurrency/playground/internal/yaegi/stdlib"
)

// countingTables wraps tables so that each package's builds are counted.
func countingTables(tables interp.LazyExports) (interp.LazyExports, func(key string) int) {
	var mu sync.Mutex
	built := map[string]int{}
	out := interp.LazyExports{}
	for key, load := range tables {
		out[key] = func() map[string]reflect.Value {
			mu.Lock()
			built[key]++
			mu.Unlock()
			return load()
		}
	}
	return out, func(key string) int {
		mu.Lock()
		defer mu.Unlock()
		return built[key]
	}
}

// Patch 44: UseLazy takes tables as constructors and builds a package's
// table the first time a program imports it, once; what Use gave the same
// package later is laid over the table; yaegi's fixes of the standard
// library (fmt printing to the interpreter's Stdout, errors.As) hold.
func TestPatchUseLazy(t *testing.T) {
	tables, built := countingTables(stdlib.Symbols)
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.UseLazy(tables); err != nil {
		t.Fatal(err)
	}
	// A later Use replaces a symbol of a package not yet built.
	if err := i.Use(interp.Exports{"strings/strings": {
		"ToUpper": reflect.ValueOf(func(s string) string { return "upper(" + s + ")" }),
	}}); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"fmt/fmt", "strings/strings", "net/http/http", "errors/errors"} {
		if n := built(key); n != 0 {
			t.Errorf("%s built %d times before any input", key, n)
		}
	}
	if _, err := i.Eval(`import ("errors"; "fmt"; "strings")`); err != nil {
		t.Fatal(err)
	}
	src := `
type myErr struct{}

func (myErr) Error() string { return "mine" }

func run() {
	var e error = fmt.Errorf("wrapped: %w", myErr{})
	var target myErr
	fmt.Println(strings.ToUpper("go"), strings.Repeat("ab", 2), errors.As(e, &target), e)
}`
	if _, err := i.Eval(src); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval("run()"); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "upper(go) abab true wrapped: mine\n"; got != want {
		t.Errorf("printed %q, want %q", got, want)
	}
	if _, err := i.Eval(`strings.Count("aaa", "a")`); err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]int{"fmt/fmt": 1, "strings/strings": 1, "errors/errors": 1, "net/http/http": 0} {
		if n := built(key); n != want {
			t.Errorf("%s built %d times, want %d", key, n, want)
		}
	}
}

// Patch 44: a wrapper of an interface of a package the program did not
// import (io.Reader, for bufio.NewReader of a value of the program's
// type) builds that package's table.
func TestPatchUseLazyWrapperOfUnimportedPackage(t *testing.T) {
	tables, built := countingTables(stdlib.Symbols)
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.UseLazy(tables); err != nil {
		t.Fatal(err)
	}
	_, err := i.Eval(`package main

import (
	"bufio"
	"fmt"
)

type r struct{ done bool }

func (x *r) Read(p []byte) (int, error) {
	if x.done {
		return 0, fmt.Errorf("EOF")
	}
	x.done = true
	return copy(p, "line\n"), nil
}

func main() {
	s, _ := bufio.NewReader(&r{}).ReadString('\n')
	fmt.Print(s)
}`)
	if err != nil {
		t.Fatal(err)
	}
	if out.String() != "line\n" {
		t.Errorf("printed %q, want %q", out.String(), "line\n")
	}
	if built("io/io") != 1 {
		t.Errorf("io built %d times, want 1 (its wrapper of io.Reader)", built("io/io"))
	}
}

// Patch 44: goroutines of the program and a compilation that builds a
// table at once are safe (run with -race).
func TestPatchUseLazyConcurrent(t *testing.T) {
	var out syncBuffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.UseLazy(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`import ("fmt"; "sync")
var wg sync.WaitGroup
func spin(n int) { defer wg.Done(); for j := 0; j < n; j++ { _ = fmt.Sprint(j) } }`); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`for k := 0; k < 4; k++ { wg.Add(1); go spin(2000) }`); err != nil {
		t.Fatal(err)
	}
	for _, pkg := range []string{"strings", "bytes", "sort", "strconv", "unicode"} {
		if _, err := i.Eval(`import "` + pkg + `"`); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := i.Eval(`wg.Wait(); fmt.Println(strings.Repeat("x", 3), bytes.Count([]byte("aa"), []byte("a")), sort.IntsAreSorted([]int{1, 2}), strconv.Itoa(7), unicode.IsUpper('A'))`); err != nil {
		t.Fatal(err)
	}
	if got := out.String(); !strings.HasSuffix(got, "xxx 2 true 7 true\n") {
		t.Errorf("printed %q", got)
	}
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
