package interp_test

import "testing"

// Patch 15: a receive assigned in a select's case (case v = <-ch, case
// v, ok = <-ch) stores into the variable already defined, with or without
// a body.
func TestPatchSelectAssigns(t *testing.T) {
	stdout, _, err := run(t, `package main

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
	var v int
	d := make(chan int, 1)
	d <- 4
	select {
	case v = <-d:
		fmt.Println("in", v)
	case <-time.After(time.Second):
	}
	d <- 5
	select {
	case v = <-d:
	default:
	}
	fmt.Println(v)
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "hi true\nlate false\nin 4\n5\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}
