package shell

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/learn-concurrency/playground/interp"
	"github.com/learn-concurrency/playground/lessons"
)

// lessonCommands are the meta commands that drive lessons (package
// lessons' Tutor does the work; these adapt it to the shell).
func lessonCommands() []metaCommand {
	return []metaCommand{
		{name: "lessons", short: "list the lessons, with your progress",
			long: "Lists every lesson: name, title, a bar of the steps you completed, ✓ when all are.",
			run: func(sh *Shell, _ context.Context, _ string, _ origin) error {
				sh.p.text(sh.lessonTutor().List())
				return nil
			}},
		{name: "lesson", args: "NAME [STEP]", short: "open a lesson (also: :lesson reset NAME, :lesson load FILE)",
			long: "Opens lesson NAME at the step you were last on, or at STEP. :lesson reset NAME forgets your progress in it.\n  :lesson load FILE reads a lesson file of your own (the format is in lessons/README.md) and opens it.",
			run:  (*Shell).metaLesson},
		{name: "step", short: "show the current step again",
			long: "Shows the open lesson's current step: its explanation and task.",
			run:  tutorText((*lessons.Tutor).Show)},
		{name: "next", short: "go on to the next step",
			run: tutorText((*lessons.Tutor).Next)},
		{name: "prev", short: "go back to the previous step",
			run: tutorText((*lessons.Tutor).Prev)},
		{name: "run", args: "[earlier]", short: "run the current step's example",
			long: "Runs the example of the open step in your session, as if you had typed it. An example that uses what an\n  earlier step defined needs it in this session: :run earlier first runs the solutions of those steps (once you\n  have done them) and then the example.",
			run:  (*Shell).metaRun},
		{name: "hint", short: "show the next hint for the current step",
			long: "Hints come one at a time, from a nudge to nearly the answer.",
			run:  tutorText((*lessons.Tutor).Hint)},
		{name: "check", short: "check your work on the current step",
			long: "Runs the step's check in your session and says what is missing. Checks also run after each input, quietly,\n  so a step completes the moment you have done it.",
			run:  (*Shell).metaCheck},
		{name: "solution", short: "show a solution (after you have tried, or seen every hint)",
			run: tutorText((*lessons.Tutor).Solution)},
		{name: "progress", short: "show your progress in the open lesson (or in all)",
			run: func(sh *Shell, _ context.Context, _ string, _ origin) error {
				sh.p.text(sh.lessonTutor().Progress())
				return nil
			}},
	}
}

// isLessonCommand reports whether input drives the lesson rather than
// being an attempt at it.
func isLessonCommand(input string) bool {
	cmd, ok := strings.CutPrefix(strings.TrimSpace(input), ":")
	if !ok {
		return false
	}
	name, _, _ := strings.Cut(cmd, " ")
	switch name {
	case "lessons", "lesson", "step", "next", "prev", "hint", "check", "solution", "progress", "help", "run":
		return true
	}
	return false
}

func tutorText(f func(*lessons.Tutor) (string, error)) func(*Shell, context.Context, string, origin) error {
	return func(sh *Shell, _ context.Context, _ string, _ origin) error {
		text, err := f(sh.lessonTutor())
		if text != "" {
			sh.p.text(text)
		}
		return err
	}
}

func (sh *Shell) metaLesson(_ context.Context, arg string, _ origin) error {
	fields := strings.Fields(arg)
	var (
		text string
		err  error
	)
	switch {
	case len(fields) == 0:
		return errors.New("usage: :lesson NAME [STEP]; :lessons lists them")
	case fields[0] == "reset":
		if len(fields) != 2 {
			return errors.New("usage: :lesson reset NAME")
		}
		text, err = sh.lessonTutor().Reset(fields[1])
	case fields[0] == "load":
		file := strings.TrimSpace(strings.TrimPrefix(arg, "load"))
		if file == "" {
			return errors.New("usage: :lesson load FILE")
		}
		text, err = sh.lessonTutor().Load(file)
	case len(fields) > 2:
		return errors.New("usage: :lesson NAME [STEP]")
	default:
		step := 0
		if len(fields) == 2 {
			step, err = strconv.Atoi(fields[1])
			if err != nil || step < 1 {
				return fmt.Errorf("%q is not a step number; :lesson %s 3 opens step 3", fields[1], fields[0])
			}
		}
		text, err = sh.lessonTutor().Open(fields[0], step)
	}
	if text != "" {
		sh.p.text(text)
	}
	return err
}

// openLesson opens the lesson the command line named, if any.
func (sh *Shell) openLesson() {
	if sh.cfg.OpenLesson == "" {
		return
	}
	text, err := sh.lessonTutor().Open(sh.cfg.OpenLesson, sh.cfg.OpenStep)
	if text != "" {
		sh.p.text(text)
	}
	if err != nil {
		sh.p.errorf("%v", err)
	}
}

func (sh *Shell) metaRun(ctx context.Context, arg string, from origin) error {
	if arg != "" && arg != "earlier" {
		return fmt.Errorf("usage: :run, or :run earlier (not %q)", arg)
	}
	ex, err := sh.lessonTutor().Run()
	if err != nil {
		return err
	}
	missing, err := sh.missingForExample(ctx)
	if err != nil {
		return err
	}
	if len(missing) > 0 && arg != "earlier" {
		return missingError(missing)
	}
	// The example, and the solutions run for it, are the lesson's code,
	// not attempts of the learner's.
	sh.runningExample = true
	defer func() { sh.runningExample = false }()
	if len(missing) > 0 {
		var steps []int
		for _, m := range missing {
			steps = append(steps, m.Step)
		}
		src, err := sh.lessonTutor().Solutions(steps)
		if err != nil {
			return err
		}
		sh.p.text(sh.p.dim.Sprint(indent(src, "› ", "  ")))
		if ok, _, err := sh.runInputs(ctx, strings.NewReader(src), "", false); err != nil || !ok {
			return fmt.Errorf("the solutions of the earlier steps failed here; define what the example needs yourself (%s)", needNames(missing))
		}
	}
	sh.p.text(sh.p.dim.Sprint(indent(ex, "› ", "  ")))
	ok, _, err := sh.runInputs(ctx, strings.NewReader(ex), "", false)
	if err != nil {
		return err
	}
	if !ok {
		return errors.New("the example failed: if you defined again something it uses, that may be why; if not, it is a bug in the lesson: please report it")
	}
	return nil
}

// missingForExample lists what the open step's example needs from
// earlier steps that this session does not define (the learner did those
// steps in another session, or before a restart).
func (sh *Shell) missingForExample(ctx context.Context) ([]lessons.Need, error) {
	needs, err := sh.lessonTutor().ExampleNeeds()
	if err != nil {
		return nil, err
	}
	var missing []lessons.Need
	for _, n := range needs {
		_, err := sh.Value(ctx, n.Name)
		var ce *lessons.CompileError
		if errors.As(err, &ce) && strings.HasPrefix(ce.Msg, "undefined: ") {
			missing = append(missing, n)
		}
	}
	return missing, nil
}

// missingError says what the example needs, from which step, and how to
// get it.
func missingError(missing []lessons.Need) error {
	var parts []string
	allDone := true
	for _, m := range missing {
		parts = append(parts, fmt.Sprintf("%s (step %d, %q, defines it)", m.Name, m.Step, m.Title))
		allDone = allDone && m.Done
	}
	what := "the example uses " + strings.Join(parts, " and ") + ", which this session does not define"
	if allDone {
		return errors.New(what + ": you did that step, in another session or before a restart. :run earlier runs its solution, then the example; or define it again yourself")
	}
	return errors.New(what + ": do that step first (:prev goes back), then come back to this one")
}

func needNames(missing []lessons.Need) string {
	var names []string
	for _, m := range missing {
		names = append(names, m.Name)
	}
	return strings.Join(names, ", ")
}

func (sh *Shell) metaCheck(ctx context.Context, _ string, _ origin) error {
	text, err := sh.lessonTutor().CheckNow(ctx, sh)
	if text != "" {
		sh.p.text(text)
	}
	return err
}

// afterInput lets the open lesson see an input and, when it has just
// completed the step, says so. The check runs after an input that
// succeeded, or that crashed the evaluator (a lesson may ask for that).
func (sh *Shell) afterInput(ctx context.Context, input string, check bool) {
	tutor := sh.openTutor()
	if tutor == nil || isLessonCommand(input) || sh.runningExample {
		return
	}
	tutor.Record(input)
	if !check || ctx.Err() != nil {
		return
	}
	if sh.notice != nil {
		// On a terminal the prompt comes back at once: the check's news
		// shows above it. A check that waits on the learner's code makes
		// nothing wait but the next input, which Ctrl-C cancels with it.
		sh.checkInBackground(tutor)
		return
	}
	if news := tutor.AfterInput(ctx, sh); news != "" {
		sh.p.text(news)
	}
}

// checkInBackground runs the open step's check after an input without
// holding the prompt, and shows its news as a notice.
func (sh *Shell) checkInBackground(tutor *lessons.Tutor) {
	ctx, cancel := context.WithCancel(context.Background())
	sh.bgChecks.Lock()
	id := sh.bgChecks.next
	sh.bgChecks.next++
	if sh.bgChecks.cancel == nil {
		sh.bgChecks.cancel = map[int]context.CancelFunc{}
	}
	sh.bgChecks.cancel[id] = cancel
	sh.bgChecks.Unlock()
	go func() {
		defer func() {
			sh.bgChecks.Lock()
			delete(sh.bgChecks.cancel, id)
			sh.bgChecks.Unlock()
			cancel()
		}()
		if news := tutor.AfterInput(ctx, sh); news != "" {
			sh.notice(func() { sh.p.text(news) })
		}
	}()
}

// cancelBackgroundChecks cancels the checks running in the background:
// Ctrl-C on an input that waits for one of them cancels it too.
func (sh *Shell) cancelBackgroundChecks() {
	sh.bgChecks.Lock()
	defer sh.bgChecks.Unlock()
	for _, cancel := range sh.bgChecks.cancel {
		cancel()
	}
}

// checkSoon runs the open step's check in the background, once what
// arrives together has arrived, and shows the news as a notice. Output
// of learner code between inputs, or a crash, may complete a step.
func (sh *Shell) checkSoon() {
	tutor := sh.openTutor()
	if tutor == nil || !sh.checkPending.CompareAndSwap(false, true) {
		return
	}
	time.AfterFunc(backgroundCheckDelay, func() {
		sh.checkPending.Store(false)
		news := tutor.AfterInput(context.Background(), sh)
		if news == "" {
			return
		}
		show := func() { sh.p.text(news) }
		if sh.notice != nil {
			sh.notice(show)
			return
		}
		show()
	})
}

// backgroundCheckDelay gathers a burst of output (or a crash and the
// fresh evaluator's start) into one check.
const backgroundCheckDelay = 150 * time.Millisecond

// Value evaluates src in the session for a lesson's check, and makes
// Shell a lessons.Session. Nothing is kept for :replay. What is printed
// meanwhile is shown, under a line that says so (the learner's tasks
// print while a check runs, and so may the learner's functions it calls),
// and does not count as the learner's output for the checks (a check
// must not see what it printed itself). A check never gets the terminal.
func (sh *Shell) Value(ctx context.Context, src string) (string, error) {
	return sh.runCheck(func(onOutput func(interp.Output)) (interp.Result, error) {
		return sh.sess.EvalCheck(ctx, src, onOutput)
	})
}

// CallCheck calls a check function in the session as Value evaluates an
// expression, and makes Shell a lessons.CheckSession: the evaluator keeps
// the function compiled from one input to the next.
func (sh *Shell) CallCheck(ctx context.Context, fn string, a lessons.Attempt) (string, error) {
	args := interp.CheckArgs{Output: a.Output, Inputs: a.Inputs, Restarts: a.Restarts}
	return sh.runCheck(func(onOutput func(interp.Output)) (interp.Result, error) {
		return sh.sess.CallCheck(ctx, fn, args, onOutput)
	})
}

// runCheck runs a check by run, for Value and CallCheck.
func (sh *Shell) runCheck(run func(onOutput func(interp.Output)) (interp.Result, error)) (string, error) {
	sh.checking.Add(1)
	defer sh.checking.Add(-1)
	// What the check starts is the check's: package pg stops it, and
	// drops it from the learner's tables, when the check ends.
	var (
		mu   sync.Mutex
		held []interp.Output
	)
	res, err := run(func(o interp.Output) {
		mu.Lock()
		held = append(held, o)
		mu.Unlock()
	})
	mu.Lock()
	sh.showCheckOutput(held)
	mu.Unlock()
	var ee *interp.ExitError
	switch {
	case errors.As(err, &ee):
		sh.noteExit()
		sh.reportExit(ee, nil, origin{})
		return "", err
	case err != nil:
		return "", err
	case res.Err != nil && res.Err.Kind == interp.ErrCompile:
		return "", &lessons.CompileError{Msg: res.Err.Msg, Line: res.Err.Line, Col: res.Err.Col}
	case res.Err != nil:
		return "", res.Err
	}
	return res.Value, nil
}

// showCheckOutput shows what was printed while a check ran: above the
// prompt when one is showing. The lines in which package pg reports an
// App the check ran (pg.App "x" closed: …) are the check's, and left out.
func (sh *Shell) showCheckOutput(held []interp.Output) {
	held = withoutAppReports(held)
	if len(held) == 0 {
		return
	}
	show := func() {
		sh.p.text(sh.p.dim.Sprint("(printed while the lesson's check ran, by your tasks or by your code it called:)"))
		for _, o := range held {
			sh.p.output(o)
		}
	}
	if sh.notice != nil {
		sh.notice(show)
		return
	}
	show()
}

// appReport is how package pg's App says it closed (builtins/app.go),
// compiled on first use: every process of the binary runs package init,
// and most never need it.
var appReport = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^pg\.App "(?:[^"\\]|\\.)*" closed: [^\n]*\n?`)
})

// withoutAppReports drops pg.App's reports from output.
func withoutAppReports(outs []interp.Output) []interp.Output {
	var kept []interp.Output
	for _, o := range outs {
		o.Data = appReport().ReplaceAllString(o.Data, "")
		if o.Data != "" {
			kept = append(kept, o)
		}
	}
	return kept
}

// lessonStyle is how lesson text is shown: the shell's colour, the
// terminal's width.
func (sh *Shell) lessonStyle() lessons.Style {
	w := 80
	if sh.width != nil {
		if n := sh.width(); n > 20 {
			w = min(n-1, 100) // a line as wide as the terminal may wrap early
		}
	}
	return lessons.Style{Colour: sh.cfg.Colour, Width: w}
}

func indent(s, first, rest string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i := range lines {
		if i == 0 {
			lines[i] = first + lines[i]
		} else {
			lines[i] = rest + lines[i]
		}
	}
	return strings.Join(lines, "\n")
}
