package shell

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// waitRaw waits until the shell has written want (which may have scrolled
// off the screen), for as long as a build with -race may take.
func (s *ptyShell) waitRaw(want string, patience time.Duration) {
	s.t.Helper()
	deadline := time.Now().Add(patience)
	for time.Now().Before(deadline) {
		if strings.Contains(s.rawText(), want) {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	s.t.Fatalf("the shell never wrote %q; all it wrote:\n%s", want, s.rawText())
}

// At the prompt, :race names the typed lines of the threads lesson's lost
// update, by line and column of each input and the statement there; Ctrl-C
// stops a program :race runs, and the session goes on.
func TestTerminalRaceNamesTypedLines(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH: :race needs the Go toolchain")
	}
	dir := t.TempDir()
	forever := filepath.Join(dir, "forever.go")
	if err := os.WriteFile(forever, []byte("package main\n\nimport \"time\"\n\nfunc main() {\n\tprintln(\"tick-tock\")\n\tfor {\n\t\ttime.Sleep(time.Second)\n\t}\n}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	s := startPTY(t, "")
	for _, l := range []string{
		"var counter int",
		"func incr() { v := counter; runtime.Gosched(); counter = v + 1 }",
		"var wg sync.WaitGroup",
		"for i := 0; i < 1000; i++ { wg.Add(1); go func() { defer wg.Done(); incr() }() }",
		"wg.Wait()",
	} {
		s.line(l)
	}
	s.line(":race")
	const patience = 3 * time.Minute // a first build with -race compiles the standard library again
	s.waitRaw("data race", patience)
	s.waitRaw("1:15 of `func incr() { v := counter; runtime.G...`: v := counter", time.Second)
	s.waitRaw("1:48 of `func incr() { v := counter; runtime.G...`: counter = v + 1", time.Second)
	s.waitRaw("1:40 of `for i := 0; i < 1000; i++ { wg.Add(1)...`: go func() {", time.Second)

	s.line(":race " + forever)
	s.waitRaw("tick-tock", patience)
	s.typeKeys("\x03")
	s.waitRaw("interrupted", 15*time.Second)
	s.line("40+2")
	s.waitFor("42  int")
}
