package shell

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/lessons"
)

// lessonShell is a Shell without a terminal, over the test lessons, with
// what it shows kept for the test to read.
type lessonShell struct {
	t  *testing.T
	sh *Shell
	mu sync.Mutex
	// out holds what the shell showed since the last take.
	out bytes.Buffer
}

const testLessons = "../lessons/testdata/good"

func newLessonShell(t *testing.T, progress string) *lessonShell {
	t.Helper()
	return newLessonShellIn(t, testLessons, progress)
}

// newLessonShellIn is newLessonShell over the lessons in dir.
func newLessonShellIn(t *testing.T, dir, progress string) *lessonShell {
	t.Helper()
	all, err := lessons.LoadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	ls := &lessonShell{t: t}
	w := lockedWriter{&ls.mu, &ls.out}
	sh, err := New(Config{Stdout: w, Stderr: w, Lessons: all, ProgressFile: progress})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sh.Close() })
	ls.sh = sh
	return ls
}

// do runs one input as typed and returns what the shell showed.
func (ls *lessonShell) do(input string) string {
	ls.t.Helper()
	ls.sh.execute(context.Background(), input, origin{})
	return ls.take()
}

func (ls *lessonShell) take() string {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	s := ls.out.String()
	ls.out.Reset()
	return s
}

func mustContain(t *testing.T, got string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(got, want) {
			t.Errorf("got:\n%s\nwant it to contain %q", got, want)
		}
	}
}

func mustNotContain(t *testing.T, got string, unwanted string) {
	t.Helper()
	if strings.Contains(got, unwanted) {
		t.Errorf("got:\n%s\nwant it not to contain %q", got, unwanted)
	}
}

func TestLessonStepCompletesWhenTheLearnerHasDoneIt(t *testing.T) {
	progress := filepath.Join(t.TempDir(), "progress.json")
	ls := newLessonShell(t, progress)
	mustContain(t, ls.do(":lesson counting"), "Counting with goroutines", "counting · step 1 of 2 · A counter", "Define n as an int holding 3.", ":run runs the example")
	if got := ls.sh.lessonTutor().Where(); got != "counting 1/2" {
		t.Errorf("where: %q", got)
	}
	got := ls.do("n := 2")
	mustNotContain(t, got, "✓")
	mustContain(t, ls.do(":check"), "not yet: n is 2; the task asks for 3\n(:hint gives a hint; 2 of 2 left)")
	mustContain(t, ls.do("n = 3"), "✓ Step 1 done. :next goes on to step 2, \"Say it\".")
	// Nothing advances silently.
	if got := ls.sh.lessonTutor().Where(); got != "counting 1/2" {
		t.Errorf("after completing, still on step 1: %q", got)
	}
	mustContain(t, ls.do(":next"), "counting · step 2 of 2 · Say it")
	mustContain(t, ls.do(`fmt.Println("not ready")`), "not ready")
	mustContain(t, ls.do(":check"), `not yet: you printed "not ready", not the line ready`)
	mustContain(t, ls.do(`fmt.Println("ready")`), "✓ Step 2 done, and with it the lesson counting.")

	// Progress was saved, and a fresh shell reads it.
	ls2 := newLessonShell(t, progress)
	mustContain(t, ls2.do(":lessons"), "✓ counting", "2/2")
	mustContain(t, ls2.do(":lesson counting"), "step 2 of 2 · Say it ✓")
}

func TestLessonUndefinedNameIsTheLearnersToDefine(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting")
	mustContain(t, ls.do(":check"), "not yet: n is not defined yet: the task asks for it")
}

func TestLessonHintsInOrderAndSolutionGating(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting")
	mustContain(t, ls.do(":solution"), "try the task first", "0 of 2 shown")
	mustContain(t, ls.do(":hint"), "Hint 1 of 2", "n := ... defines a variable.")
	got := ls.do(":hint")
	mustContain(t, got, "Hint 2 of 2", "n := 3", "That was the last hint; :solution shows a solution.")
	mustContain(t, ls.do(":hint"), "that was the last hint (2 of 2)")
	mustContain(t, ls.do(":solution"), "A solution", "n := 3")

	// On a fresh step, an attempt unlocks the solution too.
	ls.do(":next")
	mustContain(t, ls.do(":solution"), "try the task first")
	ls.do(`fmt.Println("something")`)
	mustContain(t, ls.do(":solution"), `fmt.Println("ready")`)
}

func TestLessonRunRunsTheExample(t *testing.T) {
	ls := newLessonShell(t, "")
	mustContain(t, ls.do(":run"), "no lesson is open")
	ls.do(":lesson counting")
	mustContain(t, ls.do(":run"), `fmt.Println("hello from the example")`, "hello from the example")
	// Running the example is not an attempt of the learner's.
	mustContain(t, ls.do(":solution"), "try the task first")
	ls.do(":next")
	mustContain(t, ls.do(":run"), "step 2 of counting has no example to run")
}

func TestLessonSurvivesAnEvaluatorRestart(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting 2")
	ls.do(`go func() { panic("boom") }()`)
	ls.do(":restart")
	if got := ls.sh.lessonTutor().Where(); got != "counting 2/2" {
		t.Errorf("after the evaluator restarted: %q, want counting 2/2", got)
	}
	mustContain(t, ls.do(`fmt.Println("ready")`), "✓ Step 2 done")
}

func TestLessonCommandMistakes(t *testing.T) {
	ls := newLessonShell(t, "")
	mustContain(t, ls.do(":next"), "no lesson is open; :lessons lists them and :lesson NAME opens one")
	mustContain(t, ls.do(":lesson"), "usage: :lesson NAME [STEP]")
	mustContain(t, ls.do(":lesson count"), `no lesson "count"; did you mean counting?`)
	mustContain(t, ls.do(":lesson nosuch"), `no lesson "nosuch"; the lessons are counting`)
	mustContain(t, ls.do(":lesson counting 9"), "lesson counting has steps 1 to 2")
	mustContain(t, ls.do(":lesson counting two"), `"two" is not a step number`)
	ls.do(":lesson counting")
	mustContain(t, ls.do(":prev"), "this is the first step of counting")
	ls.do(":next")
	mustContain(t, ls.do(":next"), "this is the last step of counting")
	mustContain(t, ls.do(":lesson load /nonexistent/lesson.md"), "no such file")
}

func TestLessonLoadAndResetProgress(t *testing.T) {
	progress := filepath.Join(t.TempDir(), "progress.json")
	ls := newLessonShell(t, progress)
	own := filepath.Join(t.TempDir(), "mine.md")
	src, err := os.ReadFile(filepath.Join(testLessons, "counting.md"))
	if err != nil {
		t.Fatal(err)
	}
	mine := strings.Replace(strings.Replace(string(src), "name: counting", "name: mine", 1), "title: Counting with goroutines", "title: My own", 1)
	if err := os.WriteFile(own, []byte(mine), 0o644); err != nil {
		t.Fatal(err)
	}
	mustContain(t, ls.do(":lesson load "+own), "My own", "mine · step 1 of 2")
	ls.do("n := 3")
	mustContain(t, ls.do(":progress"), "1/2 steps done", "✓ 1. A counter", "2. Say it")
	mustContain(t, ls.do(":lessons"), "mine", "My own")
	mustContain(t, ls.do(":lesson reset mine"), "progress in mine forgotten")
	mustContain(t, ls.do(":progress"), "0/2 steps done")

	if err := os.WriteFile(own, []byte("---\nname: mine\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	mustContain(t, ls.do(":lesson load "+own), own+":1: the front matter is not closed")
}

func TestLessonDamagedProgressIsSetAside(t *testing.T) {
	dir := t.TempDir()
	progress := filepath.Join(dir, "progress.json")
	if err := os.WriteFile(progress, []byte("{not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	ls := newLessonShell(t, progress)
	mustContain(t, ls.take(), "your progress file was damaged", "progress.json.bad-")
	if bad, _ := filepath.Glob(progress + ".bad-*"); len(bad) != 1 {
		t.Errorf("set aside: %v", bad)
	}
	ls.do(":lesson counting")
	ls.do("n := 3")
	if b, err := os.ReadFile(progress); err != nil || !strings.Contains(string(b), `"done": [`) {
		t.Errorf("progress saved afresh: %s %v", b, err)
	}
}

func TestLessonsCheckProvesLessons(t *testing.T) {
	var out bytes.Buffer
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, testLessons); code != 0 {
		t.Errorf("good lessons: exit %d:\n%s", code, &out)
	}
	mustContain(t, out.String(), "ok    counting (2 steps,", "1 lessons: 1 ok, 0 failed")

	// A step that crashes the evaluator after its input ended, and a step
	// after it: the replay waits for the crash.
	out.Reset()
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, "../lessons/testdata/crash"); code != 0 {
		t.Errorf("crash lesson: exit %d:\n%s", code, &out)
	}
	mustContain(t, out.String(), "ok    crash (2 steps,")

	out.Reset()
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, "../lessons/testdata/bad"); code != 1 {
		t.Errorf("bad lessons: exit %d, want 1:\n%s", code, &out)
	}
	mustContain(t, out.String(),
		"FAIL  broken-check", `broken-check.md:10: step 1: the check of step "S" does not compile (../lessons/testdata/bad/broken-check.md:10: cannot convert 3 to string): a bug in the lesson`,
		"FAIL  example-solves", "example-solves.md:24: step 1: the check passes after only :run of the example",
		"FAIL  lenient", "lenient.md:49: step 1: wrong answer 1 passes the check",
		"FAIL  wrongsolution", "wrongsolution.md:9: step 1: the solution does not pass the check: n is 4; the task asks for 3",
		"4 lessons: 0 ok, 4 failed")
}

// lessons check proves both directions: every ### Also right answer must
// pass the check, as the solution must.
func TestLessonsCheckProvesAlsoRight(t *testing.T) {
	var out bytes.Buffer
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, "../lessons/testdata/alsoright"); code != 0 {
		t.Errorf("also right answers that pass: exit %d:\n%s", code, &out)
	}
	mustContain(t, out.String(), "ok    sum (1 step,")

	out.Reset()
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, "../lessons/testdata/alsowrong"); code != 1 {
		t.Errorf("a right answer refused: exit %d, want 1:\n%s", code, &out)
	}
	mustContain(t, out.String(), "FAIL  refused", "refused.md:42: step 1: also right answer 1 does not pass the check: sum has no range loop")
}

// The complete example in lessons/README.md is a lesson that passes.
func TestLessonsReadmeExamplePasses(t *testing.T) {
	readme, err := os.ReadFile("../lessons/README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(readme), "````markdown\n")
	example, _, ok2 := strings.Cut(rest, "\n````\n")
	if !ok || !ok2 {
		t.Fatal("lessons/README.md has no ````markdown example")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "hello.md"), []byte(example), 0o644); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, dir); code != 0 {
		t.Errorf("exit %d:\n%s", code, &out)
	}
	mustContain(t, out.String(), "ok    hello (1 step,")
}

// waitOutput waits until the shell has shown want, as a notice may come
// at any moment; it returns all it showed.
func (ls *lessonShell) waitOutput(want string) string {
	ls.t.Helper()
	var all strings.Builder
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		all.WriteString(ls.take())
		if strings.Contains(all.String(), want) {
			return all.String()
		}
		time.Sleep(20 * time.Millisecond)
	}
	ls.t.Fatalf("the shell never showed %q; it showed:\n%s", want, all.String())
	return ""
}

// A step that asks for a crash completes when the evaluator crashes:
// during the input, or later, between inputs.
func TestLessonStepCompletesOnACrash(t *testing.T) {
	for name, input := range map[string]string{
		"during the input": `go func() { panic("now") }(); time.Sleep(5 * time.Second)`,
		"between inputs":   `go func() { time.Sleep(300 * time.Millisecond); panic("later") }()`,
	} {
		t.Run(name, func(t *testing.T) {
			ls := newLessonShellIn(t, "../lessons/testdata/crash", "")
			ls.do(":lesson crash")
			mustContain(t, ls.do(":check"), "not yet: the evaluator has not crashed yet")
			ls.sh.execute(context.Background(), input, origin{})
			got := ls.waitOutput("✓ Step 1 done")
			mustContain(t, got, "the evaluator crashed: panic in a goroutine:", "started a fresh evaluator")
			if n := strings.Count(got+ls.take(), "✓ Step 1 done"); n != 1 {
				t.Errorf("the step's completion was announced %d times", n)
			}
		})
	}
}

// What a background task prints after the input ended completes a step
// too, without another input.
func TestLessonStepCompletesOnBackgroundOutput(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting 2")
	mustNotContain(t, ls.do(`pg.Go("later", func(ctx context.Context) { time.Sleep(300 * time.Millisecond); fmt.Println("ready") })`), "✓")
	got := ls.waitOutput("✓ Step 2 done")
	mustContain(t, got, "ready\n")
}

// After a crash took the learner's definitions, the check says why a name
// is missing.
func TestLessonCheckAfterACrashNamesTheRestart(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting")
	ls.do("n := 2")
	ls.do(`go func() { panic("boom") }(); time.Sleep(5 * time.Second)`)
	mustContain(t, strings.Join(strings.Fields(ls.do(":check")), " "), "not yet: n is not defined yet: the task asks for it (the evaluator was restarted since this step opened")
}

// A definition of the wrong shape is the learner's to fix, not a bug in
// the (proven) lesson.
func TestLessonDefinitionOfTheWrongShape(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting")
	ls.do(`n := "three"`)
	got := strings.Join(strings.Fields(ls.do(":check")), " ")
	mustContain(t, got, "not yet: the check cannot use what you defined:", "Compare your definitions with the task (:step shows it again).")
}

// A solution that passes its check only in a second fresh sandbox passes
// lessons check with a warning that says so.
func TestLessonsCheckWarnsOfASecondTry(t *testing.T) {
	t.Setenv("PG_FLAKY_MARKER", filepath.Join(t.TempDir(), "marker"))
	var out bytes.Buffer
	if code := checkLessons(Config{Stdout: &out, Stderr: &out}, "../lessons/testdata/flaky"); code != 0 {
		t.Errorf("exit %d:\n%s", code, &out)
	}
	mustContain(t, out.String(), "ok    flaky (1 step,", "warning: ../lessons/testdata/flaky/flaky.md:6: step 1: the solution passed its check only on a second try (the first said: still the first evaluator); does the check depend on timing?")
}

// What is printed while a check runs is shown, said to be so (it may be
// the learner's code the check called), and is not the learner's output
// for the checks; package pg's report of an App the check ran is not shown.
func TestLessonCheckOutputIsShownNotCounted(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(":lesson counting 2")
	v, err := ls.sh.Value(context.Background(), `func() string { fmt.Println("ready"); a := pg.NewApp("x"); a.RunFor(10*time.Millisecond); return "x" }()`)
	if err != nil || v != `"x"` {
		t.Fatalf("Value: %q, %v", v, err)
	}
	got := ls.take()
	mustContain(t, got, "(printed while the lesson's check ran, by your tasks or by your code it called:)\nready\n")
	mustNotContain(t, got, "pg.App")
	mustContain(t, ls.do(":check"), "not yet: nothing was printed yet")
}

// BenchmarkLessonCheckAfterInput measures what a lesson adds to each
// input: the open step's check, run quietly in the session. Its baseline,
// in the same run, is the round trip of an input as small (1+1).
func BenchmarkLessonCheckAfterInput(b *testing.B) {
	all, err := lessons.LoadDir(testLessons)
	if err != nil {
		b.Fatal(err)
	}
	sh, err := New(Config{Lessons: all})
	if err != nil {
		b.Fatal(err)
	}
	defer sh.Close()
	ctx := context.Background()
	if _, err := sh.lessonTutor().Open("counting", 1); err != nil {
		b.Fatal(err)
	}
	sh.execute(ctx, "n := 2", origin{}) // the check fails: it runs in full every time
	b.Run("check", func(b *testing.B) {
		for b.Loop() {
			if news := sh.lessonTutor().AfterInput(ctx, sh); news != "" {
				b.Fatal("the check passed")
			}
		}
	})
	b.Run("eval-1+1", func(b *testing.B) {
		for b.Loop() {
			if _, err := sh.sess.Eval(ctx, "1+1", nil); err != nil {
				b.Fatal(err)
			}
		}
	})
}
