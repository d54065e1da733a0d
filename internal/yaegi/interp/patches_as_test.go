package interp_test

import "testing"

// Patch 26: errors.As finds an error of the program's type in a chain
// (%w, errors.Join), a value or a pointer, and not one of another type.
// The want is what the Go toolchain prints.
func TestPatchErrorsAsDeclaredTypes(t *testing.T) {
	src := `package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Code struct{ n int }

func (c *Code) Error() string { return fmt.Sprint("code ", c.n) }

type Other struct{ n int }

func (o Other) Error() string { return "other" }

func main() {
	err := fmt.Errorf("find: %w", NotFound{"x"})
	var nf NotFound
	var o Other
	var c *Code
	fmt.Println(errors.As(err, &nf), nf.name, errors.As(err, &o))
	fmt.Println(errors.As(errors.Join(err, &Code{7}), &c), c.n)
}
`
	out, errOut, err := run(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if want := "true x false\ntrue 7\n"; out != want {
		t.Errorf("printed %q, Go prints %q", out, want)
	}
}
