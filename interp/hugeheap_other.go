//go:build !linux

package interp

// adviseHugeHeap does nothing here: transparent huge pages, and the
// advice that asks for them, are Linux's (see hugeheap_linux.go).
func adviseHugeHeap(limit int64) (lo, hi uintptr) { return 0, 0 }

// settleHeap has no span to collect here.
func settleHeap() {}
