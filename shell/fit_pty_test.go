//go:build linux || darwin

package shell

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// The shell's own lines wider than the terminal (the banner, the
// deadlock notice) are wrapped at a space: no row of the 100-column
// screen is filled to its last column, which is where the terminal
// would break a word in two.
func TestTerminalOwnLinesWrapBetweenWords(t *testing.T) {
	s := startPTY(t, "")
	s.line("ch := make(chan int)")
	s.line("ch <- 1")
	s.waitFor("deadlock")
	s.typeKeys("\x03")
	s.waitFor("interrupted")
	screen := s.screen()
	for _, row := range strings.Split(screen, "\n") {
		if n := utf8.RuneCountInString(strings.TrimRight(row, " ")); n >= 100 {
			t.Errorf("a row filled to the last column (the terminal broke the line there): %q\nthe screen:\n%s", row, screen)
		}
	}
	mustContain(t, unwrapped(screen), "Ctrl-D or :quit to leave", "your input has waited 2s on a channel send, and no goroutine of yours is left to end the wait: this is a deadlock")
}
