package main

import (
	"context"
	"errors"
	"fmt"

	"pg"
)

func try(what string, f func()) {
	defer func() { fmt.Println(what+":", recover()) }()
	f()
}

func main() {
	try("no name", func() { pg.Go("", func(ctx context.Context) {}) })
	try("nil func", func() { pg.Go("worker", nil) })

	old := pg.SetTaskLimit(2)
	stopA, stopB := make(chan struct{}), make(chan struct{})
	a := pg.Go("a", func(ctx context.Context) { <-stopA })
	b := pg.Go("b", func(ctx context.Context) { <-stopB })
	try("third", func() {
		defer func() {
			err, _ := recover().(error)
			fmt.Println(errors.Is(err, pg.ErrTaskLimit))
			panic(err)
		}()
		pg.Go("c", func(ctx context.Context) {})
	})
	close(stopA)
	a.Wait()
	close(stopB)
	b.Wait()

	// Ended tasks make room: the oldest ended one is forgotten.
	d := pg.Go("d", func(ctx context.Context) {})
	d.Wait()
	for _, t := range pg.Tasks() {
		fmt.Println(t)
	}
	fmt.Println(pg.SetTaskLimit(old))
	try("limit 0", func() { pg.SetTaskLimit(0) })
}

// Output:
// no name: pg.Go: the task needs a name, as in pg.Go("worker", func(ctx context.Context) { ... })
// nil func: pg.Go "worker": fn is nil: pass a function such as func(ctx context.Context) { ... }
// true
// third: pg.Go "c": too many tasks: 2 are running, the limit: wait for some to end, or raise it with pg.SetTaskLimit
// t2 "b": done
// t3 "d": done
// 2
// limit 0: pg.SetTaskLimit(0): the limit must be at least 1
