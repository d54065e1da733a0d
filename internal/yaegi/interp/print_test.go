package interp_test

import "testing"

// Patch 13: print and println write to standard error, formatted as the
// gc runtime formats them (println.go in cmd/playground's differential
// harness compares with the toolchain itself).
func TestPatchPrintBuiltins(t *testing.T) {
	stdout, stderr, err := run(t, `package main

func main() {
	println(1, 1.5, 3e20, true, "s", 'a', uint8(7))
	print("a", "b", 2, "\n")
	var p *int
	println(p, 1e-7, float32(2.25), complex(1, -2))
}`)
	if err != nil {
		t.Fatal(err)
	}
	if stdout != "" {
		t.Errorf("standard output %q, want nothing", stdout)
	}
	want := "1 1.5 3e+20 true s 97 7\nab2\n0x0 1e-07 2.25 (1-2i)\n"
	if stderr != want {
		t.Errorf("standard error %q, want %q", stderr, want)
	}
}
