package interp_test

import (
	"strings"
	"testing"
)

// Patch 21: a panic with a value of a type the program declares, with an
// Error or a String method, recovers as a value r.(error) or
// r.(fmt.Stringer) accepts, and as itself for r.(T) and a type switch;
// a method of another signature is not taken for error's. Each want is
// what the Go toolchain prints.
func TestPatchRecoveredDeclaredTypes(t *testing.T) {
	src := `package main

import "fmt"

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Odd struct{ n int }

func (o Odd) Error(x int) string { return "odd" }

func try(f func()) {
	defer func() {
		r := recover()
		err, isErr := r.(error)
		s, isStringer := r.(fmt.Stringer)
		nf, isNF := r.(NotFound)
		fmt.Println(err, isErr, s, isStringer, nf.name, isNF)
		switch v := r.(type) {
		case NotFound:
			fmt.Println("NotFound", v.name)
		case Odd:
			fmt.Println("Odd", v.n)
		}
	}()
	f()
}

func main() {
	try(func() { panic(NotFound{"p"}) })
	try(func() { panic(Celsius(21)) })
	try(func() { panic(Odd{3}) })
}
`
	want := `p: not found true <nil> false p true
NotFound p
<nil> false 21.0°C true  false
<nil> false <nil> false  false
Odd 3
`
	out, errOut, err := run(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if out != want {
		t.Errorf("printed\n%s\nGo prints\n%s", out, want)
	}

	// Unrecovered, it is printed as Go's runtime prints it: by its Error.
	_, _, err = run(t, "package main\n\ntype NotFound struct{ name string }\n\nfunc (e NotFound) Error() string { return e.name + \": not found\" }\n\nfunc main() { panic(NotFound{\"x\"}) }\n")
	if err == nil || !strings.Contains(err.Error(), "x: not found") {
		t.Errorf("panic: %v, want x: not found", err)
	}
}
