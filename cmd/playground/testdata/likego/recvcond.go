// Receives as operands of && and ||, waiting for their values.
package main

import (
	"fmt"
	"time"
)

func later(ch chan bool, v bool) {
	time.Sleep(10 * time.Millisecond)
	ch <- v
}

func main() {
	ch := make(chan bool)
	go later(ch, true)
	fmt.Println(<-ch && true)
	go later(ch, false)
	fmt.Println(<-ch || false)
	go later(ch, true)
	ok := <-ch && len("x") == 1
	fmt.Println(ok)
}
