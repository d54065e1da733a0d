// Package shell is the playground's front end: the interactive prompt on a
// terminal (go-prompt), the same shell reading a file or a pipe, the meta
// commands, history and colour. It runs no learner code itself: every
// input goes to an interp.Session, whose evaluator process may crash and
// be restarted while the shell and its state carry on.
package shell

import (
	"context"
	"errors"
	"fmt"
	"go/scanner"
	"go/token"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/learn-concurrency/playground/internal/ownfile"
	"github.com/learn-concurrency/playground/interp"
	"github.com/learn-concurrency/playground/lessons"
)

// Config configures a Shell. The zero value reads nothing, writes nothing
// and keeps no history; Run and RunTerminal fill in what they need.
type Config struct {
	// Stdin is what Run reads for "-", and learner code's standard input
	// when Run reads a named file. If nil, it is os.Stdin.
	Stdin *os.File
	// Stdout and Stderr receive what the shell shows. If nil, output is discarded.
	Stdout, Stderr io.Writer
	// Colour turns on ANSI colour.
	Colour bool
	// HistoryFile is where interactive history is kept; "" means none.
	HistoryFile string
	// KeepGoing makes Run go on after an input fails.
	KeepGoing bool
	// Session configures the evaluator. Its OnNotice is set by the shell.
	Session interp.Options
	// Version is shown in the banner.
	Version string
	// Lessons are the lessons the shell offers; nil means the
	// playground's own.
	Lessons []*lessons.Lesson
	// ProgressFile keeps lesson progress; "" keeps it in memory only.
	ProgressFile string
	// OpenLesson, if set, is the lesson the shell opens at start, at
	// step OpenStep (0: where the learner was).
	OpenLesson string
	OpenStep   int

	// lazyLessons, set by Run and RunTerminal, leaves the lessons unread
	// until an input needs them (or OpenLesson is set): a program or a
	// session that opens no lesson never pays for reading them, and the
	// first prompt does not wait for them.
	lazyLessons bool
}

// Shell runs inputs (Go code and meta commands) against one session.
// Its methods are not safe for concurrent use.
type Shell struct {
	cfg  Config
	sess *interp.Session
	p    *printer

	// replay holds the Go inputs that succeeded since the last :reset, so
	// :replay can rebuild the session after a crash or a restart. Notices
	// read its length from the session's goroutine, hence the lock.
	// origins says where each recent input came from, for tracebacks.
	origins inputOrigins

	replayMu sync.Mutex
	replay   []string
	// inputNotes keep what :save needs to know of the inputs in replay.
	inputNotes inputNotes
	// dropped is an input just left out of replay, for the next report.
	dropped string
	// notice, if set, prints a notice from the session (the terminal
	// front end prints above the prompt); otherwise notices print directly.
	notice func(func())

	// tutor holds the lessons and the learner's progress in them, once
	// read (lessonTutor); nil before. Notices read it from the session's
	// goroutine.
	tutor     atomic.Pointer[lessons.Tutor]
	tutorOnce sync.Once
	tutorErr  error
	// width, if set, tells the terminal's width.
	width func() int
	// crashes counts the evaluators that ended on their own (not by
	// :restart), for lessons about crashing.
	crashes atomic.Int64
	// onPrinted, if set, sees what learner code prints.
	onPrinted func(string)
	// checking counts the lesson checks running: they get no terminal.
	checking atomic.Int32
	// runningExample is set while :run runs a lesson's example.
	runningExample bool
	// checkPending is set while a background check of the open lesson
	// step is due.
	checkPending atomic.Bool
	// bgChecks holds the cancel functions of the lesson checks running in
	// the background after an input (on a terminal).
	bgChecks struct {
		sync.Mutex
		next   int
		cancel map[int]context.CancelFunc
	}
}

// New starts a shell and its evaluator.
func New(cfg Config) (*Shell, error) {
	if cfg.Stdout == nil {
		cfg.Stdout = io.Discard
	}
	if cfg.Stderr == nil {
		cfg.Stderr = io.Discard
	}
	sh := &Shell{cfg: cfg, p: newPrinter(cfg.Stdout, cfg.Stderr, cfg.Colour)}
	// The evaluator starts first, and the lessons are read while it
	// starts (in its own processes): it takes longer to be ready than
	// they take to read, and the first input waits for it anyway. Run
	// and RunTerminal read them only when an input needs them.
	opt := cfg.Session
	opt.OnNotice = sh.onNotice
	sess, err := interp.Start(opt)
	if err != nil {
		return nil, err
	}
	sh.sess = sess
	if !cfg.lazyLessons || cfg.OpenLesson != "" {
		if sh.lessonTutor(); sh.tutorErr != nil {
			sess.Close()
			return nil, sh.tutorErr
		}
	}
	return sh, nil
}

// lessonTutor reads the lessons and the learner's progress, the first
// time it is called, and returns the tutor that holds them. Lessons that
// cannot be read leave it with none, and the error in tutorErr.
func (sh *Shell) lessonTutor() *lessons.Tutor {
	sh.tutorOnce.Do(func() {
		all := sh.cfg.Lessons
		if all == nil {
			var err error
			if all, err = lessons.Builtin(); err != nil {
				sh.tutorErr = fmt.Errorf("the playground's own lessons: %w", err)
				sh.p.errorf("%v", sh.tutorErr)
			}
		}
		tutor, warning := lessons.NewTutor(all, &lessons.Store{Path: sh.cfg.ProgressFile}, sh.lessonStyle)
		if warning != "" {
			sh.p.warnf("%s", warning)
		}
		sh.tutor.Store(tutor)
	})
	return sh.tutor.Load()
}

// openTutor is the tutor if the lessons were read and a lesson is open,
// else nil.
func (sh *Shell) openTutor() *lessons.Tutor {
	if t := sh.tutor.Load(); t != nil && t.Active() {
		return t
	}
	return nil
}

// Close stops the evaluator and everything it started.
func (sh *Shell) Close() error { return sh.sess.Close() }

func (sh *Shell) onNotice(n interp.Notice) {
	show := func() {
		switch {
		case n.Output != nil:
			sh.p.output(*n.Output)
		case n.Busy != nil && len(n.Busy.Tasks) > 0:
			first := strings.Fields(n.Busy.Tasks[0])[0]
			what := "the task " + n.Busy.Tasks[0] + " is"
			if len(n.Busy.Tasks) > 1 {
				what = "the tasks " + strings.Join(n.Busy.Tasks, ", ") + " are"
			}
			sh.p.warnf("the evaluator is still busy (%.0f%% of a core) after your input ended: %s still running.", n.Busy.CPU, what)
			sh.p.warnf(":kill %s cancels its ctx (it stops if it checks ctx.Err() or ctx.Done()); :restart stops anything (then :replay).", first)
		case n.Busy != nil:
			sh.p.warnf("the evaluator is still busy (%.0f%% of a core) after your input ended: a goroutine is still running.", n.Busy.CPU)
			sh.p.warnf("Ctrl-C cannot stop a goroutine started with go that never waits; :restart stops it (then :replay).")
		case n.Exit != nil:
			sh.reportExit(n.Exit, n.RestartErr, origin{})
		}
	}
	// An open lesson sees it at once, not when the prompt gets to show
	// it: output or a crash between inputs may be what the step asks for.
	switch {
	case n.Output != nil:
		sh.printed(n.Output.Data)
		sh.checkSoon()
	case n.Exit != nil:
		sh.noteExit()
		sh.dropCrashingInput()
		sh.checkSoon()
	}
	if sh.notice != nil {
		sh.notice(show)
		return
	}
	show()
}

// output shows what learner code printed, and lets an open lesson see it.
func (sh *Shell) output(o interp.Output) {
	sh.p.output(o)
	sh.printed(o.Data)
}

// printed lets an open lesson (and a sandbox) see what learner code printed.
func (sh *Shell) printed(data string) {
	if t := sh.openTutor(); t != nil {
		t.Output(data)
	}
	if sh.onPrinted != nil {
		sh.onPrinted(data)
	}
}

// noteExit counts an evaluator that ended on its own.
func (sh *Shell) noteExit() {
	sh.crashes.Add(1)
	if t := sh.openTutor(); t != nil {
		t.Restarted()
	}
}

// reportExit says in plain words that the evaluator ended, and what the
// learner can do about it.
//
// from is where the input that was running came from (for the frames of
// a panic's traceback), the zero origin between inputs.
func (sh *Shell) reportExit(e *interp.ExitError, restartErr error, from origin) {
	sh.p.errorf("%s", e.Reason)
	if _, tb := sh.crashTrace(e, from, false); tb != "" {
		sh.p.errorf("%s", tb)
	}
	if restartErr != nil {
		sh.p.errorf("starting a fresh evaluator failed: %v", restartErr)
		return
	}
	sh.p.warnf("%s", sh.freshLine())
}

func (sh *Shell) freshLine() string {
	sh.replayMu.Lock()
	dropped := sh.dropped
	sh.dropped = ""
	sh.replayMu.Unlock()
	line := sh.freshLine1()
	if dropped != "" {
		line += fmt.Sprintf("\n(:replay leaves out your last input, %s: the goroutine it started most likely crashed the evaluator.)", firstLine(dropped))
	}
	return line
}

func (sh *Shell) freshLine1() string {
	switch n := sh.replayLen(); n {
	case 0:
		return "started a fresh evaluator."
	case 1:
		return "started a fresh evaluator; its definitions are gone: :replay reruns the 1 input that succeeded."
	default:
		return fmt.Sprintf("started a fresh evaluator; its definitions are gone: :replay reruns the %d inputs that succeeded.", n)
	}
}

// dropCrashingInput leaves out of :replay the last input, when the
// evaluator crashed after it ended and it started a goroutine with go: that
// goroutine most likely crashed it, and replaying it would crash again.
func (sh *Shell) dropCrashingInput() {
	sh.replayMu.Lock()
	defer sh.replayMu.Unlock()
	if n := len(sh.replay); n > 0 && startsGoroutine(sh.replay[n-1]) {
		sh.dropped = sh.replay[n-1]
		sh.replay = sh.replay[:n-1]
	}
}

// startsGoroutine reports whether src has a go statement.
func startsGoroutine(src string) bool {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, _ := sc.Scan()
		switch tok {
		case token.GO:
			return true
		case token.EOF:
			return false
		}
	}
}

func (sh *Shell) replayLen() int {
	sh.replayMu.Lock()
	defer sh.replayMu.Unlock()
	return len(sh.replay)
}

// takeReplay returns the inputs to replay and forgets them.
func (sh *Shell) takeReplay() []string {
	sh.replayMu.Lock()
	defer sh.replayMu.Unlock()
	inputs := sh.replay
	sh.replay = nil
	return inputs
}

// origin says where an input came from, for error positions.
type origin struct {
	file string // "" for typed input
	line int    // line of the input's first line in file
}

func (o origin) pos(line, col int) string {
	if o.file == "" {
		return fmt.Sprintf("%d:%d", line, col)
	}
	return fmt.Sprintf("%s:%d:%d", o.file, o.line+line-1, col)
}

// frame maps a "line:col" position of a panicking frame to the learner's file.
func (o origin) frame(pos string) string {
	l, c, ok := strings.Cut(pos, ":")
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if !ok || err1 != nil || err2 != nil {
		return pos
	}
	return o.pos(line, col)
}

// outcome is what became of one input.
type outcome int

const (
	succeeded outcome = iota
	failed
	quit
)

// errQuit is returned by meta commands that end the shell.
var errQuit = errors.New("quit")

// execute runs one complete input, a meta command or Go code, and lets
// an open lesson check it.
func (sh *Shell) execute(ctx context.Context, input string, from origin) outcome {
	res, crashed := sh.executeOnly(ctx, input, from)
	if res != quit {
		sh.afterInput(ctx, input, res == succeeded || crashed)
	}
	return res
}

// executeOnly runs one input, without the lesson's check; crashed says
// the evaluator crashed meanwhile.
func (sh *Shell) executeOnly(ctx context.Context, input string, from origin) (res outcome, crashed bool) {
	// An input may wait for a lesson's check still running in the
	// background: Ctrl-C cancels that check too.
	stop := context.AfterFunc(ctx, sh.cancelBackgroundChecks)
	defer stop()
	crashes := sh.crashes.Load()
	res = sh.execute1(ctx, input, from)
	return res, sh.crashes.Load() > crashes
}

func (sh *Shell) execute1(ctx context.Context, input string, from origin) outcome {
	trimmed := strings.TrimSpace(input)
	if trimmed == "" {
		return succeeded
	}
	if strings.HasPrefix(trimmed, ":") {
		err := sh.meta(ctx, trimmed, from)
		switch {
		case errors.Is(err, errQuit):
			return quit
		case err != nil:
			sh.p.errorf("%v", err)
			return failed
		}
		return succeeded
	}
	return sh.evalGo(ctx, input, from)
}

// evalGo sends Go code to the evaluator and shows what came back.
func (sh *Shell) evalGo(ctx context.Context, src string, from origin) outcome {
	stop := sh.watchInput(ctx)
	res, err := sh.sess.Eval(ctx, src, sh.output)
	stop()
	if err != nil {
		sh.evalFailed(err, from)
		return failed
	}
	return sh.show(res, src, from)
}

// inputWaitAfter is how long an input runs before the shell asks the
// evaluator whether it is stuck; it asks again after twice as long each
// time (4 s, 8 s, …), since goroutines that kept a wait open may all come
// to wait later.
const inputWaitAfter = 2 * time.Second

// watchInput asks the evaluator, once the input has run for
// inputWaitAfter and then less and less often, whether it
// waits on something only the learner's own goroutines could give it,
// none of which can run (a deadlock, which the runtime cannot see in the
// evaluator), and says so, once. The function it returns ends the watch
// when the input ends.
func (sh *Shell) watchInput(ctx context.Context) (stop func()) {
	var mu sync.Mutex
	ended := false
	start := time.Now()
	next := inputWaitAfter
	var t *time.Timer
	ask := func() {
		waited := time.Since(start).Round(time.Second)
		res, err := sh.sess.Meta(ctx, interp.InputWaitMeta, waited.String())
		mu.Lock()
		defer mu.Unlock()
		if ended || err != nil {
			return
		}
		if res.Text != "" {
			sh.p.warnf("%s", res.Text)
			return
		}
		next *= 2
		t.Reset(time.Until(start.Add(next)))
	}
	mu.Lock()
	t = time.AfterFunc(inputWaitAfter, ask)
	mu.Unlock()
	return func() {
		mu.Lock()
		ended = true
		t.Stop()
		mu.Unlock()
	}
}

// show shows an input's result and remembers a success for :replay.
func (sh *Shell) show(res interp.Result, src string, from origin) outcome {
	sh.origins.note(sh.sess.PID(), res.In, from, src)
	if res.Err != nil {
		at, tb := sh.resultTrace(res, from, false)
		sh.p.evalError(res.Err, from, at, tb)
		return failed
	}
	sh.p.result(res)
	sh.noteInput(src, from, res)
	sh.replayMu.Lock()
	sh.replay = append(sh.replay, src)
	sh.replayMu.Unlock()
	return succeeded
}

// evalFailed explains an input that got no result: the evaluator died,
// was killed after Ctrl-C, or could not be reached.
func (sh *Shell) evalFailed(err error, from origin) {
	var ee *interp.ExitError
	switch {
	case errors.As(err, &ee):
		sh.noteExit()
		if from.file != "" && len(ee.Frames) > 0 {
			ee.Reason = ee.ReasonAt(from.frame(ee.Frames[0]))
		}
		sh.reportExit(ee, nil, from)
	case errors.Is(err, interp.ErrKilled):
		sh.p.errorf("%v", err)
		sh.p.warnf("%s", sh.freshLine())
	case errors.Is(err, context.Canceled):
		sh.p.errorf("interrupted")
	default:
		sh.p.errorf("%v", err)
	}
}

// runInputs runs a file of shell input. It stops at the first failure
// unless keepGoing, and reports whether every input succeeded, and whether
// an input asked to quit. Consecutive Go inputs go to the evaluator as one
// batch: a script does not wait for a round trip per line.
func (sh *Shell) runInputs(ctx context.Context, r io.Reader, name string, keepGoing bool) (allOK, quitting bool, err error) {
	var inputs []input
	sc := newInputScanner(r)
	for sc.Scan() {
		inputs = append(inputs, sc.Input())
	}
	if err := sc.Err(); err != nil {
		return false, false, err
	}
	allOK = true
	for i := 0; i < len(inputs); {
		// With a lesson open each input is checked on its own: no batches.
		if isMeta(inputs[i].Text) || sh.openTutor() != nil {
			switch sh.execute(ctx, inputs[i].Text, origin{file: name, line: inputs[i].Line}) {
			case quit:
				return allOK, true, nil
			case failed:
				allOK = false
				if !keepGoing {
					return false, false, nil
				}
			}
			i++
		} else {
			j := i
			for j < len(inputs) && !isMeta(inputs[j].Text) {
				j++
			}
			n, ok := sh.evalBatch(ctx, inputs[i:j], name, keepGoing)
			if !ok {
				allOK = false
				if !keepGoing {
					return false, false, ctx.Err()
				}
			}
			i += n
		}
		if ctx.Err() != nil {
			return false, false, ctx.Err()
		}
	}
	return allOK, false, nil
}

func isMeta(text string) bool {
	return strings.HasPrefix(strings.TrimSpace(text), ":")
}

// evalBatch runs Go inputs as one batch and shows each result as it
// comes. It returns how many inputs it used up (all of them, or up to and
// including the one that failed or crashed the evaluator) and whether all
// of those succeeded.
func (sh *Shell) evalBatch(ctx context.Context, ins []input, name string, keepGoing bool) (used int, ok bool) {
	srcs := make([]string, len(ins))
	for i, in := range ins {
		srcs[i] = in.Text
	}
	ok = true
	err := sh.sess.EvalBatch(ctx, srcs, keepGoing, sh.output, func(res interp.Result) {
		in := ins[res.Index]
		if sh.show(res, in.Text, origin{file: name, line: in.Line}) != succeeded {
			ok = false
		}
		used = res.Index + 1
	})
	if err != nil {
		// The input after the last result is the one that was running.
		if used < len(ins) {
			sh.evalFailed(err, origin{file: name, line: ins[used].Line})
			used++
		} else {
			sh.evalFailed(err, origin{file: name})
		}
		return used, false
	}
	if ok && used < len(ins) {
		used = len(ins) // cancelled before the end
		ok = false
	}
	return used, ok
}

// maxRunFile bounds what playground run reads: a file of shell input or a
// program is kilobytes, and /dev/zero must not fill the memory.
const maxRunFile = 16 << 20

// readFileOrStdin reads the file name, or stdin when name is "-", at most
// maxRunFile bytes of it. A pipe is fine (playground run <(...)).
func readFileOrStdin(name string, stdin io.Reader) ([]byte, error) {
	r := stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	} else {
		name = "standard input"
	}
	b, err := io.ReadAll(io.LimitReader(r, maxRunFile+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxRunFile {
		return nil, fmt.Errorf("%s is larger than %s: playground run reads a Go program or a file of shell input", name, ownfile.Size(maxRunFile))
	}
	return b, nil
}
