// A variable declared and not used in a function (here in a goroutine's
// function literal) is an error in Go, at the variable; yaegi ran it.
package main

import "fmt"

func main() {
	done := make(chan bool)
	go func() {
		result := 6 * 7
		done <- true
	}()
	<-done
	fmt.Println("done")
}
