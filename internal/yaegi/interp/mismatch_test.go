package interp_test

import "testing"

// Patch 35: a call of several results as the value of a var of one name
// is refused as Go refuses it, as a single value ("multiple-value …
// in single-value context"), not as an assignment; a mismatch of several
// variables is placed at the call, as Go places it.
func TestPatchSingleValueContext(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{`package main

import "strconv"

var n = strconv.Atoi("3")

func main() { println(n) }`, `5:9: multiple-value strconv.Atoi("3") (value of type (int, error)) in single-value context`},
		{`package main

import "strconv"

func main() {
	var n int = strconv.Atoi("3")
	println(n)
}`, `6:14: multiple-value strconv.Atoi("3") (value of type (int, error)) in single-value context`},
		{`package main

type Celsius float64

func read(s string) (c Celsius, err error) { return 0, nil }

func main() {
	var c = read("x")
	println(c)
}`, `8:10: multiple-value read("x") (value of type (c Celsius, err error)) in single-value context`},
		{`package main

func two() (int, error) { return 1, nil }

func main() {
	x, y, z := two()
	println(x, y, z)
}`, `6:13: assignment mismatch: 3 variables but two returns 2 values`},
		{`package main

func two() (int, error) { return 1, nil }

var a, b, c = two()

func main() {
	var x, y, z int
	x, y, z = two()
	println(a, b, c, x, y, z)
}`, `5:15: assignment mismatch: 3 variables but two returns 2 values`},
	} {
		_, _, err := run(t, c.src)
		if err == nil || err.Error() != c.want {
			t.Errorf("%v, want %s (go vet's)", err, c.want)
		}
	}
}
