package main

import (
	"fmt"
	"time"
)

func recvOr(c chan string) (s string, ok bool) {
	select {
	case s, ok = <-c:
	case <-time.After(10 * time.Millisecond):
		s = "late"
	}
	return
}

func main() {
	c := make(chan string, 1)
	c <- "hi"
	fmt.Println(recvOr(c))
	fmt.Println(recvOr(c))
	close(c)
	fmt.Println(recvOr(c))
	var v int
	d := make(chan int, 1)
	d <- 4
	select {
	case v = <-d:
	default:
	}
	fmt.Println(v)
}
