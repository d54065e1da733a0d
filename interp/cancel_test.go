package interp

import (
	"bytes"
	"context"
	"runtime"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

// The goroutine that runs an input is found in a goroutine dump by
// inputFrame (pg's deadlock and input-wait checks look for it), and it
// runs the input in the interpreter's functions.
func TestInputFrameNamesTheInputsGoroutine(t *testing.T) {
	te := newTestEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan Result, 1)
	go func() { done <- te.Eval(ctx, "ch := make(chan int)\n<-ch") }()
	defer func() {
		cancel()
		<-done
	}()
	var dump []byte
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		dump = make([]byte, 1<<20)
		dump = dump[:runtime.Stack(dump, true)]
		for _, g := range bytes.Split(dump, []byte("\n\n")) {
			if bytes.Contains(g, []byte(inputFrame)) && bytes.Contains(g, []byte(yaegiassume.FramePrefix)) {
				return
			}
		}
	}
	t.Errorf("no goroutine runs %s and the interpreter; dump:\n%s", inputFrame, dump)
}
