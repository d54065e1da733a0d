package lessons

import (
	"context"
	"fmt"
	"go/token"
	"runtime"
	"sync"
	"time"
)

// settleTime bounds how long lessons check waits for what a solution does
// in the background: its check to pass, or the crash it causes.
const settleTime = 3 * time.Second

// A Sandbox is a fresh session in which `lessons check` plays the
// learner: it runs shell input as typed and evaluates checks.
type Sandbox interface {
	Session
	// Run runs src, shell input (Go code and meta commands) as if the
	// learner typed it, and returns what it printed; err says which
	// input failed.
	Run(ctx context.Context, src string) (printed string, err error)
	// Printed is what learner code printed since the last Run began,
	// background tasks' output included.
	Printed() string
	// Restarts counts the times the evaluator ended and a fresh one
	// started.
	Restarts() int
	Close() error
}

// A Problem is one thing wrong with a lesson, at a line of its file.
type Problem struct {
	File string
	Line int
	Step int // 0 for the whole lesson
	Msg  string
	// Warn marks a problem that does not fail the lesson, such as a
	// solution that passed its check only on a second try.
	Warn bool
}

func (p Problem) String() string {
	where := p.File
	if p.Line > 0 {
		where = fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	if p.Step > 0 {
		return fmt.Sprintf("%s: step %d: %s", where, p.Step, p.Msg)
	}
	return where + ": " + p.Msg
}

// Verify proves lesson l: for every step, in fresh sandboxes that first
// replay the earlier steps' solutions, the check fails before the learner
// has done anything and after the example ran (which must run), fails on
// every wrong answer (with a message), and passes on the solution and on
// every answer that is also right. Each step also needs two hints and a
// wrong answer. done, if not nil, is called after each step.
func Verify(ctx context.Context, l *Lesson, newSandbox func() (Sandbox, error), done func(step int)) []Problem {
	return VerifyIn(ctx, nil, l, newSandbox, done)
}

// A Pool bounds the sandboxes at work at once over lessons proven side
// by side (VerifyIn), as Verify bounds them over the steps of one.
type Pool struct{ slots *slotQueue }

// NewPool returns a pool of n sandboxes at work at once.
func NewPool(n int) *Pool { return &Pool{slots: &slotQueue{free: n}} }

// SandboxesAtOnce is how many sandboxes Verify keeps at work at once for
// a lesson: its steps and a step's wrong answers are proven side by side
// (most of the time is spent waiting: for a check's time limit, an app's
// run, a child's exit; on 2 cores the gui track's sandboxes used a fifth
// of the CPU at 4 at once, and 16 took it from 54 s to 20 s).
const SandboxesAtOnce = 16

// MeasuresMachine reports whether l's checks measure the machine's cores
// (requires: cpus): its answers are judged one at a time, and it must be
// proven while no other lesson is.
func MeasuresMachine(l *Lesson) bool { return l.Requires.CPUs > 0 }

// VerifyIn is Verify with its sandboxes taken from pool (nil: a pool of
// SandboxesAtOnce of its own). A lesson that measures the machine takes
// none from it: its sandboxes are prepared side by side, a few at a time,
// and its answers are judged one at a time while nothing else of it runs.
func VerifyIn(ctx context.Context, pool *Pool, l *Lesson, newSandbox func() (Sandbox, error), done func(step int)) []Problem {
	var turns turnTaker
	serial := MeasuresMachine(l)
	if serial {
		turns = newJudgeAlone(runtime.NumCPU())
	} else {
		if pool == nil {
			pool = NewPool(SandboxesAtOnce)
		}
		turns = pool.slots
	}
	crashes := newCrashCounts(len(l.Steps))
	if !serial {
		// Counted in a sandbox of its own while the steps are proven:
		// a replay waits only for the count of the solution it replays.
		counted := make(chan struct{})
		go func() {
			defer close(counted)
			solutionCrashes(ctx, l, newSandbox, crashes)
		}()
		defer func() { <-counted }()
	}
	found := make([][]Problem, len(l.Steps))
	proveStep := func(i int) {
		s, n := l.Steps[i], i+1
		add := func(line int, format string, args ...any) {
			found[i] = append(found[i], Problem{File: l.File, Line: line, Step: n, Msg: fmt.Sprintf(format, args...)})
		}
		if len(s.Hints) < 2 {
			add(s.Line, "%q has %d hint(s); a step needs at least two", s.Title, len(s.Hints))
		}
		if len(s.Wrong) == 0 {
			add(s.Line, "%q has no ### Wrong answer to prove its check with", s.Title)
		}
		more, crashed := verifyStep(ctx, l, n, newSandbox, crashes, turns)
		found[i] = append(found[i], more...)
		if serial {
			crashes.set(i, crashed)
		}
		if done != nil {
			done(n)
		}
	}
	if serial {
		for i := range l.Steps {
			if proveStep(i); ctx.Err() != nil {
				break
			}
		}
	} else {
		var wg sync.WaitGroup
		for i := range l.Steps {
			wg.Add(1)
			go func() {
				defer wg.Done()
				proveStep(i)
			}()
		}
		wg.Wait()
	}
	var problems []Problem
	for _, f := range found {
		problems = append(problems, f...)
	}
	return problems
}

// A turnTaker says when a part of a step's proof may work: it calls
// prepare before it starts a sandbox and replays the earlier solutions,
// judge once that is done and before it runs and checks an answer, and
// done once the sandbox is closed. priority is the step's number.
type turnTaker interface {
	prepare(priority int)
	judge()
	done()
}

// A slotQueue is a turnTaker that holds a slot from prepare to done.
func (sl *slotQueue) prepare(priority int) { sl.take(priority) }
func (sl *slotQueue) judge()               {}
func (sl *slotQueue) done()                { sl.give() }

// judgeAlone is the turnTaker of a lesson that measures the machine:
// sandboxes are prepared side by side (replays only need to run), at most
// one a core, and an answer is judged while nothing else of the lesson
// works, not even a preparation. Replaying the earlier solutions was most
// of such a lesson's time (the parallelism track: 22 of 36 s).
type judgeAlone struct {
	alone sync.RWMutex  // read-held to prepare, held to judge
	cores chan struct{} // bounds the preparations at once
}

func newJudgeAlone(cores int) *judgeAlone {
	return &judgeAlone{cores: make(chan struct{}, max(cores, 1))}
}

func (j *judgeAlone) prepare(int) {
	j.cores <- struct{}{}
	j.alone.RLock()
}

// judge waits for the preparations under way to end; a waiting judge
// holds back new ones (sync.RWMutex lets no reader in while a writer
// waits).
func (j *judgeAlone) judge() {
	j.alone.RUnlock()
	<-j.cores
	j.alone.Lock()
}

func (j *judgeAlone) done() { j.alone.Unlock() }

// A slotQueue bounds the sandboxes at work at once; a waiting sandbox
// of a higher priority gets the next free slot before lower ones.
type slotQueue struct {
	mu      sync.Mutex
	free    int
	waiting map[int][]chan struct{} // by priority, oldest first
}

func (sl *slotQueue) take(priority int) {
	sl.mu.Lock()
	if sl.free > 0 {
		sl.free-- // nobody waits while a slot is free
		sl.mu.Unlock()
		return
	}
	if sl.waiting == nil {
		sl.waiting = map[int][]chan struct{}{}
	}
	turn := make(chan struct{})
	sl.waiting[priority] = append(sl.waiting[priority], turn)
	sl.mu.Unlock()
	<-turn
}

// give hands the slot to the first waiter of the highest priority.
func (sl *slotQueue) give() {
	sl.mu.Lock()
	defer sl.mu.Unlock()
	top, found := 0, false
	for p := range sl.waiting {
		if !found || p > top {
			top, found = p, true
		}
	}
	if !found {
		sl.free++
		return
	}
	q := sl.waiting[top]
	close(q[0])
	if len(q) == 1 {
		delete(sl.waiting, top)
	} else {
		sl.waiting[top] = q[1:]
	}
}

// crashCounts holds how many times each step's solution crashed the
// evaluator (a lesson may ask for a crash), so that replays wait for it;
// known[j] is closed once step j+1's count is in.
type crashCounts struct {
	n     []int
	known []chan struct{}
}

func newCrashCounts(steps int) *crashCounts {
	c := &crashCounts{n: make([]int, steps), known: make([]chan struct{}, steps)}
	for j := range c.known {
		c.known[j] = make(chan struct{})
	}
	return c
}

// set records step j+1's count, unless it is known already (set by one
// goroutine only).
func (c *crashCounts) set(j, n int) {
	select {
	case <-c.known[j]:
	default:
		c.n[j] = n
		close(c.known[j])
	}
}

// get waits for step j+1's count.
func (c *crashCounts) get(ctx context.Context, j int) int {
	select {
	case <-c.known[j]:
		return c.n[j]
	case <-ctx.Done():
		return 0
	}
}

// solutionCrashes sets how many times each step's solution crashed the
// evaluator (the last step's is no replay's concern); a count it cannot
// learn is 0. A solution may crash it after its input ended only when
// its check reads restarts (the solution's proof makes sure): the
// others' counts are 0 at once. Those that read restarts are counted by
// solving the steps up to them in one sandbox, in order, each such
// solution tried as the learner's work (its check waits for the crash).
// Whether they pass is for each step's proof.
func solutionCrashes(ctx context.Context, l *Lesson, newSandbox func() (Sandbox, error), crashes *crashCounts) {
	last := -1 // the last step to count
	for j, s := range l.Steps {
		if j < len(l.Steps)-1 && readsRestarts(s.Check) {
			last = j
		} else {
			crashes.set(j, 0)
		}
	}
	j := 0
	defer func() {
		for ; j <= last; j++ {
			crashes.set(j, 0)
		}
	}()
	if last < 0 {
		return
	}
	sb, err := newSandbox()
	if err != nil {
		return // the steps' proofs will say so
	}
	defer sb.Close()
	for ; j <= last && ctx.Err() == nil; j++ {
		s := l.Steps[j]
		if !readsRestarts(s.Check) {
			sb.Run(ctx, s.Solution)
			continue
		}
		base := sb.Restarts()
		tryAnswer(ctx, sb, l, s, s.Solution, settleTime)
		crashes.set(j, sb.Restarts()-base)
	}
}

// readsRestarts reports whether a check's body uses restarts.
func readsRestarts(check string) bool {
	found := false
	scan(check, func(tok token.Token, lit string) bool {
		found = tok == token.IDENT && lit == "restarts"
		return !found
	})
	return found
}

// tryAnswer runs code in sb as the learner's attempt at step s and checks
// it; with patience, a failing check is retried for a while (a solution
// may finish in the background). An input that crashed the evaluator is
// not an error: a lesson may ask for a crash, and the check judges.
// late is how many times the evaluator crashed after the input ended.
func tryAnswer(ctx context.Context, sb Sandbox, l *Lesson, s *Step, code string, patience time.Duration) (v Verdict, late int, runErr error) {
	base := sb.Restarts()
	_, runErr = sb.Run(ctx, code)
	ran := sb.Restarts()
	if ran > base {
		runErr = nil
	}
	deadline := time.Now().Add(patience)
	for {
		a := Attempt{Inputs: []string{code}, Restarts: sb.Restarts() - base}
		a.AddOutput(sb.Printed())
		v := Check(ctx, sb, l, s, a)
		if v.Interrupted {
			a.Restarts = sb.Restarts() - base
			v = Check(ctx, sb, l, s, a)
		}
		if v.Pass || v.Broken || runErr != nil || ctx.Err() != nil || time.Now().After(deadline) {
			return v, sb.Restarts() - ran, runErr
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// verifyStep proves one step's check.
//
// Its sandboxes work side by side, each when turns lets it: many wait
// out a check's time limit (an answer that hangs is wrong), an app's
// run, a child's exit. crashes says how often each
// earlier step's solution crashes the evaluator, and crashed is how
// often this step's did.
func verifyStep(ctx context.Context, l *Lesson, n int, newSandbox func() (Sandbox, error), crashes *crashCounts, turns turnTaker) (problems []Problem, crashed int) {
	s := l.Steps[n-1]
	// found[k] is what the k-th part of the proof found, each part in a
	// goroutine of its own: the check before the learner did anything
	// and the example (then the first wrong answer, in their sandbox),
	// the other wrong answers, the solution, the answers also right.
	found := make([][]Problem, 1+len(s.Wrong)+1+len(s.AlsoRight))
	type adder = func(line int, format string, args ...any)
	addTo := func(k int) adder {
		return func(line int, format string, args ...any) {
			found[k] = append(found[k], Problem{File: l.File, Line: line, Step: n, Msg: fmt.Sprintf(format, args...)})
		}
	}
	// A replay that fails fails in every sandbox: said once.
	var prepFailed sync.Once
	// prepared takes a turn and returns a sandbox in which steps 1..n-1
	// were solved, ready to judge an answer in; what went wrong goes to
	// add. Once it returned, call turns.done after closing the sandbox,
	// whether or not it was ready.
	prepared := func(add adder) (Sandbox, bool) {
		turns.prepare(n)
		defer turns.judge()
		sb, err := newSandbox()
		if err != nil {
			prepFailed.Do(func() { add(s.Line, "starting a session: %v", err) })
			return nil, false
		}
		for j := 0; j < n-1; j++ {
			base := sb.Restarts()
			_, err := sb.Run(ctx, l.Steps[j].Solution)
			if err != nil && sb.Restarts() == base {
				prepFailed.Do(func() { add(l.Steps[j].Line, "replaying the solution of step %d failed: %v", j+1, err) })
				sb.Close()
				return nil, false
			}
			// A solution that crashes the evaluator may do so after its
			// input ended: let it, before the next step begins.
			want := crashes.get(ctx, j)
			for deadline := time.Now().Add(settleTime); sb.Restarts()-base < want && time.Now().Before(deadline); {
				time.Sleep(10 * time.Millisecond)
			}
		}
		return sb, true
	}
	// A later step's sandboxes replay more, and go first (the priority
	// of turns.prepare): the longest work begins soonest, and the lesson
	// ends sooner.

	// tryWrong runs wrong answer i in sb, which it closes.
	tryWrong := func(sb Sandbox, i int) {
		w, add := s.Wrong[i], addTo(1+i)
		v, _, _ := tryAnswer(ctx, sb, l, s, w.Code, 0) // a wrong answer may well fail to run: the check decides
		sb.Close()
		switch {
		case v.Broken:
			add(w.Line, "%s", v.Msg)
		case v.Pass:
			add(w.Line, "wrong answer %d passes the check", i+1)
		case v.Msg == "":
			add(w.Line, "wrong answer %d fails the check without saying why", i+1)
		}
	}
	// mustPass proves that code passes the check. A check that measures
	// time may meet a moment when the machine is busy: a second try in
	// a fresh sandbox is allowed, and said.
	mustPass := func(k int, code string, line int, what string) (crashed int) {
		add := addTo(k)
		var first string
		for attempt := 1; attempt <= 2; attempt++ {
			sb, ok := prepared(add)
			if !ok {
				turns.done()
				return 0
			}
			base := sb.Restarts()
			v, late, err := tryAnswer(ctx, sb, l, s, code, settleTime)
			crashed = sb.Restarts() - base
			if late > 0 && code == s.Solution && !readsRestarts(s.Check) {
				// Replays wait only for the crashes of a solution whose
				// check reads restarts.
				add(line, "%s crashed the evaluator after its input ended, and the check does not read restarts: make it read restarts, so that replays of the solution wait for the crash", what)
			}
			sb.Close()
			turns.done()
			switch {
			case err != nil:
				add(line, "%s fails: %v", what, err)
			case v.Broken:
				add(s.CheckLine, "%s", v.Msg)
			case !v.Pass && attempt == 1 && ctx.Err() == nil:
				first = v.Msg
				continue
			case !v.Pass:
				add(line, "%s does not pass the check: %s", what, v.Msg)
			case first != "":
				found[k] = append(found[k], Problem{File: l.File, Line: line, Step: n, Warn: true,
					Msg: fmt.Sprintf("%s passed its check only on a second try (the first said: %s); does the check depend on timing?", what, first)})
			}
			break
		}
		return crashed
	}

	var wg sync.WaitGroup
	goDo := func(f func()) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f()
		}()
	}
	goDo(func() {
		add := addTo(0)
		sb, ok := prepared(add)
		defer turns.done()
		if !ok {
			return
		}
		// Before the learner does anything, the check must fail.
		v := Check(ctx, sb, l, s, Attempt{})
		switch {
		case v.Broken:
			add(s.CheckLine, "%s", v.Msg)
		case v.Pass:
			add(s.CheckLine, "the check passes before the learner has done anything")
		}
		// The example must run, and must not do the task for the learner.
		if s.Example != "" && !v.Pass {
			if _, err := sb.Run(ctx, s.Example); err != nil {
				add(s.Line, "the example (```go example) fails: %v", err)
			} else if v := Check(ctx, sb, l, s, Attempt{}); v.Pass {
				add(s.CheckLine, "the check passes after only :run of the example")
			}
		}
		if len(s.Wrong) == 0 {
			sb.Close()
			return
		}
		tryWrong(sb, 0)
	})
	// Each other wrong answer in a sandbox of its own.
	for i := 1; i < len(s.Wrong); i++ {
		goDo(func() {
			if sb, ok := prepared(addTo(1 + i)); ok {
				tryWrong(sb, i)
			}
			turns.done()
		})
	}
	// The solution must pass, and so must every answer that is also
	// right.
	goDo(func() { crashed = mustPass(1+len(s.Wrong), s.Solution, s.Line, "the solution") })
	for i, a := range s.AlsoRight {
		goDo(func() { mustPass(2+len(s.Wrong)+i, a.Code, a.Line, fmt.Sprintf("also right answer %d", i+1)) })
	}
	wg.Wait()
	for _, f := range found {
		problems = append(problems, f...)
	}
	return problems, crashed
}
