// Package reaper is the process between the shell and each evaluator, on
// Linux, that ends whatever the evaluator started once the evaluator or
// the shell ends, however either ends.
//
// It is a package of its own, with few imports, for speed: the reaper is
// this very binary started again, and it does its work from an init
// function. Go initialises a package once everything it imports is, in
// the order of import paths, so this one runs before the yaegi symbol
// tables, the lesson renderer and the rest of the binary are built: a
// reaper pays for the runtime and a handful of standard packages only.
package reaper

// The reaper: one small process per evaluator, between the shell and the
// evaluator, that ends whatever the evaluator started once the evaluator
// or the shell ends, however either ends.
//
// Why this design, of the three Linux offers:
//
//   - PR_SET_PDEATHSIG on every level cannot be had: the signal is set by
//     the process that forks, and is cleared in the child of every fork, so
//     `sh -c "sleep 1 &"` gives sleep none. Only the evaluator's own
//     children get one.
//   - A cgroup holds every descendant however it forks or calls setsid,
//     and cgroup.kill ends them at once, but creating one needs root or a
//     delegated subtree (systemd --user), which neither a learner's
//     terminal on many distributions nor a CI runner has; and someone must
//     still write cgroup.kill when the shell is SIGKILLed. It would need
//     this process anyway.
//   - A child subreaper (PR_SET_CHILD_SUBREAPER) becomes the parent of
//     every orphan among its descendants, whatever process group,
//     session or environment the orphan has. So a subreaper that outlives
//     the evaluator finds every process the evaluator left as one of its
//     own children, and can kill them, and theirs, until none is left.
//
// The shell itself cannot be that subreaper: when it is SIGKILLed nothing
// of it runs; and one test process holds several sessions, so "every
// orphan of mine" would be other sessions' processes. The evaluator cannot
// either: it runs learner code, and it is the process that crashes. So the
// shell starts this reaper (its own binary again, see Start), and hands
// it the evaluator to start as a Job (Waiting.Send). The reaper runs no
// learner code. It ends everything under it when
//
//   - the evaluator exits, crashes or is killed (it is the reaper's child);
//   - the shell asks (SIGTERM: Session.kill);
//   - the shell dies, however: the reaper's parent-death signal, SIGUSR1,
//     is handled (not fatal), and acted on only if the parent really
//     changed: the kernel also sends it when the shell's thread that
//     forked the reaper ends, and Go may end threads.
//
// and then exits as the evaluator did (same exit code, or same signal),
// so the shell's account of a crash is unchanged.
//
// Ending them: processes are first stopped, top-down (SIGSTOP a child,
// then, once it cannot fork any more, its children), then the reaper's
// children are SIGKILLed and reaped; their children are re-parented to
// the reaper, and the loop goes on until the reaper has no child left.
//
// The evaluator stays a subreaper itself (pg reaps the orphans of the
// processes it starts while it runs), has Pdeathsig SIGKILL towards the
// reaper, and sits in a process group of its own, so that the group
// signals the shell and pg send never reach the reaper.
//
// Its imports are few and low in the standard library on purpose: Go
// initialises, at each step, the first package by import path whose
// imports are initialised, so one import that is initialised late (os/exec,
// path/filepath, golang.org/x/sys/unix, encoding/json's dependents) made
// every reaper build go/types, archive/zip and the crypto packages first.
// Even strings is one: it waits for unicode, and then sorts after reflect,
// which makes ready forty-two packages (encoding/gob, the crypto and
// compress packages among them) that all sort before strings and were all
// initialised before it; so neither this package nor sockdir imports it.
// TestReaperStartsBeforeTheHeavyPackages (cmd/playground) pins this.

import (
	"bytes"
	"errors"
	"os"
	"os/signal"
	"strconv"
	"syscall"
	"time"
	"unsafe"

	"github.com/learn-concurrency/playground/internal/sockdir"
)

// JobEnv turns this program into a reaper; its value is the pid of the
// shell that starts it. The job comes after, on the reaper's fd 3 (see
// Start).
const JobEnv = "PLAYGROUND_REAPER"

// A Job is what a reaper is to do: start an evaluator.
type Job struct {
	Path string   // the evaluator's program
	Argv []string // and its arguments, Argv[0] first
	Env  []string // its whole environment
	Dir  string   // its working directory; "" is the reaper's (the shell's)
	// Stdin is its standard input, and Extra its descriptors from 3 on,
	// as exec.Cmd's ExtraFiles. Its standard output and error are the
	// reaper's own (Waiting.Output).
	Stdin *os.File
	Extra []*os.File
}

// Encode writes j's strings: each quoted as Go quotes a string, separated
// by spaces; Path, Dir, the number of arguments, the arguments, then the
// environment. Its files travel beside it (Waiting.Send).
func (j Job) Encode() string {
	var b []byte
	fields := append([]string{j.Path, j.Dir, strconv.Itoa(len(j.Argv))}, j.Argv...)
	for i, f := range append(fields, j.Env...) {
		if i > 0 {
			b = append(b, ' ')
		}
		b = strconv.AppendQuote(b, f)
	}
	return string(b)
}

// decodeJob reads what Encode wrote.
func decodeJob(text string) (Job, error) {
	var fields []string
	for text != "" {
		q, err := strconv.QuotedPrefix(text)
		if err != nil {
			return Job{}, err
		}
		f, _ := strconv.Unquote(q)
		fields = append(fields, f)
		text = text[len(q):]
		if text != "" {
			if text[0] != ' ' {
				return Job{}, errors.New("no space between two fields")
			}
			text = text[1:]
		}
	}
	if len(fields) < 3 || fields[0] == "" {
		return Job{}, errors.New("no program to start")
	}
	argc, err := strconv.Atoi(fields[2])
	if err != nil || argc < 1 || argc > len(fields)-3 {
		return Job{}, errors.New("no arguments, or fewer than it says")
	}
	j := Job{Path: fields[0], Dir: fields[1], Argv: fields[3 : 3+argc]}
	if len(fields) > 3+argc {
		j.Env = fields[3+argc:]
	}
	return j, nil
}

// deathSignal is the reaper's parent-death signal: one that the Go
// runtime ignores until the program asks for it (signal.Notify), so that
// one that comes before the reaper handles signals, when a thread of the
// shell ends, cannot end it. The shell's death then is seen after: the job
// socket closes, or the parent is no longer the shell.
const deathSignal = syscall.SIGUSR1

// reapLimit bounds how long the reaper tries to end what is left, for
// processes that cannot die (stuck in the kernel, uninterruptible).
const reapLimit = 10 * time.Second

// The reaper runs before main, and before most of the binary is
// initialised, so that every binary that can start a Session (it imports
// this package) can be its reaper, whatever its main does first.
func init() {
	if j := os.Getenv(JobEnv); j != "" {
		run(j)
	}
}

// ProcAttr is what the shell starts a reaper with: a process group of its
// own, so that a Ctrl-C at the terminal reaches the shell only, and the
// parent-death signal the reaper handles.
func ProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: deathSignal}
}

// Linux's numbers for what package syscall does not name. pidfd_open and
// pidfd_send_signal have the same number on every architecture.
const (
	prSetName           = 15 // PR_SET_NAME
	prSetChildSubreaper = 36 // PR_SET_CHILD_SUBREAPER
	sysPidfdSendSignal  = 424
	sysPidfdOpen        = 434
	sigUnblock          = 1 // SIG_UNBLOCK
)

// prctl calls prctl(2) with one argument.
func prctl(option int, arg uintptr) error {
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, uintptr(option), arg, 0); errno != 0 {
		return errno
	}
	return nil
}

// say writes the reaper's own last words.
func say(msg string) { os.Stderr.WriteString(Name + ": " + msg + "\n") }

// run is the reaper's whole life; it does not return.
func run(shellText string) {
	// The main goroutine runs package initialisation locked to the main
	// thread (runtime.main locks it until every init has returned), and
	// run, called from an init, never returns: it stays on the main
	// thread, which the evaluator's parent-death signal is tied to (the
	// thread that forks it) and which lives as long as the process. Not
	// runtime.LockOSThread: its first call starts the runtime's template
	// thread, a thread creation (a millisecond in a VM) before the
	// evaluator can start.
	shell, err := strconv.Atoi(shellText)
	if err != nil {
		say(JobEnv + " is not a shell's pid: " + strconv.Quote(shellText))
		os.Exit(1)
	}
	os.Unsetenv(JobEnv)
	prctl(prSetName, uintptr(unsafe.Pointer(&[]byte(Name + "\x00")[0])))

	if err := prctl(prSetChildSubreaper, 1); err != nil {
		say("PR_SET_CHILD_SUBREAPER: " + err.Error())
	}

	// The evaluator starts before the reaper handles signals: the first
	// os/signal call starts a thread, which would come before it. Until
	// then a signal (SIGTERM: Session.kill) ends the reaper, and with it
	// the evaluator, if it is forked already, by its parent-death signal:
	// it has started nothing yet.
	todo, err := readJob()
	if err == errEOF {
		os.Exit(0) // the shell let this reaper go
	}
	if err != nil {
		say("reading the job: " + err.Error())
		os.Exit(1)
	}
	syscall.Close(ctlFd)
	files := []uintptr{todo.Stdin.Fd(), 1, 2}
	for _, f := range todo.Extra {
		files = append(files, f.Fd())
	}
	pid, err := syscall.ForkExec(todo.Path, todo.Argv, &syscall.ProcAttr{
		Dir:   todo.Dir,
		Env:   todo.Env,
		Files: files,
		Sys:   &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL},
	})
	if err != nil {
		say("starting evaluator " + todo.Path + ": " + err.Error())
		os.Exit(1)
	}
	// A pidfd names the evaluator even once it is reaped, so a late signal
	// cannot reach a process that reused its pid.
	pidfd, _, pidfdErr := syscall.RawSyscall(sysPidfdOpen, uintptr(pid), 0, 0)

	// From here a signal ends the evaluator, which the reaper outlives.
	sigs := make(chan os.Signal, 8)
	signal.Notify(sigs, deathSignal, syscall.SIGHUP, syscall.SIGINT, syscall.SIGTERM, syscall.SIGQUIT)
	if os.Getppid() != shell {
		os.Exit(1) // the shell died before the signal was handled
	}
	go func() {
		for sig := range sigs {
			// The parent-death signal also comes when the thread of the
			// shell that forked the reaper ends, and a hangup asks
			// nothing of a process without a terminal: either counts
			// only once the shell is gone.
			if (sig == deathSignal || sig == syscall.SIGHUP) && os.Getppid() == shell {
				continue
			}
			if pidfdErr == 0 {
				syscall.RawSyscall6(sysPidfdSendSignal, pidfd, uintptr(syscall.SIGKILL), 0, 0, 0, 0)
			} else {
				syscall.Kill(pid, syscall.SIGKILL)
			}
		}
	}()
	// The reaper keeps none of the evaluator's streams: the shell must see
	// them end when the evaluator does, and its input must not find a
	// reader in the reaper. Standard error stays, for the reaper's own
	// last words.
	todo.Stdin.Close()
	for _, f := range todo.Extra {
		f.Close()
	}
	if null, err := os.Open(os.DevNull); err == nil {
		syscall.Dup3(int(null.Fd()), 1, 0)
		null.Close()
	}
	// Debris of evaluators whose reapers were killed: cleared while the
	// evaluator starts, not before, as the shell waits for it.
	sockdir.RemoveStale()

	var status syscall.WaitStatus
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(-1, &ws, 0, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || got == pid {
			status = ws
			break
		}
		// An orphan that died while the evaluator ran: reaped.
	}
	endDescendants(time.Now().Add(reapLimit))
	sockdir.RemoveOf(pid)
	exitAs(status)
}

// endDescendants stops and kills every descendant of this process,
// top-down, and reaps them, until it has no child left or the deadline
// passes. It reports whether none is left.
func endDescendants(deadline time.Time) bool {
	self := os.Getpid()
	for {
		// Reap the dead; with no child left there is no descendant
		// either (a descendant's parent is alive, or it is a child here).
		for {
			var ws syscall.WaitStatus
			got, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
			if err == syscall.ECHILD {
				return true
			}
			if err == syscall.EINTR {
				continue
			}
			if err != nil || got <= 0 {
				break
			}
		}
		if time.Now().After(deadline) {
			return false
		}
		freeze(self)
		kids, unkillable := 0, 0
		for pid, ppid := range processParents() {
			if ppid == self {
				kids++
				if syscall.Kill(pid, syscall.SIGKILL) == syscall.EPERM {
					unkillable++ // another user's: setuid, say
				}
			}
		}
		if kids > 0 && kids == unkillable {
			return false
		}
		// The killed need a moment to die; their children, a moment to
		// be re-parented here.
		time.Sleep(time.Millisecond)
	}
}

// freeze sends SIGSTOP to every descendant of root, parents before their
// children: a stopped process cannot fork, so once its children are
// listed after it stopped, no new one can appear under it.
func freeze(root int) {
	stopped := map[int]bool{root: true}
	for {
		n := 0
		for pid, ppid := range processParents() {
			if !stopped[pid] && stopped[ppid] {
				syscall.Kill(pid, syscall.SIGSTOP)
				stopped[pid] = true
				n++
			}
		}
		if n == 0 {
			return
		}
	}
}

// processParents reads every process's parent from /proc.
func processParents() map[int]int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	parents := make(map[int]int, len(entries))
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if ppid := ParentOf(pid); ppid >= 0 {
			parents[pid] = ppid
		}
	}
	return parents
}

// exitAs ends this process the way ws says the evaluator ended: with its
// exit code, or killed by the same signal.
func exitAs(ws syscall.WaitStatus) {
	if ws.Signaled() {
		sig := ws.Signal()
		// Go's runtime catches most signals; put back the kernel's default
		// action for this one, unblock it, and send it to this thread. A
		// zeroed struct sigaction is SIG_DFL with no flags on every
		// architecture.
		var act [8]uint64
		syscall.RawSyscall6(syscall.SYS_RT_SIGACTION, uintptr(sig), uintptr(unsafe.Pointer(&act)), 0, 8, 0, 0)
		set := uint64(1) << (uint(sig) - 1)
		syscall.RawSyscall6(syscall.SYS_RT_SIGPROCMASK, sigUnblock, uintptr(unsafe.Pointer(&set)), 0, 8, 0, 0)
		syscall.Tgkill(os.Getpid(), syscall.Gettid(), sig)
		syscall.Kill(os.Getpid(), syscall.SIGKILL) // a signal whose default is not to end a process
	}
	if ws.Exited() {
		os.Exit(ws.ExitStatus())
	}
	os.Exit(1)
}

// ParentOf reads a process's parent pid from /proc, or -1.
func ParentOf(pid int) int {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return -1
	}
	// pid (comm) state ppid ...: comm may hold spaces and parentheses.
	i := bytes.LastIndexByte(b, ')')
	if i < 0 {
		return -1
	}
	f := bytes.Fields(b[i+1:])
	if len(f) < 2 {
		return -1
	}
	ppid, err := strconv.Atoi(string(f[1]))
	if err != nil {
		return -1
	}
	return ppid
}
