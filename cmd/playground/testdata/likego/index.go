// A panic in a function called from another: Go's message, and the
// traceback through both.
package main

import "fmt"

func f(n int) int {
	var a []int
	fmt.Println("in f", n)
	return a[n]
}

func g(n int) int {
	x := n + 1
	return f(x)
}

func main() {
	fmt.Println("start")
	g(4)
	fmt.Println("never")
}
