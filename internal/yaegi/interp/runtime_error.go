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
// the zero Value is what a nil pointer, once dereferenced, gives yaegi,
// and a call of a nil func value is a nil dereference in Go.
func goPanic(r any) any {
	if e, ok := r.(*reflect.ValueError); ok && e.Kind == reflect.Invalid {
		return errNilDeref
	}
	if r == "reflect.Value.Call: call of nil function" {
		return errNilDeref
	}
	return r
}

// sliceValue is v.Slice(lo, hi) for an array, slice or string, with Go's
// panics for bounds out of range.
func sliceValue(v reflect.Value, lo, hi int) reflect.Value {
	if !v.IsValid() {
		panic(errNilDeref)
	}
	limit, what := boundOf(v)
	switch {
	case hi < 0:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [:%d]", hi)))
	case hi > limit:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [:%d] with %s %d", hi, what, limit)))
	case lo < 0:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [%d:]", lo)))
	case lo > hi:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [%d:%d]", lo, hi)))
	}
	return v.Slice(lo, hi)
}

// slice3Value is v.Slice3(lo, hi, max), with Go's panics.
func slice3Value(v reflect.Value, lo, hi, max int) reflect.Value {
	if !v.IsValid() {
		panic(errNilDeref)
	}
	limit, what := boundOf(v)
	switch {
	case max < 0:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [::%d]", max)))
	case max > limit:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [::%d] with %s %d", max, what, limit)))
	case hi < 0:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [:%d:]", hi)))
	case hi > max:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [:%d:%d]", hi, max)))
	case lo < 0:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [%d::]", lo)))
	case lo > hi:
		panic(runtimeError(fmt.Sprintf("slice bounds out of range [%d:%d:]", lo, hi)))
	}
	return v.Slice3(lo, hi, max)
}

// boundOf is how far v may be sliced: a slice's capacity, the length of
// an array or a string.
func boundOf(v reflect.Value) (int, string) {
	if v.Kind() == reflect.Slice {
		return v.Cap(), "capacity"
	}
	return v.Len(), "length"
}

// typeAssertionError is Go's panic for a failed type assertion, a
// runtime.Error whose message has no "runtime error: " of its own.
// (v0.16.1 panicked with a compile error, its message led by a position.)
type typeAssertionError string

func (e typeAssertionError) Error() string { return string(e) }

// RuntimeError marks typeAssertionError as a runtime.Error.
func (typeAssertionError) RuntimeError() {}
