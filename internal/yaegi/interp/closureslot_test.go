package interp_test

import (
	"strconv"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// Patch 30: a function literal's value is not taken back when the
// function returns. v0.16.1 put the slot's earlier value back then (to
// free the closure), so a goroutine running a literal made in an earlier
// turn of a loop emptied the slot while the loop stored the next literal
// there and before the call read it: the call got a nil function (or an
// earlier turn's). At the prompt, every input's first literal raced so.
func TestPatchClosureSlotKept(t *testing.T) {
	i := interp.New(interp.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	decl := `
import (
	"sync"
	"sync/atomic"
)

var (
	wg   sync.WaitGroup
	nils atomic.Int64
)

func spawn(f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		if f == nil {
			nils.Add(1)
			return
		}
		f()
	}()
}`
	if _, err := i.Eval(decl); err != nil {
		t.Fatal(err)
	}
	// One input per loop, as typed at the prompt: each input's first
	// literal is the one whose slot held nothing before.
	for range 300 {
		if _, err := i.Eval(`for j := 0; j < 20; j++ { spawn(func() {}) }`); err != nil {
			t.Fatal(err)
		}
	}
	v, err := i.Eval(`wg.Wait(); nils.Load()`)
	if err != nil {
		t.Fatal(err)
	}
	if n := v.Int(); n != 0 {
		t.Errorf("%d goroutines were handed a nil function instead of the literal passed", n)
	}
}

// Patch 30, the other half: the closure a literal makes does not keep the
// one the same literal made before (a chain that grew by one closure a
// turn, held for ever: yaegi's issue 1618, which the taking back above
// was v0.16.1's fix for). The slot is emptied in the closure's copy of
// the frame instead.
func TestPatchClosureChainFreed(t *testing.T) {
	var out strings.Builder
	i := interp.New(interp.Options{Stdout: &out})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	// The heap is read while main, whose frame would hold the chain,
	// still runs.
	_, err := i.Eval(`package main

import (
	"fmt"
	"runtime"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	for i := 0; i < 100000; i++ {
		wg.Add(1)
		go func() {
			wg.Done()
		}()
		wg.Wait()
	}
	var m runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m)
	fmt.Print(m.HeapAlloc >> 20)
}`)
	if err != nil {
		t.Fatal(err)
	}
	mib, err := strconv.Atoi(out.String())
	if err != nil {
		t.Fatalf("the program printed %q", out.String())
	}
	// Each closure kept costs some 800 bytes (its copy of the frame, the
	// MakeFunc): 100,000 of them are about 80 MiB. Without them the heap
	// of this test is a few MiB.
	if mib > 40 {
		t.Errorf("after 100,000 closures made and run, the heap holds %d MiB: they are kept", mib)
	}
}
