//go:build linux || darwin

package shell

import (
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

// write writes bytes to the terminal in one write, as a terminal delivers
// several keys at once (a held key, a paste, a loaded machine).
func (s *ptyShell) write(b string) {
	s.t.Helper()
	if _, err := s.ptmx.Write([]byte(b)); err != nil {
		s.t.Fatalf("typing: %v", err)
	}
}

// resize changes the terminal's size, as a window dragged narrower does:
// the pseudo-terminal (which signals SIGWINCH) and the screen read back.
func (s *ptyShell) resize(cols, rows int) {
	s.t.Helper()
	s.mu.Lock()
	s.vt.Resize(cols, rows)
	s.mu.Unlock()
	if err := pty.Setsize(s.ptmx, &pty.Winsize{Rows: uint16(rows), Cols: uint16(cols)}); err != nil {
		s.t.Fatal(err)
	}
}

// screenLines returns the screen's lines, trailing blanks dropped.
func (s *ptyShell) screenLines() []string {
	var out []string
	for _, l := range strings.Split(s.screen(), "\n") {
		out = append(out, strings.TrimRight(l, " "))
	}
	return out
}

// text is the screen's text, its lines' trailing blanks dropped, so that
// what is expected can span lines.
func (s *ptyShell) text() string { return strings.Join(s.screenLines(), "\n") }

// waitText waits until the screen's text shows want at least n times.
func (s *ptyShell) waitText(want string, n int) {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Count(s.text(), want) >= n {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the screen never showed %q %d times; it shows:\n%s", want, n, s.text())
}

// waitPrompt waits until the shell waits at an empty prompt: the last
// line on the screen is the prompt. Keys typed before it are typed ahead
// into the terminal, which has its own use for some (Ctrl-R reprints).
func (s *ptyShell) waitPrompt() {
	s.t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		lines := s.screenLines()
		for len(lines) > 0 && lines[len(lines)-1] == "" {
			lines = lines[:len(lines)-1]
		}
		if len(lines) > 0 && lines[len(lines)-1] == strings.TrimSpace(mainPrompt) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	s.t.Fatalf("the shell never came back to its prompt; the screen shows:\n%s", s.text())
}

// Keys that arrive in one read are each handled: three Ups recall the
// third entry back, two Lefts move into it, a digit goes there, and Enter
// runs it. Before, the whole read was inserted as text (?[A?[A?[A).
func TestTerminalKeysInOneWrite(t *testing.T) {
	s := startPTY(t, "")
	s.line("10+1")
	s.waitFor("11  int")
	s.line("20+2")
	s.waitFor("22  int")
	s.line("30+3")
	s.waitFor("33  int")
	s.write("\x1b[A\x1b[A\x1b[A\x1b[D\x1b[D9\r")
	s.waitFor("110  int")
	if scr := s.screen(); strings.Contains(scr, "?[") || strings.Contains(scr, "illegal character") {
		t.Fatalf("escape sequences reached the line:\n%s", scr)
	}
	// An arrow's sequence split over two reads is still one key.
	s.write("\x1b[")
	time.Sleep(10 * time.Millisecond)
	s.write("A\r")
	s.waitCount("110  int", 2)
}

// A line pasted with a tab in front (gofmt's indentation) shows its tab as
// spaces, under one prompt; Enter runs it.
func TestTerminalPastedTabbedLine(t *testing.T) {
	s := startPTY(t, "")
	s.write("\tfmt.Println(\"tabbed\")")
	s.waitFor(`›     fmt.Println("tabbed")`)
	for _, l := range s.screenLines() {
		if strings.Count(l, "›") > 1 {
			t.Fatalf("the prompt is drawn twice on a line:\n%s", s.screen())
		}
	}
	s.write("\r")
	s.waitFor("\ntabbed")
}

// A continuation line starts indented by the braces open above it; Tab in
// leading whitespace indents one level more; a closing brace typed there
// takes one level away.
func TestTerminalIndentsContinuationLines(t *testing.T) {
	s := startPTY(t, "")
	s.line("func g() int {")
	s.waitFor("…     ")
	s.typeKeys("if true {\r")
	s.typeKeys("\t")
	s.line("return 2")
	s.line("}")
	s.line("return 0")
	s.line("}")
	s.line("g()")
	s.waitFor("2  int")
	for _, want := range []string{
		"› func g() int {",
		"…     if true {",
		"…             return 2",
		"…     }",
		"…     return 0",
		"… }",
	} {
		if !strings.Contains(s.text(), "\n"+want+"\n") {
			t.Errorf("the screen does not show the line %q:\n%s", want, s.text())
		}
	}
}

// Resizing the window redraws the line being typed at once: narrowed, a
// line that fits no more wraps onto a second row, and Enter runs it, drawn
// once.
func TestTerminalResizeRedrawsTheLine(t *testing.T) {
	s := startPTY(t, "")
	long := `x := "` + strings.Repeat("abcdefghij", 7) + `!"`
	s.typeKeys(long)
	s.waitFor(long)
	s.resize(50, 30)
	// Wrapped at 50 columns: the prompt and 48 characters, then the rest.
	tail := long[48:]
	s.waitText("\n"+tail+"\n", 1)
	s.typeKeys("\r")
	s.line("len(x)")
	s.waitFor("71  int")
	if n := strings.Count(s.screen(), `› x := "abcde`); n != 1 {
		t.Fatalf("the line is on the screen %d times:\n%s", n, s.screen())
	}
}

// Ctrl-R searches history backwards, Ctrl-R again finds an older match,
// Enter runs the match; Ctrl-G gives back the line as it was.
func TestTerminalCtrlRSearchesHistory(t *testing.T) {
	s := startPTY(t, "")
	// Each line waits for the prompt: keys typed while an input runs go
	// to its standard input (the first waits for the evaluator to start).
	s.line("k := 10")
	s.waitPrompt()
	s.line("k * 2")
	s.waitFor("20  int")
	s.line("k * 3")
	s.waitFor("30  int")
	s.waitPrompt()
	s.typeKeys("\x12k *")
	s.waitFor("(reverse-i-search)`k *': k * 3")
	s.typeKeys("\x12")
	s.waitFor("(reverse-i-search)`k *': k * 2")
	s.typeKeys("\r")
	s.waitCount("20  int", 2)
	s.waitPrompt()

	s.typeKeys("zz\x12k := ")
	s.waitFor("(reverse-i-search)`k := ': k := 10")
	s.typeKeys("\x07")
	s.waitFor("› zz")
	if strings.Contains(s.screen(), "reverse-i-search") {
		t.Fatalf("the search prompt stayed after Ctrl-G:\n%s", s.screen())
	}
	s.typeKeys("\x15")
	s.typeKeys("\x12nothing like it")
	s.waitFor("(failed reverse-i-search)`nothing like it': ")
	s.typeKeys("\x1b")
	s.line("k")
	s.waitFor("10  int")
}

// A multi-line entry, recalled by Up or found by Ctrl-R, shows as it was
// typed, a line under each prompt, and runs as it was.
func TestTerminalMultiLineEntryRecalledAsTyped(t *testing.T) {
	s := startPTY(t, "")
	s.line("func h() int {")
	s.line("return 5")
	s.line("}")
	s.line("h()")
	s.waitFor("5  int")
	s.waitPrompt()
	s.key("\x1b[A") // h()
	s.key("\x1b[A") // the function
	s.waitText("…     return 5\n… }", 2)
	s.typeKeys("\x03")
	s.typeKeys("\x12n 5")
	s.waitFor("(reverse-i-search)`n 5': func h() int {" + newlineMark + "    return 5" + newlineMark + "}")
	s.typeKeys("\x1b[C") // an arrow takes the match to edit
	s.waitText("…     return 5\n… }", 3)
	s.typeKeys("\r")
	s.line("h() + 1")
	s.waitFor("6  int")
	if strings.Contains(s.screen(), newlineMark) {
		t.Fatalf("a mark is left on the screen:\n%s", s.screen())
	}
}

// A bracketed paste (what a terminal sends once the shell asks for it)
// runs line by line; its own indentation replaces the indentation a
// continuation line starts with, so its lines show as they were written.
func TestTerminalBracketedPaste(t *testing.T) {
	s := startPTY(t, "")
	s.write("\x1b[200~func p() int {\n\tif true {\n\t\treturn 3\n\t}\n\treturn 0\n}\n\x1b[201~")
	s.waitText("› func p() int {\n…     if true {\n…         return 3\n…     }\n…     return 0\n… }", 1)
	s.waitPrompt()
	s.line("p()")
	s.waitFor("3  int")
}

// A shell that leads its session (as tmux or a terminal starts it) has no
// job control shell to resume it: Ctrl-Z leaves the line as it is.
func TestTerminalCtrlZWithoutJobControl(t *testing.T) {
	s := startPTY(t, "")
	s.typeKeys("6*7\x1a8")
	s.waitFor("› 6*78")
	s.typeKeys("\r")
	s.waitFor("468  int")
	if n := strings.Count(s.screen(), "› 6*7"); n != 1 {
		t.Fatalf("the line is on the screen %d times:\n%s", n, s.screen())
	}
}
