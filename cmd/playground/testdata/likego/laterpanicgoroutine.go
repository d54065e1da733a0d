// A goroutine's panic after one it recovered: the traceback is the later
// panic's own, with none of the recovered panic's frames.
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

func worker(xs []int, done chan int) {
	n := safe(xs, 5)
	done <- xs[n+2]
}

func main() {
	done := make(chan int)
	go worker([]int{1}, done)
	fmt.Println(<-done)
}
