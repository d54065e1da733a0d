// Generic functions given their type arguments and no value arguments,
// in a function and for package-level variables (yaegi v0.16.1 refused
// the latter with "constant definition loop", and once they compiled the
// call did nothing).
package main

import (
	"fmt"
	"time"
)

type Point struct{ X, Y int }

func Zero[T any]() T {
	var z T
	return z
}

func New[T any]() *T { return new(T) }

func Make[K comparable, V any]() map[K]V { return map[K]V{} }

func Pair[A, B any]() (A, B) {
	var a A
	var b B
	return a, b
}

var origin = Zero[Point]()
var name = New[string]()
var ages = Make[string, int]()

func main() {
	x := Zero[int]()
	p := New[Point]()
	m := Make[string, time.Duration]()
	m["tick"] = time.Second
	a, b := Pair[int, string]()
	fmt.Println(x, *p, m, a, b == "")
	*name = "Ada"
	ages[*name] = 36
	fmt.Println(origin, *name, ages)
}
