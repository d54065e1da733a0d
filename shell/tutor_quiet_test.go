package shell

import (
	"path/filepath"
	"strings"
	"testing"
)

// unwrapped joins the lines of wrapped text: what it says, whatever the width.
func unwrapped(s string) string { return strings.Join(strings.Fields(s), " ") }

const tutorLessons = "testdata/lessons"

// Once a step is done its check no longer runs after each input: a check
// may have effects (here it counts its runs in the learner's calls; in
// system 6 it sent SIGUSR1). Nor does it when the step was done in an
// earlier session and the lesson is opened there again.
func TestLessonCheckStopsOnceTheStepIsDone(t *testing.T) {
	progress := filepath.Join(t.TempDir(), "progress.json")
	ls := newLessonShellIn(t, tutorLessons, progress)
	ls.do(":lesson tutor")
	ls.do("var calls int")
	mustContain(t, ls.do("func probe() int { calls++; return 1 }"), "✓ Step 1 done.")
	mustContain(t, ls.do("calls"), "1  int")
	ls.do("x := 1")
	ls.do("x++")
	mustContain(t, ls.do("calls"), "1  int")
	// :check still runs it when asked.
	mustContain(t, ls.do(":check"), "✓ Step 1 done.")
	mustContain(t, ls.do("calls"), "2  int")

	again := newLessonShellIn(t, tutorLessons, progress)
	mustContain(t, again.do(":lesson tutor 1"), "step 1 of 3 · Probe ✓")
	again.do("var calls int")
	again.do("func probe() int { calls++; return 1 }")
	again.do("y := 2")
	mustContain(t, again.do("calls"), "0  int")
}

// A check that waits long on a learner's function that does not return
// says so once, naming the function, and no longer runs after each input
// (each would wait as long); it runs again once the learner defines
// something, and passes when the function is fixed.
func TestLessonCheckThatWaitsOnTheLearnerSaysWhyAndStops(t *testing.T) {
	ls := newLessonShellIn(t, tutorLessons, "")
	ls.do(":lesson tutor 2")
	ls.do("var calls int")
	got := unwrapped(ls.do("func waitFor() int { calls++; time.Sleep(time.Hour); return 7 }"))
	mustContain(t, got,
		"the check of step 2 is waiting for waitFor, which has not returned after 4s. The check says: waitFor() had not returned after 4 s: does it wait for something?",
		"the check no longer runs after each of them: it runs again once you define waitFor again, and when you type :check.")
	mustContain(t, ls.do("calls"), "1  int")
	mustNotContain(t, ls.do("1 + 1"), "waiting for")
	mustNotContain(t, ls.do("y := 2"), "waiting for")
	mustContain(t, ls.do("calls"), "1  int")
	mustContain(t, ls.do("func waitFor() int { calls++; return 7 }"), "✓ Step 2 done")
	mustContain(t, ls.do("calls"), "2  int")
}

// Opened at a step whose example needs what an earlier step defined, in
// a session that lacks it, :run names what is missing and the step that
// defines it, and :run earlier runs that step's solution first, once the
// learner has done it (never an answer not yet found).
func TestLessonExampleNamesWhatAnEarlierStepDefines(t *testing.T) {
	progress := filepath.Join(t.TempDir(), "progress.json")
	ls := newLessonShellIn(t, tutorLessons, progress)
	ls.do(":lesson tutor 2")
	got := unwrapped(ls.do(":run"))
	mustContain(t, got, `the example uses probe (step 1, "Probe", defines it), which this session does not define: do that step first (:prev goes back)`)
	mustNotContain(t, got, "bug in the lesson")
	mustContain(t, ls.do(":run earlier"), "step 1 is not done yet")

	ls.do(":prev")
	mustContain(t, ls.do("func probe() int { return 1 }"), "✓ Step 1 done.")
	ls.do(":next")
	mustContain(t, ls.do(":run"), "probe says 1")

	fresh := newLessonShellIn(t, tutorLessons, progress)
	fresh.do(":lesson tutor 2")
	mustContain(t, unwrapped(fresh.do(":run")), "which this session does not define: you did that step, in another session or before a restart. :run earlier runs its solution, then the example")
	got = fresh.do(":run earlier")
	mustContain(t, got, "› func probe() int { return 1 }", "probe says 1")
	mustNotContain(t, got, "failed")
}

// What a learner's task prints while the step's check runs is shown,
// never dropped.
func TestLessonOutputWhileTheCheckRunsIsShown(t *testing.T) {
	ls := newLessonShellIn(t, tutorLessons, "")
	ls.do(":lesson tutor 3")
	got := ls.do(`wake, printed := make(chan bool), make(chan bool); pg.Go("late", func(ctx context.Context) { <-wake; fmt.Println("late hello"); close(printed) })`)
	mustContain(t, got, "(printed while the lesson's check ran, by your tasks or by your code it called:)\nlate hello\n", "✓ Step 3 done")
}

// What a check starts (tasks, processes, sockets) is the check's: it is
// gone from the learner's tables when the check ends, and what still ran
// is stopped; what the learner started stays.
func TestLessonCheckLeavesNothingInTheTables(t *testing.T) {
	ls := newLessonShellIn(t, tutorLessons, "")
	ls.do(":lesson tutor 1")
	ls.do(`mine := pg.Go("mine", func(ctx context.Context) { <-ctx.Done() })`)
	ls.do(`func probe() int { pg.Go("check-task", func(ctx context.Context) { <-ctx.Done() }); pg.Start("sleep", "60"); l, _ := pg.Listen("tcp", ":0"); _ = l; return 2 }`)
	ls.do(":check")
	got := ls.do(":tasks") + ls.do(":procs") + ls.do(":socks")
	mustContain(t, got, "mine")
	for _, theirs := range []string{"check-task", "sleep 60", "listen"} {
		mustNotContain(t, got, theirs)
	}
	mustContain(t, ls.do("len(pg.Tasks())"), "1  int")
	mustContain(t, ls.do("len(pg.Procs()) + len(pg.Socks())"), "0  int")
}

// A child the check's call started with os/exec and left waiting (a
// sort whose input is never closed) ends with the check.
func TestLessonCheckLeavesNoChildWaiting(t *testing.T) {
	ls := newLessonShellIn(t, tutorLessons, "")
	ls.do(":lesson tutor 2")
	ls.do(`var child *exec.Cmd`)
	ls.do(`func waitFor() int { child = exec.Command("sort"); in, _ := child.StdinPipe(); _ = in; child.Start(); go child.Wait(); return 8 }`)
	mustContain(t, ls.do(":check"), "waitFor() returned 8, not 7")
	ended := `func() bool { for i := 0; i < 250; i++ { if child.ProcessState != nil { return true }; time.Sleep(20 * time.Millisecond) }; return false }()`
	mustContain(t, ls.do(ended), "true  bool")
}
