package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/learn-concurrency/playground/builtins"
	"github.com/learn-concurrency/playground/internal/reaper"
)

// EvaluatorEnv is the environment variable that turns this program into an
// evaluator process: the shell re-executes its own binary with it set.
const EvaluatorEnv = reaper.EvaluatorEnv

// sessionEnv marks the processes of one session; see Session.reapOrphans.
const sessionEnv = "PLAYGROUND_SESSION"

// memLimitEnv carries the evaluator's heap limit in bytes from the shell.
const memLimitEnv = "PLAYGROUND_MEM_LIMIT"

// MaybeRunEvaluator runs the evaluator and exits if this process was started
// as one (EvaluatorEnv is set); otherwise it returns at once. Call it first
// thing in main, and in TestMain of packages whose tests start sessions.
func MaybeRunEvaluator() {
	if os.Getenv(EvaluatorEnv) == "" {
		return
	}
	// Processes that learner code starts are not evaluators.
	os.Unsetenv(EvaluatorEnv)
	limit := parseSize(os.Getenv(memLimitEnv))
	os.Unsetenv(memLimitEnv)
	if limit > 0 {
		// With the limit as a backstop the collector can run less often:
		// compiling each input allocates a great deal that dies young.
		debug.SetGCPercent(400)
	}
	// First, so that what the evaluator allocates from here on can go to
	// huge pages; after the GC percent, which it raises for a while.
	adviseHugeHeap(limit)
	args := []string{"playground"}
	if v, ok := os.LookupEnv(argsEnv); ok {
		args = decodeArgs(v)
		os.Unsetenv(argsEnv)
		setProcessArgs(args)
	}
	// Orphans of the processes pg starts come to the evaluator, and pg
	// reaps them, instead of lingering as zombies of init.
	becomeSubreaper()
	// The protocol's descriptors come without close-on-exec (they were
	// ExtraFiles); every process learner code starts would inherit them,
	// and one that outlives the evaluator would keep the shell from ever
	// seeing the evaluator's replies end.
	syscall.CloseOnExec(3)
	syscall.CloseOnExec(4)
	// The requests are read through Go's poller (os.NewFile takes a
	// non-blocking descriptor into it): a read that waits parks its
	// goroutine, and the thread runs the job it has just handed on. A
	// blocking read held the thread in the kernel, and the job waited for
	// another thread to wake and take it (a millisecond or more at the
	// start of an evaluator, here).
	syscall.SetNonblock(3, true)
	err := runEvaluator(os.NewFile(3, "requests"), os.NewFile(4, "replies"), limit, args)
	builtins.Shutdown() // the shell closed the session: stop what pg started
	if err != nil && !errors.Is(err, io.EOF) {
		fmt.Fprintln(os.Stderr, "evaluator:", err)
		os.Exit(1)
	}
	os.Exit(0)
}

// evaluator is the child-process side of a session.
type evaluator struct {
	out    *frameWriter
	stdout *stdoutPipe
	eng    *engine

	mu     sync.Mutex
	cancel map[uint64]context.CancelFunc // running requests by ID

	// engMu is held while the engine runs a job; completion only tries
	// it, for completing compiles, which yaegi cannot do beside a run.
	engMu sync.Mutex

	term termAsker // asks the shell for its terminal (pg.App)

	// For watchBusy: requests started so far, requests running now, and
	// a signal that an eval ended.
	started, running atomic.Int64
	idle             chan struct{}
}

func runEvaluator(in io.Reader, out io.Writer, memLimit int64, args []string) error {
	// The key that seals replies comes first, before learner code runs.
	key := make([]byte, keySize)
	if _, err := io.ReadFull(in, key); err != nil {
		return fmt.Errorf("reading the session key: %w", err)
	}
	fw := newSealedFrameWriter(out, key)

	// Standard output becomes a pipe this process forwards, so that output
	// and results keep their order. Standard error stays the shell's pipe:
	// if the runtime crashes, its last words must reach the shell directly.
	stdout, err := newStdoutPipe(fw)
	if err != nil {
		return fmt.Errorf("redirecting standard output: %w", err)
	}
	ev := &evaluator{out: fw, stdout: stdout, cancel: map[uint64]context.CancelFunc{}, idle: make(chan struct{}, 1)}
	stdout.inputRunning = func() bool { return ev.running.Load() > 0 }
	go stdout.forward()
	ev.term = termAsker{out: fw, stdout: stdout, waiting: map[uint64]chan TermReply{}}
	builtins.Terminal = ev.term.ask
	stderr := &stderrWriter{stdout: stdout, out: fw}
	eng, err := newEngine(engineOptions{
		Stdin:    os.Stdin,
		Stdout:   os.Stdout,
		Stderr:   stderr,
		Exit:     ev.exit,
		OSStderr: stdout.stderr,
		Args:     args,
	})
	if err != nil {
		return err
	}
	stderr.onPanic = eng.notePanicFrame
	stderr.onRecover = eng.noteRecovered
	builtins.Announce = func(msg string) {
		stdout.sync(func() { fw.Send(kindOutput, 0, Output{Stream: "stderr", Data: msg + "\n"}) })
	}
	stderr.current = eng.isCurrentSource
	ev.eng = eng

	if memLimit > 0 {
		setMemoryCap(memLimit)
		debug.SetMemoryLimit(memLimit)
		go ev.watchMemory(memLimit)
	}

	fw.Send(kindReady, 0, Status{PID: os.Getpid(), Goroutines: runtime.NumGoroutine()})

	// Requests are read here; evals run one at a time on their own
	// goroutine so that a cancel can arrive while one runs.
	jobs := make(chan job, 16)
	go ev.runJobs(jobs)
	go ev.watchBusy()
	defer close(jobs)
	fr := newFrameReader(in)
	for {
		f, err := fr.Read()
		if isDamage(err) {
			// Learner code read from the request stream: the shell would
			// wait for a reply to a request this process never saw.
			ev.stdout.sync(func() {
				fw.Send(kindExiting, 0, exitingNotice{Code: 2, Why: "damaged", Msg: err.Error()})
			})
			builtins.Shutdown()
			os.Exit(2)
		}
		if err != nil {
			return err
		}
		switch f.Kind {
		case kindEval, kindBatch, kindType, kindDoc:
			ctx, cancel := context.WithCancel(context.Background())
			ev.mu.Lock()
			ev.cancel[f.ID] = cancel
			ev.mu.Unlock()
			jobs <- job{f: f, ctx: ctx}
		case kindCancel:
			var c cancelRequest
			if f.Decode(&c) == nil {
				ev.mu.Lock()
				if cancel := ev.cancel[c.ID]; cancel != nil {
					cancel()
				}
				ev.mu.Unlock()
			}
		case kindComplete:
			var c completeRequest
			if err := f.Decode(&c); err == nil {
				fw.Send(kindCompletion, f.ID, completionReply{Candidates: ev.complete(c)})
			}
		case kindMeta:
			// Answered at once, beside any running input (:tasks must work
			// while tasks run), and off this loop: a cancel must not wait
			// behind a look at every goroutine.
			go ev.answerMeta(f)
		case kindStatus:
			fw.Send(kindStatus, f.ID, Status{PID: os.Getpid(), Goroutines: runtime.NumGoroutine()})
		case kindTerm:
			ev.term.reply(f)
		}
	}
}

// A job is one eval, type or doc request with the context that cancels it.
type job struct {
	f   frame
	ctx context.Context
}

// complete answers a completion request, with nothing while an input
// runs (the engine is not to compile beside it, and no prompt waits).
func (ev *evaluator) complete(c completeRequest) []Candidate {
	if !ev.engMu.TryLock() {
		return nil
	}
	defer ev.engMu.Unlock()
	return ev.eng.Complete(c.Line, c.Pos)
}

func (ev *evaluator) runJobs(jobs <-chan job) {
	for j := range jobs {
		ev.engMu.Lock()
		ev.runJob(j)
		ev.engMu.Unlock()
	}
}

// runJob runs one eval, batch, type or doc request.
func (ev *evaluator) runJob(j job) {
	ev.running.Add(1)
	ev.started.Add(1)
	if j.f.Kind == kindBatch {
		ev.runBatch(j)
		ev.endJob(j)
		return
	}
	var req evalRequest
	var res Result
	if err := j.f.Decode(&req); err != nil {
		res = Result{Err: &Error{Kind: ErrOther, Msg: err.Error()}}
	} else {
		switch j.f.Kind {
		case kindEval:
			switch {
			case req.Check && req.Args != nil:
				res = ev.eng.CallCheck(j.ctx, req.Src, *req.Args)
			case req.Check:
				res = ev.eng.EvalCheck(j.ctx, req.Src)
			default:
				res = ev.eng.Eval(j.ctx, req.Src)
			}
		case kindType:
			res = ev.eng.TypeOf(j.ctx, req.Src)
		case kindDoc:
			res = ev.eng.Doc(j.ctx, req.Src)
		}
	}
	if j.ctx.Err() != nil {
		// Before the result: once the learner sees "interrupted",
		// servers must answer again.
		ev.eng.resync()
	}
	ev.stdout.sync(func() { ev.out.Send(kindResult, j.f.ID, res) })
	if req.Last && j.f.Kind == kindEval {
		// As a Go program ends when main returns, whatever its other
		// goroutines are doing.
		builtins.Shutdown()
		os.Exit(0)
	}
	ev.endJob(j)
}

// runBatch evaluates a batch's inputs in order, each result sent after
// the output of its input.
func (ev *evaluator) runBatch(j job) {
	var req batchRequest
	if err := j.f.Decode(&req); err != nil || len(req.Inputs) == 0 {
		msg := "empty batch"
		if err != nil {
			msg = err.Error()
		}
		ev.out.Send(kindResult, j.f.ID, Result{Err: &Error{Kind: ErrOther, Msg: msg}})
		return
	}
	for i, src := range req.Inputs {
		res := ev.eng.Eval(j.ctx, src)
		if j.ctx.Err() != nil {
			ev.eng.resync()
		}
		res.Index = i
		stop := j.ctx.Err() != nil || res.Err != nil && !req.KeepGoing
		res.More = i < len(req.Inputs)-1 && !stop
		ev.stdout.sync(func() { ev.out.Send(kindResult, j.f.ID, res) })
		if stop {
			return
		}
	}
}

// endJob forgets a finished job's cancel function and, after an eval,
// lets watchBusy look at what keeps running.
func (ev *evaluator) endJob(j job) {
	ev.mu.Lock()
	if cancel := ev.cancel[j.f.ID]; cancel != nil {
		cancel()
		delete(ev.cancel, j.f.ID)
	}
	ev.mu.Unlock()
	ev.running.Add(-1)
	if j.f.Kind == kindEval || j.f.Kind == kindBatch {
		select {
		case ev.idle <- struct{}{}:
		default: // a check is already due
		}
	}
}

// exit ends the evaluator on behalf of learner code (os.Exit, log.Fatal),
// after what it printed and an exiting notice have reached the shell.
func (ev *evaluator) exit(code int, why string) {
	ev.stdout.sync(func() { ev.out.Send(kindExiting, 0, exitingNotice{Code: code, Why: why}) })
	builtins.Shutdown()
	os.Exit(code)
}

// busyWindow is how long after an input the evaluator measures its own CPU
// use, to tell the shell about goroutines that never stop.
const busyWindow = 400 * time.Millisecond

// watchBusy sends a busy notice when, after an input ended, the process
// kept at least half a core busy for busyWindow with no input running (an
// interpreted loop yields often enough that it shows as 60-80 %): a
// goroutine started with a plain go statement that spins forever cannot be
// cancelled, and the learner should know why the fans came on. One
// goroutine does this for every input; an input that starts during the
// window voids the measure.
func (ev *evaluator) watchBusy() {
	for range ev.idle {
		startCPU, ok := cpuTime()
		startJobs := ev.started.Load()
		if !ok {
			continue
		}
		time.Sleep(busyWindow)
		endCPU, _ := cpuTime()
		if ev.started.Load() != startJobs || ev.running.Load() != 0 {
			continue
		}
		share := float64(endCPU-startCPU) / float64(busyWindow)
		if share >= 0.5 {
			ev.out.Send(kindBusy, 0, Status{PID: os.Getpid(), Goroutines: runtime.NumGoroutine(), CPU: share * 100, Tasks: builtins.RunningTasks()})
		}
	}
}

// watchMemory ends the evaluator when its heap passes limit, with an
// exiting notice the shell turns into a plain sentence. It also keeps the
// runtime's soft limit that far above the goroutines' stacks
// (softMemoryLimit).
//
// It looks after every garbage collection, which the runtime starts as
// the heap grows (at the latest when it nears the soft limit), and once a
// memoryBackstop besides: an evaluator whose code allocates nothing
// wakes once a second, not twenty times (0.4 % of a core at the prompt).
func (ev *evaluator) watchMemory(limit int64) {
	sample := []metrics.Sample{
		{Name: "/memory/classes/heap/objects:bytes"},
		{Name: "/memory/classes/heap/stacks:bytes"},
	}
	collected := make(chan struct{}, 1)
	notifyEachCollection(collected)
	backstop := time.NewTicker(memoryBackstop)
	soft := limit
	for {
		select {
		case <-collected:
		case <-backstop.C:
		}
		metrics.Read(sample)
		if s := softMemoryLimit(limit, int64(sample[1].Value.Uint64())); s != soft {
			soft = s
			debug.SetMemoryLimit(soft)
		}
		if used := int64(sample[0].Value.Uint64()); used > limit {
			ev.stdout.sync(func() {
				ev.out.Send(kindExiting, 0, exitingNotice{Code: 2, Why: "memory"})
			})
			builtins.Shutdown()
			os.Exit(2)
		}
	}
}

// memoryBackstop is how often watchMemory looks when no collection ran.
const memoryBackstop = time.Second

// notifyEachCollection sends on c (without waiting) after each garbage
// collection: a cleanup of an unreachable object runs after the
// collection that found it, and makes the next such object. It makes it
// before it sends: a collection that the receiver starts at once must
// find it.
func notifyEachCollection(c chan<- struct{}) {
	runtime.AddCleanup(new(gcSentinel), func(c chan<- struct{}) {
		notifyEachCollection(c)
		select {
		case c <- struct{}{}:
		default:
		}
	}, c)
}

// gcSentinel is big enough not to share a tiny block with other objects,
// which would delay its cleanup.
type gcSentinel [32]byte

// softMemoryLimit is the runtime's memory limit (debug.SetMemoryLimit) for
// a limit on the heap's objects, given the bytes goroutine stacks hold:
// the runtime counts stacks against its limit, and the evaluator's limit
// is on what learner code allocates. 100,000 parked tasks hold some
// 800 MB of stacks: under a soft limit of 1 GiB the collector ran without
// pause, scanning every stack each time, while the heap held a few
// megabytes (:tasks took 2.4 s instead of 1). It moves in steps of a
// sixteenth of the limit, so that it is not set again every look.
func softMemoryLimit(limit, stacks int64) int64 {
	step := max(limit/16, 1)
	return limit + (stacks+step-1)/step*step
}
