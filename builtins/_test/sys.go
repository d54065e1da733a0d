package main

import (
	"fmt"
	"os"
	"runtime"
	"strings"

	"pg"
)

func main() {
	s := pg.Sys()
	fmt.Println(s.OS == runtime.GOOS, s.Arch == runtime.GOARCH)
	fmt.Println(s.CPUs == runtime.NumCPU(), s.GOMAXPROCS == runtime.GOMAXPROCS(0))
	fmt.Println(s.Goroutines > 0, s.Threads > 0)
	fmt.Println(s.PID == os.Getpid(), s.PPID == os.Getppid())
	fmt.Println(s.HeapInUse > 0, s.Resident > 0)

	// As a value at the prompt it is a table, one field a line.
	for _, line := range strings.Split(s.String(), "\n") {
		fmt.Println(strings.Fields(line)[0])
	}
}

// Output:
// true true
// true true
// true true
// true true
// true true
// OS
// Arch
// CPUs
// GOMAXPROCS
// Goroutines
// Threads
// PID
// PPID
// HeapInUse
// Resident
