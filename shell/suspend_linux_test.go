package shell

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// Ctrl-Z at the prompt suspends the shell as the terminal's Ctrl-Z does
// while an input runs; resumed (fg), it shows the line as it was and
// takes keys again (an arrow moves in it).
func TestTerminalCtrlZSuspendsAtThePrompt(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Fatalf("this test runs the shell under bash's job control: %v", err)
	}
	dir := t.TempDir()
	s := startPTYCommand(t, exec.Command(bash, "--norc", "--noprofile", "-i"), "PS1=$ ", "XDG_CONFIG_HOME="+dir, "HOME="+dir)
	s.waitFor("$ ")
	s.line(os.Args[0])
	s.waitFor("› ")
	s.typeKeys("6*7")
	s.typeKeys("\x1a")
	defer func() {
		if t.Failed() {
			t.Logf("all it wrote: %q", s.raw.String())
		}
	}()
	s.waitFor("Stopped")
	if st := childState(t, s.cmd.Process.Pid); st != "T" {
		t.Fatalf("the shell's state is %q, not stopped (T):\n%s", st, s.screen())
	}
	s.line("fg")
	s.waitText(os.Args[0]+"\n› 6*7", 1) // bash names the job, the shell draws its line again
	s.typeKeys("\x1b[D1\r")             // 6*17
	s.waitFor("102  int")
	s.waitPrompt()
	s.typeKeys("\x04")
	s.waitCount("$ ", 3)
}

// childState returns the state letter (/proc/PID/stat) of pid's child.
func childState(t *testing.T, pid int) string {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		kids, _ := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "task", strconv.Itoa(pid), "children"))
		if f := strings.Fields(string(kids)); len(f) > 0 {
			stat, err := os.ReadFile(filepath.Join("/proc", f[0], "stat"))
			if err == nil {
				if m := regexp.MustCompile(`\) (\w)`).FindSubmatch(stat); m != nil && (string(m[1]) == "T" || time.Now().After(deadline)) {
					return string(m[1])
				}
			}
		}
		if time.Now().After(deadline) {
			return "no child"
		}
		time.Sleep(20 * time.Millisecond)
	}
}
