package interp

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// The span adviseHugeHeap leaves is advised for huge pages, and does not
// bring on a collection: the GC percent is raised until one comes.
func TestHugeHeapIsAdvised(t *testing.T) {
	gcPercent := debug.SetGCPercent(150)
	defer debug.SetGCPercent(gcPercent)
	lo, hi := adviseHugeHeap(0)
	if lo == 0 || hi-lo < hugeHeapBytes-2*hugePageBytes {
		t.Fatalf("adviseHugeHeap advised [%#x, %#x); want most of %d MiB", lo, hi, hugeHeapBytes>>20)
	}
	hugeSpan.Lock()
	raised := hugeSpan.raised
	hugeSpan.Unlock()
	if got := currentGCPercent(); got != raised || raised < spanPercent(hugeHeapBytes) {
		t.Errorf("after adviseHugeHeap the GC percent is %d (raised to %d); want at least %d until a collection", got, raised, spanPercent(hugeHeapBytes))
	}
	flags, err := vmaFlags(lo)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(" "+flags+" ", " hg ") {
		t.Fatalf("the mapping holding the advised span has VmFlags %q; want hg (MADV_HUGEPAGE)", flags)
	}
	// The first collection sets the percent back, from a finalizer.
	runtime.GC()
	deadline := time.Now().Add(10 * time.Second)
	for currentGCPercent() != 150 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if got := currentGCPercent(); got != 150 {
		t.Errorf("after a collection the GC percent is %d; want 150, as before adviseHugeHeap", got)
	}
}

// currentGCPercent reads the GC percent (without setting it, which would
// race with the finalizer that sets it back).
func currentGCPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	return int(s[0].Value.Uint64())
}

// A fresh evaluator runs its first input before any collection: starting
// costs none. (GODEBUG's gctrace prints a line at the end of each.)
func TestEvaluatorStartsWithoutACollection(t *testing.T) {
	var out collector
	s := startSession(t, Options{
		Env: []string{"GODEBUG=gctrace=1"},
		OnNotice: func(n Notice) {
			if n.Output != nil {
				out.add(*n.Output)
			}
		},
	})
	if _, err := s.Eval(context.Background(), `fmt.Println("first")`, out.add); err != nil {
		t.Fatal(err)
	}
	s.Close() // and its standard error read to the end
	if got := out.String(); !strings.Contains(got, "first") || strings.Contains(got, "gc 1 @") {
		t.Fatalf("a fresh evaluator under gctrace printed %q; want its first input's output and no collection", got)
	}
}

// What learner code reads of the heap is its own: the span the evaluator
// started with is collected first, whichever way it reads.
func TestLearnerReadsItsOwnHeap(t *testing.T) {
	for _, src := range []string{
		`var m runtime.MemStats; runtime.ReadMemStats(&m); fmt.Println(m.HeapAlloc < 16<<20)`,
		`samples := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}; metrics.Read(samples); fmt.Println(samples[0].Value.Uint64() < 16<<20)`,
		`fmt.Println(pg.Sys().HeapInUse < 16<<20)`,
	} {
		if got := printsInFresh(t, src); got != "true" {
			t.Errorf("%s\n\tprinted %q in a fresh evaluator; want \"true\"", src, got)
		}
	}
}

// debug.SetGCPercent returns the percent the evaluator runs with (400,
// under its memory limit), and the percent learner code sets stays.
func TestLearnerSetsTheGCPercent(t *testing.T) {
	s := startSession(t, Options{})
	for _, in := range []struct{ src, want string }{
		{`fmt.Println(debug.SetGCPercent(70))`, "400"},
		{`runtime.GC(); time.Sleep(20 * time.Millisecond); fmt.Println(debug.SetGCPercent(-1))`, "70"},
	} {
		if got := printsIn(t, s, in.src); got != in.want {
			t.Errorf("%s\n\tprinted %q; want %q", in.src, got, in.want)
		}
	}
}

// printsInFresh runs src as the first input of a fresh evaluator and returns
// what it printed, trimmed.
func printsInFresh(t *testing.T, src string) string {
	t.Helper()
	return printsIn(t, startSession(t, Options{}), src)
}

// printsIn runs src in s and returns what it printed, trimmed, or its error.
func printsIn(t *testing.T, s *Session, src string) string {
	t.Helper()
	var out collector
	res, err := s.Eval(context.Background(), src, out.add)
	if err != nil {
		t.Fatal(err)
	}
	if res.Err != nil {
		return res.Err.Msg
	}
	return strings.TrimSpace(out.String())
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
