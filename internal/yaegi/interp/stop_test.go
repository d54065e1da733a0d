package interp_test

import (
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// Patch 19: the stop ArmStop returns ends a program that loops, and one
// that waits on a channel, run by Execute on a goroutine of the caller's.
// (Channel operations wait on done if they were compiled after an ArmStop:
// the interpreter is armed before the program is compiled.)
func TestPatchArmStop(t *testing.T) {
	for _, src := range []string{
		"for {}",
		"ch := make(chan int); <-ch",
		"ch := make(chan int); go func() { for {} }(); ch <- 1",
	} {
		i := interp.New(interp.Options{})
		i.ArmStop()
		f, err := i.Compile(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		stop := i.ArmStop()
		ended := make(chan error, 1)
		go func() {
			_, err := i.Execute(f)
			ended <- err
		}()
		time.Sleep(20 * time.Millisecond)
		stop()
		select {
		case <-ended:
		case <-time.After(5 * time.Second):
			t.Errorf("%s: still running 5 s after stop", src)
		}
	}
}
