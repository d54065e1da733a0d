// A program's own generic functions beside the standard ones the
// playground stands in for (slices.Max, cmp.Compare, slices.Sort), and
// package-level variables given by generic calls: the playground said
// "cmp/input redeclared in this block" (yaegi panicked typing var total =
// Sum(xs), and the second try imported cmp again).
package main

import (
	"cmp"
	"fmt"
	"slices"
)

type Number interface {
	~int | ~int64 | ~float64
}

func Sum[S ~[]E, E Number](s S) E {
	var t E
	for _, v := range s {
		t += v
	}
	return t
}

func Largest[S ~[]E, E cmp.Ordered](s S) E {
	m := s[0]
	for _, v := range s[1:] {
		if cmp.Compare(v, m) > 0 {
			m = v
		}
	}
	return m
}

func Ptr[T any](v T) *T { return &v }

var xs = []int{3, 1, 2}
var total = Sum(xs)
var top = Largest([]string{"b", "c", "a"})
var half = Ptr(0.5)
var most = slices.Max(xs)

func main() {
	fmt.Println(total, top, *half, most)
	fmt.Println(Sum([]float64{1.5, 2}), Largest(xs), slices.Max(xs), cmp.Compare(1, 2))
	slices.Sort(xs)
	fmt.Println(xs, slices.Index(xs, 2), slices.Contains(xs, 5))
}
