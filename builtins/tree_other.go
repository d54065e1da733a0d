//go:build !linux

package builtins

// Without /proc, :tree shows what pg knows itself: the processes it
// started (not their children), a count of threads, no thread list.

func osProcs() map[int]osProc   { return nil }
func procArgv(pid int) []string { return nil }
func countSockets(pid int) int  { return -1 }
func osThreads() []treeThread   { return nil }
func procSockets(int) []string  { return nil }

func readProcState(pid int) (osProc, bool) { return osProc{}, false }
