package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// DefaultMemoryLimit is the evaluator's heap limit when Options.MemoryLimit is 0.
const DefaultMemoryLimit = 1 << 30

// Timeouts of the session's life cycle.
const (
	// ReadyTimeout bounds an evaluator's start-up.
	ReadyTimeout = 20 * time.Second
	// CancelGrace is how long an eval may take to stop after a cancel
	// before the session kills the evaluator and starts a fresh one.
	CancelGrace = time.Second
	// closeGrace is how long Close waits for the evaluator to exit by itself.
	closeGrace = 500 * time.Millisecond
)

// ErrKilled is returned by an eval that did not stop within CancelGrace of
// its cancel; the session killed the evaluator and started a fresh one.
var ErrKilled = errors.New("the evaluator did not stop within a second of Ctrl-C, so it was killed and a fresh one started")

// ErrNoAnswer is returned by a meta request whose evaluator ended before
// it answered; why it ended comes as a Notice, as between inputs.
var ErrNoAnswer = errors.New("the evaluator ended before it answered")

// ErrClosed is returned by calls on a closed Session.
var ErrClosed = errors.New("session closed")

// Options configure a Session. The zero value runs this executable as the
// evaluator with the default memory limit and no notices.
type Options struct {
	// Command runs the evaluator: Command[0] with the rest as arguments,
	// and EvaluatorEnv set in its environment. If empty, the running
	// executable is used; its main must call MaybeRunEvaluator.
	Command []string
	// Env is added to the evaluator's environment, which otherwise is this
	// process's.
	Env []string
	// Dir is the evaluator's working directory; "" means this process's.
	Dir string
	// MemoryLimit caps the evaluator's heap in bytes. Zero means
	// DefaultMemoryLimit; a negative value means no limit.
	MemoryLimit int64
	// Stdin, if not nil, is the evaluator's standard input. If nil, the
	// evaluator reads a pipe that Session.Input writes.
	Stdin *os.File
	// Args is os.Args for learner code (a program's name and arguments,
	// as playground run passes them). If nil, it is {"playground"}.
	Args []string
	// OnNotice receives what the evaluator reports while no request is
	// running: output of background goroutines, busy warnings, and crashes
	// between inputs. It is called from the session's own goroutines, one
	// call at a time. If nil, notices are dropped.
	OnNotice func(Notice)
}

// A Notice is something the evaluator reported between requests. Exactly
// one field is set.
type Notice struct {
	Output *Output
	// Busy reports that goroutines kept running at full speed after an input ended.
	Busy *Status
	// Exit reports that the evaluator ended; a fresh one has been started
	// (or Restart failed, in RestartErr).
	Exit       *ExitError
	RestartErr error
}

// Session is the shell's handle on an evaluator process. It starts the
// evaluator, sends it requests and restarts it when it dies.
//
// Eval, TypeOf and Doc run one at a time (they queue); Complete, Input and
// Close may be called at any time from any goroutine.
type Session struct {
	opt Options

	reqMu    sync.Mutex // serialises requests that run learner code
	notifyMu sync.Mutex // OnNotice is called one call at a time

	mu      sync.Mutex
	cur     *child
	nextID  uint64
	closed  bool
	pending map[uint64]*pendingReq

	// terminal answers the evaluator's term requests; see SetTerminal.
	terminal func(raw bool) TermReply

	// token marks every process of this session: the evaluator and what
	// it starts inherit it in their environment, as sessionEnv.
	token string
}

type pendingReq struct {
	c        *child    // the evaluator the request went to
	kind     frameKind // the request's kind
	want     frameKind // the kind of its reply: result or completion
	batch    int       // for a batch, how many inputs; each has a Result
	next     int       // for a batch, the Index of the next Result
	replies  chan frame
	onOutput func(Output) // nil for requests whose output goes to notices
	// onResult, if set, receives each Result of a batch on the reading
	// goroutine, in order with the output; only the last reaches replies.
	onResult func(Result)
	// abandoned is set when the caller stopped waiting (its context ended)
	// before the reply came: the reply, when it comes, is dropped.
	abandoned bool
}

// child is one evaluator process.
type child struct {
	proc *os.Process // the evaluator's reaper, on Linux; the evaluator elsewhere
	// state is how proc ended, once wait returned.
	state *os.ProcessState
	// stderrR is the read end of proc's standard output and error, which
	// a goroutine copies to stderr until the pipe ends (stderrDone).
	stderrR    *os.File
	stderrDone chan struct{}
	key        []byte // seals the reply stream; see stream.go
	req        *frameWriter
	reqW       io.Closer
	stdin      io.WriteCloser // nil when Options.Stdin was given
	stderr     *stderrTail
	// output holds the read ends of the pipes learner code's standard
	// output and os.Stderr write to (see outputPipes).
	output outputPipes

	ready chan struct{} // closed on the ready frame
	dead  chan struct{} // closed once the process is reaped and exit is set

	mu      sync.Mutex
	pid     int
	exiting *exitingNotice
	frames  heldFrames // every unrecovered panic frame in learner code since the last result
	exit    *ExitError
	// restartErr is why no fresh evaluator replaced this one, if one should have.
	restartErr error
	// condemned, if set, is why the session killed this evaluator: its
	// streams broke the protocol (see condemn).
	condemned error
	// last is set once this evaluator was sent its last input
	// (Session.EvalLast): it exits when it has answered, and no fresh one
	// replaces it.
	last bool
}

// Start starts a session and its evaluator. It does not wait for the
// evaluator to be ready: requests may be made at once, and wait in its
// socket until it is (Ready waits for it).
func Start(opt Options) (*Session, error) {
	if len(opt.Command) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("starting evaluator: %w", err)
		}
		opt.Command = []string{exe}
	}
	if opt.MemoryLimit == 0 {
		opt.MemoryLimit = DefaultMemoryLimit
	}
	s := &Session{opt: opt, pending: map[uint64]*pendingReq{}, token: newToken()}
	// Processes a dead evaluator leaves behind are re-parented to this
	// process, which then stops them (see reapOrphans).
	becomeSubreaper()
	c, err := s.startChild()
	if err != nil {
		return nil, err
	}
	s.cur = c
	return s, nil
}

func (s *Session) startChild() (c *child, err error) {
	// What is made here for the evaluator is closed again if it cannot
	// start; once it has, this process keeps its own ends only.
	var mine, its []io.Closer
	defer func() {
		for _, f := range its {
			f.Close()
		}
		if err != nil {
			for _, f := range mine {
				f.Close()
			}
		}
	}()
	path := s.opt.Command[0]
	if !strings.Contains(path, "/") {
		if path, err = exec.LookPath(path); err != nil {
			return nil, fmt.Errorf("starting evaluator %s: %w", s.opt.Command[0], err)
		}
	}
	reqW, reqR, err := socketPair("requests")
	if err != nil {
		return nil, err
	}
	mine, its = append(mine, reqW), append(its, reqR)
	repR, repW, err := socketPair("replies")
	if err != nil {
		return nil, err
	}
	mine, its = append(mine, repR), append(its, repW)
	pipes, err := newOutputPipes()
	if err != nil {
		return nil, err
	}
	mine = append(mine, closerFunc(pipes.close))
	// Standard input is a socket rather than a pipe: the evaluator can
	// take back what learner code left unread without waiting, whatever
	// learner code does with it (takeUnreadInput).
	stdin := s.opt.Stdin
	var stdinW *os.File
	if stdin == nil {
		if stdinW, stdin, err = socketPair("stdin"); err != nil {
			return nil, err
		}
		mine, its = append(mine, stdinW), append(its, stdin)
	}

	env := append(os.Environ(), s.opt.Env...)
	env = append(env, EvaluatorEnv+"=1", sessionEnv+"="+s.token, outputFdsEnv+"=1")
	if s.opt.MemoryLimit > 0 {
		env = append(env, fmt.Sprintf("%s=%d", memLimitEnv, s.opt.MemoryLimit))
	}
	if s.opt.Args != nil {
		env = append(env, argsEnv+"="+encodeArgs(s.opt.Args))
	}
	proc, output, err := startEvaluator(evaluatorStart{
		path:  path,
		argv:  s.opt.Command,
		env:   env,
		dir:   s.opt.Dir,
		stdin: stdin,
		extra: append([]*os.File{reqR, repW}, pipes.files()...), // fds 3 and 4, then 5 to 8
	})
	if err != nil {
		return nil, fmt.Errorf("starting evaluator %s: %w", s.opt.Command[0], err)
	}
	pipes.started()

	c = &child{
		proc:       proc,
		pid:        proc.Pid,
		stderrR:    output,
		stderrDone: make(chan struct{}),
		output:     pipes,
		key:        newKey(),
		req:        newFrameWriter(reqW),
		reqW:       reqW,
		ready:      make(chan struct{}),
		dead:       make(chan struct{}),
	}
	if stdinW != nil {
		c.stdin = stdinW
	}
	c.stderr = &stderrTail{quiet: crashQuiet, show: func(line string) {
		s.deliverOutput(Output{Stream: "stderr", Data: line})
	}}
	// The evaluator's standard output and error both come here; it
	// redirects its own standard output early, so what comes is
	// diagnostics.
	go func() {
		defer close(c.stderrDone)
		io.Copy(c.stderr, output)
		output.Close()
	}()
	// The key goes first, before any request: the evaluator reads it
	// before it runs learner code, which therefore never sees it.
	reqW.Write(c.key) // a failure shows as the evaluator's death
	go s.readReplies(c, repR)
	return c, nil
}

// readReplies dispatches the evaluator's frames until its stream ends or
// breaks the protocol, then reaps it and, if the session is still open,
// starts a fresh evaluator. Everything on the stream is learner-controlled
// (stream.go says how): a frame that is damaged, or that the protocol does
// not allow here, ends the evaluator at once.
func (s *Session) readReplies(c *child, r *os.File) {
	defer r.Close()
	fr := newSealedFrameReader(r, c.key)
	var damage error
	for {
		f, err := fr.Read()
		if err != nil {
			if isDamage(err) {
				damage = err
			}
			break
		}
		if damage = s.dispatch(c, f); damage != nil {
			break
		}
	}

	c.stderr.streamEnded()
	// An evaluator's stream ends when it exits. One that is still alive a
	// while later closed it itself.
	exited := make(chan struct{})
	go func() {
		c.wait()
		close(exited)
	}()
	if damage == nil {
		select {
		case <-exited:
		case <-time.After(streamEndGrace):
			damage = damaged("it was closed")
		}
	}
	if damage != nil {
		s.kill(c)
	}
	<-exited
	// What learner code wrote just before the process ended (compiled
	// code's os.Exit: a log.Logger's Fatal) and the evaluator had no time
	// to forward is still in the pipes.
	for _, o := range c.output.leftover() {
		s.deliverOutput(o)
	}
	c.output.close()
	s.finish(c, damage)
}

// wait waits for c's process to end and for its standard error to be
// read, and sets c.state. Grandchildren that kept standard error open
// are not waited for beyond stderrDelay.
func (c *child) wait() {
	c.state, _ = c.proc.Wait()
	select {
	case <-c.stderrDone:
	case <-time.After(stderrDelay):
		c.stderrR.Close()
		<-c.stderrDone
	}
}

// stderrDelay is how long child.wait waits, after the evaluator ended, for
// the rest of its standard error.
const stderrDelay = 500 * time.Millisecond

// streamEndGrace is how long an evaluator whose reply stream ended may
// take to exit before the stream counts as closed by learner code.
// child.wait itself may wait stderrDelay for grandchildren that hold
// standard error.
const streamEndGrace = 2 * time.Second

// Limits on what one frame may hold, beyond maxFrame.
const (
	maxPanicFrames = 64  // panic positions kept for one input
	maxBusyTasks   = 64  // tasks named in a busy notice
	maxTaskName    = 256 // bytes of one task's description
)

// dispatch handles one frame from c, or says how it breaks the protocol.
func (s *Session) dispatch(c *child, f frame) error {
	switch f.Kind {
	case kindReady:
		var st Status
		if f.Decode(&st) != nil {
			return damaged("a ready frame without a status")
		}
		select {
		case <-c.ready:
			return damaged("a second ready frame")
		default:
			close(c.ready) // only this goroutine closes it
		}
	case kindOutput:
		var o Output
		if f.Decode(&o) != nil || o.Stream != "stdout" && o.Stream != "stderr" {
			return damaged("an output frame that is not output")
		}
		s.deliverOutput(o)
	case kindPanic:
		var p panicFrame
		if f.Decode(&p) != nil || len(p.Func) > maxTaskName || !utf8.ValidString(p.Func) {
			return damaged("a panic frame without a position")
		}
		line, col, ok := parsePos(p.Pos)
		if !ok {
			return damaged("a panic frame without a position")
		}
		c.mu.Lock()
		switch {
		case p.Recovered:
			c.frames.recovered(p.G)
		case p.In == 0:
			c.frames.add(p.G, p.Pos, TraceFrame{Func: p.Func, Line: line, Col: col}, true)
		default:
			c.frames.add(p.G, "", TraceFrame{Func: p.Func, In: p.In, Line: line, Col: col}, p.In > 0)
		}
		c.mu.Unlock()
	case kindExiting:
		var e exitingNotice
		if f.Decode(&e) != nil || !knownExit[e.Why] {
			return damaged("an exiting frame that says no reason")
		}
		c.mu.Lock()
		c.exiting = &e
		c.mu.Unlock()
	case kindBusy:
		var st Status
		if f.Decode(&st) != nil || !validTasks(st.Tasks) {
			return damaged("a busy frame that names no tasks")
		}
		if s.idle() {
			s.notify(Notice{Busy: &st})
		}
	case kindTerm:
		var req termRequest
		if f.Decode(&req) != nil || f.ID == 0 {
			return damaged("a terminal request that is not one")
		}
		s.mu.Lock()
		hook := s.terminal
		s.mu.Unlock()
		reply := TermReply{}
		if hook != nil {
			reply = hook(req.Raw)
		}
		c.req.Send(kindTerm, f.ID, reply)
	case kindResult, kindCompletion:
		return s.answer(c, f)
	default:
		return damaged("a frame of unknown kind %q", f.Kind)
	}
	return nil
}

// answer hands a reply to the request it answers, after checking that
// the request exists, went to c, wants this kind of reply and (in a batch)
// this result, in order.
func (s *Session) answer(c *child, f frame) error {
	s.mu.Lock()
	p := s.pending[f.ID]
	s.mu.Unlock()
	if p == nil || p.c != c {
		return damaged("a reply to no request")
	}
	if f.Kind != p.want {
		return damaged("a %s frame where a %s was due", f.Kind, p.want)
	}
	last := true
	var res Result
	if f.Kind == kindCompletion {
		var comp completionReply
		if f.Decode(&comp) != nil {
			return damaged("a completion frame that is not one")
		}
	} else {
		if f.Decode(&res) != nil || !validError(res.Err) {
			return damaged("a result frame that is not one")
		}
		switch {
		case p.batch == 0 && (res.Index != 0 || res.More):
			return damaged("a result of a batch where one input ran")
		case p.batch > 0 && (res.Index != p.next || res.Index >= p.batch || res.More && res.Index == p.batch-1):
			return damaged("result %d of a batch of %d where result %d was due", res.Index, p.batch, p.next)
		}
		last = !res.More
		if p.kind != kindMeta {
			// The frames held were of the input that ended. A meta
			// command's answer comes beside a running input, whose
			// goroutines may be part-way through a panic.
			c.mu.Lock()
			c.frames.reset()
			c.mu.Unlock()
		}
	}
	s.mu.Lock()
	abandoned := p.abandoned
	if last {
		delete(s.pending, f.ID)
	} else {
		p.next++
	}
	s.mu.Unlock()
	if abandoned {
		return nil
	}
	if p.onResult != nil {
		p.onResult(res)
	}
	if last {
		p.replies <- f // buffered: the only send
	}
	return nil
}

// knownExit holds the reasons an exiting frame may give.
var knownExit = map[string]bool{"os.Exit": true, "log.Fatal": true, "memory": true, "damaged": true}

// validPos reports whether pos is a "line:col" position.
func validPos(pos string) bool {
	_, _, ok := parsePos(pos)
	return ok
}

// parsePos reads a "line:col" position, both counted from 1.
func parsePos(pos string) (line, col int, ok bool) {
	l, c, found := strings.Cut(pos, ":")
	ln, err1 := strconv.ParseUint(l, 10, 31)
	cn, err2 := strconv.ParseUint(c, 10, 31)
	if !found || err1 != nil || err2 != nil || ln == 0 || cn == 0 {
		return 0, 0, false
	}
	return int(ln), int(cn), true
}

// validTasks reports whether a busy notice's tasks are each an id and a
// name ("t3 \"spin\""), as the shell shows them.
func validTasks(tasks []string) bool {
	if len(tasks) > maxBusyTasks {
		return false
	}
	for _, t := range tasks {
		if len(t) > maxTaskName || len(strings.Fields(t)) == 0 || !utf8.ValidString(t) {
			return false
		}
	}
	return true
}

// validError reports whether a result's error is one the shell can show.
func validError(e *Error) bool {
	if e == nil {
		return true
	}
	switch e.Kind {
	case ErrCompile, ErrPanic, ErrCanceled, ErrOther:
	default:
		return false
	}
	if e.Line < 0 || e.Col < 0 || len(e.Frames) > maxPanicFrames || len(e.Trace) > maxPanicFrames {
		return false
	}
	for _, f := range e.Trace {
		if f.In < 0 || f.Line < 0 || f.Col < 0 || len(f.Func) > maxTaskName || !utf8.ValidString(f.Func) {
			return false
		}
	}
	for _, pos := range e.Frames {
		if !validPos(pos) {
			return false
		}
	}
	return true
}

// finish records why c ended, replaces it if it was current, and tells
// the shell. damage, if set, is how c's reply stream broke the protocol.
func (s *Session) finish(c *child, damage error) {
	s.reapOrphans()
	c.mu.Lock()
	if damage == nil {
		damage = c.condemned
	}
	if text, held := c.stderr.heldReport(); held && !diedOfCrash(c.state) {
		// Learner code wrote what looked like the runtime's last words,
		// then the process ended otherwise: they were output after all.
		c.mu.Unlock()
		s.deliverOutput(Output{Stream: "stderr", Data: text})
		c.mu.Lock()
	}
	trace := c.stderr.report()
	frames := c.frames.positions()
	reason := explainExit(c.state, trace, c.exiting, frames, s.opt.MemoryLimit)
	if damage != nil {
		reason = damageReason(damage)
		c.exiting, frames, trace = nil, nil, ""
	}
	c.exit = &ExitError{
		ProcessState: c.state,
		Reason:       reason,
		Trace:        trace,
	}
	exiting, memLimit := c.exiting, s.opt.MemoryLimit
	c.exit.Frames = frames
	if damage == nil {
		c.exit.Stack = c.frames.trace()
	}
	c.exit.explain = func(at string) string {
		return explainExitAt(c.state, trace, exiting, at, memLimit)
	}
	switch st := c.state; {
	case c.exiting != nil && c.exiting.Why != "memory" && c.exiting.Why != "damaged":
		c.exit.Requested, c.exit.Code = true, c.exiting.Code
	case c.exiting == nil && damage == nil && strings.TrimSpace(trace) == "" && st != nil && st.Exited():
		// The process ended itself, silently, with no notice: os.Exit
		// called by compiled code on the learner's behalf
		// ((*log.Logger).Fatal, flag's ExitOnError), which the
		// evaluator cannot hook as it hooks os.Exit and log.Fatal.
		c.exit.Requested, c.exit.Code = true, st.ExitCode()
	}
	c.mu.Unlock()

	s.mu.Lock()
	closed := s.closed
	current := s.cur == c
	inEval := false
	for _, p := range s.pending {
		inEval = inEval || p.onOutput != nil && !p.abandoned
	}
	s.mu.Unlock()
	c.mu.Lock()
	if c.last {
		current = false // it was to end: nothing to report or replace
	}
	c.mu.Unlock()
	var restartErr error
	select {
	case <-c.ready:
		if !closed && current {
			restartErr = s.replace(c)
		}
	default:
		// It died before it was ready: starting another would only loop.
		current = false
	}
	c.mu.Lock()
	c.restartErr = restartErr
	c.mu.Unlock()
	close(c.dead)
	// Replies c still owed to callers that stopped waiting will not come.
	s.mu.Lock()
	for id, p := range s.pending {
		if p.c == c && p.abandoned {
			delete(s.pending, id)
		}
	}
	s.mu.Unlock()
	// A request in flight reports the exit itself; between requests, tell
	// the shell.
	if !closed && current && !inEval {
		s.notify(Notice{Exit: c.exit, RestartErr: restartErr})
	}
}

// replace starts a fresh evaluator in place of old, if old is still current.
func (s *Session) replace(old *child) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return ErrClosed
	}
	if s.cur != old {
		return nil
	}
	c, err := s.startChild()
	if err != nil {
		return err
	}
	s.cur = c
	return nil
}

func (s *Session) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, p := range s.pending {
		if !p.abandoned {
			return false
		}
	}
	return true
}

// deliverOutput hands output to the request running learner code, or to
// OnNotice between requests.
func (s *Session) deliverOutput(o Output) {
	s.mu.Lock()
	var h func(Output)
	for _, p := range s.pending {
		if p.onOutput != nil && !p.abandoned {
			h = p.onOutput
		}
	}
	s.mu.Unlock()
	if h != nil {
		h(o)
		return
	}
	s.notify(Notice{Output: &o})
}

func (s *Session) notify(n Notice) {
	if s.opt.OnNotice == nil {
		return
	}
	s.notifyMu.Lock()
	defer s.notifyMu.Unlock()
	s.opt.OnNotice(n)
}

// current returns the live evaluator, waiting for it to be ready.
func (s *Session) current(ctx context.Context) (*child, error) {
	s.mu.Lock()
	c, closed := s.cur, s.closed
	s.mu.Unlock()
	if closed {
		return nil, ErrClosed
	}
	select {
	case <-c.ready:
		return c, nil
	case <-c.dead:
		return nil, s.gone(c)
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-time.After(ReadyTimeout):
		return nil, s.startTimedOut(c)
	}
}

// Ready waits until the evaluator can take requests.
func (s *Session) Ready(ctx context.Context) error {
	_, err := s.current(ctx)
	return err
}

// Eval runs src as one input. Output learner code writes while it runs is
// passed to onOutput (which may be nil), in order, before Eval returns.
//
// Cancelling ctx stops the input; if the evaluator does not answer within
// CancelGrace, Eval kills it, starts a fresh one and returns ErrKilled. If
// the evaluator dies, Eval starts a fresh one and returns an *ExitError.
func (s *Session) Eval(ctx context.Context, src string, onOutput func(Output)) (Result, error) {
	if onOutput == nil {
		onOutput = func(Output) {}
	}
	return s.request(ctx, kindEval, src, onOutput)
}

// EvalLast runs src as Eval does, as the session's last input: the
// evaluator exits once it has answered, as a Go program does when its main
// returns, and no fresh one replaces it; Close then only waits for it.
// playground run runs a program so: the shell need not ask it to end.
func (s *Session) EvalLast(ctx context.Context, src string, onOutput func(Output)) (Result, error) {
	if onOutput == nil {
		onOutput = func(Output) {}
	}
	return s.send(ctx, kindEval, evalRequest{Src: src, Last: true}, onOutput, nil)
}

// EvalCheck runs src, a lesson's check, as Eval runs an input, in one
// round trip: what the check starts (tasks, processes, sockets) is the
// check's, stopped and gone from the learner's tables when it ends, and
// its value is shown without the types it was declared with.
func (s *Session) EvalCheck(ctx context.Context, src string, onOutput func(Output)) (Result, error) {
	if onOutput == nil {
		onOutput = func(Output) {}
	}
	res, err := s.send(ctx, kindEval, evalRequest{Src: src, Check: true}, onOutput, nil)
	return res, err
}

// CallCheck calls fn, a lesson's check as a Go function literal of type
// func(output string, inputs []string, restarts int) string, with args,
// as EvalCheck runs a check; Result.Value is its result, quoted. The
// evaluator keeps fn compiled from one call to the next (a compile is
// most of what a check costs) until an input defines again a name fn
// uses, or a type or a method; a fresh evaluator compiles it afresh.
func (s *Session) CallCheck(ctx context.Context, fn string, args CheckArgs, onOutput func(Output)) (Result, error) {
	if onOutput == nil {
		onOutput = func(Output) {}
	}
	return s.send(ctx, kindEval, evalRequest{Src: fn, Check: true, Args: &args}, onOutput, nil)
}

// TypeOf returns the type of expression src in Result.Text. It evaluates src.
func (s *Session) TypeOf(ctx context.Context, src string) (Result, error) {
	return s.request(ctx, kindType, src, func(Output) {})
}

// Doc returns documentation for name in Result.Text.
func (s *Session) Doc(ctx context.Context, name string) (Result, error) {
	return s.request(ctx, kindDoc, name, func(Output) {})
}

// EvalBatch runs inputs one after another in one request, saving a round
// trip per input. Each input's output goes to onOutput and then its Result
// to onResult, in order, on the session's reading goroutine. Unless
// keepGoing, the batch ends at the first input that fails. It returns the
// error Eval would for the input after the last one reported (an
// *ExitError if the evaluator died running it).
func (s *Session) EvalBatch(ctx context.Context, inputs []string, keepGoing bool, onOutput func(Output), onResult func(Result)) error {
	if onOutput == nil {
		onOutput = func(Output) {}
	}
	if len(inputs) == 0 {
		return nil
	}
	_, err := s.send(ctx, kindBatch, batchRequest{Inputs: inputs, KeepGoing: keepGoing}, onOutput, onResult)
	return err
}

func (s *Session) request(ctx context.Context, kind frameKind, src string, onOutput func(Output)) (Result, error) {
	return s.send(ctx, kind, evalRequest{Src: src}, onOutput, nil)
}

func (s *Session) send(ctx context.Context, kind frameKind, body any, onOutput func(Output), onResult func(Result)) (Result, error) {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	// The request goes at once, even to an evaluator still starting: it
	// waits in the socket, and the evaluator finds it once ready, without
	// a ready frame's round trip to here and a request's back (two
	// wake-ups of another process, a millisecond or two of an empty
	// playground run). The start-up is bounded all the same (starting).
	c, err := s.live()
	if err != nil {
		return Result{}, err
	}
	var starting <-chan struct{}    // c.ready, until it is
	var startLimit <-chan time.Time // then ReadyTimeout is up
	if !c.isReady() {
		t := time.NewTimer(ReadyTimeout)
		defer t.Stop()
		starting, startLimit = c.ready, t.C
	}
	batch := 0
	if b, ok := body.(batchRequest); ok {
		batch = len(b.Inputs)
	}
	id, p := s.register(c, kind, batch, onOutput, onResult)
	defer s.unregister(id)

	last := false
	if r, ok := body.(evalRequest); ok && r.Last {
		last = true
		c.mu.Lock()
		c.last = true
		c.mu.Unlock()
	}
	if err := c.sendBounded(kind, id, body, starting != nil); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return Result{}, s.startTimedOut(c)
		}
		return Result{}, s.gone(c)
	}
	done := ctx.Done()
	var grace <-chan time.Time
	for {
		select {
		case f := <-p.replies:
			return resultOf(f)
		case <-starting:
			starting, startLimit = nil, nil
		case <-startLimit:
			return Result{}, s.startTimedOut(c)
		case <-c.dead:
			if last {
				// Its answer came before its end, if it answered.
				select {
				case f := <-p.replies:
					return resultOf(f)
				default:
				}
			}
			return Result{}, s.gone(c)
		case <-done:
			c.req.Send(kindCancel, 0, cancelRequest{ID: id})
			if starting != nil {
				// At once, as when requests waited for the evaluator to
				// be ready; once it is, it finds the cancel behind this.
				return Result{}, ctx.Err()
			}
			done = nil
			grace = time.After(CancelGrace)
		case <-grace:
			s.kill(c)
			<-c.dead
			if c.restartErr != nil {
				return Result{}, c.restartErr
			}
			return Result{}, ErrKilled
		}
	}
}

// resultOf decodes a result frame.
func resultOf(f frame) (Result, error) {
	var res Result
	if err := f.Decode(&res); err != nil {
		return Result{}, err
	}
	return res, nil
}

// live returns the current evaluator, ready or not.
func (s *Session) live() (*child, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	return s.cur, nil
}

// isReady reports whether c has sent its ready frame.
func (c *child) isReady() bool {
	select {
	case <-c.ready:
		return true
	default:
		return false
	}
}

// sendBounded sends a request frame; to an evaluator still starting
// (bounded), for no longer than ReadyTimeout: a request larger than the
// socket holds waits for the evaluator to read.
func (c *child) sendBounded(kind frameKind, id uint64, body any, bounded bool) error {
	if d, ok := c.reqW.(interface{ SetWriteDeadline(time.Time) error }); ok && bounded {
		d.SetWriteDeadline(time.Now().Add(ReadyTimeout))
		defer d.SetWriteDeadline(time.Time{})
	}
	return c.req.Send(kind, id, body)
}

// startTimedOut ends c, which did not get ready within ReadyTimeout, and
// says so.
func (s *Session) startTimedOut(c *child) error {
	s.kill(c)
	<-c.dead
	return fmt.Errorf("the evaluator did not start within %v", ReadyTimeout)
}

// gone waits until c is reaped, and returns why it ended: afterDeath's
// error, or, if it never got ready, that it failed to start (a broken
// binary or environment).
func (s *Session) gone(c *child) error {
	<-c.dead
	if !c.isReady() {
		return fmt.Errorf("the evaluator failed to start: %s", c.exit.Reason)
	}
	return s.afterDeath(c)
}

// afterDeath waits until c is reaped and replaced, and returns the
// ExitError that says why c ended.
func (s *Session) afterDeath(c *child) error {
	<-c.dead
	if c.restartErr != nil {
		return fmt.Errorf("%s; starting a fresh evaluator failed: %w", c.exit.Reason, c.restartErr)
	}
	return c.exit
}

// register notes a request of kind about to be sent to c (a batch of
// batch inputs has one Result each).
func (s *Session) register(c *child, kind frameKind, batch int, onOutput func(Output), onResult func(Result)) (uint64, *pendingReq) {
	want := kindResult
	if kind == kindComplete {
		want = kindCompletion
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.nextID++
	p := &pendingReq{c: c, kind: kind, want: want, batch: batch, replies: make(chan frame, 1), onOutput: onOutput, onResult: onResult}
	s.pending[s.nextID] = p
	return s.nextID, p
}

// unregister forgets a request its caller no longer waits for. One whose
// reply may still come is kept, abandoned, so that the reply is known for
// one when it comes.
func (s *Session) unregister(id uint64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p := s.pending[id]
	if p == nil {
		return
	}
	select {
	case <-p.c.dead:
		delete(s.pending, id)
	default:
		p.abandoned = true
	}
}

// Meta runs one of package pg's meta commands (tasks, procs, kill) in the
// evaluator; its answer is in Result.Text. It is answered at once, even
// while an input runs.
func (s *Session) Meta(ctx context.Context, name, arg string) (Result, error) {
	return s.RunMeta(ctx, name, arg, MetaView{})
}

// MetaView is where a meta command's answer is shown, for the commands
// that draw (:timeline, :tree): the terminal's columns (0 when unknown:
// 80 is assumed) and whether the shell uses colour. It is part of the
// Session API (RunMeta).
type MetaView struct {
	Width  int
	Colour bool
}

// RunMeta is Meta for an answer shown in view.
func (s *Session) RunMeta(ctx context.Context, name, arg string, view MetaView) (Result, error) {
	c, err := s.current(ctx)
	if err != nil {
		return Result{}, err
	}
	id, p := s.register(c, kindMeta, 0, nil, nil)
	defer s.unregister(id)
	req := metaRequest{Name: name, Arg: arg, Width: view.Width, Colour: view.Colour}
	if err := c.req.Send(kindMeta, id, req); err != nil {
		return Result{}, s.afterDeath(c)
	}
	// Meta requests are answered beside anything learner code does. One
	// that goes unanswered was most likely read by learner code from the
	// request stream, which leaves every later request unanswered too.
	unanswered := time.NewTimer(metaTimeout)
	defer unanswered.Stop()
	select {
	case f := <-p.replies:
		return resultOf(f)
	case <-c.dead:
		s.afterDeath(c)
		return Result{}, ErrNoAnswer
	case <-ctx.Done():
		return Result{}, ctx.Err()
	case <-unanswered.C:
		s.condemn(c, &damageError{stream: "request", why: fmt.Sprintf("a request went unanswered for %v: something reads the evaluator's requests", metaTimeout)})
		s.afterDeath(c)
		return Result{}, ErrNoAnswer
	}
}

// metaTimeout bounds the wait for the answer to a meta request.
const metaTimeout = 10 * time.Second

// condemn ends c because its streams broke the protocol in a way its
// reader cannot see (a request that was never answered): damage is the
// reason c's ExitError gives.
func (s *Session) condemn(c *child, damage error) {
	c.mu.Lock()
	if c.condemned == nil {
		c.condemned = damage
	}
	c.mu.Unlock()
	s.kill(c)
}

// SetTerminal makes f answer the evaluator's requests for the terminal:
// raw when learner code's pg.App wants it raw, not raw when it gives it
// back. f runs on the session's reading goroutine and must return quickly. Nil,
// the default, answers that there is no terminal.
func (s *Session) SetTerminal(f func(raw bool) TermReply) {
	s.mu.Lock()
	s.terminal = f
	s.mu.Unlock()
}

// Complete returns completion candidates for line with the cursor at byte
// offset pos. It answers nothing (and no error) while the evaluator is
// starting or busy for longer than ctx allows.
func (s *Session) Complete(ctx context.Context, line string, pos int) ([]Candidate, error) {
	c, err := s.current(ctx)
	if err != nil {
		return nil, err
	}
	id, p := s.register(c, kindComplete, 0, nil, nil)
	defer s.unregister(id)
	if err := c.req.Send(kindComplete, id, completeRequest{Line: line, Pos: pos}); err != nil {
		return nil, err
	}
	select {
	case f := <-p.replies:
		var comp completionReply
		err := f.Decode(&comp)
		return comp.Candidates, err
	case <-c.dead:
		return nil, s.afterDeath(c)
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Input writes b to the evaluator's standard input (when Options.Stdin was nil).
func (s *Session) Input(b []byte) error {
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	if c.stdin == nil {
		return errors.New("the evaluator reads its own standard input")
	}
	_, err := c.stdin.Write(b)
	return err
}

// PID returns the process id of the current evaluator.
func (s *Session) PID() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.cur.pid
}

// Restart stops the evaluator and starts a fresh one: every definition is gone.
func (s *Session) Restart() error {
	s.reqMu.Lock()
	defer s.reqMu.Unlock()
	s.mu.Lock()
	c := s.cur
	s.mu.Unlock()
	s.mu.Lock()
	n, err := s.startChild()
	if err == nil {
		s.cur = n
	}
	s.mu.Unlock()
	s.stop(c)
	return err
}

// Close stops the evaluator and everything in its process group, and reaps
// it. It is safe to call more than once.
func (s *Session) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	c := s.cur
	s.mu.Unlock()
	s.stop(c)
	return nil
}

// stop ends c: first by closing its request stream (it exits on EOF), then
// by force.
func (s *Session) stop(c *child) {
	c.reqW.Close()
	if c.stdin != nil {
		c.stdin.Close()
	}
	select {
	case <-c.dead:
	case <-time.After(closeGrace):
		s.kill(c)
		<-c.dead
	}
	killLeftovers(c.pid)
	s.reapOrphans()
}

// reapOrphans stops the processes of this session that a dead evaluator
// left behind and nothing else stopped. On Linux the evaluator's reaper
// ends them all; only if the reaper itself was killed (learner code can
// kill its parent) do they come here. As a subreaper this process becomes
// their parent; those that carry the session's token in their
// environment are killed and reaped. Other children are left alone.
func (s *Session) reapOrphans() {
	s.mu.Lock()
	live := s.cur.pid
	s.mu.Unlock()
	killOrphans(sessionEnv+"="+s.token, live)
}

// kill ends the evaluator at once, and everything it started.
func (s *Session) kill(c *child) {
	killChild(c.proc, c.dead)
}

// closerFunc makes a function an io.Closer.
type closerFunc func()

func (f closerFunc) Close() error { f(); return nil }

// evaluatorStart is what startEvaluator starts: an evaluator's program,
// arguments, environment and directory, and its files: stdin as fd 0,
// extra from fd 3 on. Its standard output and error are a pipe
// startEvaluator makes.
type evaluatorStart struct {
	path  string
	argv  []string
	env   []string
	dir   string
	stdin *os.File
	extra []*os.File
}
