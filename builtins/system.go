package builtins

// The system underneath: the evaluator process as the OS and the Go
// runtime see it.

import (
	"fmt"
	"os"
	"reflect"
	"runtime"
	"runtime/metrics"
	"strings"
)

func init() {
	export(map[string]reflect.Value{
		"Sys":     reflect.ValueOf(Sys),
		"SysInfo": reflect.ValueOf((*SysInfo)(nil)),
	})
}

// SysInfo is a snapshot of the playground's evaluator process: the
// machine it runs on, its goroutines and OS threads, its process ids and
// its memory. At the prompt it prints as a small table, one field a line.
//
//	s := pg.Sys()
//	fmt.Println(s.CPUs, s.Goroutines, s.Threads)
type SysInfo struct {
	OS   string // the operating system: "linux", "darwin", ... (runtime.GOOS)
	Arch string // the processor architecture: "amd64", "arm64", ... (runtime.GOARCH)

	// CPUs is how many logical CPUs the OS offers (runtime.NumCPU);
	// GOMAXPROCS how many of them may run Go code at the same moment.
	// Unlike Python's GIL, which lets one thread run Python code at a
	// time, Go runs up to GOMAXPROCS goroutines truly in parallel.
	CPUs, GOMAXPROCS int

	Goroutines int // goroutines alive now (runtime.NumGoroutine)
	Threads    int // OS threads of the process (see pg.Threads)

	PID  int // the evaluator's process id
	PPID int // its parent's: its reaper on Linux (see pg.PPID), else the shell

	// HeapInUse is the bytes of heap memory in use by Go objects and the
	// spans holding them (runtime.MemStats.HeapInuse).
	HeapInUse uint64
	// Resident is the bytes of the process's memory that are in RAM now,
	// as the OS counts them (RSS: /proc/self/statm on Linux). Elsewhere
	// it is the peak resident size so far (getrusage's maxrss).
	Resident uint64
}

// BeforeHeapStats, if set, is called before Sys reads the heap's
// statistics: the evaluator collects there what its start left for the
// first collection, which is not the learner's heap.
var BeforeHeapStats func()

// Sys describes the evaluator process now: OS and architecture, CPUs and
// GOMAXPROCS, goroutines and OS threads, pid and parent pid, heap in use
// and resident memory. Compare it before and after starting a thousand
// goroutines to see what they cost, and how few threads they need.
//
//	pg.Sys()
//	for i := 0; i < 1000; i++ {
//		pg.Go("idle", func(ctx context.Context) { <-ctx.Done() })
//	}
//	pg.Sys() // more goroutines and heap, about as many threads
func Sys() SysInfo {
	if BeforeHeapStats != nil {
		BeforeHeapStats()
	}
	sample := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/unused:bytes"},
	}
	metrics.Read(sample)
	var heap uint64
	for _, s := range sample {
		if s.Value.Kind() == metrics.KindUint64 {
			heap += s.Value.Uint64()
		}
	}
	return SysInfo{
		OS:         runtime.GOOS,
		Arch:       runtime.GOARCH,
		CPUs:       runtime.NumCPU(),
		GOMAXPROCS: runtime.GOMAXPROCS(0),
		Goroutines: runtime.NumGoroutine(),
		Threads:    countThreads(),
		PID:        os.Getpid(),
		PPID:       os.Getppid(),
		HeapInUse:  heap,
		Resident:   residentBytes(),
	}
}

// String prints the snapshot as a table, one field a line, sizes in
// KiB, MiB or GiB.
//
//	fmt.Println(pg.Sys())
func (s SysInfo) String() string {
	var b strings.Builder
	row := func(name string, v any) { fmt.Fprintf(&b, "%-11s %v\n", name, v) }
	row("OS", s.OS)
	row("Arch", s.Arch)
	row("CPUs", s.CPUs)
	row("GOMAXPROCS", s.GOMAXPROCS)
	row("Goroutines", s.Goroutines)
	row("Threads", s.Threads)
	row("PID", s.PID)
	row("PPID", s.PPID)
	row("HeapInUse", byteSize(s.HeapInUse))
	row("Resident", byteSize(s.Resident))
	return strings.TrimSuffix(b.String(), "\n")
}
