// A panic with a value of a type the program declares: recover gives a
// value that r.(error) and r.(fmt.Stringer) accept (patch 21).
package main

import (
	"errors"
	"fmt"
)

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Celsius float64

func (c Celsius) String() string { return fmt.Sprintf("%.1f°C", float64(c)) }

type Code struct{ n int }

func (c *Code) Error() string { return fmt.Sprint("code ", c.n) }

type Odd struct{ n int }

func (o Odd) Error(x int) string { return "odd" }

func try(f func()) {
	defer func() {
		r := recover()
		if err, ok := r.(error); ok {
			fmt.Println("error:", err)
			var nf NotFound
			if e, ok := err.(NotFound); ok {
				nf = e
			}
			fmt.Println("is NotFound:", nf.name, errors.Unwrap(err) == nil)
			return
		}
		if s, ok := r.(fmt.Stringer); ok {
			fmt.Println("stringer:", s)
			return
		}
		switch v := r.(type) {
		case Odd:
			fmt.Println("odd", v.n)
		default:
			fmt.Println("other:", r)
		}
	}()
	f()
}

func main() {
	try(func() { panic(NotFound{"p"}) })
	try(func() { panic(&Code{7}) })
	try(func() { panic(Celsius(21)) })
	try(func() { panic(Odd{3}) })
	try(func() { panic(errors.New("plain")) })
	try(func() { panic(7) })
	func() {
		defer func() {
			r := recover()
			nf, ok := r.(NotFound)
			fmt.Println(nf.name, ok, r)
			switch e := r.(type) {
			case NotFound:
				fmt.Println("case NotFound", e.name)
			}
		}()
		panic(NotFound{"again"})
	}()
}
