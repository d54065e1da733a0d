package shell

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
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
				t.Fatalf("the shell should have one child, the evaluator's reaper; it has %v", kids)
			}
			reaper := kids[0]
			evaluators := children(t, reaper)
			if len(evaluators) != 1 {
				t.Fatalf("the reaper should have one child, the evaluator; it has %v", evaluators)
			}
			evaluator := evaluators[0]
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
			for _, pid := range append([]int{reaper, evaluator}, grandkids...) {
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

// sleepMarkers returns n durations for sleep, unique to this run (other
// tests and programs on the machine may sleep too), such as "502.413967".
func sleepMarkers(n int) []string {
	base := rand.IntN(900000) + 100000
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("%d.%06d", 500+i, base))
	}
	return out
}

// sleepers returns the pids of the processes running `sleep marker`, by marker.
func sleepers(markers []string) map[string][]int {
	want := map[string]bool{}
	for _, m := range markers {
		want[m] = true
	}
	found := map[string][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		b, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil {
			continue
		}
		argv := strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
		if len(argv) == 2 && filepath.Base(argv[0]) == "sleep" && want[argv[1]] && alive(pid) {
			found[argv[1]] = append(found[argv[1]], pid)
		}
	}
	return found
}

// killSleepers kills what a failed test left behind, so that it does not
// outlive the test.
func killSleepers(markers []string) {
	for _, pids := range sleepers(markers) {
		for _, pid := range pids {
			syscall.Kill(pid, syscall.SIGKILL)
			alive(pid)
		}
	}
}

// TestTerminalNothingOutlivesTheShell: whatever learner code started, in
// whatever process group, session or environment, ends when the shell
// ends, even when the shell is killed with SIGKILL and cannot clean up.
// A sleep whose shell exits at once is a grandchild of the evaluator
// without a parent-death signal; `env -i` strips the session's token from
// the environment and `setsid` leaves the process group.
func TestTerminalNothingOutlivesTheShell(t *testing.T) {
	for _, how := range []string{"sigkill", "quit", "evaluator sigkill"} {
		t.Run(how, func(t *testing.T) {
			markers := sleepMarkers(4)
			t.Cleanup(func() { killSleepers(markers) })
			s := startPTY(t, "")
			s.line(fmt.Sprintf(`pg.Sh("sleep %s & echo ok")`, markers[0]))
			s.waitFor(`"ok\n"`)
			s.line(fmt.Sprintf(`exec.Command("sh", "-c", "sleep %s &").Run()`, markers[1]))
			s.line(fmt.Sprintf(`pg.Sh("env -i setsid sleep %s &")`, markers[2]))
			s.line(fmt.Sprintf(`exec.Command("sh", "-c", "(env -i setsid sh -c 'sleep %s & wait' &) ; exit 0").Run()`, markers[3]))
			deadline := time.Now().Add(15 * time.Second)
			for len(sleepers(markers)) < len(markers) && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if got := sleepers(markers); len(got) < len(markers) {
				t.Fatalf("not every sleep started: %v of %v; the screen shows:\n%s", got, markers, s.screen())
			}
			switch how {
			case "sigkill":
				s.cmd.Process.Kill()
				s.wait()
			case "quit":
				s.line(":quit")
				s.wait()
			case "evaluator sigkill":
				// The evaluator is killed; the shell lives on and starts a
				// fresh one.
				s.line("syscall.Kill(pg.PID(), syscall.SIGKILL)")
				s.waitFor("started a fresh evaluator")
			}
			deadline = time.Now().Add(15 * time.Second)
			for len(sleepers(markers)) > 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if left := sleepers(markers); len(left) > 0 {
				t.Fatalf("after %s, processes learner code started are still running: %v", how, left)
			}
		})
	}
}

// sockDirs lists the pg-sock-* directories in dir.
func sockDirs(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "pg-sock-*"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestTerminalSockDirsRemoved: the directory pg.Listen makes for a unix
// socket is removed however the evaluator ends, even when it cannot clean
// up itself.
func TestTerminalSockDirsRemoved(t *testing.T) {
	for _, how := range []string{"crash", "os.Exit", "sigkill", "quit"} {
		t.Run(how, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("TMPDIR", tmp)
			s := startPTY(t, "")
			s.line(`l, _ := pg.Listen("unix", ""); strings.HasPrefix(l.Addr(), os.TempDir())`)
			s.waitFor("true  bool")
			if dirs := sockDirs(t, tmp); len(dirs) != 1 {
				t.Fatalf("want one socket directory in %s, have %v", tmp, dirs)
			}
			switch how {
			case "crash":
				s.line(`go func() { panic("crash") }()`)
				s.waitFor("started a fresh evaluator")
			case "os.Exit":
				s.line(`os.Exit(3)`)
				s.waitFor("started a fresh evaluator")
			case "sigkill":
				s.cmd.Process.Kill()
				s.wait()
			case "quit":
				s.line(":quit")
				s.wait()
			}
			deadline := time.Now().Add(15 * time.Second)
			for len(sockDirs(t, tmp)) > 0 && time.Now().Before(deadline) {
				time.Sleep(20 * time.Millisecond)
			}
			if dirs := sockDirs(t, tmp); len(dirs) > 0 {
				t.Fatalf("after %s, the socket directory is still there: %v", how, dirs)
			}
		})
	}
}
