package builtins

import (
	"context"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// What starts between "check begin" and "check end" is the check's: at
// the end a task still running is cancelled, and it leaves the tables
// then and when it ends later; a task started before stays.
func TestCheckScopeStopsAndForgetsWhatTheCheckStarted(t *testing.T) {
	before := Go("learner", func(ctx context.Context) { <-ctx.Done() })
	defer before.Cancel()
	if _, err := RunMeta("check", "begin"); err != nil {
		t.Fatal(err)
	}
	running := Go("check running", func(ctx context.Context) { <-ctx.Done() })
	ended := Go("check ended", func(ctx context.Context) {})
	ended.Wait()
	if _, err := RunMeta("check", "end"); err != nil {
		t.Fatal(err)
	}
	if err := running.Wait(); err == nil {
		t.Error("the check's running task was not cancelled")
	}
	all := Tasks()
	if !slices.Contains(all, before) {
		t.Error("the learner's task left the table")
	}
	for _, theirs := range []*Task{running, ended} {
		if slices.Contains(all, theirs) {
			t.Errorf("%s is still in the table", theirs)
		}
	}
	after := Go("after", func(ctx context.Context) {})
	after.Wait()
	if !slices.Contains(Tasks(), after) {
		t.Error("a task started after the check is not in the table")
	}
}

// While a check runs (in the background, on a terminal), :tasks, :procs
// and :socks leave out what it started; pg.Tasks keeps it, for the check.
func TestCheckScopeHiddenFromTheTablesWhileItRuns(t *testing.T) {
	learner := Go("learner-own", func(ctx context.Context) { <-ctx.Done() })
	defer learner.Cancel()
	if _, err := RunMeta("check", "begin"); err != nil {
		t.Fatal(err)
	}
	theirs := Go("check-own", func(ctx context.Context) { <-ctx.Done() })
	ln, err := Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	table, err := RunMeta("tasks", "")
	if err != nil {
		t.Fatal(err)
	}
	socks, err := RunMeta("socks", "")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(table, "learner-own") || strings.Contains(table, "check-own") {
		t.Errorf(":tasks while the check runs:\n%s", table)
	}
	if strings.Contains(socks, ln.Addr()) {
		t.Errorf(":socks shows the check's listener while it runs:\n%s", socks)
	}
	if !slices.Contains(Tasks(), theirs) {
		t.Error("pg.Tasks left out the check's task while the check runs")
	}
	if _, err := RunMeta("check", "end"); err != nil {
		t.Fatal(err)
	}
	if err := theirs.Wait(); err == nil {
		t.Error("the check's task was not cancelled at its end")
	}
}

// A child the evaluator started with os/exec while a check ran is the
// check's, killed when it ends; one started before the check stays.
func TestCheckScopeKillsTheChildrenItStarted(t *testing.T) {
	start := func() *exec.Cmd {
		c := exec.Command("sleep", "60")
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Process.Kill(); c.Wait() })
		return c
	}
	learners := start()
	if _, err := RunMeta("check", "begin"); err != nil {
		t.Fatal(err)
	}
	checks := start()
	if _, err := RunMeta("check", "end"); err != nil {
		t.Fatal(err)
	}
	if err := checks.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Errorf("the child the check started: %v, want killed", err)
	}
	if err := learners.Process.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("the child started before the check is gone: %v", err)
	}
}

// Process numbers are given out in order, wrapping at pid_max.
func TestPIDMarkNumberedSince(t *testing.T) {
	m := func(n int) pidMark { return pidMark{last: n, ok: true} }
	for _, c := range []struct {
		began, now, pid int
		want            bool
	}{
		{100, 105, 103, true},
		{100, 105, 105, true},
		{100, 105, 100, false},
		{100, 105, 99, false},
		{100, 105, 106, false},
		{4194300, 20, 4194302, true}, // wrapped
		{4194300, 20, 7, true},
		{4194300, 20, 21, false},
		{4194300, 20, 4194300, false},
	} {
		if got := m(c.began).numberedSince(c.pid, m(c.now)); got != c.want {
			t.Errorf("began %d, now %d: pid %d numbered since = %v, want %v", c.began, c.now, c.pid, got, c.want)
		}
	}
}
