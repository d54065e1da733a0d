// Function literals in a traceback are named as Go names them: numbered
// in source order among those directly in the function around them, a
// literal in a literal after its own, in methods and in a package-level
// declaration too.
package main

import "fmt"

//go:noinline
func call(f func()) { f() }

type T struct{ xs []int }

//go:noinline
func (t T) At(i int) (n int) {
	call(func() { n = t.xs[i] })
	return n
}

//go:noinline
func (t *T) Get(i int) (n int) {
	call(func() { fmt.Println("get", i) })
	call(func() { n = t.At(i) })
	return n
}

var get = func(i int) (n int) {
	call(func() { n = (&T{}).Get(i) })
	return n
}

func main() {
	call(func() { fmt.Println("main") })
	done := make(chan bool)
	go func() {
		defer func() { fmt.Println("deferred") }()
		call(func() { fmt.Println(get(3)) })
		close(done)
	}()
	<-done
	call(func() { fmt.Println("not reached") })
}
