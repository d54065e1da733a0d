// What recover returns is the value panicked with: type assertions on it work.
package main

import (
	"errors"
	"fmt"
)

var errBad = errors.New("bad")

func try(f func()) {
	defer func() {
		r := recover()
		n, isInt := r.(int)
		err, isErr := r.(error)
		fmt.Println(r, n, isInt, err, isErr, errors.Is(err, errBad))
	}()
	f()
}

func main() {
	try(func() { panic(7) })
	try(func() { panic(errBad) })
	try(func() { panic(fmt.Sprintf("s%d", 1)) })
}
