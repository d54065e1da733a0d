package interp

import (
	"context"
	"errors"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/reaper"
)

// TestSessionCloseStopsOrphansOfAKilledReaper: learner code that kills
// the evaluator's reaper (its parent) leaves a background process with
// no one to end it; it is re-parented to this process, a subreaper, and
// the session must kill and reap it (killOrphans, from this process's
// own children), leaving alone this process's other children.
func TestSessionCloseStopsOrphansOfAKilledReaper(t *testing.T) {
	// Another child of this process, not the session's: it must live on.
	other, err := os.StartProcess("/bin/sleep", []string{"sleep", "60"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { other.Kill(); other.Wait() }()
	s := startSession(t, Options{})
	pid := orphanOfAKilledReaper(t, s)
	s.Close()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the orphaned sleep %d outlived Close (kill 0: %v)", pid, err)
	}
	if err := other.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("Close ended a child of this process that was not the session's: %v", err)
	}
}

// The same when the orphan is this process's only child: killOrphans
// skips its look at every thread's children only when there is none.
func TestSessionCloseStopsTheOnlyOrphan(t *testing.T) {
	s := startSession(t, Options{})
	pid := orphanOfAKilledReaper(t, s)
	s.Close()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the orphaned sleep %d outlived Close (kill 0: %v)", pid, err)
	}
}

// orphanOfAKilledReaper has learner code in s start a background sleep
// and kill the evaluator's reaper, and returns the sleep's pid once it is
// re-parented here (or already gone: the fresh evaluator's start may end
// it, as killOrphans runs then too).
func orphanOfAKilledReaper(t *testing.T, s *Session) int {
	t.Helper()
	ctx := context.Background()
	res, err := s.Eval(ctx, `out, _ := exec.Command("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!").Output(); string(out)`, nil)
	if err != nil || res.Err != nil {
		t.Fatalf("%v %v", err, res.Err)
	}
	pid, err := strconv.Atoi(strings.Trim(strings.TrimSpace(res.Value), `"`+`\n`))
	if err != nil {
		t.Fatalf("the background sleep's pid: %q", res.Value)
	}
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	// The reaper dies, then the evaluator (its parent-death signal).
	_, err = s.Eval(ctx, `syscall.Kill(os.Getppid(), syscall.SIGKILL); select {}`, nil)
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("the evaluator did not die with its reaper: %v", err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for ppid := reaper.ParentOf(pid); ppid != os.Getpid() && ppid != -1; ppid = reaper.ParentOf(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("the orphaned sleep %d was not re-parented here (its parent is %d)", pid, ppid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	return pid
}

// hasChildren sees a child running, and one that has exited and is not
// yet reaped; it reaps none.
func TestHasChildren(t *testing.T) {
	for _, argv := range [][]string{{"sleep", "60"}, {"true"}} {
		p, err := os.StartProcess("/bin/"+argv[0], argv, &os.ProcAttr{})
		if err != nil {
			t.Fatal(err)
		}
		if argv[0] == "true" {
			// Until it is a zombie.
			for deadline := time.Now().Add(10 * time.Second); procState(p.Pid) != "Z"; {
				if time.Now().After(deadline) {
					t.Fatalf("%s did not end", argv[0])
				}
				time.Sleep(time.Millisecond)
			}
		}
		if !hasChildren() {
			t.Errorf("hasChildren() = false with %s a child", argv[0])
		}
		if argv[0] == "true" && procState(p.Pid) != "Z" {
			t.Errorf("hasChildren reaped the ended %s", argv[0])
		}
		p.Kill()
		p.Wait()
	}
}

// procState is the state letter of a process in /proc ("R", "S",
// "Z"...), or "" if there is none.
func procState(pid int) string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return ""
	}
	i := strings.LastIndexByte(string(b), ')')
	if f := strings.Fields(string(b[i+1:])); i >= 0 && len(f) > 0 {
		return f[0]
	}
	return ""
}

// TestSessionTakesThePrestartedReaper: a session started in a process
// whose init started a reaper (reaper.Prestart, from cmd/playground)
// starts its evaluator under that reaper.
func TestSessionTakesThePrestartedReaper(t *testing.T) {
	reaper.Prestart()
	s := startSession(t, Options{})
	if w := reaper.Take(); w != nil {
		w.Abandon()
		t.Fatal("the session started a reaper of its own and left the prestarted one")
	}
	res, err := s.Eval(context.Background(), `1 + 1`, nil)
	if err != nil || res.Err != nil || res.Value != "2" {
		t.Fatalf("1 + 1 under the prestarted reaper: %+v, %v", res, err)
	}
}
