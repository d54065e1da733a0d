package interp_test

import (
	"strings"
	"testing"
)

// Patch 18: goroutines that run the same select at once each select on
// their own channels. v0.16.1 filled one slice of cases for every run of
// the select: a goroutine could wait on another's channel, take its
// value, or wait for ever.
func TestPatchSelectPerGoroutine(t *testing.T) {
	stdout, stderr, err := run(t, `package main

import (
	"fmt"
	"time"
)

func echo(id int, in chan int, out chan [2]int) {
	select {
	case v := <-in:
		out <- [2]int{id, v}
	case <-time.After(5 * time.Second):
		out <- [2]int{id, -1}
	}
}

func main() {
	const n = 2000
	out := make(chan [2]int, n)
	ins := make([]chan int, n)
	for i := range ins {
		ins[i] = make(chan int, 1)
	}
	start := make(chan bool)
	for i := 0; i < n; i++ {
		go func(i int) { <-start; echo(i, ins[i], out) }(i)
	}
	close(start)
	for i := range ins {
		ins[i] <- i
	}
	wrong := 0
	for i := 0; i < n; i++ {
		r := <-out
		if r[0] != r[1] {
			wrong++
		}
	}
	fmt.Println("wrong:", wrong)
}
`)
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if strings.TrimSpace(stdout) != "wrong: 0" {
		t.Errorf("goroutines took each other's values: %s", stdout)
	}
}
