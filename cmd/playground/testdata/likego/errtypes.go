package main

// Values of a type the program declares, in error variables, keep their
// Error method (patch 20).

import (
	"errors"
	"fmt"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Code struct{ n int }

func (c *Code) Error() string { return fmt.Sprint("code ", c.n) }

type Result struct{ Err error }

type T int

func (t T) Error() string { return fmt.Sprintf("T%d", int(t)) }

type C int

func (c C) String() string { return fmt.Sprintf("C%d", int(c)) }

func find(name string) error { return NotFound{name} }

func conv() error { return error(NotFound{"conv"}) }

func show(err error) { fmt.Println("show:", err) }

func main() {
	var err error = NotFound{"x"}
	fmt.Println(err)
	var e2 error
	e2 = NotFound{"y"}
	fmt.Printf("%v|%s|%q\n", e2, e2, e2)
	e3 := error(NotFound{"z"})
	fmt.Println(e3, find("f"), conv())
	fmt.Println(NotFound{"direct"})

	errs := []error{NotFound{"a"}, &Code{1}}
	errs = append(errs, NotFound{"appended"})
	fmt.Println(errs[0], errs[1], errs[2])
	m := map[string]error{"k": NotFound{"m"}}
	r := Result{Err: NotFound{"r"}}
	fmt.Println(m["k"], r.Err)
	ch := make(chan error, 1)
	ch <- NotFound{"ch"}
	fmt.Println(<-ch)
	show(NotFound{"arg"})

	w := fmt.Errorf("wrap: %w", err)
	fmt.Println(w, errors.Unwrap(w))
	fmt.Println(fmt.Errorf("direct: %w", NotFound{"d"}))
	fmt.Println(errors.Join(NotFound{"j1"}, NotFound{"j2"}))

	nf, ok := err.(NotFound)
	fmt.Println(nf.name, ok)
	switch e := e2.(type) {
	case *Code:
		fmt.Println("code", e.n)
	case NotFound:
		fmt.Println("not found", e.name)
	}
	fmt.Println(err == err, err == e2, err != e3)

	// fmt calls Error and String for %v, %s, %q, %x, %X only.
	var t error = T(5)
	fmt.Printf("%v|%s|%q|%x|%d|%5.2s|%+v\n", t, t, t, t, t, t, t)
	fmt.Printf("%d %v %s %d\n", T(6), T(6), C(7), C(7))
}
