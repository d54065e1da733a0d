package interp

import (
	"testing"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// TestCancellerReachesYaegi guards the fields canceller reaches by name: if
// a yaegi upgrade renames them, cancellation would quietly fall back to
// ExecuteWithContext and its data race.
func TestCancellerReachesYaegi(t *testing.T) {
	c := newCanceller(yaegi.New(yaegi.Options{}))
	if c.mu == nil || c.id == nil || !c.done.IsValid() || !c.cancelChan.IsValid() {
		t.Fatal("canceller did not find yaegi's mutex, id, done and cancelChan fields")
	}
}
