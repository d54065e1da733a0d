// %T names a value of a type the program declares with an Error or a
// String method as Go does, in an error, a fmt.Stringer or passed
// itself, through every formatting function of fmt.
package main

import (
	"errors"
	"fmt"
	"os"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type CodeErr struct{ code int }

func (e *CodeErr) Error() string { return fmt.Sprint("code ", e.code) }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

func find(name string) error { return NotFound{name} }

func main() {
	var err error = NotFound{"x"}
	fmt.Printf("%T %v\n", err, err)
	err = &CodeErr{3}
	fmt.Printf("%v|%T|%14T|%-14T|%.3T|%*T|\n", err, err, err, err, err, 12, err)
	var s fmt.Stringer = Celsius(3)
	fmt.Printf("%T %v %d%%\n", s, s, 7)
	fmt.Println(fmt.Sprintf("%T %T", NotFound{"y"}, Celsius(4)))
	fmt.Printf("%[2]T %[1]T %[2]v\n", err, s)
	fmt.Fprintf(os.Stdout, "%T\n", find("z"))
	wrapped := fmt.Errorf("%T: %w", find("w"), find("w"))
	fmt.Println(wrapped, errors.Unwrap(wrapped) != nil)
	fmt.Printf("%T\n", errors.Unwrap(wrapped))
	fmt.Println(string(fmt.Appendf(nil, "%T", s)))
	var none error
	fmt.Printf("%T %T\n", none, []error{err})
}
