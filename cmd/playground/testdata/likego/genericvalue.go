// A generic function used as a value, with nothing to give its type
// arguments, is refused as Go refuses it, at its name (yaegi panicked
// when it ran: "reflect: call of MakeFunc with non-Func type"). Given
// them, or called, it runs.
package main

import "fmt"

func Id[T any](x T) T { return x }

func main() {
	apply := func(f func(int) int) int { return f(2) }
	fmt.Println(Id(3), Id[string]("a"), apply(Id[int]))
	show := Id
	fmt.Println(show)
}
