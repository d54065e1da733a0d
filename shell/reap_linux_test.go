package shell

import (
	"os"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// children returns the pids of processes whose parent is pid (Linux /proc).
func children(t *testing.T, pid int) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Fatalf("reading /proc: %v", err)
	}
	var out []int
	for _, e := range entries {
		n, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid ...: comm may hold spaces, so split after ')'.
		rest := string(b[strings.LastIndexByte(string(b), ')')+1:])
		f := strings.Fields(rest)
		if len(f) > 1 && f[1] == strconv.Itoa(pid) {
			out = append(out, n)
		}
	}
	return out
}

// alive reports whether pid still runs. A process that died and was
// handed to this test process to reap (it becomes a child subreaper when a
// test starts a Session in-process) is reaped here: dead, not running.
func alive(pid int) bool {
	var ws syscall.WaitStatus
	syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
	return syscall.Kill(pid, 0) == nil
}

// TestTerminalExitStopsEverything checks that the evaluator and a process
// learner code started are gone once the shell has exited, by each way out.
func TestTerminalExitStopsEverything(t *testing.T) {
	for _, how := range []string{"ctrl-d", "quit", "sigterm", "sigkill"} {
		t.Run(how, func(t *testing.T) {
			s := startPTY(t, "")
			s.line(`cmd := exec.Command("sleep", "300"); cmd.Start(); cmd.Process.Pid`)
			s.waitFor("  int")
			kids := children(t, s.cmd.Process.Pid)
			if len(kids) != 1 {
				t.Fatalf("the shell should have one child, the evaluator; it has %v", kids)
			}
			evaluator := kids[0]
			grandkids := children(t, evaluator)
			if len(grandkids) == 0 {
				t.Fatalf("the evaluator has no child: sleep did not start")
			}
			s.waitCount("› ", 2)
			switch how {
			case "ctrl-d":
				s.typeKeys("\x04")
			case "quit":
				s.line(":quit")
			case "sigterm":
				s.cmd.Process.Signal(syscall.SIGTERM)
			case "sigkill":
				s.cmd.Process.Kill()
			}
			s.wait()
			deadline := time.Now().Add(5 * time.Second)
			for _, pid := range append([]int{evaluator}, grandkids...) {
				for alive(pid) && time.Now().Before(deadline) {
					time.Sleep(20 * time.Millisecond)
				}
				if alive(pid) {
					st, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
					t.Fatalf("process %d is still there after the shell exited (%s): %s", pid, how, st)
				}
			}
		})
	}
}

// TestTerminalCrashStopsGrandchildren: a process started by a child of the
// evaluator has no parent-death signal and a process group of its own;
// when the evaluator crashes it must still be stopped.
func TestTerminalCrashStopsGrandchildren(t *testing.T) {
	s := startPTY(t, "")
	s.line(`p, _ := pg.Start("sh", "-c", "sleep 300 & echo grandchild=$!; wait")`)
	s.line(`time.Sleep(300 * time.Millisecond); p.Output()`)
	s.waitFor(`"grandchild=`)
	m := regexp.MustCompile(`grandchild=(\d+)`).FindStringSubmatch(s.screen())
	if m == nil {
		t.Fatalf("no grandchild pid on screen:\n%s", s.screen())
	}
	pid, _ := strconv.Atoi(m[1])
	if !alive(pid) {
		t.Fatalf("the grandchild %d is not running", pid)
	}
	s.line(`go func() { panic("crash") }()`)
	s.waitFor("panic in a goroutine: crash")
	deadline := time.Now().Add(5 * time.Second)
	for alive(pid) && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}
	if alive(pid) {
		st, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
		t.Fatalf("the grandchild %d outlived the evaluator's crash: %s", pid, st)
	}
}
