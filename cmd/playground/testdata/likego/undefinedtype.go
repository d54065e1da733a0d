// A type named in a function's signature that is not defined: Go names
// it, at its place in the signature (yaegi v0.16.1 said "constant
// definition loop", at the start of the function).
package main

import "fmt"

type Point struct{ X, Y int }

func origin() Piont {
	return Piont{}
}

func main() {
	fmt.Println(origin())
}
