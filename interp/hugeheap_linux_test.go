package interp

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime/debug"
	"strings"
	"testing"
)

// The span adviseHugeHeap leaves is advised for huge pages.
func TestHugeHeapIsAdvised(t *testing.T) {
	gcPercent := debug.SetGCPercent(150)
	defer debug.SetGCPercent(gcPercent)
	lo, hi := adviseHugeHeap(0)
	if lo == 0 || hi-lo < hugeHeapBytes-2*hugePageBytes {
		t.Fatalf("adviseHugeHeap advised [%#x, %#x); want most of %d MiB", lo, hi, hugeHeapBytes>>20)
	}
	// Collection, off while the span was referenced, is as it was.
	if got := debug.SetGCPercent(gcPercent); got != 150 {
		t.Errorf("after adviseHugeHeap the GC percent is %d; want 150, as before", got)
	}
	flags, err := vmaFlags(lo)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Fatalf("the mapping holding the advised span has VmFlags %q; want hg (MADV_HUGEPAGE)", flags)
	}
}

// In the evaluator, the heap grows into mappings advised for huge pages:
// once a collection has run, most new objects are in one. (In a process
// that has long run, like this test's, free heap below the span is used
// first, so this is asked of a fresh evaluator.)
func TestEvaluatorHeapIsAdvised(t *testing.T) {
	s := startSession(t, Options{})
	var out collector
	_, err := s.Eval(context.Background(), `
runtime.GC()
var addrs []uint64
var keep [][]byte
for i := 0; i < 2048; i++ { // 16 MiB of 8 KiB objects
	b := make([]byte, 8<<10)
	var p uint64
	fmt.Sscanf(fmt.Sprintf("%p", &b[0]), "0x%x", &p)
	addrs = append(addrs, p)
	keep = append(keep, b)
}
smaps, _ := os.ReadFile("/proc/self/smaps")
var start, end uint64
in := 0
for _, line := range strings.Split(string(smaps), "\n") {
	if n, _ := fmt.Sscanf(line, "%x-%x ", &start, &end); n == 2 {
		continue
	}
	if strings.HasPrefix(line, "VmFlags:") && strings.Contains(line+" ", " hg ") {
		for _, p := range addrs { // mappings do not overlap: each counts once
			if p >= start && p < end {
				in++
			}
		}
	}
}
fmt.Println(in, len(addrs), len(keep))`, out.add)
	if err != nil {
		t.Fatal(err)
	}
	var in, n, kept int
	if _, err := fmt.Sscan(out.String(), &in, &n, &kept); err != nil || n != 2048 || kept != n {
		t.Fatalf("the evaluator printed %q; want three counts: objects in advised mappings, objects, objects kept", out.String())
	}
	if in < n/4 {
		t.Errorf("%d of %d new 8 KiB objects in the evaluator are in a mapping advised for huge pages; want most", in, n)
	}
}

// Under a small heap limit nothing is advised: the span would count
// against the limit until collected.
func TestHugeHeapNotUnderASmallLimit(t *testing.T) {
	if lo, hi := adviseHugeHeap(64 << 20); lo != 0 || hi != 0 {
		t.Fatalf("adviseHugeHeap(64 MiB) advised [%#x, %#x); want nothing", lo, hi)
	}
}

// vmaFlags returns the VmFlags line of the mapping holding addr, from
// /proc/self/smaps.
func vmaFlags(addr uintptr) (string, error) {
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		return "", err
	}
	defer f.Close()
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		var start, end uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x ", &start, &end); n == 2 {
			in = addr >= start && addr < end
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			return strings.TrimSpace(strings.TrimPrefix(line, "VmFlags:")), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", fmt.Errorf("no mapping in /proc/self/smaps holds %#x", addr)
}
