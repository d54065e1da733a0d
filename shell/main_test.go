package shell

import (
	"os"
	"testing"

	"github.com/learn-concurrency/playground/interp"
)

// runMainEnv makes the test binary run the playground's command line, so
// tests can start the real program on a pseudo-terminal.
const runMainEnv = "PLAYGROUND_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	interp.MaybeRunEvaluator()
	if os.Getenv(runMainEnv) != "" {
		os.Unsetenv(runMainEnv)
		os.Exit(Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
