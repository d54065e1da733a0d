package shell

import "os"

// RunTerminal runs the interactive shell on a terminal.
func RunTerminal(cfg Config, tty *os.File) int {
	return Run(cfg, "-")
}
