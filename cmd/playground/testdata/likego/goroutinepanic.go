// A panic in a goroutine ends the program, with Go's message and frames.
package main

import "time"

func work(n int) {
	var a []int
	_ = a[n]
}

func main() {
	go func() {
		work(3)
	}()
	time.Sleep(time.Second)
}
