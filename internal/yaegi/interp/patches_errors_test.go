package interp_test

import "testing"

// errorTypeDecls declares an error type of the program's own, as a
// learner does.
const errorTypeDecls = `package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

var _ = errors.New
`

// Patch 20: a value of a type the program declares, put in an error
// variable, passed as an error or to fmt, keeps its Error method; an
// assertion, a type switch and == see the value itself. Each want is
// what the Go toolchain prints.
func TestPatchErrorValuesKeepMethods(t *testing.T) {
	cases := []struct{ name, body, want string }{
		{"var of a literal", `var err error = NotFound{"x"}; fmt.Println(err)`, "x: not found\n"},
		{"assigned a literal", `var err error; err = NotFound{"y"}; fmt.Println(err)`, "y: not found\n"},
		{"conversion", `e := error(NotFound{"z"}); fmt.Println(e)`, "z: not found\n"},
		{"passed to fmt", `fmt.Println(NotFound{"d"}); fmt.Printf("%s\n", NotFound{"s"})`, "d: not found\ns: not found\n"},
		{"wrapped by %w", `fmt.Println(fmt.Errorf("w: %w", NotFound{"w"}))`, "w: w: not found\n"},
		{"variadic errors", `fmt.Println(errors.Join(NotFound{"a"}, NotFound{"b"}))`, "a: not found\nb: not found\n"},
		{"asserted", `var err error = NotFound{"x"}; nf, ok := err.(NotFound); fmt.Println(nf.name, ok)`, "x true\n"},
		{"type switch", `var err error = NotFound{"x"}
switch e := err.(type) {
case NotFound:
	fmt.Println("case", e.name)
default:
	fmt.Println("default")
}
switch err.(type) {
case NotFound:
	fmt.Println("case")
}`, "case x\ncase\n"},
		{"compared", `var a, b error = NotFound{"x"}, NotFound{"x"}; c := error(NotFound{"y"}); fmt.Println(a == b, a == c, a != c)`, "true false true\n"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, err := run(t, errorTypeDecls+"func main() {\n"+c.body+"\n}\n")
			if err != nil {
				t.Fatalf("%v\n%s", err, errOut)
			}
			if out != c.want {
				t.Errorf("printed %q, Go prints %q", out, c.want)
			}
		})
	}
}
