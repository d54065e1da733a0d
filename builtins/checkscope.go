package builtins

import (
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// A lesson's check runs in the learner's session, between the learner's
// inputs, and may start tasks, processes and sockets (it runs the
// learner's functions, presses keys on their apps). Those are the check's,
// not the learner's: the shell brackets a check with the meta commands
// "check begin" and "check end", and at the end what the check started is
// stopped (tasks cancelled, processes killed, sockets closed) and leaves
// the tables: :tasks, :procs, :socks, pg.Tasks, pg.Procs, pg.Socks.
//
// What starts while a check runs is counted as the check's, even when a
// task the learner started earlier starts it meanwhile: a check takes
// milliseconds, and nothing tells which goroutine began what.
var checkScope struct {
	sync.Mutex
	depth int
	// began is where the kernel's numbering of processes stood when the
	// check began: a child of the evaluator numbered since (os/exec, not
	// pg) is the check's too. Where it cannot be read, children are the
	// evaluator's child processes when the check began.
	began    pidMark
	children map[int]bool
	tasks    []*Task
	procs    []*Proc
	socks    []*sock
}

func init() {
	registerMeta("check", checkMeta)
}

// checkMeta is the meta command "check begin" or "check end".
func checkMeta(arg string) (string, error) {
	checkScope.Lock()
	switch arg {
	case "begin":
		checkScope.depth++
		if checkScope.depth == 1 {
			if checkScope.began = readPIDMark(); !checkScope.began.ok {
				checkScope.children = childPIDs()
			}
		}
		checkScope.Unlock()
	case "end":
		if checkScope.depth > 0 {
			checkScope.depth--
		}
		if checkScope.depth > 0 {
			checkScope.Unlock()
			return "", nil
		}
		ts, ps, ss, began, before := checkScope.tasks, checkScope.procs, checkScope.socks, checkScope.began, checkScope.children
		checkScope.tasks, checkScope.procs, checkScope.socks, checkScope.began, checkScope.children = nil, nil, nil, pidMark{}, nil
		checkScope.Unlock()
		endCheck(ts, ps, ss)
		killNewChildren(began, before)
	default:
		checkScope.Unlock()
	}
	return "", nil
}

// noteCheckTask, noteCheckProc and noteCheckSock keep what starts while a
// check runs as the check's.
func noteCheckTask(t *Task) {
	checkScope.Lock()
	if checkScope.depth > 0 {
		checkScope.tasks = append(checkScope.tasks, t)
	}
	checkScope.Unlock()
}

func noteCheckProc(p *Proc) {
	checkScope.Lock()
	if checkScope.depth > 0 {
		checkScope.procs = append(checkScope.procs, p)
	}
	checkScope.Unlock()
}

func noteCheckSock(s *sock) {
	checkScope.Lock()
	if checkScope.depth > 0 {
		checkScope.socks = append(checkScope.socks, s)
	}
	checkScope.Unlock()
}

// checkOwned returns the IDs ("t3", "p2", "s5") of what the checks running
// now have started, for the learner's tables (:tasks, :procs, :socks) to
// leave out: on a terminal a check runs in the background, and the
// learner may type :tasks meanwhile. pg.Tasks, pg.Procs and pg.Socks keep
// them until the check ends, as the check itself reads them.
func checkOwned() map[string]bool {
	checkScope.Lock()
	defer checkScope.Unlock()
	if checkScope.depth == 0 {
		return nil
	}
	owned := map[string]bool{}
	for _, t := range checkScope.tasks {
		owned["t"+strconv.Itoa(t.ID)] = true
	}
	for _, p := range checkScope.procs {
		owned[p.ID()] = true
	}
	for _, s := range checkScope.socks {
		owned[s.ID()] = true
	}
	return owned
}

// endCheck stops what a check started and forgets it.
func endCheck(ts []*Task, ps []*Proc, ss []*sock) {
	if len(ts) > 0 {
		tasks.mu.Lock()
		gone := map[*Task]bool{}
		for _, t := range ts {
			t.hidden = true
			gone[t] = true
			delete(tasks.live, t.ID)
		}
		keep := tasks.finished[:tasks.fhead]
		for _, t := range tasks.finished[tasks.fhead:] {
			if !gone[t] {
				keep = append(keep, t)
			}
		}
		clear(tasks.finished[len(keep):])
		tasks.finished = keep
		tasks.mu.Unlock()
		for _, t := range ts {
			t.Cancel()
		}
	}
	if len(ps) > 0 {
		gone := map[*Proc]bool{}
		for _, p := range ps {
			gone[p] = true
			if p.Running() {
				killGroup(p.pid, syscall.SIGKILL)
			}
		}
		procs.Lock()
		keep := procs.table[:0]
		for _, p := range procs.table {
			if !gone[p] {
				keep = append(keep, p)
			}
		}
		clear(procs.table[len(keep):])
		procs.table = keep
		procs.Unlock()
	}
	for _, s := range ss {
		if s.close != nil {
			s.close()
		}
		socks.mu.Lock()
		delete(socks.all, s.id)
		socks.mu.Unlock()
	}
}

// childPIDs returns the evaluator's child processes: from its threads'
// lists of children (cheap: a check runs after every input), else from
// a scan of every process (nil where there is no /proc).
func childPIDs() map[int]bool {
	if children, ok := threadChildren(); ok {
		return children
	}
	table := osProcs()
	if table == nil {
		return nil
	}
	me := os.Getpid()
	children := map[int]bool{}
	for pid, p := range table {
		if p.ppid == me {
			children[pid] = true
		}
	}
	return children
}

// threadChildren reads /proc/self/task/*/children (Linux, when the
// kernel keeps those lists).
func threadChildren() (map[int]bool, bool) {
	threads, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return nil, false
	}
	children := map[int]bool{}
	for _, t := range threads {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/children")
		if err != nil {
			if os.IsNotExist(err) && t.Name() != strconv.Itoa(os.Getpid()) {
				continue // the thread ended meanwhile
			}
			return nil, false
		}
		for _, f := range strings.Fields(string(b)) {
			if pid, err := strconv.Atoi(f); err == nil {
				children[pid] = true
			}
		}
	}
	return children, true
}

// killNewChildren kills the evaluator's child processes that started
// since the check began (numbered after began, or not among before) and
// that pg does not track (those it tracks went with the check's
// processes): a check ran the learner's os/exec code, and left its child
// waiting (a sort whose input was never closed). Only the process
// itself: it shares the evaluator's process group.
func killNewChildren(began pidMark, before map[int]bool) {
	var isNew func(pid int) bool
	switch {
	case began.ok:
		now := readPIDMark()
		if !now.ok || now.last == began.last {
			return // no process started anywhere: the usual case, for free
		}
		isNew = func(pid int) bool { return began.numberedSince(pid, now) }
	case before != nil:
		isNew = func(pid int) bool { return !before[pid] }
	default:
		return
	}
	tracked := map[int]bool{}
	procs.Lock()
	for _, p := range procs.table {
		tracked[p.pid] = true
	}
	procs.Unlock()
	for pid := range childPIDs() {
		if isNew(pid) && !tracked[pid] {
			syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

// A pidMark is the last process number the kernel gave out in this PID
// namespace (Linux: /proc/sys/kernel/ns_last_pid). Numbers are given out
// in order, wrapping at pid_max: a process numbered after one mark and
// up to a later one started between the two.
type pidMark struct {
	last int
	ok   bool
}

func readPIDMark() pidMark {
	b, err := os.ReadFile("/proc/sys/kernel/ns_last_pid")
	if err != nil {
		return pidMark{}
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	return pidMark{last: n, ok: err == nil}
}

// numberedSince reports whether pid was given out after m and up to now.
func (m pidMark) numberedSince(pid int, now pidMark) bool {
	if now.last >= m.last {
		return pid > m.last && pid <= now.last
	}
	return pid > m.last || pid <= now.last // wrapped at pid_max
}
