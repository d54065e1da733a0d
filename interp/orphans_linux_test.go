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
	s := startSession(t, Options{})
	ctx := context.Background()
	res, err := s.Eval(ctx, `out, _ := exec.Command("sh", "-c", "sleep 60 >/dev/null 2>&1 & echo $!").Output(); string(out)`, nil)
	if err != nil || res.Err != nil {
		t.Fatalf("%v %v", err, res.Err)
	}
	pid, err := strconv.Atoi(strings.Trim(strings.TrimSpace(res.Value), `"`+`\n`))
	if err != nil {
		t.Fatalf("the background sleep's pid: %q", res.Value)
	}
	// Another child of this process, not the session's: it must live on.
	other, err := os.StartProcess("/bin/sleep", []string{"sleep", "60"}, &os.ProcAttr{})
	if err != nil {
		t.Fatal(err)
	}
	defer func() { other.Kill(); other.Wait() }()

	// The reaper dies, then the evaluator (its parent-death signal).
	_, err = s.Eval(ctx, `syscall.Kill(os.Getppid(), syscall.SIGKILL); select {}`, nil)
	var ee *ExitError
	if !errors.As(err, &ee) {
		t.Fatalf("the evaluator did not die with its reaper: %v", err)
	}
	// The sleep is re-parented here; the fresh evaluator's start may
	// already end it (killOrphans runs then too), else Close must.
	deadline := time.Now().Add(10 * time.Second)
	for ppid := reaper.ParentOf(pid); ppid != os.Getpid() && ppid != -1; ppid = reaper.ParentOf(pid) {
		if time.Now().After(deadline) {
			t.Fatalf("the orphaned sleep %d was not re-parented here (its parent is %d)", pid, ppid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	s.Close()
	if err := syscall.Kill(pid, 0); !errors.Is(err, syscall.ESRCH) {
		t.Errorf("the orphaned sleep %d outlived Close (kill 0: %v)", pid, err)
	}
	if err := other.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("Close ended a child of this process that was not the session's: %v", err)
	}
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
