package interp_test

import "testing"

// Patch 32: a generic function instantiated with explicit type arguments
// and called to give a package-level variable its value is typed in GTA
// and run. v0.16.1 typed no such call ("constant definition loop", or
// "not a generic type" with two type arguments), and once typed, its
// instance's body had no entry to run: the call did nothing, and the
// variable kept its zero value.
func TestPatchPackageVarFromGenericCall(t *testing.T) {
	stdout, _, err := run(t, `package main

import "fmt"

var calls []string

func Zero[T any]() T {
	calls = append(calls, "Zero")
	var z T
	return z
}

func New[T any]() *T {
	calls = append(calls, "New")
	return new(T)
}

func Make[K comparable, V any]() map[K]V {
	calls = append(calls, "Make")
	return map[K]V{}
}

var z = Zero[int]()
var p = New[string]()
var m = Make[string, int]()
var n int = Zero[int]() + 1

func main() {
	m["a"] = 1
	fmt.Println(z, p != nil, m, n, len(calls))
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "0 true map[a:1] 1 4\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}
