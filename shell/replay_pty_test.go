//go:build linux || darwin

package shell

import (
	"os"
	"path/filepath"
	"testing"
)

// An input that waits again when replayed (here for a file the test
// removed, as a client that came once) is named after a few seconds;
// Ctrl-C skips it, and the replay goes on with the inputs after it.
func TestTerminalCtrlCDuringReplaySkipsOneInput(t *testing.T) {
	flag := filepath.Join(t.TempDir(), "flag")
	if err := os.WriteFile(flag, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s := startPTY(t, "")
	s.line("x := 1")
	s.line(`pg.Sh("while [ ! -e ` + flag + ` ]; do sleep 0.1; done")`)
	s.waitCount("› ", 3)
	s.line("y := x + 1")
	s.line(":restart")
	s.waitFor("started a fresh evaluator")
	if err := os.Remove(flag); err != nil {
		t.Fatal(err)
	}
	s.line(":replay")
	s.waitFor("replaying 3 inputs")
	s.waitFor("Ctrl-C skips it, and the replay goes on")
	s.typeKeys("\x03")
	s.waitFor("(input 2 of the replay skipped by Ctrl-C")
	s.waitFor("replayed 2 of 3 inputs; 1 skipped")
	s.line("y")
	s.waitFor("2  int")
}
