package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"pg"
)

func main() {
	// A task that watches its context stops when cancelled.
	loop := pg.Go("loop", func(ctx context.Context) {
		for ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
	})
	loop.Cancel()
	err := loop.Wait()
	fmt.Println(err)
	fmt.Println(errors.Is(err, pg.ErrCancelled), errors.Is(err, context.Canceled))
	fmt.Println(loop.State(), loop.Ended().After(loop.Started()))

	// One that returned first is done: cancelling it afterwards changes nothing.
	quick := pg.Go("quick", func(ctx context.Context) {})
	fmt.Println(quick.Wait())
	quick.Cancel()
	fmt.Println(quick.State(), quick.Wait())

	// Done is closed when the task ends.
	waiter := pg.Go("waiter", func(ctx context.Context) { <-ctx.Done() })
	select {
	case <-waiter.Done():
		fmt.Println("too early")
	case <-time.After(10 * time.Millisecond):
		fmt.Println("still going")
	}
	waiter.Cancel()
	<-waiter.Done()
	fmt.Println(waiter)
}

// Output:
// t1 "loop": cancelled
// true true
// cancelled true
// <nil>
// done <nil>
// still going
// t3 "waiter": cancelled
