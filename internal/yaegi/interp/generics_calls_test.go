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

// Patch 33: T(x), T a type parameter, converts in an instance whose type
// argument is a type of a compiled package or of the program. v0.16.1
// took T(x) for a call: "too many arguments" for main.Celsius, a panic
// inside the compiler ("reflect: NumIn of non-func type time.Duration")
// for time.Duration.
func TestPatchTypeParameterConversion(t *testing.T) {
	stdout, _, err := run(t, `package main

import (
	"fmt"
	"os"
	"time"
)

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func Conv[T ~int64](x int) T { return T(x) }

func Scale[T ~float64](x float64, k T) T { return T(x) * k }

func ToMode[T ~uint32](x uint32) T { return T(x) }

func main() {
	d := Conv[time.Duration](5)
	fmt.Println(d, d*time.Millisecond)
	fmt.Println(Scale[Celsius](2.5, 2), Scale(1.5, Celsius(3)))
	fmt.Println(ToMode[os.FileMode](0o755))
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "5ns 5ms\n5.0°C 4.5°C\n-rwxr-xr-x\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}

// Patch 34: a call of a generic function whose type arguments are
// inferred from its arguments, giving a package-level variable its value,
// is typed in GTA by the instance they infer. v0.16.1 typed it by the
// generic results, which have no reflect type: "nil reflect type", a
// panic inside GTA. The instance's body is not among the variable's
// dependencies: t, declared after total from it, is not a "variable
// definition loop" for Sum's own t.
func TestPatchPackageVarFromInferredCall(t *testing.T) {
	stdout, _, err := run(t, `package main

import (
	"cmp"
	"fmt"
	"slices"
)

func Sum[S ~[]E, E cmp.Ordered](s S) E {
	var t E
	for _, v := range s {
		t += v
	}
	return t
}

func Ptr[T any](v T) *T { return &v }

var xs = []int{3, 1, 2}
var total = Sum(xs)
var half = Ptr(0.5)
var idx = slices.Index(xs, 2)
var t = total + 1

func main() {
	fmt.Println(total, *half, idx, t)
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "6 0.5 2 7\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}
