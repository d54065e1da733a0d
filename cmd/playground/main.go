// Command playground is an interactive Go shell for learning concurrency
// by doing: goroutines, processes, sockets and the system underneath.
//
// Run it with no arguments for the shell, or "playground --help".
package main

import (
	"os"

	"github.com/learn-concurrency/playground/internal/reaper"
	_ "github.com/learn-concurrency/playground/internal/reaper/prestart" // the first session's reaper starts during init
	"github.com/learn-concurrency/playground/interp"
	"github.com/learn-concurrency/playground/shell"
)

func main() { os.Exit(playground()) }

// playground is the whole program; it returns the exit status.
func playground() int {
	// The shell re-executes this binary as its evaluator process.
	interp.MaybeRunEvaluator()
	code := shell.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	reaper.Release() // the reaper started during init, if no session took it
	return code
}
