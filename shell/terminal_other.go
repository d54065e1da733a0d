//go:build !linux && !darwin

package shell

import (
	"fmt"
	"os"
)

// RunTerminal is not available here: the interactive shell drives the
// terminal through Linux and macOS interfaces. Scripts still run.
func RunTerminal(cfg Config, in *os.File) int {
	fmt.Fprintln(cfg.Stderr, "playground: the interactive shell runs on Linux and macOS; use playground run FILE here")
	return 2
}
