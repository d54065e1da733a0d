package main

import (
	"context"
	"errors"
	"fmt"

	"pg"
)

func explode(what string) {
	panic("boom: " + what)
}

func main() {
	t := pg.Go("crash", func(ctx context.Context) {
		explode("in a task")
	})
	err := t.Wait()
	fmt.Println(err)

	var pe *pg.PanicError
	fmt.Println(errors.As(err, &pe), pe.Value, pe.Pos)
	fmt.Println(t.State())
	fmt.Println(t)
	fmt.Println("still here")
}

// Output:
// t1 "crash": panic: boom: in a task (at 12:2)
// true boom: in a task 12:2
// panicked
// t1 "crash": panicked: boom: in a task (at 12:2)
// still here
