package lessons

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/fatih/color"
)

// A Tutor walks a learner through lessons in one session: which lesson
// and step is open, the hints shown, what the learner tried, and their
// progress. Its methods return text for the shell to show; they are safe
// for concurrent use (output and restarts are reported from the session's
// goroutine), and never call the session with the tutor's lock held.
type Tutor struct {
	store *Store
	// styleOf tells how to render text now (the terminal's width may
	// change between two calls).
	styleOf func() Style

	mu        sync.Mutex
	all       []*Lesson
	prog      *Progress
	lesson    *Lesson
	step      int // 1-based; 0 when no lesson is open
	hints     int // hints shown for this step
	attempted bool
	// completed is set once the step is done (in this session or an
	// earlier one): its check no longer runs after each input, since a
	// check may have effects (it sends signals, starts tasks).
	completed bool
	// paused is set when a quiet check took slowCheck or more and failed:
	// it waits on the learner's code, so it no longer runs after each
	// input (each would wait as long) until the learner defines something
	// again or types :check.
	paused bool
	// waitedOn names the learner's function a paused check waited for,
	// when the check's message names one: defining it again resumes the
	// check.
	waitedOn string
	attempt  Attempt
}

// slowCheck is how long a check that runs after an input may take before
// it stops running after each input. Checks take milliseconds, or wait a
// few seconds for the learner's code (a server to be ready, an app to
// close) when it is slow or stuck.
const slowCheck = 3 * time.Second

// NewTutor makes a tutor over lessons all, keeping progress in store and
// rendering text as style says at the moment. The warning, if not "",
// says what was wrong with the progress file.
func NewTutor(all []*Lesson, store *Store, style func() Style) (t *Tutor, warning string) {
	if store == nil {
		store = &Store{}
	}
	prog, warning := store.Load()
	t = &Tutor{store: store, styleOf: style, all: all, prog: prog}
	var notes []string
	if warning != "" {
		notes = append(notes, warning)
	}
	repaired := false
	for _, l := range all {
		if why := t.repair(l); why != "" {
			notes, repaired = append(notes, why), true
		}
	}
	if repaired {
		if err := t.save(); err != nil {
			notes = append(notes, err.Error())
		}
	}
	return t, strings.Join(notes, "\n")
}

// repair fits the learner's progress in l to its steps (the file may
// have been edited, by hand or by an older playground), and says what it
// repaired, or "".
func (t *Tutor) repair(l *Lesson) string {
	lp := t.prog.Lessons[l.progressKey()]
	if lp == nil {
		return ""
	}
	why := lp.repair(len(l.Steps))
	if why == "" {
		return ""
	}
	return fmt.Sprintf("your progress in %s was damaged (%s); it is repaired", l.Name, why)
}

// progress is the learner's progress in l, created if need be.
func (t *Tutor) progress(l *Lesson) *LessonProgress {
	return t.prog.Lesson(l.progressKey())
}

// Lessons returns the lessons the tutor knows.
func (t *Tutor) Lessons() []*Lesson {
	t.mu.Lock()
	defer t.mu.Unlock()
	return append([]*Lesson(nil), t.all...)
}

// Active reports whether a lesson is open.
func (t *Tutor) Active() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.lesson != nil
}

// Where says where the learner is, for the prompt: "threads 2/7", or "".
func (t *Tutor) Where() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return ""
	}
	return fmt.Sprintf("%s %d/%d", t.lesson.Name, t.step, len(t.lesson.Steps))
}

// Open opens lesson name at step (1-based), or, when step is 0, at the
// step the learner was last on; it returns the step's text.
func (t *Tutor) Open(name string, step int) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := Find(t.all, name)
	if l == nil {
		return "", t.unknownLesson(name)
	}
	return t.open(l, step)
}

func (t *Tutor) unknownLesson(name string) error {
	for _, l := range t.all {
		if strings.HasPrefix(l.Name, name) {
			return fmt.Errorf("no lesson %q; did you mean %s? (:lessons lists them)", name, l.Name)
		}
	}
	return fmt.Errorf("no lesson %q; the lessons are %s", name, Names(t.all))
}

func (t *Tutor) open(l *Lesson, step int) (string, error) {
	lp := t.progress(l)
	if step == 0 {
		step = min(lp.Step, len(l.Steps))
	}
	if step < 1 || step > len(l.Steps) {
		return "", fmt.Errorf("lesson %s has steps 1 to %d", l.Name, len(l.Steps))
	}
	var intro string
	if t.lesson != l {
		intro = t.header(l)
	}
	t.lesson = l
	t.goTo(step)
	return intro + t.showStep(), t.save()
}

// header introduces a lesson when it opens.
func (t *Tutor) header(l *Lesson) string {
	var b strings.Builder
	b.WriteString(t.paint(color.Bold, l.Title) + "\n")
	if why := l.Requires.Unmet(); why != "" {
		b.WriteString(t.paint(color.FgYellow, "This lesson may not work here: "+why+".") + "\n")
	}
	if l.Intro != "" {
		b.WriteString(Render(l.Intro, t.styleOf()))
	}
	b.WriteString("\n")
	return b.String()
}

// goTo moves to step n and forgets what was tried on the last one.
func (t *Tutor) goTo(n int) {
	t.step = n
	t.hints = 0
	t.attempted = false
	t.paused = false
	t.attempt = Attempt{}
	lp := t.progress(t.lesson)
	lp.Step, lp.Updated = n, time.Now().UTC().Truncate(time.Second)
	t.completed = lp.IsDone(n)
}

func (t *Tutor) save() error {
	if err := t.store.Save(t.prog); err != nil {
		return fmt.Errorf("%v (your progress in this session is kept in memory)", err)
	}
	return nil
}

func (t *Tutor) paint(attr color.Attribute, s string) string {
	c := color.New(attr)
	if t.styleOf().Colour {
		c.EnableColor()
	} else {
		c.DisableColor()
	}
	return c.Sprint(s)
}

// errNoLesson is returned by the commands that need an open lesson.
var errNoLesson = errors.New("no lesson is open; :lessons lists them and :lesson NAME opens one")

// showStep renders the current step.
func (t *Tutor) showStep() string {
	l, s := t.lesson, t.lesson.Steps[t.step-1]
	var b strings.Builder
	done := ""
	if t.progress(l).IsDone(t.step) {
		done = " ✓"
	}
	b.WriteString(t.paint(color.Bold, Wrap(fmt.Sprintf("%s · step %d of %d · %s%s", l.Name, t.step, len(l.Steps), s.Title, done), t.styleOf())) + "\n\n")
	if s.Prose != "" {
		b.WriteString(Render(s.Prose, t.styleOf()) + "\n")
	}
	b.WriteString(t.paint(color.FgGreen, "Your task") + "\n")
	b.WriteString(Render(s.Task, t.styleOf()) + "\n")
	var cmds []string
	if s.Example != "" {
		cmds = append(cmds, ":run runs the example")
	}
	cmds = append(cmds, ":hint for a hint", ":check to check your work")
	b.WriteString(t.paint(color.Faint, joinFit(cmds, " · ", t.styleOf().Width)))
	return b.String()
}

// Show shows the current step again.
func (t *Tutor) Show() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	return t.showStep(), nil
}

// Next moves to the next step.
func (t *Tutor) Next() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	if t.step == len(t.lesson.Steps) {
		return "", fmt.Errorf("this is the last step of %s; :lessons lists the other lessons", t.lesson.Name)
	}
	var note string
	if !t.progress(t.lesson).IsDone(t.step) {
		note = t.paint(color.FgYellow, fmt.Sprintf("(step %d is not done yet: :prev goes back to it)", t.step)) + "\n\n"
	}
	t.goTo(t.step + 1)
	return note + t.showStep(), t.save()
}

// Prev moves to the previous step.
func (t *Tutor) Prev() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	if t.step == 1 {
		return "", fmt.Errorf("this is the first step of %s", t.lesson.Name)
	}
	t.goTo(t.step - 1)
	return t.showStep(), t.save()
}

// Run returns the current step's example, for the shell to run as if typed.
func (t *Tutor) Run() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	ex := t.lesson.Steps[t.step-1].Example
	if ex == "" {
		return "", fmt.Errorf("step %d of %s has no example to run", t.step, t.lesson.Name)
	}
	return ex, nil
}

// Hint reveals the next hint.
func (t *Tutor) Hint() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	hints := t.lesson.Steps[t.step-1].Hints
	if t.hints == len(hints) {
		return "", fmt.Errorf("that was the last hint (%d of %d); :solution shows a solution", len(hints), len(hints))
	}
	t.hints++
	head := fmt.Sprintf("Hint %d of %d", t.hints, len(hints))
	tail := ""
	if t.hints == len(hints) {
		tail = "\n" + t.paint(color.Faint, "That was the last hint; :solution shows a solution.")
	}
	return t.paint(color.FgGreen, head) + "\n" + Render(hints[t.hints-1], t.styleOf()) + tail, nil
}

// Solution shows a solution, once the learner has tried something or
// seen every hint.
func (t *Tutor) Solution() (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	s := t.lesson.Steps[t.step-1]
	if !t.attempted && t.hints < len(s.Hints) {
		return "", fmt.Errorf("try the task first: :solution is offered once you have tried something (or :check-ed), or seen every hint (%d of %d shown; :hint shows the next)", t.hints, len(s.Hints))
	}
	return t.paint(color.FgGreen, "A solution") + "\n" + Render("```go\n"+s.Solution+"\n```", t.styleOf()), nil
}

// Record notes an input the learner ran on the current step.
func (t *Tutor) Record(input string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return
	}
	t.attempted = true
	t.attempt.Record(input, "")
	if t.paused && resumes(input, t.waitedOn) {
		t.paused = false // what the check waited for may be fixed now
	}
}

// Output notes what the learner's code printed.
func (t *Tutor) Output(printed string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson != nil {
		t.attempt.AddOutput(printed)
	}
}

// Restarted notes that the evaluator ended and a fresh one started.
func (t *Tutor) Restarted() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson != nil {
		t.attempt.Restarts++
	}
}

// AfterInput runs the open step's check after an input, quietly: it
// returns the news when the step has just been completed, or when the
// check stops running after each input because it waited too long on the
// learner's code; else "". It does not run the check of a step that is
// done, nor one paused that way.
func (t *Tutor) AfterInput(ctx context.Context, sess Session) string {
	t.mu.Lock()
	open := t.lesson != nil && !t.completed && !t.paused
	t.mu.Unlock()
	if !open {
		return ""
	}
	start := time.Now()
	msg, news, err := t.check(ctx, sess, false)
	took := time.Since(start)
	if news {
		return msg
	}
	if err == nil || took < slowCheck || ctx.Err() != nil {
		return ""
	}
	return t.pause(took, err)
}

// pause stops the quiet check of the open step after one that took long
// and failed, and says why, once.
func (t *Tutor) pause(took time.Duration, failure error) string {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil || t.completed || t.paused {
		return ""
	}
	t.paused = true
	why := strings.Join(strings.Fields(strings.TrimPrefix(failure.Error(), "not yet: ")), " ")
	secs := took.Round(time.Second).String()
	head := fmt.Sprintf("the check of step %d waited %s on your code, and says: %s", t.step, secs, why)
	again := "once you define a function again"
	t.waitedOn = waitedFor(why, t.attempt.Inputs)
	if fn := t.waitedOn; fn != "" {
		head = fmt.Sprintf("the check of step %d is waiting for %s, which has not returned after %s. The check says: %s", t.step, fn, secs, why)
		again = "once you define " + fn + " again"
	}
	return t.paint(color.FgYellow, Wrap(head, t.styleOf())) + "\n" +
		t.paint(color.Faint, Wrap("So that your inputs do not wait for it, the check no longer runs after each of them: it runs again "+again+", and when you type :check.", t.styleOf()))
}

// CheckNow runs the open step's check and says how it went.
func (t *Tutor) CheckNow(ctx context.Context, sess Session) (string, error) {
	t.mu.Lock()
	if t.lesson == nil {
		t.mu.Unlock()
		return "", errNoLesson
	}
	t.attempted = true
	t.mu.Unlock()
	msg, _, err := t.check(ctx, sess, true)
	return msg, err
}

// check runs the check (again once if the evaluator ended under it) and,
// on a pass, records the step done; news says this check was the first
// to find it done (checks run after inputs and after crashes may overlap).
// With explain, a failure also says where help is.
func (t *Tutor) check(ctx context.Context, sess Session, explain bool) (msg string, news bool, err error) {
	t.mu.Lock()
	l, n := t.lesson, t.step
	step := l.Steps[n-1]
	a := t.attempt
	a.Inputs = append([]string(nil), a.Inputs...)
	t.mu.Unlock()

	v := Check(ctx, sess, l, step, a)
	if v.Interrupted && ctx.Err() == nil {
		t.mu.Lock()
		a.Restarts = t.attempt.Restarts
		t.mu.Unlock()
		v = Check(ctx, sess, l, step, a)
	}

	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson != l || t.step != n {
		// The learner moved on meanwhile (a check runs in the background
		// on a terminal): a pass still counts for the step it checked.
		if !v.Pass || t.progress(l).IsDone(n) {
			return "", false, nil
		}
		lp := t.progress(l)
		lp.MarkDone(n)
		lp.Updated = time.Now().UTC().Truncate(time.Second)
		return t.paint(color.FgGreen, Wrap(fmt.Sprintf("✓ Step %d of %s was done (its check finished after you left it).", n, l.Name), t.styleOf())), true, t.save()
	}
	switch {
	case v.Broken && v.Compiler != "":
		// The checks of a proven lesson compile against its solutions:
		// here the learner's definitions differ from the task's.
		why := Wrap("not yet: the check cannot use what you defined: "+v.Compiler+". Compare your definitions with the task (:step shows it again).", t.styleOf())
		if explain {
			why += "\n" + t.paint(color.Faint, "(If they match, the check may be wrong: "+v.Msg+".)")
		}
		return "", false, errors.New(why)
	case v.Broken:
		return "", false, errors.New(Wrap(v.Msg, t.styleOf()))
	case !v.Pass:
		why := Wrap("not yet: "+v.Msg, t.styleOf())
		if explain {
			why += "\n" + t.helpLeft(step)
		}
		return "", false, errors.New(why)
	}
	news = !t.completed
	t.completed = true
	lp := t.progress(l)
	lp.MarkDone(n)
	lp.Updated = time.Now().UTC().Truncate(time.Second)
	err = t.save()
	if n == len(l.Steps) {
		return t.paint(color.FgGreen, Wrap(fmt.Sprintf("✓ Step %d done, and with it the lesson %s. :lessons lists the others.", n, l.Name), t.styleOf())), news, err
	}
	return t.paint(color.FgGreen, Wrap(fmt.Sprintf("✓ Step %d done. :next goes on to step %d, %q.", n, n+1, l.Steps[n].Title), t.styleOf())), news, err
}

// helpLeft says what help the learner has not used yet on step.
func (t *Tutor) helpLeft(step *Step) string {
	if left := len(step.Hints) - t.hints; left > 0 {
		return t.paint(color.Faint, fmt.Sprintf("(:hint gives a hint; %d of %d left)", left, len(step.Hints)))
	}
	return t.paint(color.Faint, "(:solution shows a solution)")
}

// List shows every lesson with the learner's progress, for the shell.
func (t *Tutor) List() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.list(":lesson NAME opens one, at the step you were on.")
}

// CommandLineList is List for `playground lessons`, run from another
// shell: there a lesson opens with `playground lesson NAME`.
func (t *Tutor) CommandLineList() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.list("playground lesson NAME opens one, at the step you were on (or :lesson NAME inside the playground).")
}

// list shows every lesson with the learner's progress, and then how to
// open one.
func (t *Tutor) list(howToOpen string) string {
	if len(t.all) == 0 {
		return "no lessons"
	}
	nameW, titleW := 0, 0
	for _, l := range t.all {
		nameW = max(nameW, len(l.Name))
		titleW = max(titleW, len([]rune(l.Title)))
	}
	width := t.styleOf().Width
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	for _, l := range t.all {
		done := 0
		if lp := t.prog.Lessons[l.progressKey()]; lp != nil {
			done = lp.DoneOf(len(l.Steps))
		}
		mark := "  "
		if done == len(l.Steps) {
			mark = t.paint(color.FgGreen, "✓ ")
		}
		if 2+nameW+2+titleW+2+10+1+len(fmt.Sprintf("%d/%d", done, len(l.Steps))) <= width {
			fmt.Fprintf(&b, "%s%-*s  %-*s  %s %d/%d", mark, nameW, l.Name, titleW, l.Title, bar(done, len(l.Steps), 10), done, len(l.Steps))
		} else {
			// Too narrow for a title column: the title goes under the name.
			fmt.Fprintf(&b, "%s%-*s  %s %d/%d\n    %s", mark, nameW, l.Name, bar(done, len(l.Steps), 10), done, len(l.Steps), l.Title)
		}
		if why := l.Requires.Unmet(); why != "" {
			b.WriteString(t.paint(color.FgYellow, "  (may not work here: "+why+")"))
		}
		b.WriteString("\n")
	}
	b.WriteString(t.paint(color.Faint, howToOpen))
	return b.String()
}

// Progress shows where the learner is in the open lesson, or in all.
func (t *Tutor) Progress() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := t.lesson
	if l == nil {
		return t.list(":lesson NAME opens one, at the step you were on.")
	}
	lp := t.progress(l)
	done := lp.DoneOf(len(l.Steps))
	var b strings.Builder
	head := fmt.Sprintf("%s  %s %d/%d steps done", l.Title, bar(done, len(l.Steps), 20), done, len(l.Steps))
	if w := t.styleOf().Width; w > 0 && len([]rune(head)) > w {
		head = fmt.Sprintf("%s\n%s %d/%d steps done", l.Title, bar(done, len(l.Steps), 20), done, len(l.Steps))
	}
	b.WriteString(head + "\n")
	for i, s := range l.Steps {
		mark := "  "
		if lp.IsDone(i + 1) {
			mark = t.paint(color.FgGreen, "✓ ")
		}
		here := ""
		if i+1 == t.step {
			here = "  ← you are here"
			if len([]rune(fmt.Sprintf("  %d. %s%s", i+1, s.Title, here))) > t.styleOf().Width && t.styleOf().Width > 0 {
				here = "\n     ↑ you are here"
			}
			here = t.paint(color.FgCyan, here)
		}
		fmt.Fprintf(&b, "%s%d. %s%s\n", mark, i+1, s.Title, here)
	}
	return strings.TrimRight(b.String(), "\n")
}

// Reset forgets the learner's progress in lesson name.
func (t *Tutor) Reset(name string) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	l := Find(t.all, name)
	if l == nil {
		return "", t.unknownLesson(name)
	}
	delete(t.prog.Lessons, l.progressKey())
	if t.lesson == l {
		t.goTo(1)
	}
	return fmt.Sprintf("progress in %s forgotten; :lesson %s starts it at step 1", name, name), t.save()
}

// Load reads a lesson file of the learner's own and opens it. A lesson
// of the same name replaces the one known in this session; progress in
// it is kept apart from the other's (by the file's path), so neither
// overwrites the other.
func (t *Tutor) Load(file string) (string, error) {
	l, err := LoadFile(file)
	if err != nil {
		return "", err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	replaced := false
	for i, old := range t.all {
		if old.Name == l.Name {
			t.all[i], replaced = l, true
		}
	}
	if !replaced {
		t.all = append(t.all, l)
		Sort(t.all)
	}
	if t.lesson != nil && t.lesson.Name == l.Name {
		t.lesson = nil // reopen it from the new file
	}
	// The file may have fewer steps than when the learner last saw it.
	var note string
	if why := t.repair(l); why != "" {
		note = t.paint(color.FgYellow, why) + "\n"
	}
	text, err := t.open(l, 0)
	return note + text, err
}

// joinFit joins items with sep into lines of at most width columns,
// breaking only between items.
func joinFit(items []string, sep string, width int) string {
	if width <= 0 {
		width = 80
	}
	var b strings.Builder
	col := 0
	for i, it := range items {
		n := len([]rune(it))
		switch {
		case i == 0:
		case col+len([]rune(sep))+n > width:
			b.WriteString("\n")
			col = 0
		default:
			b.WriteString(sep)
			col += len([]rune(sep))
		}
		b.WriteString(it)
		col += n
	}
	return b.String()
}

// bar draws done out of total as a bar of width cells; done is taken
// as between 0 and total, whatever it is.
func bar(done, total, width int) string {
	if total <= 0 {
		return strings.Repeat("░", width)
	}
	full := max(0, min(done, total)) * width / total
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}
