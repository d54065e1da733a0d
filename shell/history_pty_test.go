//go:build linux || darwin

package shell

import "testing"

// A ⏎ typed in a string literal is a character of the string, typed and
// recalled: it was taken for history's mark of a line break.
func TestTerminalTypedNewlineMarkStaysInTheString(t *testing.T) {
	s := startPTY(t, "")
	s.line(`len("a⏎b")`)
	s.waitFor("5  int")
	s.line("func g() int {")
	s.line(`return len("c⏎d")`)
	s.line("}")
	s.line("g()")
	s.waitCount("5  int", 2)
	s.key("\x1b[A") // Up: g()
	s.key("\x1b[A") // Up: the whole function, its ⏎ and its marks
	s.waitFor(`func g() int {` + newlineMark + `return len("c⏎d")` + newlineMark + `}`)
	s.typeKeys("\r")
	s.line("g() + 1")
	s.waitFor("6  int")
}
