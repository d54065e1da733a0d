package builtins

import (
	"context"
	"slices"
	"strings"
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
