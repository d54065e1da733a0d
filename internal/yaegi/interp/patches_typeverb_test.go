package interp_test

import "testing"

// Patch 29: %T of a value of the program's type with an Error or a
// String method, which fmt is given in a wrapper, names the type as the
// program declares it, not the wrapper (interp._error); a type without
// methods is still named by its underlying type. Each want is what the
// Go toolchain prints but the last line's, whose second word Go prints
// main.Point.
func TestPatchTypeVerbNames(t *testing.T) {
	src := `package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type CodeErr struct{ code int }

func (e *CodeErr) Error() string { return "code" }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Point struct{ X, Y int }

func main() {
	var err error = NotFound{"x"}
	var s fmt.Stringer = Celsius(3)
	fmt.Printf("%T %v|%8.4T|%*T|\n", err, err, err, 9, s)
	err = &CodeErr{3}
	fmt.Println(fmt.Sprintf("%[2]T %[1]T %[2]v %d%%", err, s, 5))
	w := fmt.Errorf("%T: %w", NotFound{"y"}, NotFound{"y"})
	fmt.Printf("%v %T %v\n", w, errors.Unwrap(w), errors.Is(w, NotFound{"y"}))
	fmt.Printf("%T %T\n", Celsius(2), Point{1, 2})
}`
	out, _, err := run(t, src)
	if err != nil {
		t.Fatal(err)
	}
	want := "main.NotFound x: not found|    main|main.Celsius|\n" +
		"main.Celsius *main.CodeErr 3.0°C 5%\n" +
		"main.NotFound: y: not found main.NotFound true\n" +
		"main.Celsius struct { X int; Y int }\n"
	if out != want {
		t.Errorf("got\n%s\nwant\n%s", out, want)
	}
}
