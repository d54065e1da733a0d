package interp_test

import (
	"bytes"
	"go/parser"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// Patch 10: TypeOfExpr gives an expression's type, its fields and its
// methods, without running it.
func TestPatchTypeOfExpr(t *testing.T) {
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if _, err := i.Eval(`import ("fmt"; "strings"; "time")
type Celsius float64
func (c Celsius) String() string { return "c" }
type Point struct{ X, Y int; name string }
func (p *Point) Move(dx int) { p.X += dx }
func (p Point) Len() float64 { return 0 }
type Named struct { Point; Label string }
func f() (string, error) { fmt.Println("f ran"); return "", nil }
func g(a int, b ...string) Point { fmt.Println("g ran"); return Point{} }
var sb strings.Builder
var p Point
var e error
`); err != nil {
		t.Fatal(err)
	}
	members := func(ty interp.Type, addressable bool) string {
		var s []string
		for _, m := range ty.Members(addressable) {
			s = append(s, m.Name+" "+m.Type)
		}
		return strings.Join(s, "; ")
	}
	for _, c := range []struct {
		src, typ, members string
		addressable       bool
	}{
		{"p", "Point", "Len func() float64; Move func(int); X int; Y int; name string", true},
		{"g(1)", "Point", "Len func() float64; X int; Y int; name string", false},
		{"Named{}", "Named", "Label string; Len func() float64; Point Point; X int; Y int; name string", false},
		{"&p", "*Point", "Len func() float64; Move func(int); X int; Y int; name string", false},
		{"Celsius(2)", "Celsius", "String func() string", false},
		{"f()", "(string, error)", "", false},
		{"f", "func() (string, error)", "", false},
		{"g", "func(int, ...string) Point", "", false},
		{"e", "error", "Error func() string", false},
		{"time.Second", "time.Duration", "", false},
		{"'x'", "untyped rune", "", false},
	} {
		x, err := parser.ParseExprFrom(i.FileSet(), "_.go", c.src, 0)
		if err != nil {
			t.Fatal(err)
		}
		ty, err := i.TypeOfExpr(x)
		if err != nil {
			t.Errorf("TypeOfExpr(%s): %v", c.src, err)
			continue
		}
		if got := ty.String(); got != c.typ {
			t.Errorf("TypeOfExpr(%s) = %s, want %s", c.src, got, c.typ)
		}
		if c.src == "time.Second" {
			continue // the methods of the host's time.Duration
		}
		if got := members(ty, c.addressable); got != c.members {
			t.Errorf("TypeOfExpr(%s).Members(%v) =\n\t%s, want\n\t%s", c.src, c.addressable, got, c.members)
		}
	}
	x, _ := parser.ParseExprFrom(i.FileSet(), "_.go", "sb", 0)
	ty, _ := i.TypeOfExpr(x)
	if got := members(ty, true); !strings.Contains(got, "WriteString func(string) (int, error)") {
		t.Errorf("the methods of a strings.Builder variable lack WriteString: %s", got)
	}
	if out.Len() > 0 {
		t.Errorf("TypeOfExpr ran code: %q", out.String())
	}
}

// Patch 11: the results of a call passed to fmt.Println keep the methods
// fmt looks for, as Go's do.
func TestPatchResultsKeepMethods(t *testing.T) {
	src := `package main

import (
	"errors"
	"fmt"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func hot() (Celsius, error) { return 40, nil }

func bad() (Celsius, error) { return 0, errors.New("too cold") }

func main() {
	fmt.Println(hot())
	fmt.Println(bad())
	fmt.Println(Celsius(3))
}`
	stdout, _, err := run(t, src)
	if err != nil {
		t.Fatal(err)
	}
	want := "40.0°C <nil>\n0.0°C too cold\n3.0°C\n" // go run's
	if stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}

// Patch 12: a value in an interface the program declares keeps the
// methods fmt looks for.
func TestPatchInterfaceValueKeepsMethods(t *testing.T) {
	src := `package main

import "fmt"

type Shape interface {
	Area() float64
	String() string
}

type Square struct{ Side float64 }

func (s Square) Area() float64   { return s.Side * s.Side }
func (s Square) String() string  { return fmt.Sprintf("square %g", s.Side) }

func main() {
	var s Shape = Square{2}
	fmt.Println(s, s.Area())
	var none Shape
	fmt.Println(none)
}`
	stdout, _, err := run(t, src)
	if err != nil {
		t.Fatal(err)
	}
	if want := "square 2 4\n<nil>\n"; stdout != want { // go run's
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}
