// A panic after one the program recovered: its position and traceback
// are its own, with none of the recovered panic's frames.
package main

import "fmt"

func at(xs []int, i int) int { return xs[i] }

func safe(xs []int, i int) (n int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Println("recovered:", r)
		}
	}()
	return at(xs, i)
}

func store(m map[string]int) { m["a"] = 1 }

func main() {
	fmt.Println(safe([]int{1}, 3))
	var m map[string]int
	store(m)
}
