package interp_test

import "testing"

// Patch 16: a function with an unnamed parameter keeps its locals: every
// parameter has its place in the frame.
func TestPatchUnnamedParameters(t *testing.T) {
	stdout, _, err := run(t, `package main

import "fmt"

func each(f func(int)) { f(1); f(2) }

func two(int, int) (int, string) { x := 7; return x, "s" }

func main() {
	each(func(int) { fmt.Println("x") })
	fmt.Println(two(1, 2))
	h := func(string) func(int) int { k := 10; return func(int) int { return k } }
	fmt.Println(h("a")(3))
}`)
	if err != nil {
		t.Fatal(err)
	}
	if want := "x\nx\n7 s\n10\n"; stdout != want {
		t.Errorf("got %q, want %q (go run's)", stdout, want)
	}
}
