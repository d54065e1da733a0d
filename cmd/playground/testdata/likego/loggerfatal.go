// What a program prints just before compiled code ends it with os.Exit
// (a log.Logger's Fatal) reaches the terminal, as it does in Go.
package main

import (
	"fmt"
	"log"
	"os"
)

func main() {
	fmt.Println("before the end")
	fmt.Fprintln(os.Stderr, "on stderr too")
	logger := log.New(os.Stderr, "fatal: ", 0)
	logger.Fatal("the end")
}
