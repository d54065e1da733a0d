package interp_test

import (
	"fmt"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// Patch 17: a goroutine started by one Eval goes on calling functions and
// writing a global while later Evals define new globals. In v0.16.1 each
// new global replaced the global frame's slice under it, each run set the
// frame's done case as the goroutine's new frames read it, and a call
// without results gave the first global as its value (read as the
// goroutine wrote it): data races, which `go test -race` reports here.
func TestPatchGlobalsWhileGoroutinesRun(t *testing.T) {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	mustEval := func(src string) {
		t.Helper()
		if _, err := i.Eval(src); err != nil {
			t.Fatalf("%s: %v", src, err)
		}
	}
	mustEval(`import ("fmt"; "sync/atomic")`)
	mustEval(`var n int64
var stop atomic.Bool
var counted = make(chan int64)
func bump() { n++ }
func work() {
	var mine int64
	for !stop.Load() {
		bump()
		mine++
	}
	counted <- mine
}`)
	mustEval(`go work()`)
	for k := range 300 {
		mustEval(fmt.Sprintf("var g%d = %d", k, k))
	}
	mustEval(`stop.Store(true)`)
	mustEval(`func lost() string {
	if mine := <-counted; mine != n {
		return fmt.Sprint(mine, " counted by the goroutine, ", n, " in the global")
	}
	return ""
}`)
	v, err := i.Eval(`lost()`)
	if err != nil {
		t.Fatal(err)
	}
	if lost := v.String(); lost != "" {
		t.Fatalf("writes to a global were lost while new globals were defined: %s", lost)
	}
}
