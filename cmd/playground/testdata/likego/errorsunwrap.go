// An error type of the program's own with an Unwrap method: errors.Is,
// errors.As and errors.Unwrap follow the chain it makes, as in Go; and
// its own Is method is asked. (The interpreter ended the chain at every
// error of the program's types.)
package main

import (
	"errors"
	"fmt"
	"io/fs"
)

var ErrNotFound = errors.New("not found")

type QueryError struct {
	Query string
	Err   error
}

func (e *QueryError) Error() string { return e.Query + ": " + e.Err.Error() }
func (e *QueryError) Unwrap() error { return e.Err }

type Timeout struct{ Op string }

func (t Timeout) Error() string { return t.Op + " timed out" }

// Is makes every Timeout match ErrTimeout, whatever its Op.
func (t Timeout) Is(target error) bool { return target == ErrTimeout }

var ErrTimeout = errors.New("timeout")

type Plain struct{ s string }

func (p Plain) Error() string { return p.s }

func find(q string) error {
	return &QueryError{Query: q, Err: ErrNotFound}
}

func main() {
	err := fmt.Errorf("lookup: %w", find("users"))
	fmt.Println(err)
	fmt.Println(errors.Is(err, ErrNotFound), errors.Is(err, fs.ErrExist))
	var qe *QueryError
	if errors.As(err, &qe) {
		fmt.Println("query", qe.Query)
	}
	fmt.Println(errors.Unwrap(find("x")) == ErrNotFound)

	var t error = Timeout{"read"}
	fmt.Println(errors.Is(t, ErrTimeout), errors.Is(fmt.Errorf("wrapped: %w", t), ErrTimeout), errors.Is(t, ErrNotFound))

	var p error = Plain{"plain"}
	fmt.Println(errors.Unwrap(p) == nil, errors.Is(p, ErrNotFound))
}
