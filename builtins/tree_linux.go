package builtins

import (
	"bytes"
	"os"
	"strconv"
	"strings"
)

// osProcs reads every process from /proc: pid, parent, state and name.
func osProcs() map[int]osProc {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	table := make(map[int]osProc, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if p, ok := readStat("/proc/" + e.Name() + "/stat"); ok {
			p.pid = pid
			table[pid] = p
		}
	}
	return table
}

// readStat reads a /proc stat file: "pid (comm) state ppid ...". The
// name may hold spaces and parentheses, so the fields after it are found
// from the last ')'.
func readStat(path string) (osProc, bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return osProc{}, false
	}
	open, end := bytes.IndexByte(b, '('), bytes.LastIndexByte(b, ')')
	if open < 0 || end < open {
		return osProc{}, false
	}
	f := strings.Fields(string(b[end+1:]))
	if len(f) < 2 {
		return osProc{}, false
	}
	ppid, _ := strconv.Atoi(f[1])
	return osProc{comm: string(b[open+1 : end]), state: f[0], ppid: ppid}, true
}

// procArgv reads a process's arguments from /proc; nil if it cannot
// (a zombie has none).
func procArgv(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil || len(b) == 0 {
		return nil
	}
	return strings.Split(strings.TrimRight(string(b), "\x00"), "\x00")
}

// countSockets counts the sockets among a process's open files; -1 if
// they cannot be read.
func countSockets(pid int) int {
	dir := "/proc/" + strconv.Itoa(pid) + "/fd"
	entries, err := os.ReadDir(dir)
	if err != nil {
		return -1
	}
	n := 0
	for _, e := range entries {
		if target, err := os.Readlink(dir + "/" + e.Name()); err == nil && strings.HasPrefix(target, "socket:") {
			n++
		}
	}
	return n
}

// osThreads lists the evaluator's threads from /proc/self/task.
func osThreads() []treeThread {
	entries, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil
	}
	var threads []treeThread
	for _, e := range entries {
		tid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		th := treeThread{TID: tid}
		if p, ok := readStat("/proc/self/task/" + e.Name() + "/stat"); ok {
			th.State = p.stateWord()
		}
		threads = append(threads, th)
	}
	return threads
}
