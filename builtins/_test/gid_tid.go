package main

import (
	"context"
	"fmt"
	"time"

	"pg"
)

func main() {
	mine := pg.GID()
	fmt.Println("main goroutine has an id:", mine > 0)

	var gid int64
	var tid int
	t := pg.Go("ids", func(ctx context.Context) {
		gid = pg.GID()
		tid = pg.TID()
	})
	t.Wait()
	fmt.Println("the task runs on another goroutine:", gid != mine)
	fmt.Println("t.GID() is that goroutine:", t.GID() == gid)
	fmt.Println("t.TID() is the thread it was last seen on:", t.TID() == tid, tid > 0)
	fmt.Println("the evaluator has threads:", pg.Threads() > 0)

	// Pinned to its thread, a task stays there across sleeps.
	pinned := pg.Go("pinned", func(ctx context.Context) {
		tid := pg.LockThread()
		defer pg.UnlockThread()
		same := true
		for i := 0; i < 20; i++ {
			time.Sleep(time.Millisecond)
			if pg.TID() != tid {
				same = false
			}
		}
		fmt.Println("the pinned task stayed on its thread:", same, tid > 0)
	})
	pinned.Wait()
}

// Output:
// main goroutine has an id: true
// the task runs on another goroutine: true
// t.GID() is that goroutine: true
// t.TID() is the thread it was last seen on: true true
// the evaluator has threads: true
// the pinned task stayed on its thread: true true
