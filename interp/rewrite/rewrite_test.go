package rewrite

import (
	"bytes"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"strings"
	"testing"
)

// newTestSession is a session with nothing declared and no packages.
func newTestSession(fset *token.FileSet) *Session {
	return NewSession(Env{
		Fset:        fset,
		Defined:     map[string]string{},
		Packages:    map[string][]string{},
		PackagePath: func(string) string { return "" },
		HostPackage: func(string) map[string]reflect.Value { return nil },
		Globals:     func() map[string]reflect.Value { return nil },
	})
}

// rewriteStmts rewrites src as the statements of an input, as the engine
// does, and prints what yaegi would be given.
func rewriteStmts(t *testing.T, m func(*Session) *Rewriter, src string) (string, error) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "input", "package main; func main() {\n"+src+"\n}", 0)
	if err != nil {
		t.Fatal(err)
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	err = m(newTestSession(fset)).Rewrite(body)
	var b bytes.Buffer
	if perr := printer.Fprint(&b, fset, body.List); perr != nil {
		t.Fatal(perr)
	}
	return strings.Join(strings.Fields(b.String()), " "), err
}

// The rewrites yaegi needs, one of each step of Rewrite; what they print
// is compared with its spaces collapsed. How the rewritten code runs is
// tested through the engine (interp/modern_test.go).
func TestRewrite(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"range over an int, a variable per iteration",
			"for i := range 3 { go func() { println(i) }() }",
			"for i_pg1 := 0; i_pg1 < 3; i_pg1++ { i := i_pg1 { f_pg3 := func() func() { p_pg2 := &i; return func() { println((*p_pg2)) } }() go f_pg3() } }"},
		{"return of a receive",
			"f := func(ch chan int) (int, error) { return <-ch, nil }",
			"f := func(ch chan int) (int, error) { recv_pg1 := <-ch; return recv_pg1, nil }"},
		{"assignment of a call beside a value",
			"x, y = 1, two()",
			"y_pg1 := two() x, y = 1, y_pg1"},
		{"return reading named results",
			"_ = func() (a, b int) { a, b = 1, 2; return b, a }",
			"_ = func() (a, b int) { a, b = 1, 2; b_pg1 := b; a_pg2 := a; return b_pg1, a_pg2 }"},
		{"two values defined in a block at the top level",
			"if true { x, y := 1, 2; println(x + y) }",
			"func() { if true { x, y := 1, 2 println(x + y) } }()"},
		{"comma-ok at the top level",
			"v, ok := x.(int)",
			"var v int var ok bool func() { v, ok = x.(int) }()"},
		{"nothing to rewrite", "x := 1 + 2", "x := 1 + 2"},
	}
	for _, c := range cases {
		got, err := rewriteStmts(t, (*Session).Rewriter, c.src)
		if err != nil || got != c.want {
			t.Errorf("%s: %s\ngot  %s (%v)\nwant %s", c.name, c.src, got, err, c.want)
		}
	}
}

// What cannot run is refused at the learner's own line and column.
func TestRewriteRefuses(t *testing.T) {
	_, err := rewriteStmts(t, (*Session).Rewriter, "type Seq[T any] = func(T)")
	want := "input:2:6: generic type aliases (Go 1.24) are not supported in the playground yet; declare a generic type instead: type Seq[T any] func(T)"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

// A nil Rewriter, the rewriting turned off, leaves the input as written.
func TestNilRewriter(t *testing.T) {
	src := "for i := range 3 { println(i) }"
	got, err := rewriteStmts(t, func(*Session) *Rewriter { return nil }, src)
	if err != nil || got != src {
		t.Errorf("got %s (%v)", got, err)
	}
}

func TestUnmangle(t *testing.T) {
	for in, want := range map[string]string{
		"undefined: i_pg3":                         "undefined: i",
		"cannot use x_pg12 (variable of type int)": "cannot use x (variable of type int)",
		"_pgMin: not enough arguments":             "min: not enough arguments",
		"_pgSlicesSort(s)":                         "slices.Sort(s)",
		"no names of the playground here":          "no names of the playground here",
	} {
		if got := Unmangle(in); got != want {
			t.Errorf("Unmangle(%q) = %q, want %q", in, got, want)
		}
		if IsMangled(in) != (in != want) {
			t.Errorf("IsMangled(%q) = %v", in, IsMangled(in))
		}
	}
}
