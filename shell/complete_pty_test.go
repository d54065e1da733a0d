//go:build linux || darwin

package shell

import (
	"strings"
	"testing"
	"time"
)

// Tab after a value of the session and a dot offers its methods with
// their signatures, and choosing one writes it on the line.
func TestTerminalTabCompletesMembersOfValues(t *testing.T) {
	s := startPTY(t, "")
	s.line("var sb strings.Builder")
	s.typeKeys("sb.Wr\t")
	s.waitFor("WriteString  func(string) (int, error)")
	s.typeKeys("\t\t\t\t") // the fourth candidate
	s.waitFor("› sb.WriteString")
	s.line(`("hi")`)
	s.waitFor("2, <nil>  (int, error)")

	// A call's result: typed, not run.
	s.line(`func loud() time.Time { fmt.Println("loud ran"); return time.Now() }`)
	s.typeKeys("loud().Mon\t")
	s.waitFor("Month  func() time.Month")
	if strings.Contains(s.screen(), "\nloud ran") {
		t.Errorf("completing loud(). called loud:\n%s", s.screen())
	}
	s.typeKeys("\x15") // Ctrl-U clears the line

	// The session's functions with their signatures.
	s.line("func parse(s string) (int, error) { return strconv.Atoi(s) }")
	s.typeKeys("pars\t")
	s.waitFor("func(s string) (int, error)")
}

// A String method that blocks holds the input as any input does: Ctrl-C
// ends it, and the session goes on.
func TestTerminalCtrlCStopsABlockingStringMethod(t *testing.T) {
	s := startPTY(t, "")
	s.line("never := make(chan string)")
	s.line("type Stuck int")
	s.line("func (s Stuck) String() string { return <-never }")
	s.line("Stuck(1)")
	time.Sleep(300 * time.Millisecond)
	s.typeKeys("\x03")
	s.waitFor("interrupted")
	s.line("1 + 1")
	s.waitFor("2  int")
}
