package interp

// What learner code reads of the heap and the collector.
//
// The evaluator starts with a span of heap it will never use, left for
// the first collection to free (hugeheap_linux.go); until then it counts
// as heap in use, and the GC percent is raised to make room for it. So
// the functions that read the heap's statistics or the GC percent are
// given to learner code in versions that collect it first (settleHeap):
// what a program reads is its own heap, and `debug.SetGCPercent` returns
// the percent the evaluator runs with. (debug.ReadGCStats is left as it
// is: it counts collections, and a fresh evaluator, like a fresh program,
// has run none.)

import (
	"reflect"
	"runtime"
	"runtime/debug"
	"runtime/metrics"

	"github.com/learn-concurrency/playground/builtins"
)

// heapStatSymbols replaces those functions, for yaegi (loaded after the
// standard library's).
var heapStatSymbols = map[string]map[string]reflect.Value{
	"runtime/runtime": {
		"ReadMemStats": reflect.ValueOf(readMemStats),
	},
	"runtime/metrics/metrics": {
		"Read": reflect.ValueOf(readMetrics),
	},
	"runtime/debug/debug": {
		"SetGCPercent": reflect.ValueOf(setGCPercent),
	},
}

func init() {
	symbolSets = append(symbolSets, heapStatSymbols)
	builtins.BeforeHeapStats = settleHeap // pg.Sys
}

func readMemStats(m *runtime.MemStats) {
	settleHeap()
	runtime.ReadMemStats(m)
}

func readMetrics(m []metrics.Sample) {
	settleHeap()
	metrics.Read(m)
}

func setGCPercent(percent int) int {
	settleHeap()
	return debug.SetGCPercent(percent)
}
