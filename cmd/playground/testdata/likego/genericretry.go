// An error after a generic call whose type arguments the playground
// writes out: Go's error, not "fmt/input redeclared in this block" (the
// playground's second try, without those type arguments, imported fmt
// again).
package main

import (
	"fmt"
	"strconv"
)

func Map[T, U any](xs []T, f func(T) U) []U {
	var out []U
	for _, x := range xs {
		out = append(out, f(x))
	}
	return out
}

func main() {
	fmt.Println(Map([]int{1, 2}, func(x int) string { return strconv.Itoa(x) }))
	fmt.Println(count)
}
