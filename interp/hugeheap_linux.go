package interp

// The evaluator's heap in huge pages.
//
// Every page of heap the evaluator touches for the first time is a page
// fault, and on some virtual machines (those this project is measured
// on among them) each fault is a trip to the hypervisor: a 1,000-line
// session spent about a third of its time faulting in fresh 4 KiB heap
// pages. A 2 MiB huge page costs one fault where 4 KiB pages cost 512.
//
// Linux gives anonymous memory huge pages by itself only when transparent
// huge pages are "always" on; in "madvise" mode, the default of many
// distributions, only a mapping advised with MADV_HUGEPAGE gets them. Go
// does not advise its heap (it stopped in Go 1.21.1), and it maps the
// heap a few MiB at a time as it grows, each time as a new mapping that
// advice given before cannot reach.
//
// So the evaluator has the runtime map a span of heap at once, before
// anything touches it, advises that span, and lets it go: the collector
// frees it in its first cycle, and the heap then grows into the advised
// span. Where Linux offers no transparent huge pages the advice is
// refused, and nothing changes.
//
// That first cycle is not forced: a collection costs an evaluator that
// has just started about 3 ms (its first sweep touches fresh pages of the
// runtime's own, its pauses stop the thread that runs the first input),
// and nothing needs one before the first input; an empty `playground run`
// needs none at all. So the GC percent is raised until the first cycle,
// so that the span does not bring it on: the evaluator's own allocation
// does, spanRunway beyond the span. A program or session that allocates
// little pays for no collection; one that allocates a lot grows its heap
// by spanRunway in 4 KiB pages first (measured here: an empty run 8 %
// faster, a 1,000-statement program 4 % slower, than with the collection
// forced at start).

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugeHeapBytes is the span advised: the heap of a 1,000-line session
// peaks at about 30 MiB.
const hugeHeapBytes = 32 << 20

// hugePageBytes is the size of a transparent huge page on x86-64 and on
// arm64 with 4 KiB pages; the advice needs no more than alignment to it.
const hugePageBytes = 2 << 20

// spanRunway is how far the heap may grow beyond the span before the
// first cycle: more than an evaluator allocates before its first input
// (under 1 MiB, TestEvaluatorStartsWithoutACollection), and little, as
// until that cycle the heap grows in 4 KiB pages, each a page fault
// (here 11 us each, where a 2 MiB huge page costs 1.4 ms).
const spanRunway = 2 << 20

// spanPercent is the GC percent at which the first cycle starts once the
// heap in use has grown spanRunway beyond inUse. Before its first cycle
// the runtime's heap goal is 4 MiB at GOGC=100 and in proportion at other
// percents, and a cycle starts at 95 % of the goal (runtime/mgcpacer.go:
// defaultHeapMinimum, maxTriggerRatioNum).
func spanPercent(inUse uint64) int {
	return int((inUse+spanRunway)*100/(4<<20*95/100)) + 1
}

// adviseHugeHeap maps hugeHeapBytes of heap, advises it for huge pages
// and drops it, unless the heap limit (0: none) is under eight times that
// much (until collected, the span counts as heap in use, to the memory
// watchdog too) or collection is off. It raises the GC percent
// (spanPercent) until the span is collected (settleHeap), and then sets
// it back. It
// returns the advised addresses, [lo, hi), for tests; both are 0 if it
// advised nothing.
func adviseHugeHeap(limit int64) (lo, hi uintptr) {
	if limit > 0 && limit < 8*hugeHeapBytes {
		return 0, 0
	}
	// No collection may start while the span is referenced here: it would
	// find it live, and the next goal would be sized to it.
	gcPercent := debug.SetGCPercent(-1)
	if gcPercent < 0 {
		return 0, 0 // nothing would ever free the span
	}
	span := make([]byte, hugeHeapBytes)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(span)))
	first := (base+hugePageBytes-1)&^(hugePageBytes-1) - base
	last := (base+hugeHeapBytes)&^(hugePageBytes-1) - base
	if first >= last || unix.Madvise(span[first:last], unix.MADV_HUGEPAGE) != nil {
		debug.SetGCPercent(gcPercent)
		return 0, 0
	}
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/memory/classes/heap/unused:bytes"}}
	metrics.Read(sample)
	raised := spanPercent(sample[0].Value.Uint64() + sample[1].Value.Uint64())
	hugeSpan.Lock()
	hugeSpan.gcPercent, hugeSpan.raised = gcPercent, raised
	hugeSpan.pending.Store(true)
	hugeSpan.Unlock()
	debug.SetGCPercent(raised)
	// An object no one refers to, whose finalizer the first cycle runs.
	runtime.SetFinalizer(&firstCycle{}, func(*firstCycle) { endHugeSpan(false) })
	return base + first, base + last
}

// hugeSpan is the span adviseHugeHeap left, until a cycle collects it.
var hugeSpan struct {
	sync.Mutex
	pending   atomic.Bool // not collected yet
	gcPercent int         // the GC percent to set back then
	raised    int         // the GC percent until then (spanPercent)
}

// settleHeap collects the span adviseHugeHeap left, if no cycle has yet,
// and sets the GC percent back: learner code that reads the heap's
// statistics or the GC percent reads its own heap's, and the percent the
// evaluator runs with, not those of a start-up trick (heapstats.go).
func settleHeap() {
	if hugeSpan.pending.Load() {
		endHugeSpan(true)
	}
}

// endHugeSpan sets the GC percent back once the span is collected, after
// running a cycle to collect it if collect is set; only the first call
// does anything.
func endHugeSpan(collect bool) {
	hugeSpan.Lock()
	defer hugeSpan.Unlock()
	if !hugeSpan.pending.Load() {
		return
	}
	if collect {
		runtime.GC()
	}
	debug.SetGCPercent(hugeSpan.gcPercent)
	hugeSpan.pending.Store(false)
}

// firstCycle is the type of the object whose finalizer tells of the first
// cycle: it holds a pointer so that it has an allocation of its own (the
// finalizer of an object allocated within another may never run).
type firstCycle struct{ _ *byte }
