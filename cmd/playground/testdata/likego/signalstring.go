// A string where os.Signal is wanted: Go refuses the program when it
// compiles, at the argument (yaegi ran it, and the call panicked).
package main

import (
	"fmt"
	"os"
)

func main() {
	p, err := os.FindProcess(os.Getpid())
	fmt.Println(err)
	p.Signal("TERM")
}
