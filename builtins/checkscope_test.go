package builtins

import (
	"context"
	"slices"
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
