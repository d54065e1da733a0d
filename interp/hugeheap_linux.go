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
// frees it in its next cycle, which a heap that large starts at once, and
// the heap then grows into the advised span. Where Linux offers no
// transparent huge pages the advice is refused, and nothing changes.

import (
	"runtime/debug"
	"unsafe"

	"golang.org/x/sys/unix"
)

// hugeHeapBytes is the span advised: the heap of a 1,000-line session
// peaks at about 30 MiB.
const hugeHeapBytes = 32 << 20

// hugePageBytes is the size of a transparent huge page on x86-64 and on
// arm64 with 4 KiB pages; the advice needs no more than alignment to it.
const hugePageBytes = 2 << 20

// adviseHugeHeap maps hugeHeapBytes of heap, advises it for huge pages
// and drops it, unless the heap limit (0: none) is under eight times that
// much: until the collector frees it, the span counts as heap in use, to
// the memory watchdog too. It returns the advised addresses, [lo, hi), for
// tests; both are 0 if it advised nothing.
func adviseHugeHeap(limit int64) (lo, hi uintptr) {
	if limit > 0 && limit < 8*hugeHeapBytes {
		return 0, 0
	}
	// No collection may start while the span is referenced here: it would
	// find it live, and the next goal would be sized to it.
	gcPercent := debug.SetGCPercent(-1)
	defer debug.SetGCPercent(gcPercent)
	span := make([]byte, hugeHeapBytes)
	base := uintptr(unsafe.Pointer(unsafe.SliceData(span)))
	first := (base+hugePageBytes-1)&^(hugePageBytes-1) - base
	last := (base+hugeHeapBytes)&^(hugePageBytes-1) - base
	if first >= last || unix.Madvise(span[first:last], unix.MADV_HUGEPAGE) != nil {
		return 0, 0
	}
	return base + first, base + last
}
