//go:build linux || darwin

package shell

import "testing"

// A ⏎ typed in a string literal is a character of the string, typed and
// recalled: history once marked line breaks with it.
func TestTerminalTypedNewlineMarkStaysInTheString(t *testing.T) {
	s := startPTY(t, "")
	s.line(`len("a⏎b")`)
	s.waitFor("5  int")
	s.line("func g() int {")
	s.line(`return len("c⏎d")`)
	s.line("}")
	s.line("g()")
	s.waitCount("5  int", 2)
	s.waitPrompt()
	s.key("\x1b[A") // Up: g()
	s.key("\x1b[A") // Up: the whole function, as it was typed
	s.waitText(`…     return len("c⏎d")`+"\n… }", 2)
	s.typeKeys("\r")
	s.line("g() + 1")
	s.waitFor("6  int")
}
