package interp_test

import "testing"

// Patch 14: a range over a slice of channels, with an index and a value,
// ranges over the slice.
func TestPatchRangeOverChannels(t *testing.T) {
	stdout, _, err := run(t, `package main

import "fmt"

func merge(chans ...chan int) (total int) {
	for _, ch := range chans {
		total += <-ch
	}
	return total
}

func main() {
	a, b := make(chan int, 1), make(chan int, 1)
	a <- 1
	b <- 2
	fmt.Println(merge(a, b))
	for i, ch := range []chan int{a, b} {
		ch <- i
		fmt.Println(i, <-ch)
	}
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "3\n0 0\n1 1\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}
