package builtins

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// The test binary is a child subreaper, as the evaluator should be: what
// a process pg started leaves behind when it dies comes to us, not to
// init, and pg reaps it. (Where init does not reap orphans, as in some
// containers, they would otherwise stay zombies whatever pg does.)
func init() {
	if err := unix.Prctl(unix.PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0); err != nil {
		panic("PR_SET_CHILD_SUBREAPER: " + err.Error())
	}
}

// procStat returns the state letter, parent and process group of pid
// from /proc, and false if there is no such process.
func procStat(pid int) (state byte, ppid, pgid int, ok bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, 0, 0, false
	}
	// pid (comm) state ppid pgrp ...; comm may hold spaces and parens.
	s := string(b)
	f := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	ppid, _ = strconv.Atoi(f[1])
	pgid, _ = strconv.Atoi(f[2])
	return f[0][0], ppid, pgid, true
}

// waitGone waits until /proc has no process pid: not running, not a
// zombie.
func waitGone(t *testing.T, what string, pid int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		state, ppid, _, ok := procStat(pid)
		if !ok {
			return
		}
		if time.Now().After(deadline) {
			t.Errorf("%s (pid %d) remains: state %c, parent %d", what, pid, state, ppid)
			syscall.Kill(pid, syscall.SIGKILL)
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// pidsIn reads the pids a process printed, one a line.
func pidsIn(t *testing.T, out string) []int {
	t.Helper()
	var pids []int
	for _, f := range strings.Fields(out) {
		n, err := strconv.Atoi(f)
		if err != nil {
			t.Fatalf("not a pid: %q in %q", f, out)
		}
		pids = append(pids, n)
	}
	return pids
}

func TestKillReachesGrandchild(t *testing.T) {
	p := startT(t, "sh", "-c", "sleep 30 & echo $!; wait")
	waitOutput(t, p, "\n")
	g := pidsIn(t, p.Output())[0]
	if _, ppid, pgid, ok := procStat(g); !ok || ppid != p.PID || pgid != p.PID {
		t.Fatalf("grandchild %d: parent %d, group %d, there %v; want parent and group %d", g, ppid, pgid, ok, p.PID)
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	waitTimeout(t, p, 5*time.Second)
	waitGone(t, "sh", p.PID)
	waitGone(t, "its sleep", g)
}

func TestSignalReachesGrandchild(t *testing.T) {
	p := startT(t, "sh", "-c", `trap "" TERM; sleep 30 & echo $!; wait`)
	waitOutput(t, p, "\n")
	g := pidsIn(t, p.Output())[0]
	// sh ignores TERM and so does its sleep (ignored signals survive
	// exec): both must still be there.
	p.Signal(syscall.SIGTERM)
	time.Sleep(100 * time.Millisecond)
	if state, _, _, ok := procStat(g); !ok || state == 'Z' || !p.Running() {
		t.Fatalf("after TERM, which they ignore: sh running %v, sleep state %c", p.Running(), state)
	}
	p.Signal(syscall.SIGKILL)
	waitTimeout(t, p, 5*time.Second)
	waitGone(t, "sh", p.PID)
	waitGone(t, "its sleep", g)
}

func TestOrphanReaped(t *testing.T) {
	// sh ends at once; its sleep comes to us (a subreaper) and, once
	// killed, must not stay a zombie.
	out, err := Run("sh", "-c", "sleep 30 & echo $!")
	if err != nil {
		t.Fatal(err)
	}
	g := pidsIn(t, out)[0]
	if _, ppid, _, ok := procStat(g); !ok || ppid != os.Getpid() {
		t.Fatalf("the sleep sh left: parent %d, there %v; want parent %d", ppid, ok, os.Getpid())
	}
	syscall.Kill(g, syscall.SIGKILL)
	waitGone(t, "the sleep sh left", g)
}

func TestNoZombies(t *testing.T) {
	var pids []int
	for i := 0; i < 10; i++ {
		p, err := Start("true")
		if err != nil {
			t.Fatal(err)
		}
		p.Wait()
		pids = append(pids, p.PID)
		// Reaped before Wait returns: no zombie, not even for a moment.
		if state, ppid, _, ok := procStat(p.PID); ok && (state == 'Z' || ppid == os.Getpid()) {
			t.Errorf("%v after Wait: state %c, parent %d", p, state, ppid)
		}
	}
	for i := 0; i < 10; i++ {
		if _, err := Run("false"); err == nil {
			t.Fatal("false succeeded")
		}
		pids = append(pids, Procs()[len(Procs())-1].PID)
	}
	killed := startT(t, "sleep", "30")
	killed.Kill()
	killed.Wait()
	pids = append(pids, killed.PID)
	for _, pid := range pids {
		if state, ppid, _, ok := procStat(pid); ok && (state == 'Z' || ppid == os.Getpid()) {
			t.Errorf("pid %d after Wait: state %c, parent %d", pid, state, ppid)
		}
	}
}

// TestThreadExit: the parent-death signal is tied to the thread that
// started a child. A goroutine locked to its thread that returns ends the
// thread; the processes it started must live on.
func TestThreadExit(t *testing.T) {
	// Several times: a goroutine that happens to run on the main thread
	// does not end it when it returns locked.
	var ps []*Proc
	for i := 0; i < 4; i++ {
		ch := make(chan *Proc)
		go func() {
			runtime.LockOSThread() // never unlocked: the thread ends with the goroutine
			p, err := Start("sleep", "30")
			if err != nil {
				t.Error(err)
			}
			ch <- p
		}()
		if p := <-ch; p != nil {
			t.Cleanup(func() { p.Kill(); p.Wait() })
			ps = append(ps, p)
		}
	}
	time.Sleep(300 * time.Millisecond)
	for _, p := range ps {
		if !p.Running() {
			code, err := p.Wait()
			t.Errorf("%v ended with the thread that asked for it: %d, %v", p, code, err)
		}
	}
}

// helperEnv makes the test binary a stand-in evaluator in TestProcHelper.
const helperEnv = "PG_PROC_HELPER"

// TestProcHelper is not a test: run with helperEnv set, it is an
// evaluator that starts processes, prints their pids, and then waits to
// be killed ("killed") or calls Shutdown ("shutdown"). Without helperEnv
// it does nothing.
func TestProcHelper(t *testing.T) {
	mode := os.Getenv(helperEnv)
	if mode == "" {
		return
	}
	start := func(name string, args ...string) *Proc {
		p, err := Start(name, args...)
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		fmt.Println("child", p.PID)
		return p
	}
	// Print the pid of what a process started, once it is there.
	grandchild := func(p *Proc) {
		for !strings.Contains(p.Output(), "\n") {
			time.Sleep(5 * time.Millisecond)
		}
		fmt.Println("grandchild", strings.TrimSpace(p.Output()))
	}
	start("sleep", "30")
	grandchild(start("sh", "-c", `trap "" TERM; sleep 30 & echo $!; wait`))
	grandchild(start("sh", "-c", "sleep 30 & echo $!; wait"))
	if mode == "shutdown" {
		// A process that ended and left its child behind, in its group.
		left := start("sh", "-c", "sleep 30 & echo $!")
		grandchild(left)
		left.Wait()
		Run("true")
		fmt.Println("child", Procs()[len(Procs())-1].PID)
	}
	fmt.Println("ready")
	switch mode {
	case "killed":
		select {} // until killed
	case "shutdown":
		Shutdown()
		for _, p := range Procs() {
			if p.Running() {
				fmt.Println("running after Shutdown:", p)
			}
		}
		if _, err := Start("true"); err == nil || !strings.Contains(err.Error(), "shutting down") {
			fmt.Println("Start after Shutdown:", err)
		}
		fmt.Println("done")
		os.Exit(0)
	}
}

// runHelper starts the test binary as a stand-in evaluator and reads the
// pids it prints up to "ready": of the processes it started, and of those
// they started.
func runHelper(t *testing.T, mode string) (cmd *exec.Cmd, sc *bufio.Scanner, children, grandchildren []int) {
	t.Helper()
	cmd = exec.Command(os.Args[0], "-test.run=^TestProcHelper$", "-test.count=1")
	cmd.Env = append(os.Environ(), helperEnv+"="+mode)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	sc = bufio.NewScanner(out)
	for sc.Scan() {
		kind, pid, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "ready":
			return cmd, sc, children, grandchildren
		case "child":
			children = append(children, pidsIn(t, pid)...)
		case "grandchild":
			grandchildren = append(grandchildren, pidsIn(t, pid)...)
		default:
			t.Fatalf("helper: %s", sc.Text())
		}
	}
	t.Fatalf("helper ended before it was ready: %v", sc.Err())
	return
}

// TestShutdownKillsAndReaps: Shutdown, as the evaluator calls it on its
// way out, leaves no process pg started, its children included, running
// or a zombie.
func TestShutdownKillsAndReaps(t *testing.T) {
	cmd, sc, children, grandchildren := runHelper(t, "shutdown")
	if len(children) != 5 || len(grandchildren) != 3 {
		t.Fatalf("helper printed pids %v and %v; want 5 and 3", children, grandchildren)
	}
	var rest []string
	for sc.Scan() {
		rest = append(rest, sc.Text())
	}
	if err := cmd.Wait(); err != nil || strings.Join(rest, "\n") != "done" {
		t.Errorf("helper after Shutdown: %v, printed %q; want done", err, rest)
	}
	for _, pid := range children {
		waitGone(t, "a process the helper started", pid)
	}
	for _, pid := range grandchildren {
		waitGone(t, "a process started by one the helper started", pid)
	}
}

// TestKilledEvaluator: when the evaluator is killed, and no Shutdown
// runs, the parent-death signal kills the processes it started.
func TestKilledEvaluator(t *testing.T) {
	cmd, _, children, grandchildren := runHelper(t, "killed")
	if len(children) != 3 || len(grandchildren) != 2 {
		t.Fatalf("helper printed pids %v and %v; want 3 and 2", children, grandchildren)
	}
	cmd.Process.Kill()
	cmd.Wait()
	// Orphans come to this process, a subreaper: reap them to see how
	// they ended. The evaluator's own reaper may have been quicker, as
	// its threads die one by one: then they are simply gone.
	for _, pid := range children {
		ws, ours := reapChild(t, pid)
		if !ours {
			waitGone(t, "a process the killed evaluator started", pid)
		} else if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
			t.Errorf("pid %d ended with %v; want killed by SIGKILL", pid, ws)
		}
	}
	// What the children started has no parent-death signal of its own
	// and outlives them: the shell must stop it (see the report on
	// issue 3). Here they came to us.
	for _, pid := range grandchildren {
		syscall.Kill(pid, syscall.SIGKILL)
		if _, ours := reapChild(t, pid); !ours {
			waitGone(t, "what a process the killed evaluator started started", pid)
		}
	}
}

// reapChild waits for pid, a child of this process, to end and reaps it;
// false if pid is not a child of this process.
func reapChild(t *testing.T, pid int) (ws syscall.WaitStatus, ours bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got, err := syscall.Wait4(pid, &ws, syscall.WNOHANG, nil)
		switch {
		case errors.Is(err, syscall.EINTR):
			continue
		case err != nil:
			return 0, false
		case got == pid:
			return ws, true
		}
		if time.Now().After(deadline) {
			t.Errorf("pid %d did not end", pid)
			return 0, true
		}
		time.Sleep(10 * time.Millisecond)
	}
}
