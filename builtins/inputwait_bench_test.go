package builtins

import (
	"io"
	"testing"
	"time"
)

// BenchmarkTasksMetaParked measures :tasks beside 100,000 parked tasks
// against :tasks beside none, in one run (tasks-ratio), and reports
// :tasks beside them in seconds (tasks-s).
func BenchmarkTasksMetaParked(b *testing.B) {
	i := newTestInterp(io.Discard, io.Discard)
	if _, err := i.Eval(`import ("context"; "pg")
var park = make(chan int)
func parked(ctx context.Context) { <-park }
func run(n int) { for j := 0; j < n; j++ { pg.Go("parked", parked) } }
func release() { close(park) }`); err != nil {
		b.Fatal(err)
	}
	run, _ := i.Eval("run")
	release, _ := i.Eval("release")
	resetTasksForBench()
	tasksMeta := func() time.Duration {
		start := time.Now()
		if _, err := RunMeta("tasks", ""); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	alone := tasksMeta()
	run.Interface().(func(int))(spawnN)
	time.Sleep(time.Second) // let them all park
	b.ResetTimer()
	var beside time.Duration
	for b.Loop() {
		beside = tasksMeta()
	}
	b.StopTimer()
	release.Interface().(func())()
	waitAllTasks(b)
	resetTasksForBench()
	b.ReportMetric(beside.Seconds(), "tasks-s")
	b.ReportMetric(beside.Seconds()/alone.Seconds(), "tasks-ratio")
}
