package interp

import (
	"context"
	"testing"
	"time"
)

func TestEngineCancel(t *testing.T) {
	te := newTestEngine(t)
	for _, src := range []string{"for {}", "n := 0\nfor {\n\tn++\n}", "ch := make(chan int)\n<-ch"} {
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan Result, 1)
		go func() { done <- te.Eval(ctx, src) }()
		time.Sleep(100 * time.Millisecond)
		select {
		case res := <-done:
			t.Fatalf("Eval(%q) ended by itself: %+v", src, res)
		default:
		}
		cancel()
		select {
		case res := <-done:
			if res.Err == nil || res.Err.Kind != ErrCanceled {
				t.Errorf("Eval(%q) after cancel: %+v, want a canceled error", src, res.Err)
			}
		case <-time.After(2 * time.Second):
			t.Fatalf("Eval(%q) still running 2s after its context was cancelled", src)
		}
	}
	// An already cancelled context stops a loop before it runs long.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start := time.Now()
	res := te.Eval(ctx, "for {}")
	if res.Err == nil || res.Err.Kind != ErrCanceled || time.Since(start) > 2*time.Second {
		t.Errorf("Eval with a cancelled context: %+v after %v", res.Err, time.Since(start))
	}
	// The engine is usable afterwards.
	te.value(t, "1 + 2", "3", "int")
}
