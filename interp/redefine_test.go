package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// compileError runs src, which must fail to compile with a message
// containing msg at line:col.
func (te *testEngine) compileError(t *testing.T, src string, line, col int, msg string) {
	t.Helper()
	res := te.Eval(context.Background(), src)
	if res.Err == nil {
		t.Fatalf("Eval(%q) succeeded, want a compile error containing %q", src, msg)
	}
	if res.Err.Kind != ErrCompile || res.Err.Line != line || res.Err.Col != col || !strings.Contains(res.Err.Msg, msg) {
		t.Errorf("Eval(%q) = %s error %q at %d:%d, want a compile error containing %q at %d:%d",
			src, res.Err.Kind, res.Err.Msg, res.Err.Line, res.Err.Col, msg, line, col)
	}
}

// A declaration that fails to compile leaves the function it redeclares as
// it was (yaegi would leave a broken one, whose calls panic).
func TestFailedRedeclarationKeepsFunction(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "n := 0\nfunc incr() { n++ }")
	te.noValue(t, "incr()")
	te.compileError(t, "func incr() { n += undefinedThing }", 1, 20, "undefined: undefinedThing")
	te.compileError(t, "func incr() string { return 2 }", 1, 29, "cannot use 2")
	te.noValue(t, "incr()")
	te.value(t, "n", "2", "int")
	// And the fixed version, when it comes, is the one that runs.
	te.eval(t, "func incr() { n += 10 }")
	te.noValue(t, "incr()")
	te.value(t, "n", "12", "int")
}

// Functions that call a redefined function, directly or through others,
// call the new version (yaegi#1673: they kept the old one).
func TestRedefinitionReachesCallers(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "func f(a, b int) int { return a + b }")
	te.eval(t, "func g() int { return f(2, 3) }")
	te.eval(t, "func k() int { return g() * 10 }")
	te.eval(t, "func fib(n int) int { if n < 2 { return n }; return fib(n-1) + fib(n-2) }")
	te.value(t, "k()", "50", "int")
	res := te.eval(t, "func f(a, b int) int { return a * b }")
	if res.Warn != "" {
		t.Errorf("redefining f warned %q, want nothing", res.Warn)
	}
	te.value(t, "g()", "6", "int")
	te.value(t, "k()", "60", "int")
	// A caller declared in the same input as the new version is left alone.
	te.eval(t, "func f(a, b int) int { return a - b }\nfunc g() int { return f(9, 3) + 100 }")
	te.value(t, "k()", "1060", "int")
	// Recursion is not a caller of something else.
	te.eval(t, "func fib(n int) int { if n < 2 { return 1 }; return fib(n-1) + fib(n-2) }")
	te.value(t, "fib(5)", "8", "int")
}

// When a caller no longer compiles with the new version (its signature
// changed), the caller is left calling the old one, and the learner is
// told which.
func TestRedefinitionWarnsOfCallersThatNoLongerFit(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "func f(a, b int) int { return a + b }")
	te.eval(t, "func g() int { return f(2, 3) }")
	res := te.eval(t, "func f(a int) int { return a }")
	for _, want := range []string{"g still uses the old f: it does not compile with the new one (too many arguments", "Declare it again"} {
		if !strings.Contains(res.Warn, want) {
			t.Errorf("warning %q does not say %q", res.Warn, want)
		}
	}
	if strings.Contains(res.Warn, "_pg") {
		t.Errorf("warning %q shows the playground's own names", res.Warn)
	}
	te.value(t, "g()", "5", "int")
	te.value(t, "f(7)", "7", "int")
}

// A method cannot be replaced in yaegi: declaring it again differently is
// refused with the reason, the same declaration again is accepted, and a
// method whose first declaration failed is never attached, so that the
// fixed one works.
func TestMethodsAreDeclaredOnce(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "type T struct{ A int }\nfunc (t T) Get() int { return t.A }")
	te.compileError(t, "func (t T) Get() int { return t.A * 10 }", 1, 12, "the method T.Get is declared already")
	te.value(t, "T{3}.Get()", "3", "int")
	te.eval(t, "type T struct{ A int }\nfunc (t T) Get() int {\n\treturn t.A\n}") // pasted again
	te.value(t, "T{4}.Get()", "4", "int")

	te.compileError(t, "func (t *T) Inc() { t.B++ }", 1, 21, "undefined selector: B")
	te.eval(t, "func (t *T) Inc() { t.A++ }")
	te.value(t, "v := T{1}; v.Inc(); v.A", "2", "int")

	// A method that calls a redefined function keeps the old one, and the
	// learner hears so.
	te.eval(t, "func double(n int) int { return 2 * n }\nfunc (t T) Double() int { return double(t.A) }")
	res := te.eval(t, "func double(n int) int { return n + n + 1 }")
	if !strings.Contains(res.Warn, "the method T.Double still uses the old double") {
		t.Errorf("warning %q does not name T.Double", res.Warn)
	}
}

// The probe of new methods accepts what compiles: methods that call each
// other on values of their type, declared with the type in one input, and
// a method whose name a field of another type's has.
func TestMethodProbeAcceptsValidCode(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, `type Item struct{ name string; rank int }
func (a Item) Key() string { return fmt.Sprint(a.rank, a.name) }
func (a Item) Less(b Item) bool { return a.Key() < b.Key() }
func (a Item) String() string { return "item " + a.name }
var _ fmt.Stringer = Item{}`)
	te.value(t, `Item{"x", 1}.Less(Item{"y", 2})`, "true", "bool")
	te.eval(t, `type Counter struct{ mu sync.Mutex; n int }
func (c *Counter) Lock() { c.mu.Lock() }
func (c *Counter) Unlock() { c.mu.Unlock() }
func (c *Counter) Add() { c.Lock(); defer c.Unlock(); c.n++ }`)
	te.value(t, "c := &Counter{}; c.Add(); c.Add(); c.n", "2", "int")
}

// A variable declared again with a value that does not compile keeps its
// value (yaegi gave it new storage, which read zero).
func TestFailedVariableRedeclarationKeepsValue(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "x := 5")
	te.compileError(t, "var x int = undefinedThing", 1, 13, "undefined: undefinedThing")
	te.value(t, "x", "5", "int")
	te.eval(t, "var x int = 7")
	te.value(t, "x", "7", "int")
}

// An undefined name in a top-level value is named, where yaegi says
// "constant definition loop".
func TestUndefinedNameInTopLevelValue(t *testing.T) {
	te := newTestEngine(t)
	te.compileError(t, "z := lenght(\"abc\")", 1, 6, "undefined: lenght")
	te.compileError(t, "var w = nope", 1, 9, "undefined: nope")
	te.compileError(t, "const k = 2 * nope", 1, 15, "undefined: nope")
	// What failed left nothing behind: the names can be declared now.
	te.eval(t, "nope := 3\nvar w = nope\nconst k = 2")
	te.value(t, "w + k", "5", "int")
	te.value(t, "z := len(\"abc\"); z", "3", "int")
}

// Functions that use a variable defined again (count := 0, to start over)
// use the new one; a function's own variable of that name is its own.
func TestVariableRedefinitionReachesFunctions(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "count := 0")
	te.eval(t, "func incr() { count++ }")
	te.eval(t, "func local() int { count := 40; count += 2; return count }")
	te.noValue(t, "incr(); incr()")
	te.value(t, "count", "2", "int")
	te.eval(t, "count := 0")
	te.noValue(t, "incr()")
	te.value(t, "count", "1", "int")
	te.eval(t, "var count = 10")
	te.noValue(t, "incr()")
	te.value(t, "count", "11", "int")
	// A new type: incr no longer compiles, and says so; local is not
	// concerned.
	res := te.eval(t, `count := "many"`)
	if !strings.Contains(res.Warn, "incr still uses the old count") || strings.Contains(res.Warn, "local") {
		t.Errorf("warning %q, want one naming incr and not local", res.Warn)
	}
	te.value(t, "local()", "42", "int")
}

// BenchmarkRedefine is what keeping callers current costs when the
// learner declares a function again: "lone" redeclares a function nothing
// calls (the baseline), "callers" one that ten of the session's forty
// functions call, directly or through each other; "var" declares a
// variable again (probed first, then declared, then its users rebound).
func BenchmarkRedefine(b *testing.B) {
	te := newTestEngine(&testing.T{})
	var setup []string
	setup = append(setup, "func f() int { return 1 }", "func lone() int { return 1 }", "v := 1")
	for i := range 40 {
		switch {
		case i < 5:
			setup = append(setup, fmt.Sprintf("func c%d() int { return f() + %d }", i, i))
		case i < 10:
			setup = append(setup, fmt.Sprintf("func c%d() int { return c%d() + v }", i, i-5))
		default:
			setup = append(setup, fmt.Sprintf("func o%d(n int) int { x := n * %d; return x }", i, i))
		}
	}
	for _, s := range setup {
		if res := te.Eval(context.Background(), s); res.Err != nil {
			b.Fatalf("%s: %v", s, res.Err)
		}
	}
	for _, bc := range []struct{ name, src string }{
		{"lone", "func lone() int { return %d }"},
		{"callers", "func f() int { return %d }"},
		{"var", "var v = %d"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			i := 0
			for b.Loop() {
				i++
				if res := te.Eval(context.Background(), fmt.Sprintf(bc.src, i)); res.Err != nil || res.Warn != "" {
					b.Fatalf("%v %q", res.Err, res.Warn)
				}
			}
		})
	}
}

// A new function that does not compile is not declared at all: a call
// says it is undefined (yaegi would have declared it broken, and calls
// would panic with "index out of range"). Messages name the learner's
// function, not the probe's.
func TestFailedNewFunctionIsNotDeclared(t *testing.T) {
	te := newTestEngine(t)
	te.compileError(t, "func worker() int { return nope }", 1, 28, "undefined: nope")
	te.compileError(t, "worker()", 1, 1, "undefined: worker")
	te.eval(t, "func worker() int { return 7 }")
	te.value(t, "worker()", "7", "int")
	res := te.Eval(context.Background(), "func rec(n int) int { return rec(n, 1) }")
	if res.Err == nil || strings.Contains(res.Err.Msg, "_pg") || !strings.Contains(res.Err.Msg, "too many arguments") {
		t.Errorf("Eval(rec calling itself wrongly) = %v, want a message about too many arguments without the playground's names", res.Err)
	}
}

// A generic function cannot be replaced in yaegi, which keeps the version
// it made for each type: declaring it again differently is refused, the
// same declaration again is accepted, and one that calls a redefined
// function is named in a warning.
func TestGenericFunctionsAreDeclaredOnce(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "func Id[T any](x T) T { return x }")
	te.value(t, "Id(1)", "1", "int")
	te.compileError(t, "func Id[T any](x T) T { var z T; return z }", 1, 6, "the generic function Id is declared already")
	te.eval(t, "func Id[T any](x T) T { return x }")
	te.value(t, "Id(2)", "2", "int")
	te.eval(t, "func label() string { return \"a\" }\nfunc Tag[T any](x T) string { return label() + fmt.Sprint(x) }")
	res := te.eval(t, "func label() string { return \"b\" }")
	if !strings.Contains(res.Warn, "the generic function Tag still uses the old label") {
		t.Errorf("warning %q does not name Tag", res.Warn)
	}
}
