// Command playground is an interactive Go shell for learning concurrency
// by doing: goroutines, processes, sockets and the system underneath.
//
// Run it with no arguments for the shell, or "playground --help".
package main

import (
	"os"

	"github.com/learn-concurrency/playground/interp"
	"github.com/learn-concurrency/playground/shell"
)

func main() {
	// The shell re-executes this binary as its evaluator process.
	interp.MaybeRunEvaluator()
	os.Exit(shell.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
