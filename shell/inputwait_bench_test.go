package shell

import (
	"context"
	"testing"
	"time"
)

// waitInput waits three seconds on a channel that a sleeping goroutine
// feeds: the deadlock hint's worst case, since after two seconds it must
// look at every goroutine to find that the sleeper may end the wait.
const waitInput = `func() { ch := make(chan int); go func() { time.Sleep(3 * time.Second); ch <- 1 }(); <-ch }()`

const parkInput = `var park = make(chan int); for i := 0; i < 100000; i++ { pg.Go("parked", func(ctx context.Context) { <-park }) }`

// BenchmarkInputBesideParkedGoroutines measures, in one run, an input
// that waits three seconds at the prompt (the deadlock hint looks at it
// after two) alone and then beside 100,000 parked tasks, and reports
// their ratio (input-ratio, the target is at most 1.2); :tasks beside
// them, in seconds (tasks-s, at most 1) and against :tasks alone
// (tasks-ratio); and starting the 100,000 tasks at the prompt against
// starting them as playground run does, without the hint
// (spawn-ratio).
func BenchmarkInputBesideParkedGoroutines(b *testing.B) {
	ctx := context.Background()
	timed := func(f func()) time.Duration {
		start := time.Now()
		f()
		return time.Since(start)
	}
	for b.Loop() {
		sh, err := New(Config{})
		if err != nil {
			b.Fatal(err)
		}
		run := func(src string) {
			if sh.evalGo(ctx, src, origin{}) != succeeded {
				b.Fatalf("%s failed", src)
			}
		}
		tasks := func() {
			if _, err := sh.sess.Meta(ctx, "tasks", ""); err != nil {
				b.Fatal(err)
			}
		}
		run(`1`) // the evaluator is up
		tasksAlone := timed(tasks)
		alone := timed(func() { run(waitInput) })

		// Started without the hint, as playground run does, then ended.
		spawnRun := timed(func() {
			if _, err := sh.sess.Eval(ctx, parkInput, nil); err != nil {
				b.Fatal(err)
			}
		})
		run(`close(park); for _, t := range pg.Tasks() { t.Wait() }`)

		spawnPrompt := timed(func() { run(parkInput) })
		beside := timed(func() { run(waitInput) })
		tasksBeside := timed(tasks)
		run(`close(park); for _, t := range pg.Tasks() { t.Wait() }`)
		sh.Close()

		b.ReportMetric(beside.Seconds()/alone.Seconds(), "input-ratio")
		b.ReportMetric(tasksBeside.Seconds(), "tasks-s")
		b.ReportMetric(tasksBeside.Seconds()/tasksAlone.Seconds(), "tasks-ratio")
		b.ReportMetric(spawnPrompt.Seconds()/spawnRun.Seconds(), "spawn-ratio")
		b.Logf("input alone %v, beside 100,000 parked tasks %v; :tasks alone %v, beside them %v; starting them at the prompt %v, as playground run does %v",
			alone, beside, tasksAlone, tasksBeside, spawnPrompt, spawnRun)
	}
}
