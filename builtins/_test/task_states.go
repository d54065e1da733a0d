package main

import (
	"context"
	"fmt"
	"os"
	"sync"
	"time"

	"pg"
)

// waitFor polls t until it is in state, waiting for reason ("" for a
// running task), then prints what it saw: what it saw, not a third look
// (the napper wakes every millisecond). State and WaitReason are two
// looks, and both must agree: a spinner that calls ctx.Err may wait on
// a lock (semacquire) for an instant between them.
func waitFor(t *pg.Task, state, reason string) {
	for {
		st, r := t.State(), t.WaitReason()
		if st == state && r == reason {
			line := t.Name + ": " + st
			if r != "" {
				line += " (" + r + ")"
			}
			fmt.Println(line)
			return
		}
		time.Sleep(time.Millisecond)
	}
}

func main() {
	ch := make(chan int)
	recv := pg.Go("receiver", func(ctx context.Context) { <-ch })
	waitFor(recv, "waiting", "chan receive")
	ch <- 1
	recv.Wait()

	send := pg.Go("sender", func(ctx context.Context) { ch <- 1 })
	waitFor(send, "waiting", "chan send")
	<-ch
	send.Wait()

	sel := pg.Go("selector", func(ctx context.Context) {
		select {
		case <-ch:
		case <-ctx.Done():
		}
	})
	waitFor(sel, "waiting", "select")
	sel.Cancel()
	sel.Wait()

	nap := pg.Go("napper", func(ctx context.Context) {
		for ctx.Err() == nil {
			time.Sleep(time.Millisecond)
		}
	})
	waitFor(nap, "waiting", "sleep")
	nap.Cancel()
	nap.Wait()

	r, w, _ := os.Pipe()
	reader := pg.Go("reader", func(ctx context.Context) {
		buf := make([]byte, 1)
		r.Read(buf)
	})
	waitFor(reader, "waiting", "IO wait")
	w.Close()
	reader.Wait()
	r.Close()

	var mu sync.Mutex
	mu.Lock()
	locker := pg.Go("locker", func(ctx context.Context) {
		mu.Lock()
		mu.Unlock()
	})
	waitFor(locker, "waiting", "sync.Mutex.Lock")
	mu.Unlock()
	locker.Wait()

	var wg sync.WaitGroup
	wg.Add(1)
	group := pg.Go("group", func(ctx context.Context) { wg.Wait() })
	waitFor(group, "waiting", "sync.WaitGroup.Wait")
	wg.Done()
	group.Wait()

	spin := pg.Go("spinner", func(ctx context.Context) {
		for ctx.Err() == nil {
		}
	})
	waitFor(spin, "running", "")
	spin.Cancel()
	spin.Wait()

	for _, t := range pg.Tasks() {
		fmt.Println(t)
	}
}

// Output:
// receiver: waiting (chan receive)
// sender: waiting (chan send)
// selector: waiting (select)
// napper: waiting (sleep)
// reader: waiting (IO wait)
// locker: waiting (sync.Mutex.Lock)
// group: waiting (sync.WaitGroup.Wait)
// spinner: running
// t1 "receiver": done
// t2 "sender": done
// t3 "selector": cancelled
// t4 "napper": cancelled
// t5 "reader": done
// t6 "locker": done
// t7 "group": done
// t8 "spinner": cancelled
