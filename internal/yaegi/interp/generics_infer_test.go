package interp_test

import "testing"

// Patch 40: type arguments are inferred by name, through the core types of
// constraints (S ~[]E), from variadic arguments, and in any order; the
// generic slices source runs without clear, which yaegi lacks.
func TestPatchGenericInference(t *testing.T) {
	stdout, _, err := run(t, `package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
	"strings"
)

type Number interface{ ~int | ~float64 }

func Sum[S ~[]E, E Number](s S) E {
	var t E
	for _, v := range s {
		t += v
	}
	return t
}

func Last[T any](xs ...T) T { return xs[len(xs)-1] }

func Find[S ~[]E, E, T any](x S, target T, match func(E, T) bool) int {
	for i, v := range x {
		if match(v, target) {
			return i
		}
	}
	return -1
}

type Ints []int

func main() {
	fmt.Println(cmp.Or(0, 3), cmp.Or("", "x"), cmp.Or(0, 2.5))
	fmt.Println(Sum(Ints{1, 2, 3}), Sum([]float64{1.5, 2}))
	fmt.Println(Last(1, 2, 3), Last([]string{"a", "b"}...))
	fmt.Println(Find([]string{"a", "bb"}, 2, func(s string, n int) bool { return len(s) == n }))
	fmt.Println(len(slices.Clip(make([]int, 2, 5))), cap(slices.Grow([]int{1}, 10)) >= 11)
	fmt.Println(slices.Replace([]int{1, 2, 3}, 0, 1, 9, 9), slices.CompactFunc([]string{"a", "A", "b"}, strings.EqualFold))
	fmt.Println(maps.EqualFunc(map[string]int{"a": 1}, map[string]string{"a": "1"}, func(a int, b string) bool { return fmt.Sprint(a) == b }))
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "3 x 2.5\n6 3.5\n3 b\n1\n2 true\n[9 9 2 3] [a b]\ntrue\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}

	// What cannot be inferred is refused at the call, as Go refuses it:
	// not at a position in yaegi's generic source.
	_, _, err = run(t, `package main

import "cmp"

func main() {
	_ = cmp.Or()
}`)
	if err == nil || err.Error() != "6:13: in call to cmp.Or, cannot infer T" {
		t.Errorf("got %v, want 6:13: in call to cmp.Or, cannot infer T", err)
	}
}
