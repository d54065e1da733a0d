package builtins

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// BenchmarkSamplerCost runs BenchmarkSpawnPgGoWait's program with the
// :timeline sampler paused and running, in turn in each iteration so that
// both see the same machine load, and reports their ratio: what the
// sampler costs pg.Go (1 would be nothing). Use an even -benchtime such
// as 4x: the order alternates.
func BenchmarkSamplerCost(b *testing.B) {
	// 2,000 tasks at a time are sampled; with 100,000 the sampler stands
	// aside (tlMaxGoroutines), and only looks.
	for _, n := range []int{2000, spawnN} {
		b.Run(fmt.Sprint(n), func(b *testing.B) { samplerCost(b, n) })
	}
}

func samplerCost(b *testing.B, n int) {
	i := newTestInterp(io.Discard, io.Discard)
	if _, err := i.Eval(`import ("context"; "pg")
` + trackedSrc); err != nil {
		b.Fatal(err)
	}
	v, _ := i.Eval("tracked")
	tracked := v.Interface().(func(int))
	tracked(1000)
	defer tlPaused.Store(false)
	var tOff, tOn time.Duration
	b.ResetTimer()
	run := func(paused bool) {
		tlPaused.Store(paused)
		start := time.Now()
		tracked(n)
		if paused {
			tOff += time.Since(start)
		} else {
			tOn += time.Since(start)
		}
	}
	for k := 0; k < b.N; k++ {
		// Each order half the time: the second run of a pair gains from
		// the first's warm caches and pools.
		run(k%2 == 0)
		run(k%2 != 0)
	}
	b.ReportMetric(float64(tOff.Nanoseconds())/float64(b.N*n), "ns/task-unsampled")
	b.ReportMetric(float64(tOn.Nanoseconds())/float64(b.N*n), "ns/task-sampled")
	b.ReportMetric(float64(tOn)/float64(tOff), "ratio")
}
