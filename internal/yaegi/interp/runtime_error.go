package interp

import (
	"fmt"
	"reflect"
)

// runtimeError is a run-time panic as the Go runtime raises it, with its
// message: interpreted code that recovers it sees a runtime.Error, and an
// uncaught one reads as in a compiled program. (v0.16.1 let reflect's own
// panics through: "reflect: slice index out of range".)
type runtimeError string

func (e runtimeError) Error() string { return "runtime error: " + string(e) }

// RuntimeError marks runtimeError as a runtime.Error.
func (runtimeError) RuntimeError() {}

// errNilDeref is Go's panic for a nil pointer dereference.
const errNilDeref = runtimeError("invalid memory address or nil pointer dereference")

// indexOf is v.Index(i) for an array, slice or string, with Go's panic for
// an index out of range and for a nil pointer to an array.
func indexOf(v reflect.Value, i int) reflect.Value {
	if !v.IsValid() {
		panic(errNilDeref)
	}
	if i < 0 {
		panic(runtimeError(fmt.Sprintf("index out of range [%d]", i)))
	}
	if n := v.Len(); i >= n {
		panic(runtimeError(fmt.Sprintf("index out of range [%d] with length %d", i, n)))
	}
	return v.Index(i)
}

// goPanic turns what reflect panics with, when interpreted code does what
// Go would stop with a run-time error, into that error: a method called on
// the zero Value is what a nil pointer, once dereferenced, gives yaegi.
func goPanic(r any) any {
	if e, ok := r.(*reflect.ValueError); ok && e.Kind == reflect.Invalid {
		return errNilDeref
	}
	return r
}
