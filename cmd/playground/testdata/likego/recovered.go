// Recovering a run-time error: it is a runtime.Error, with Go's message.
package main

import (
	"fmt"
	"runtime"
)

func try(f func()) {
	defer func() {
		r := recover()
		_, isRuntime := r.(runtime.Error)
		fmt.Println("recovered:", r, isRuntime)
	}()
	f()
}

func main() {
	var a []int
	var m map[string]bool
	var p *struct{ X int }
	i := 3
	try(func() { _ = a[i] })
	try(func() { m["x"] = true })
	try(func() { _ = p.X })
	try(func() { _ = a[:i] })
	try(func() { var v any = 1.5; _ = v.(string) })
	try(func() { panic("plain") })
}
