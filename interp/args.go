package interp

import (
	"encoding/json"
	"flag"
	"os"
)

// argsEnv carries Options.Args from the shell to the evaluator, as a JSON
// array of strings (an argument may hold any byte but NUL, which the
// environment cannot).
const argsEnv = "PLAYGROUND_ARGS"

func encodeArgs(args []string) string {
	b, _ := json.Marshal(args) // strings always marshal
	return string(b)
}

// decodeArgs reads argsEnv's value; a damaged one gives the default.
func decodeArgs(v string) []string {
	var args []string
	if err := json.Unmarshal([]byte(v), &args); err != nil || len(args) == 0 {
		return []string{"playground"}
	}
	return args
}

// setProcessArgs makes args the evaluator's own os.Args too: learner code's
// flag.Parse is the compiled one, which parses the process's os.Args on
// flag.CommandLine, and its usage message names the program. The flag set
// is a fresh one: packages linked into the evaluator registered flags of
// their own on the old one (testing/quick's -quickchecks was in every
// program's usage message).
func setProcessArgs(args []string) {
	os.Args = args
	fs := flag.NewFlagSet(args[0], flag.ExitOnError)
	fs.Usage = func() { flag.Usage() } // as flag's own CommandLine: a program may set flag.Usage
	flag.CommandLine = fs
}
