package bench

import (
	"reflect"
	"testing"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	patched "github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// cpuLoop is a CPU-bound interpreted loop with an index expression in
// it: what the panic-position and bounds patches of internal/yaegi cost.
const cpuLoop = `package main

func Sum(n int) int {
	xs := []int{1, 2, 3, 4, 5, 6, 7, 8}
	s := 0
	for i := 0; i < n; i++ {
		s += xs[i%8] * i
	}
	return s
}
`

const loopN = 200000

// TestLoopSameBothWays checks that the two benchmarks below compute the
// same thing.
func TestLoopSameBothWays(t *testing.T) {
	up, ours := upstreamSum(t), patchedSum(t)
	if a, b := up(loopN), ours(loopN); a != b {
		t.Fatalf("upstream yaegi %d, patched copy %d", a, b)
	}
}

func upstreamSum(tb testing.TB) func(int) int {
	i := yaegi.New(yaegi.Options{})
	i.Use(stdlib.Symbols)
	return loadSum(tb, i)
}

func patchedSum(tb testing.TB) func(int) int {
	i := patched.New(patched.Options{})
	i.Use(stdlib.Symbols)
	return loadSum(tb, i)
}

// loadSum evaluates cpuLoop in an interpreter, either one, and returns Sum.
func loadSum(tb testing.TB, i interface {
	Eval(string) (reflect.Value, error)
}) func(int) int {
	if _, err := i.Eval(cpuLoop); err != nil {
		tb.Fatal(err)
	}
	v, err := i.Eval("main.Sum")
	if err != nil {
		tb.Fatal(err)
	}
	return v.Interface().(func(int) int)
}

// BenchmarkLoopUpstream and BenchmarkLoopPatched run the same loop in
// yaegi v0.16.1 and in the playground's patched copy; compare them with
// benchstat (the target: the patched copy within 10%).
func BenchmarkLoopUpstream(b *testing.B) {
	sum := upstreamSum(b)
	for b.Loop() {
		sum(loopN)
	}
}

func BenchmarkLoopPatched(b *testing.B) {
	sum := patchedSum(b)
	for b.Loop() {
		sum(loopN)
	}
}
