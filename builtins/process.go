package builtins

// process.go: processes learner code starts, with pg.Run, pg.Sh and
// pg.Start, and the :procs table of them. Like os/exec, pg.Run and
// pg.Start do not invoke the system shell: a program and its arguments
// go to the system as they are. pg.Sh is the way to a shell, by name.
//
// Every process pg starts is in a process group of its own (so :kill and
// Proc.Kill reach what it started in turn), reads its standard input from
// the null device, has its standard output and error captured, and is
// waited for by a goroutine of its own, so it never lingers as a zombie.
// On Linux it also gets SIGKILL if the evaluator dies (parent-death
// signal); when the evaluator exits cleanly, Shutdown kills and reaps
// every process group pg started.

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"text/tabwriter"
	"time"
	"unicode/utf8"

	"golang.org/x/sys/unix"
)

const (
	// runOutputLimit bounds what pg.Run and pg.Sh keep of a program's
	// output; the rest is counted and dropped.
	runOutputLimit = 1 << 20
	// procOutputLimit bounds what a Proc keeps: the last this many bytes.
	procOutputLimit = 64 << 10
	// stderrTailBytes and stderrTailLines bound the standard error an
	// error message quotes: its last lines.
	stderrTailBytes = 4 << 10
	stderrTailLines = 5
	stderrLineRunes = 160
	// defaultProcLimit is how many processes may run at once.
	defaultProcLimit = 64
	// procHistory is how many ended processes :procs and Procs remember.
	procHistory = 100
	// procDrainDelay is how long Wait waits, after the process ended, for
	// the last of its output; a process it started may hold the pipe
	// open for much longer.
	procDrainDelay = 250 * time.Millisecond
	// procShutdownWait bounds how long Shutdown waits for killed processes.
	procShutdownWait = 3 * time.Second
	// procCommandWidth is where the COMMAND column of :procs is cut.
	procCommandWidth = 48
)

// ErrNoProgram is the error when the program pg.Run or pg.Start was asked
// to run is not in any directory of $PATH. Test for it with errors.Is:
//
//	_, err := pg.Run("no-such-program")
//	fmt.Println(errors.Is(err, pg.ErrNoProgram)) // true
var ErrNoProgram = errors.New("no such program in PATH")

// ErrProcLimit is the error when starting a process would pass the limit
// on processes running at once (64 unless pg.SetProcLimit changed it).
// Wait for some to end, kill some (:procs lists them), or raise the limit.
//
//	if errors.Is(err, pg.ErrProcLimit) { fmt.Println("too many at once") }
var ErrProcLimit = errors.New("too many processes running")

// errShutdown is the error when the evaluator is exiting.
var errShutdown = errors.New("the evaluator is shutting down: no new processes")

// A ProcError is the error of pg.Run, pg.Sh, pg.Start and a Proc's
// methods. In the manner of os/exec it names the operation, the program
// and what happened:
//
//	pg.Run "false": exit status 1
//	pg.Sh "kill $$": killed by signal terminated
//	pg.Run "foo": no such program in PATH
//
// When a program failed, the last lines it wrote to standard error follow.
// Err is what happened underneath: ErrNoProgram, ErrProcLimit,
// os.ErrProcessDone, or an *exec.ExitError with the process's state, so
// errors.Is and errors.As work. ExitCode gives the exit status:
//
//	_, err := pg.Sh("exit 3")
//	var pe *pg.ProcError
//	if errors.As(err, &pe) { fmt.Println(pe.ExitCode()) } // 3
type ProcError struct {
	Op     string // "pg.Run", "pg.Sh", "pg.Start", or "p3.Signal" for a Proc's method
	Name   string // the program, or pg.Sh's command line
	Err    error  // what happened
	Stderr string // the last lines of standard error, for a program that failed
}

func (e *ProcError) Error() string {
	s := e.Op + " " + strconv.Quote(e.Name) + ": "
	var ee *exec.ExitError
	if errors.As(e.Err, &ee) && ee.ProcessState != nil {
		s += procExitText(ee.ProcessState)
	} else {
		s += e.Err.Error()
	}
	if e.Stderr != "" {
		lines := strings.Split(e.Stderr, "\n")
		if len(lines) == 1 {
			s += ": " + lines[0]
		} else {
			s += ", and its last lines of standard error:\n\t" + strings.Join(lines, "\n\t")
		}
	}
	return s
}

func (e *ProcError) Unwrap() error { return e.Err }

// ExitCode is the exit status of the process the error is about: -1 if
// it was killed by a signal, never ran or has not ended.
func (e *ProcError) ExitCode() int {
	var ee *exec.ExitError
	if errors.As(e.Err, &ee) {
		return ee.ExitCode()
	}
	return -1
}

// procExitText says how a process ended: "exit status 1", "killed by
// signal terminated".
func procExitText(st *os.ProcessState) string {
	ws, ok := st.Sys().(syscall.WaitStatus)
	if ok && ws.Signaled() {
		s := "killed by signal " + ws.Signal().String()
		if ws.CoreDump() {
			s += " (core dumped)"
		}
		return s
	}
	return "exit status " + strconv.Itoa(st.ExitCode())
}

// procExitState is procExitText for the :procs table: "exited 1", "killed by
// SIGTERM".
func procExitState(st *os.ProcessState) string {
	ws, ok := st.Sys().(syscall.WaitStatus)
	if ok && ws.Signaled() {
		if name := unix.SignalName(ws.Signal()); name != "" {
			return "killed by " + name
		}
		return "killed by signal " + strconv.Itoa(int(ws.Signal()))
	}
	return "exited " + strconv.Itoa(st.ExitCode())
}

// A Proc is a process pg.Start started, running in the background while
// learner code goes on. PID is its process id; :procs lists it as p1, p2
// and so on, with its state. Its standard output and error are kept
// together, the last 64 KiB of them, for Output. A Proc's methods may be
// called from several goroutines at once.
//
//	p, err := pg.Start("sleep", "30")
//	fmt.Println(p.PID, p.Running()) // 12345 true
//	p.Kill()
//	code, err := p.Wait()           // -1 pg.Start "sleep": killed by signal killed
type Proc struct {
	// PID is the process id; the process group the process leads has the
	// same id. Changing it changes nothing: the Proc keeps its own copy.
	PID int

	pid   int      // what signals go to
	id    int      // p<id> in :procs
	op    string   // "pg.Start", "pg.Run" or "pg.Sh", for errors
	name  string   // the program or pg.Sh's command line, for errors
	argv  []string // for :procs
	start time.Time
	cmd   *exec.Cmd

	out     *procOutput   // stdout and stderr together
	errTail *procOutput   // the end of stderr
	readers atomic.Int32  // pipes not yet at end of file
	drained chan struct{} // closed when both pipes reached end of file
	done    chan struct{} // closed when the process was reaped and its output drained (or procDrainDelay passed)

	mu      sync.Mutex
	ended   bool             // reaped
	endAt   time.Time        // when it was reaped, for :timeline
	state   *os.ProcessState // how it ended
	waitErr error            // from cmd.Wait, other than an exit error
}

// procs is every process pg knows: those running and the last ended ones.
var procs struct {
	sync.Mutex
	table  []*Proc // by id
	nextID int
	live   int  // started and not yet reaped, including those being started
	limit  int  // on live
	closed bool // Shutdown ran: no new processes
}

func init() {
	procs.limit = defaultProcLimit
	export(map[string]reflect.Value{
		"Run":          reflect.ValueOf(Run),
		"Sh":           reflect.ValueOf(Sh),
		"Start":        reflect.ValueOf(Start),
		"Procs":        reflect.ValueOf(Procs),
		"PID":          reflect.ValueOf(PID),
		"PPID":         reflect.ValueOf(PPID),
		"SetProcLimit": reflect.ValueOf(SetProcLimit),
		"Proc":         reflect.ValueOf((*Proc)(nil)),
		"ProcError":    reflect.ValueOf((*ProcError)(nil)),
		"ErrNoProgram": reflect.ValueOf(&ErrNoProgram).Elem(),
		"ErrProcLimit": reflect.ValueOf(&ErrProcLimit).Elem(),
	})
	registerMeta("procs", procsMeta)
	registerKiller(killProc)
	registerShutdown(shutdownProcs)
}

// Run runs a program with its arguments, waits for it to end and returns
// what it printed, standard output and error together as they arrived (the
// first 1 MiB; a note says how much more there was). There is no shell in
// between: each argument reaches the program as it is, so spaces, quotes,
// $ and * mean nothing special (pg.Sh is the way to a shell). A program
// that fails returns its output and an error naming its exit status or the
// signal that killed it and the last lines of its standard error.
//
//	out, err := pg.Run("echo", "hello", "world")
//	fmt.Print(out)                  // hello world
//	_, err = pg.Run("false")
//	fmt.Println(err)                // pg.Run "false": exit status 1
func Run(name string, args ...string) (string, error) {
	return runProc("pg.Run", name, append([]string{name}, args...))
}

// Sh runs a command line through /bin/sh -c, on purpose: pipes, globs,
// redirections, variables and ; work as in a terminal. It returns what the
// command printed and an error as pg.Run does. Use it when you want the
// shell; pass learner data to pg.Run instead, where no character is
// special.
//
//	out, _ := pg.Sh("echo $((6 * 7)) | tr 4 X")
//	fmt.Print(out)                  // X2
//	_, err := pg.Sh("exit 3")
//	fmt.Println(err)                // pg.Sh "exit 3": exit status 3
func Sh(cmdline string) (string, error) {
	if strings.TrimSpace(cmdline) == "" {
		return "", &ProcError{Op: "pg.Sh", Name: cmdline, Err: errors.New(`empty command line: try pg.Sh("echo hi; date")`)}
	}
	return runProc("pg.Sh", cmdline, []string{"/bin/sh", "-c", cmdline})
}

func runProc(op, name string, argv []string) (string, error) {
	p, err := startArgv(op, name, argv, newHeadOutput(runOutputLimit), true)
	if err != nil {
		return "", err
	}
	p.reap()
	return p.out.String(), p.exitError()
}

// Start starts a program with its arguments in the background and returns
// at once; the Proc it returns lets you watch, signal and wait for it. As
// with pg.Run there is no shell in between. The process reads nothing (its
// standard input is the null device), its output is kept for Output, it is
// in a process group of its own, and it is stopped when the evaluator
// exits. At most 64 processes run at once (pg.SetProcLimit changes that).
//
//	p, err := pg.Start("sh", "-c", "echo started; sleep 5; echo done")
//	time.Sleep(100 * time.Millisecond)
//	fmt.Print(p.Output())           // started
//	code, err := p.Wait()           // 0 <nil>, five seconds later
func Start(name string, args ...string) (*Proc, error) {
	return startArgv("pg.Start", name, append([]string{name}, args...), newRingOutput(procOutputLimit), false)
}

// startArgv starts argv as a Proc whose combined output goes to out. The
// caller reaps it (Proc.reap) if inline, a goroutine of its own if not.
func startArgv(op, name string, argv []string, out *procOutput, inline bool) (*Proc, error) {
	fail := func(err error) (*Proc, error) {
		return nil, &ProcError{Op: op, Name: name, Err: err}
	}
	if argv[0] == "" {
		return fail(fmt.Errorf(`empty program name: try %s("echo", "hi")`, op))
	}
	path, err := exec.LookPath(argv[0])
	if err != nil {
		return fail(procLookError(err))
	}
	if err := reserveProcSlot(); err != nil {
		return fail(err)
	}
	p, err := startProc(op, name, path, argv, out, inline)
	if err != nil {
		releaseProcSlot()
		return fail(err)
	}
	return p, nil
}

// procLookError turns exec.LookPath's error into the words a learner needs.
func procLookError(err error) error {
	if errors.Is(err, exec.ErrNotFound) {
		return ErrNoProgram
	}
	var ee *exec.Error
	if errors.As(err, &ee) {
		err = ee.Err
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // "no such file or directory", "permission denied"
	}
	return err
}

// reserveProcSlot counts a process about to start against the limit.
func reserveProcSlot() error {
	procs.Lock()
	defer procs.Unlock()
	if procs.closed {
		return errShutdown
	}
	if procs.live >= procs.limit {
		return fmt.Errorf("%w: %d are running, the limit; wait for some to end, :kill some (:procs lists them) or raise it with pg.SetProcLimit(%d)",
			ErrProcLimit, procs.live, 2*procs.limit)
	}
	procs.live++
	return nil
}

func releaseProcSlot() {
	procs.Lock()
	procs.live--
	procs.Unlock()
}

// procDevNull is the standard input of every process pg starts, opened once.
var procDevNull = sync.OnceValues(func() (*os.File, error) { return os.Open(os.DevNull) })

func startProc(op, name, path string, argv []string, out *procOutput, inline bool) (*Proc, error) {
	startSampling() // for :timeline
	null, err := procDevNull()
	if err != nil {
		return nil, err
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		return nil, err
	}
	errR, errW, err := os.Pipe()
	if err != nil {
		outR.Close()
		outW.Close()
		return nil, err
	}
	cmd := &exec.Cmd{
		Path:        path,
		Args:        argv,
		Stdin:       null,
		Stdout:      outW,
		Stderr:      errW,
		SysProcAttr: procAttr(),
	}
	procSpawn(func() { err = cmd.Start() })
	// The child has its own copies of the write ends; with ours closed,
	// the readers see end of file once the child and whatever it started
	// have closed theirs.
	outW.Close()
	errW.Close()
	if err != nil {
		outR.Close()
		errR.Close()
		return nil, err
	}
	p := &Proc{
		PID:     cmd.Process.Pid,
		pid:     cmd.Process.Pid,
		op:      op,
		name:    name,
		argv:    argv,
		start:   time.Now(),
		cmd:     cmd,
		out:     out,
		errTail: newRingOutput(stderrTailBytes),
		drained: make(chan struct{}),
		done:    make(chan struct{}),
	}
	p.readers.Store(2)
	go p.copyOutput(outR, out)
	go p.copyOutput(errR, out, p.errTail)

	procs.Lock()
	procs.nextID++
	p.id = procs.nextID
	procs.table = append(procs.table, p)
	noteCheckProc(p)
	if procs.closed {
		// Shutdown ran while this one started: it did not see it.
		killGroup(p.pid, syscall.SIGKILL)
	}
	procs.Unlock()

	if !inline {
		go p.reap()
	}
	return p, nil
}

// copyBuffers are copyOutput's buffers, reused: a process that prints
// little should not cost 32 KiB of garbage per pipe.
var copyBuffers = sync.Pool{New: func() any { return new([32 << 10]byte) }}

// copyOutput copies one of the process's pipes to bufs until end of file.
func (p *Proc) copyOutput(r *os.File, bufs ...*procOutput) {
	buf := copyBuffers.Get().(*[32 << 10]byte)
	defer func() {
		copyBuffers.Put(buf)
		r.Close()
		if p.readers.Add(-1) == 0 {
			close(p.drained)
		}
	}()
	for {
		n, err := r.Read(buf[:])
		for _, b := range bufs {
			b.Write(buf[:n])
		}
		if err != nil {
			return
		}
	}
}

// reap waits for the process, so that it never stays a zombie, records how
// it ended, and waits a little for the last of its output.
func (p *Proc) reap() {
	err := p.cmd.Wait()
	p.mu.Lock()
	p.ended = true
	p.endAt = time.Now()
	p.state = p.cmd.ProcessState
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		p.waitErr = err
	}
	p.mu.Unlock()

	procs.Lock()
	procs.live--
	forgetEndedProcs()
	procs.Unlock()

	t := time.NewTimer(procDrainDelay)
	select {
	case <-p.drained:
	case <-t.C:
	}
	t.Stop()
	close(p.done)

	// Processes it started that outlived it are ours only if the
	// evaluator is a child subreaper (Linux); then reap them as they end.
	reapProcGroup(p.pid, 0)
}

// forgetEndedProcs drops the oldest ended processes beyond procHistory.
// procs must be locked.
func forgetEndedProcs() {
	ended := 0
	for _, p := range procs.table {
		if !p.Running() {
			ended++
		}
	}
	if ended <= procHistory {
		return
	}
	keep := procs.table[:0]
	for _, p := range procs.table {
		if ended > procHistory && !p.Running() {
			ended--
			continue
		}
		keep = append(keep, p)
	}
	clear(procs.table[len(keep):])
	procs.table = keep
}

// reapProcGroup reaps children of the evaluator in process group pgid: a
// process's own children that outlived it and came to the evaluator, which
// happens when the evaluator is a child subreaper (Linux). Without that it
// returns at once. If some are still running it polls, with longer pauses
// while nothing ends, until none are left: in a goroutine of its own if
// within is zero, or else for at most within before it returns.
func reapProcGroup(pgid int, within time.Duration) {
	if !reapEnded(pgid) {
		return
	}
	poll := func(stop time.Time) {
		for pause := 10 * time.Millisecond; stop.IsZero() || time.Now().Before(stop); pause = min(2*pause, time.Second) {
			time.Sleep(pause)
			if !reapEnded(pgid) {
				return
			}
		}
	}
	if within == 0 {
		go poll(time.Time{})
		return
	}
	poll(time.Now().Add(within))
}

// reapEnded reaps the children of ours in group pgid that have ended and
// reports whether any are left.
func reapEnded(pgid int) (left bool) {
	for {
		var ws syscall.WaitStatus
		pid, err := syscall.Wait4(-pgid, &ws, syscall.WNOHANG, nil)
		switch {
		case err == syscall.EINTR:
		case err != nil: // ECHILD: none
			return false
		case pid == 0: // some, still running
			return true
		}
	}
}

// Wait waits for the process to end and returns its exit status. The
// error is nil when it exited with status 0; otherwise it says how the
// process ended (an exit status, or the signal that killed it: then the
// code is -1) with the last lines of its standard error. Wait may be
// called many times, from several goroutines; after the end it returns
// at once.
//
//	p, _ := pg.Start("sh", "-c", "exit 2")
//	code, err := p.Wait()
//	fmt.Println(code, err)          // 2 pg.Start "sh": exit status 2
func (p *Proc) Wait() (int, error) {
	if !p.started() {
		return -1, p.notStarted("Wait")
	}
	<-p.done
	p.mu.Lock()
	code := p.state.ExitCode()
	p.mu.Unlock()
	return code, p.exitError()
}

// exitError is the error of an ended process: nil when it exited with 0.
func (p *Proc) exitError() error {
	p.mu.Lock()
	st, werr := p.state, p.waitErr
	p.mu.Unlock()
	if werr != nil {
		return &ProcError{Op: p.op, Name: p.name, Err: werr}
	}
	if st == nil || st.Success() { // nil: still running
		return nil
	}
	return &ProcError{Op: p.op, Name: p.name, Err: &exec.ExitError{ProcessState: st}, Stderr: stderrTail(p.errTail.Bytes())}
}

// Signal sends sig to the process and to every process in its process
// group, which includes what it started (unless they moved to a group of
// their own). A process that has ended gets nothing: the error then wraps
// os.ErrProcessDone. Signal 0 sends nothing but reports whether the
// process is still there.
//
//	p, _ := pg.Start("sleep", "30")
//	p.Signal(syscall.SIGTERM)
//	fmt.Println(p.Wait())           // -1 pg.Start "sleep": killed by signal terminated
//	fmt.Println(p.Signal(syscall.SIGTERM)) // p1.Signal "sleep": os: process already finished
func (p *Proc) Signal(sig os.Signal) error {
	return p.signal("Signal", sig)
}

// Kill kills the process and its process group with SIGKILL, which no
// process can catch or ignore. It does not wait: Wait does. Killing a
// process that has already ended returns an error wrapping
// os.ErrProcessDone.
//
//	p, _ := pg.Start("sh", "-c", `trap "" TERM; sleep 30`)
//	p.Kill()
//	fmt.Println(p.Wait())           // -1 pg.Start "sh": killed by signal killed
func (p *Proc) Kill() error {
	return p.signal("Kill", syscall.SIGKILL)
}

func (p *Proc) signal(method string, sig os.Signal) error {
	if !p.started() {
		return p.notStarted(method)
	}
	fail := func(err error) error {
		return &ProcError{Op: p.ID() + "." + method, Name: p.name, Err: err}
	}
	if sig == nil {
		return fail(errors.New("no signal given (nil): try syscall.SIGTERM or syscall.SIGINT"))
	}
	s, ok := sig.(syscall.Signal)
	if !ok {
		return fail(fmt.Errorf("%v is not a signal of this system: use one of package syscall's, such as syscall.SIGTERM", sig))
	}
	if s < 0 {
		return fail(fmt.Errorf("no signal %d: signals are numbered 1 to 64 (0 only checks that the process is there)", int(s)))
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ended {
		return fail(os.ErrProcessDone)
	}
	// The process is not reaped before p.state is set, except in the
	// moment between the reaper's Wait and taking p.mu: then its group may
	// be empty.
	if err := killGroup(p.pid, s); err != nil {
		if err == syscall.ESRCH {
			return fail(os.ErrProcessDone)
		}
		return fail(err)
	}
	return nil
}

// Output returns what the process has printed so far, standard output and
// error together as they arrived. Only the last 64 KiB are kept; when more
// was printed a first line says how much was dropped. Output can be called
// while the process runs, to watch it.
//
//	p, _ := pg.Start("sh", "-c", "for i in 1 2 3; do echo $i; sleep 1; done")
//	time.Sleep(1500 * time.Millisecond)
//	fmt.Print(p.Output())           // 1 2 (on two lines)
func (p *Proc) Output() string {
	if !p.started() {
		return ""
	}
	return p.out.String()
}

// Running reports whether the process is still running: it has not ended
// (or it has, and pg has not noticed yet, which takes a moment).
//
//	p, _ := pg.Start("sleep", "1")
//	fmt.Println(p.Running())        // true
//	p.Wait()
//	fmt.Println(p.Running())        // false
func (p *Proc) Running() bool {
	if !p.started() {
		return false
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	return !p.ended
}

// String describes the process in one line: its id in :procs, its command,
// pid and state.
//
//	p, _ := pg.Start("sleep", "30")
//	fmt.Println(p)                  // p1 sleep 30 (pid 12345, running)
func (p *Proc) String() string {
	if !p.started() {
		return "pg.Proc (not started)"
	}
	return fmt.Sprintf("p%d %s (pid %d, %s)", p.id, procCommand(p.argv, 0), p.pid, p.State())
}

// State is what :procs shows of the process: "running", "exited 0",
// "killed by SIGTERM".
//
//	p, _ := pg.Start("false")
//	p.Wait()
//	fmt.Println(p.State())          // exited 1
func (p *Proc) State() string {
	if !p.started() {
		return "not started"
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case !p.ended:
		return "running"
	case p.waitErr != nil || p.state == nil:
		return "lost: " + fmt.Sprint(p.waitErr)
	}
	return procExitState(p.state)
}

// ID is the process's name in :procs and :kill: "p1", "p2", and so on.
//
//	p, _ := pg.Start("sleep", "30")
//	fmt.Println(p.ID())             // p1: :kill p1 TERM stops it
func (p *Proc) ID() string {
	if !p.started() {
		return ""
	}
	return "p" + strconv.Itoa(p.id)
}

// started reports whether p came from pg.Start (or pg.Run): a nil *Proc
// or one made with new(pg.Proc) or pg.Proc{} has no process.
func (p *Proc) started() bool { return p != nil && p.done != nil }

func (p *Proc) notStarted(method string) error {
	return &ProcError{Op: "pg.Proc." + method, Name: "", Err: errNotStarted}
}

// errNotStarted is the error of a Proc's methods on a Proc that is not
// one pg.Start returned.
var errNotStarted = errors.New("no process: this Proc was not returned by pg.Start; use the one it returns")

// Procs returns the processes pg started in this session, in the order
// they started: every one still running, and the last 100 that ended.
// The :procs command shows the same as a table.
//
//	pg.Start("sleep", "30")
//	for _, p := range pg.Procs() {
//		fmt.Println(p)              // p1 sleep 30 (pid 12345, running)
//	}
func Procs() []*Proc {
	procs.Lock()
	defer procs.Unlock()
	return append([]*Proc(nil), procs.table...)
}

// SetProcLimit sets how many processes pg.Run, pg.Sh and pg.Start may have
// running at once, and returns the limit it replaces. The default is 64.
// Processes already running are not touched; starting one more than the
// limit fails with an error wrapping ErrProcLimit. A limit below 1 changes
// nothing, so pg.SetProcLimit(0) just tells the limit.
//
//	old := pg.SetProcLimit(2)       // 64
//	pg.Start("sleep", "9"); pg.Start("sleep", "9")
//	_, err := pg.Start("sleep", "9") // pg.Start "sleep": too many processes running: ...
//	pg.SetProcLimit(old)
func SetProcLimit(n int) int {
	procs.Lock()
	defer procs.Unlock()
	old := procs.limit
	if n >= 1 {
		procs.limit = n
	}
	return old
}

// PID returns the process id of the evaluator: the process that runs your
// code, and the parent of every process pg starts.
//
//	p, _ := pg.Start("sh", "-c", "echo $PPID")
//	p.Wait()
//	fmt.Println(p.Output() == fmt.Sprintln(pg.PID())) // true
func PID() int { return os.Getpid() }

// PPID returns the process id of the evaluator's parent. On Linux that is
// its reaper: a small process the playground's shell starts for each
// evaluator, which ends whatever the evaluator leaves running once it
// ends, and whose parent is the shell. Elsewhere it is the shell itself.
// The tree is shell → reaper (pg.PPID) → evaluator (pg.PID) → processes
// pg started.
//
//	fmt.Println(pg.PPID(), "→", pg.PID())
func PPID() int { return os.Getppid() }

// shutdownProcs kills every process group pg started, those whose leader
// ended too (what they started may live on), and reaps what it can; it
// refuses new processes from then on.
func shutdownProcs() {
	procs.Lock()
	procs.closed = true
	all := append([]*Proc(nil), procs.table...)
	procs.Unlock()

	for _, p := range all {
		p.mu.Lock()
		if !p.ended {
			killGroup(p.pid, syscall.SIGKILL)
		} else if syscall.Kill(p.pid, 0) == syscall.ESRCH {
			// The leader is reaped and its pid not reused: a group of that
			// id can only be what remains of this one.
			killGroup(p.pid, syscall.SIGKILL)
		}
		p.mu.Unlock()
	}
	deadline := time.NewTimer(procShutdownWait)
	defer deadline.Stop()
	for _, p := range all {
		select {
		case <-p.done:
		case <-deadline.C:
			return
		}
	}
	for _, p := range all {
		reapProcGroup(p.pid, 100*time.Millisecond)
	}
}

// killGroup sends sig to process group pgid. It never sends to a pgid
// below 2: kill(0) is the evaluator's own group, kill(-1) every process.
func killGroup(pgid int, sig syscall.Signal) error {
	if pgid < 2 {
		return syscall.ESRCH
	}
	return syscall.Kill(-pgid, sig)
}

// procsMeta answers :procs.
func procsMeta(arg string) (string, error) {
	if strings.TrimSpace(arg) != "" {
		return "", errors.New("usage: :procs (it takes no arguments)")
	}
	list := Procs()
	if owned := checkOwned(); owned != nil {
		list = slices.DeleteFunc(list, func(p *Proc) bool { return owned[p.ID()] })
	}
	if len(list) == 0 {
		return `no processes: pg.Start("sleep", "30") starts one`, nil
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPID\tSTATE\tAGE\tCOMMAND")
	now := time.Now()
	for _, p := range list {
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", p.ID(), p.pid, p.State(), tableAge(now.Sub(p.start)), procCommand(p.argv, procCommandWidth))
	}
	tw.Flush()
	return strings.TrimRight(b.String(), "\n"), nil
}

// procCommand writes argv as a shell would read it back, quoting what
// needs quotes, cut at width runes (0: not cut).
func procCommand(argv []string, width int) string {
	parts := make([]string, len(argv))
	for i, a := range argv {
		parts[i] = procQuote(a)
	}
	s := strings.Join(parts, " ")
	if width > 0 && utf8.RuneCountInString(s) > width {
		r := []rune(s)
		s = string(r[:width-1]) + "…"
	}
	return s
}

func procQuote(s string) string {
	if s == "" {
		return "''"
	}
	if strings.IndexFunc(s, func(r rune) bool {
		return !(r == '-' || r == '_' || r == '.' || r == '/' || r == '=' || r == ':' || r == ',' || r == '+' || r == '@' || r == '%' ||
			('a' <= r && r <= 'z') || ('A' <= r && r <= 'Z') || ('0' <= r && r <= '9'))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// killProc is the :kill of processes: id is p<N> as :procs lists it, or
// the pid of a process pg started. Any other pid is refused: :kill is not
// a way to signal the system's processes.
func killProc(id string, sig syscall.Signal) (string, bool, error) {
	var p *Proc
	switch {
	case len(id) > 1 && id[0] == 'p' && procDigits(id[1:]):
		n, _ := strconv.Atoi(id[1:])
		p = findProc(func(p *Proc) bool { return p.id == n })
		if p == nil {
			return "", true, fmt.Errorf("kill: no process %s: :procs lists those pg started", id)
		}
	case procDigits(id):
		pid, _ := strconv.Atoi(id)
		p = findProc(func(p *Proc) bool { return p.pid == pid })
		if p == nil {
			return "", true, fmt.Errorf("kill: pid %s is not a process pg started: :kill signals only those :procs lists", id)
		}
	default:
		return "", false, nil
	}
	if err := p.Signal(sig); err != nil {
		return "", true, err
	}
	return fmt.Sprintf("%s (pid %d, %s): sent %s to its process group", p.ID(), p.pid, procCommand(p.argv, procCommandWidth), procSignalName(sig)), true, nil
}

// findProc returns the most recent process in the table that ok accepts.
func findProc(ok func(*Proc) bool) *Proc {
	list := Procs()
	for i := len(list) - 1; i >= 0; i-- {
		if ok(list[i]) {
			return list[i]
		}
	}
	return nil
}

func procDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

func procSignalName(sig syscall.Signal) string {
	if name := unix.SignalName(sig); name != "" {
		return name
	}
	return "signal " + strconv.Itoa(int(sig))
}

// An procOutput keeps a bounded amount of a process's output: the first
// bytes (a head buffer, for pg.Run) or the last ones (a ring, for a Proc).
// It counts what it drops. It is safe for concurrent use.
type procOutput struct {
	mu      sync.Mutex
	limit   int
	ring    bool
	buf     []byte
	dropped int64
}

func newHeadOutput(limit int) *procOutput { return &procOutput{limit: limit} }
func newRingOutput(limit int) *procOutput { return &procOutput{limit: limit, ring: true} }

func (b *procOutput) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := len(p)
	if !b.ring {
		room := b.limit - len(b.buf)
		if len(p) > room {
			b.dropped += int64(len(p) - room)
			p = p[:room]
		}
		b.buf = append(b.buf, p...)
		return n, nil
	}
	b.buf = append(b.buf, p...)
	// Keep up to twice the limit, then move the last limit bytes to the
	// front: amortized, each byte is copied at most once more.
	if len(b.buf) > 2*b.limit {
		cut := len(b.buf) - b.limit
		b.dropped += int64(cut)
		b.buf = b.buf[:copy(b.buf, b.buf[cut:])]
	}
	return n, nil
}

var _ io.Writer = (*procOutput)(nil)

// Bytes returns a copy of what is kept, without notes.
func (b *procOutput) Bytes() []byte {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept, _ := b.kept()
	return append([]byte(nil), kept...)
}

// kept returns the kept bytes and how many were dropped. b.mu must be held.
func (b *procOutput) kept() ([]byte, int64) {
	if b.ring && len(b.buf) > b.limit {
		cut := len(b.buf) - b.limit
		return b.buf[cut:], b.dropped + int64(cut)
	}
	return b.buf, b.dropped
}

// String returns what is kept, with a note when something was dropped.
func (b *procOutput) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	kept, dropped := b.kept()
	switch {
	case dropped == 0:
		return string(kept)
	case b.ring:
		return fmt.Sprintf("[pg: %d earlier bytes dropped; the last %s follow]\n", dropped, procSize(b.limit)) + string(kept)
	}
	s := string(kept)
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	return s + fmt.Sprintf("[pg: output cut at %s: %d more bytes dropped]\n", procSize(b.limit), dropped)
}

func procSize(n int) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.Itoa(n>>20) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.Itoa(n>>10) + " KiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// stderrTail returns the last stderrTailLines non-blank lines of b, each
// cut at stderrLineRunes runes; the first may be the middle of a line.
func stderrTail(b []byte) string {
	if !utf8.Valid(b) {
		b = []byte(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	var lines []string
	for _, l := range strings.Split(string(b), "\n") {
		l = strings.TrimRight(l, " \t\r")
		if strings.TrimSpace(l) == "" {
			continue
		}
		if utf8.RuneCountInString(l) > stderrLineRunes {
			l = string([]rune(l)[:stderrLineRunes-1]) + "…"
		}
		lines = append(lines, l)
	}
	if len(lines) > stderrTailLines {
		lines = lines[len(lines)-stderrTailLines:]
	}
	return strings.Join(lines, "\n")
}
