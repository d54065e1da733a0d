// Output printed just before a goroutine's panic ends the program all
// arrives, as it does from a Go program. The runtime freezes every other
// goroutine before it prints the panic: output the evaluator had read
// and not yet passed on was lost (all of it, on some runs).
package main

import "fmt"

func main() {
	done := make(chan bool)
	go func() {
		for i := 0; i < 3000; i++ {
			fmt.Println("line", i)
		}
		var m map[string]int
		m["x"]++
		close(done)
	}()
	<-done
}
