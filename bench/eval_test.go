package bench

import (
	"context"
	"os"
	"reflect"
	"testing"

	yaegi "github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/learn-concurrency/playground/interp"
)

func TestMain(m *testing.M) {
	// Sessions re-execute this test binary as their evaluator.
	interp.MaybeRunEvaluator()
	code := m.Run()
	if files.dir != "" {
		os.RemoveAll(files.dir)
	}
	os.Exit(code)
}

// startSession starts an evaluator and waits until it is ready, so that
// what follows measures requests only.
func startSession(tb testing.TB) *interp.Session {
	tb.Helper()
	s, err := interp.Start(interp.Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	if err := s.Ready(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return s
}

func newYaegi(tb testing.TB) *yaegi.Interpreter {
	tb.Helper()
	i := yaegi.New(yaegi.Options{})
	if err := i.Use(stdlib.Symbols); err != nil {
		tb.Fatal(err)
	}
	return i
}

// The two benchmarks below must compute the same thing, or their
// difference is not the evaluator's overhead.
func TestOnePlusOneSameBothWays(t *testing.T) {
	s := startSession(t)
	res, err := s.Eval(context.Background(), "1+1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil || res.Value != "2" || res.Type != "int" {
		t.Fatalf("session: 1+1 = %+v", res)
	}

	v, err := newYaegi(t).Eval("1+1")
	if err != nil {
		t.Fatal(err)
	}
	if v.Kind() != reflect.Int || v.Int() != 2 {
		t.Fatalf("in-process yaegi: 1+1 = %v (%v)", v, v.Type())
	}
}

// BenchmarkEvalRoundTrip is one input's round trip through the shell's
// Session: a request frame to the evaluator process, yaegi there, the
// value formatted, a result frame back.
func BenchmarkEvalRoundTrip(b *testing.B) {
	s := startSession(b)
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		res, err := s.Eval(ctx, "1+1", nil)
		if err != nil || res.Value != "2" {
			b.Fatalf("1+1 = %+v, %v", res, err)
		}
	}
}

// BenchmarkYaegiEvalInProcess is the same input evaluated by yaegi in
// this process: the floor for BenchmarkEvalRoundTrip.
func BenchmarkYaegiEvalInProcess(b *testing.B) {
	i := newYaegi(b)
	b.ReportAllocs()
	for b.Loop() {
		v, err := i.Eval("1+1")
		if err != nil || v.Int() != 2 {
			b.Fatalf("1+1 = %v, %v", v, err)
		}
	}
}
