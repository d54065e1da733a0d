package interp_test

import "testing"

// Patch 42: an error of the program's type keeps its own Unwrap and Is
// methods in its error wrapper: errors.Is, errors.As and errors.Unwrap
// follow the chain it makes. The want is what the Go toolchain prints.
func TestPatchErrorMethodsFollowed(t *testing.T) {
	src := `package main

import (
	"errors"
	"fmt"
)

var ErrNotFound = errors.New("not found")
var ErrTimeout = errors.New("timeout")

type QueryError struct{ Err error }

func (e *QueryError) Error() string { return "query: " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

type Timeout struct{}

func (Timeout) Error() string          { return "timed out" }
func (Timeout) Is(target error) bool   { return target == ErrTimeout }

type Odd struct{}

func (Odd) Error() string  { return "odd" }
func (Odd) Unwrap() string { return "not errors' Unwrap" }

func main() {
	var err error = &QueryError{ErrNotFound}
	var qe *QueryError
	fmt.Println(errors.Is(err, ErrNotFound), errors.Unwrap(err) == ErrNotFound, errors.As(fmt.Errorf("w: %w", err), &qe))
	var t error = Timeout{}
	fmt.Println(errors.Is(t, ErrTimeout), errors.Is(t, ErrNotFound))
	var o error = Odd{}
	fmt.Println(errors.Unwrap(o) == nil)
}
`
	const want = "true true true\ntrue false\ntrue\n"
	out, errOut, err := run(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if out != want {
		t.Errorf("printed %q, Go prints %q", out, want)
	}
}
