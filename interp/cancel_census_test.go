//go:build !race

// Not under the race detector: it allows 8,128 live goroutines, and the
// test needs a census that takes far longer than a cancel.

package interp

import (
	"context"
	"sync"
	"testing"
	"time"
)

// TestCancelIsAnsweredDuringACensus cancels a spinning input while :tasks
// looks at 100,000 sleeping goroutines, a census that takes a good part
// of a second. Meta requests are answered off the loop that reads
// requests, so the cancel is read and answered at once, not behind the
// census: the input's result must come before :tasks' answer. (The
// sleepers are goroutines of a compiled call, which a cancel leaves
// alone; pg tasks would all be stopped by the first cancel.)
func TestCancelIsAnsweredDuringACensus(t *testing.T) {
	s := startSession(t, Options{})
	ctx := context.Background()
	res, err := s.Eval(ctx, `for i := 0; i < 100000; i++ { go time.Sleep(time.Hour) }`, nil)
	if err != nil || res.Err != nil {
		t.Fatalf("starting 100,000 sleepers: %v %v", err, res.Err)
	}
	for round := 1; round <= 3; round++ {
		cctx, cancel := context.WithCancel(ctx)
		spinning := make(chan struct{})
		var once sync.Once
		evalDone := make(chan Result, 1)
		go func() {
			res, err := s.Eval(cctx, `fmt.Println("spinning"); for {}`, func(Output) { once.Do(func() { close(spinning) }) })
			if err != nil {
				res.Err = &Error{Msg: err.Error()}
			}
			evalDone <- res
		}()
		<-spinning
		metaDone := make(chan error, 1)
		go func() {
			_, err := s.Meta(ctx, "tasks", "")
			metaDone <- err
		}()
		time.Sleep(20 * time.Millisecond) // the :tasks request is on its way (not a measurement)
		cancel()
		select {
		case res := <-evalDone:
			if res.Err == nil || res.Err.Kind != ErrCanceled {
				t.Fatalf("round %d: the spinning input ended with %+v, not cancelled", round, res.Err)
			}
		case err := <-metaDone:
			res := <-evalDone
			t.Fatalf("round %d: :tasks (%v) was answered before the cancel (%v): the cancel waited behind the census", round, err, res.Err)
		}
		if err := <-metaDone; err != nil {
			t.Fatalf("round %d: :tasks: %v", round, err)
		}
	}
}
