// errors.As finds an error of the program's type in a chain (patch 26).
package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Code struct{ n int }

func (c *Code) Error() string { return fmt.Sprint("code ", c.n) }

type Other struct{ n int }

func (o Other) Error() string { return "other" }

func find(n string) error { return fmt.Errorf("find: %w", NotFound{n}) }

func main() {
	var nf NotFound
	fmt.Println(errors.As(find("x"), &nf), nf.name)
	var o Other
	fmt.Println(errors.As(find("y"), &o), o.n)
	var c *Code
	err := fmt.Errorf("outer: %w", &Code{7})
	fmt.Println(errors.As(err, &c), c.n)
	j := errors.Join(errors.New("a"), NotFound{"joined"})
	var nf2 NotFound
	fmt.Println(errors.As(j, &nf2), nf2.name)
	_, ferr := os.Open("/no/such/file")
	var pe *fs.PathError
	fmt.Println(errors.As(ferr, &pe), pe.Op)
}
