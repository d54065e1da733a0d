package builtins

import (
	"context"
	"io"
	"runtime"
	"sync"
	"testing"
	"time"
)

// spawnN is how many goroutines the spawn benchmarks start per iteration.
const spawnN = 100_000

// benchInterp runs the interpreted func run(n int) declared by src, with n
// = spawnN, b.N times, and reports the time per goroutine.
func benchInterp(b *testing.B, src string) {
	i := newTestInterp(io.Discard, io.Discard)
	if _, err := i.Eval(src); err != nil {
		b.Fatal(err)
	}
	v, err := i.Eval("run")
	if err != nil {
		b.Fatal(err)
	}
	run := v.Interface().(func(int))
	run(1000) // warm up
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		run(spawnN)
	}
	b.StopTimer()
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*spawnN), "ns/goroutine")
}

// The spawn benchmarks start declared functions, not function literals
// (yaegi v0.16.1 started a literal's goroutine on a nil function now and
// then, until patch 30 of internal/yaegi). Both sides start the same kind
// of function, so their ratio tells what a task costs.

// BenchmarkSpawnBareGo: 100,000 interpreted go statements and a
// sync.WaitGroup, the baseline for BenchmarkSpawnPgGo*.
func BenchmarkSpawnBareGo(b *testing.B) {
	benchInterp(b, `import "sync"
var wg sync.WaitGroup
func done() { wg.Done() }
func run(n int) {
	for j := 0; j < n; j++ {
		wg.Add(1)
		go done()
	}
	wg.Wait()
}`)
}

// BenchmarkSpawnPgGoWait: 100,000 pg.Go tasks, each waited with Wait.
func BenchmarkSpawnPgGoWait(b *testing.B) {
	benchInterp(b, `import ("context"; "pg")
func work(ctx context.Context) {}
func run(n int) {
	ts := make([]*pg.Task, n)
	for j := 0; j < n; j++ {
		ts[j] = pg.Go("w", work)
	}
	for _, t := range ts {
		t.Wait()
	}
}`)
}

// BenchmarkSpawnPgGoWaitGroup: 100,000 pg.Go tasks waited, as the bare
// goroutines are, with a sync.WaitGroup.
func BenchmarkSpawnPgGoWaitGroup(b *testing.B) {
	benchInterp(b, `import ("context"; "pg"; "sync")
var wg sync.WaitGroup
func work(ctx context.Context) { wg.Done() }
func run(n int) {
	for j := 0; j < n; j++ {
		wg.Add(1)
		pg.Go("w", work)
	}
	wg.Wait()
}`)
}

// trackedSrc is an interpreted function that starts n pg.Go tasks and
// waits for each.
const trackedSrc = `func work(ctx context.Context) {}
func tracked(n int) {
	ts := make([]*pg.Task, n)
	for j := 0; j < n; j++ {
		ts[j] = pg.Go("w", work)
	}
	for _, t := range ts {
		t.Wait()
	}
}`

// BenchmarkSpawnRatio runs BenchmarkSpawnBareGo's and
// BenchmarkSpawnPgGoWait's programs in turn in each iteration, so that
// both see the same machine load, and reports their ratio (target ≤ 1.5).
func BenchmarkSpawnRatio(b *testing.B) {
	i := newTestInterp(io.Discard, io.Discard)
	if _, err := i.Eval(`import ("context"; "pg"; "sync")
var wg sync.WaitGroup
func done() { wg.Done() }
func bare(n int) {
	for j := 0; j < n; j++ {
		wg.Add(1)
		go done()
	}
	wg.Wait()
}
` + trackedSrc); err != nil {
		b.Fatal(err)
	}
	bareV, _ := i.Eval("bare")
	trackedV, _ := i.Eval("tracked")
	bare, tracked := bareV.Interface().(func(int)), trackedV.Interface().(func(int))
	bare(1000)
	tracked(1000)
	var tBare, tTracked time.Duration
	b.ResetTimer()
	for k := 0; k < b.N; k++ {
		start := time.Now()
		bare(spawnN)
		tBare += time.Since(start)
		start = time.Now()
		tracked(spawnN)
		tTracked += time.Since(start)
	}
	b.ReportMetric(float64(tBare.Nanoseconds())/float64(b.N*spawnN), "ns/bare")
	b.ReportMetric(float64(tTracked.Nanoseconds())/float64(b.N*spawnN), "ns/task")
	b.ReportMetric(float64(tTracked)/float64(tBare), "ratio")
}

// memN is how many goroutines the memory benchmarks hold at once.
const memN = 20_000

// heapPerGoroutine starts memN goroutines with start, each blocked until
// stop is closed, and returns the heap they hold each (after a GC), not
// counting their stacks. started must be called by each once running.
func heapPerGoroutine(b *testing.B, start func(stop <-chan struct{}, started func())) float64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	before := ms.HeapAlloc
	stop := make(chan struct{})
	var running sync.WaitGroup
	running.Add(memN)
	for i := 0; i < memN; i++ {
		start(stop, running.Done)
	}
	running.Wait()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	after := ms.HeapAlloc
	close(stop)
	return (float64(after) - float64(before)) / memN
}

// BenchmarkTaskMemory reports the heap a tracked task costs beyond a
// plain goroutine (B/task-extra, target ≤ 1 KiB), and what an ended task
// that :tasks still lists keeps (B/ended-task).
func BenchmarkTaskMemory(b *testing.B) {
	var extra, ended float64
	for k := 0; k < b.N; k++ {
		bare := heapPerGoroutine(b, func(stop <-chan struct{}, started func()) {
			go func() {
				started()
				<-stop
			}()
		})
		tracked := heapPerGoroutine(b, func(stop <-chan struct{}, started func()) {
			Go("m", func(ctx context.Context) {
				started()
				<-stop
			})
		})
		waitAllTasks(b)
		extra += tracked - bare

		var ms runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&ms)
		before := ms.HeapAlloc
		resetTasksForBench()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		ended += (float64(before) - float64(ms.HeapAlloc)) / memN
	}
	b.ReportMetric(extra/float64(b.N), "B/task-extra")
	b.ReportMetric(ended/float64(b.N), "B/ended-task")
}

// waitAllTasks waits for every tracked task to end.
func waitAllTasks(b *testing.B) {
	for _, t := range Tasks() {
		select {
		case <-t.Done():
		case <-time.After(10 * time.Second):
			b.Fatalf("%v did not end", t)
		}
	}
}

// resetTasksForBench forgets the ended tasks.
func resetTasksForBench() {
	tasks.mu.Lock()
	defer tasks.mu.Unlock()
	tasks.finished, tasks.fhead = nil, 0
}
