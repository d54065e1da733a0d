package builtins

// :tree draws the process tree around learner code: the shell, the
// evaluator with its OS threads, goroutines and sockets, and every process
// under it. The snapshot is read from /proc on Linux (tree_linux.go);
// elsewhere it holds what pg itself knows. Drawing is in tree_draw.go.

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"

	"github.com/learn-concurrency/playground/internal/reaper"
)

func init() {
	registerMetaDrawn("tree", treeMeta)
}

// treeMeta answers :tree.
func treeMeta(mc MetaContext, arg string) (string, error) {
	if strings.TrimSpace(arg) != "" {
		return "", errors.New("usage: :tree (it takes no arguments)")
	}
	return drawTree(collectTree(), mc.width(), mc.Colour), nil
}

// An osProc is a process as the OS lists it.
type osProc struct {
	pid, ppid int
	state     string
	comm      string
}

// collectTree takes the snapshot :tree draws.
func collectTree() treeData {
	self, parent := os.Getpid(), os.Getppid()
	table := osProcs() // nil where there is no /proc
	d := treeData{Goroutines: runtime.NumGoroutine()}
	shell := parent
	if p, ok := table[parent]; ok && p.comm == reaper.Name {
		// The evaluator's reaper (internal/reaper) stands between
		// it and the shell.
		d.Reaper = &treeProc{PID: parent, Role: "reaper", Command: procCommandLine(parent, table), State: p.stateWord(), Sockets: -1}
		shell = p.ppid
	}
	d.Shell = treeProc{PID: shell, Role: "shell", Command: procCommandLine(shell, table), State: table[shell].stateWord(), Sockets: -1}
	d.Evaluator = treeProc{PID: self, Role: "evaluator", Command: procCommandLine(self, table), State: "running", Sockets: -1}

	pgIDs := map[int]string{}
	for _, p := range Procs() {
		if p.Running() {
			pgIDs[p.pid] = p.ID()
		}
	}
	if table != nil {
		d.Evaluator.Children = childProcs(self, table, pgIDs)
	} else {
		for _, p := range Procs() {
			if p.Running() {
				d.Evaluator.Children = append(d.Evaluator.Children,
					treeProc{PID: p.pid, Role: p.ID(), Command: procCommand(p.argv, 0), Sockets: -1})
			}
		}
	}

	// Tasks, with the thread each was last seen on.
	goroutines := taskGoroutines()
	onThread := map[int][]string{}
	for _, t := range liveTasks() {
		tid := t.TID()
		d.Tasks = append(d.Tasks, treeTask{ID: "t" + strconv.Itoa(t.ID), Name: t.Name, State: t.describe(goroutines), TID: max(tid, 0)})
		if tid > 0 {
			onThread[tid] = append(onThread[tid], "t"+strconv.Itoa(t.ID))
		}
	}

	d.Threads = osThreads()
	d.ThreadCount = countThreads()
	if len(d.Threads) > 0 {
		d.ThreadCount = len(d.Threads)
	}
	for i := range d.Threads {
		d.Threads[i].Tasks = onThread[d.Threads[i].TID]
	}

	open := map[string]bool{}
	for _, s := range Socks() {
		if s.State != "closed" {
			open[s.ID] = true
		}
	}
	for _, s := range Socks() {
		if !open[s.ID] {
			continue
		}
		desc := s.Net + " " + s.Kind + " " + s.Local
		if s.Remote != "" {
			desc += " → " + s.Remote
		}
		parent := s.Parent
		if !open[parent] {
			parent = ""
		}
		d.Socks = append(d.Socks, treeSock{ID: s.ID, Desc: desc, State: s.State, Parent: parent})
	}
	return d
}

// childProcs lists the children of pid in table, each with its own.
func childProcs(pid int, table map[int]osProc, pgIDs map[int]string) []treeProc {
	var kids []treeProc
	for _, p := range table {
		if p.ppid != pid || p.pid == pid {
			continue
		}
		kids = append(kids, treeProc{
			PID: p.pid, Role: pgIDs[p.pid], Command: procCommandLine(p.pid, table), State: p.stateWord(),
			Sockets: countSockets(p.pid), Socks: procSockets(p.pid), Children: childProcs(p.pid, table, pgIDs),
		})
	}
	sort.Slice(kids, func(i, j int) bool { return kids[i].PID < kids[j].PID })
	return kids
}

// procCommandLine is pid's command line, its program's base name first,
// cut to a readable length; the name the OS gives it if that is all.
func procCommandLine(pid int, table map[int]osProc) string {
	argv := procArgv(pid)
	if len(argv) == 0 {
		return table[pid].comm
	}
	argv[0] = filepath.Base(argv[0])
	return procCommand(argv, 48)
}

// stateWord says a /proc state letter in words.
func (p osProc) stateWord() string {
	switch p.state {
	case "R":
		return "running"
	case "S":
		return "sleeping"
	case "D":
		return "waiting for the disk"
	case "Z":
		return "zombie"
	case "T":
		return "stopped"
	case "t":
		return "traced"
	case "I":
		return "idle"
	}
	return p.state
}
