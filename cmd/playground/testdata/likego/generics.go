// Generic functions of the standard library.
package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

func main() {
	xs := []int{3, 1, 2}
	fmt.Println(slices.Contains(xs, 2), slices.Index(xs, 1), slices.Max(xs))
	fmt.Println(slices.IndexFunc(xs, func(x int) bool { return x > 2 }))
	fmt.Println(cmp.Compare(1, 2), cmp.Compare("b", "a"))
	m := map[string]int{"a": 1}
	c := maps.Clone(m)
	c["b"] = 2
	fmt.Println(len(m), len(c))
}
