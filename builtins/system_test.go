package builtins

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

func TestSys(t *testing.T) {
	s := Sys()
	if s.OS != runtime.GOOS || s.Arch != runtime.GOARCH || s.CPUs != runtime.NumCPU() || s.GOMAXPROCS != runtime.GOMAXPROCS(0) {
		t.Errorf("Sys() = %+v: not this machine", s)
	}
	if s.PID != os.Getpid() || s.PPID != os.Getppid() {
		t.Errorf("PID %d PPID %d, want %d %d", s.PID, s.PPID, os.Getpid(), os.Getppid())
	}
	if s.Goroutines < 1 || s.Threads < 1 || s.HeapInUse == 0 || s.Resident < s.HeapInUse/2 {
		t.Errorf("Sys() = %+v", s)
	}

	// Memory held shows in HeapInUse and Resident.
	keep := make([]byte, 64<<20)
	for i := range keep {
		keep[i] = 1
	}
	after := Sys()
	if after.HeapInUse < s.HeapInUse+48<<20 || after.Resident < s.Resident+48<<20 {
		t.Errorf("after 64 MiB more: heap %d → %d, resident %d → %d", s.HeapInUse, after.HeapInUse, s.Resident, after.Resident)
	}
	runtime.KeepAlive(keep)
}

func TestSysString(t *testing.T) {
	s := SysInfo{OS: "linux", Arch: "amd64", CPUs: 8, GOMAXPROCS: 4, Goroutines: 12, Threads: 7,
		PID: 100, PPID: 99, HeapInUse: 3 << 20, Resident: 12<<20 + 512<<10}
	want := `OS          linux
Arch        amd64
CPUs        8
GOMAXPROCS  4
Goroutines  12
Threads     7
PID         100
PPID        99
HeapInUse   3.0 MiB
Resident    12.5 MiB`
	if got := s.String(); got != want {
		t.Errorf("String():\n%s\nwant\n%s", got, want)
	}
	// The shell shows a value with %v.
	if got := fmt.Sprintf("%v", s); got != want {
		t.Errorf("%%v:\n%s", got)
	}
	if !strings.Contains(Sys().String(), "GOMAXPROCS") {
		t.Error("Sys().String() has no GOMAXPROCS")
	}
}

func TestByteSize(t *testing.T) {
	for n, want := range map[uint64]string{
		0: "0 B", 1023: "1023 B", 1024: "1.0 KiB", 1536: "1.5 KiB", 5 << 20: "5.0 MiB",
		3 << 30: "3.0 GiB", 2 << 40: "2.0 TiB", 4096 << 40: "4096.0 TiB",
	} {
		if got := byteSize(n); got != want {
			t.Errorf("byteSize(%d) = %q, want %q", n, got, want)
		}
	}
}
