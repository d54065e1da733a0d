// Package prestart starts the shell's first reaper from the shell's
// early init, when its command line asks for a session: the reaper's
// start-up then overlaps the rest of the shell's, instead of following
// it (reaper.Prestart). cmd/playground imports it for that alone.
//
// Like package reaper, it imports little, so that it is initialised
// right after it, before the heavy packages of the binary.
package prestart

import (
	"os"

	"github.com/learn-concurrency/playground/internal/reaper"
)

func init() {
	// An evaluator is this binary too; it starts no reaper.
	if os.Getenv(reaper.EvaluatorEnv) == "" && wantsSession(os.Args[1:]) {
		reaper.Prestart()
	}
}

// wantsSession reports whether the playground's command line, args,
// starts a session: the shell (no command, or lesson), run, or
// lessons check. It errs on neither side for long: a reaper started for
// nothing is let go at exit (reaper.Release), and a session that finds
// none starts its own.
func wantsSession(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if len(a) < 2 || a[0] != '-' {
			// The first argument that is not a flag is the command.
			return a == "run" || a == "lesson" ||
				a == "lessons" && i+1 < len(args) && args[i+1] == "check"
		}
		name := a[1:]
		if name[0] == '-' {
			name = name[1:]
		}
		switch {
		case name == "h" || name == "help" || name == "version":
			return false
		case name == "mem-limit":
			i++ // its value
		case len(name) > 5 && name[:5] == "test.":
			return false // a test binary, not the playground
		}
	}
	return true
}
