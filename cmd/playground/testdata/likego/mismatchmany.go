// Three variables given a call of two results: Go says it at the call.
package main

import "fmt"

func two() (int, error) { return 1, nil }

func main() {
	x, y, z := two()
	fmt.Println(x, y, z)
}
