package builtins

import (
	"io"
	"runtime"
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

// BenchmarkTasksMetaDumpSizing measures :tasks beside 1,000 goroutines of
// interpreted code (the threads track starts as many) against one
// goroutine dump into a buffer already large enough, in the same run
// (tasks/dump): a buffer sized too small costs whole dumps more.
func BenchmarkTasksMetaDumpSizing(b *testing.B) {
	i := newTestInterp(io.Discard, io.Discard)
	if _, err := i.Eval(`import "time"
var park = make(chan int)
func run(n int) { for j := 0; j < n; j++ { go func() { select { case <-park: case <-time.After(time.Minute): } }() } }
func release() { close(park) }`); err != nil {
		b.Fatal(err)
	}
	run, _ := i.Eval("run")
	release, _ := i.Eval("release")
	resetTasksForBench()
	run.Interface().(func(int))(1000)
	time.Sleep(100 * time.Millisecond) // let them park
	big := make([]byte, 64<<20)
	var tasks, dump time.Duration
	for b.Loop() {
		start := time.Now()
		if _, err := RunMeta("tasks", ""); err != nil {
			b.Fatal(err)
		}
		tasks += time.Since(start)
		b.StopTimer()
		start = time.Now()
		runtime.Stack(big, true)
		dump += time.Since(start)
		b.StartTimer()
	}
	b.StopTimer()
	release.Interface().(func())()
	b.ReportMetric(tasks.Seconds()/dump.Seconds(), "tasks/dump")
}
