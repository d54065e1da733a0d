package shell

import (
	"testing"
	"time"
)

// Lines typed while an input runs that its code does not read are the
// prompt's, as keys typed while `sleep 2` runs are bash's: they run next,
// and a later fmt.Scanln does not read them. A line the running code does
// read is its own.
func TestTerminalTypedAheadLinesRunNext(t *testing.T) {
	s := startPTY(t, "")
	s.line("1")
	s.waitFor("1  int")
	s.waitPrompt()
	s.line("time.Sleep(2 * time.Second)")
	time.Sleep(300 * time.Millisecond)
	s.line("20 + 1")
	s.waitFor("21  int")
	s.waitPrompt()

	s.line("var s string; fmt.Scanln(&s); s")
	time.Sleep(300 * time.Millisecond)
	s.line("read")
	s.waitFor(`"read"  string`)
	s.waitPrompt()
}
