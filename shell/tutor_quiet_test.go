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
	mustContain(t, again.do(":lesson tutor 1"), "step 1 of 2 · Probe ✓")
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
		"the check of step 2 is waiting for waitFor, which has not returned after 4 s. The check says: waitFor() had not returned after 4 s: does it wait for something?",
		"the check no longer runs after each of them")
	mustContain(t, ls.do("calls"), "1  int")
	mustNotContain(t, ls.do("1 + 1"), "waiting for")
	mustContain(t, ls.do("calls"), "1  int")
	mustContain(t, ls.do("func waitFor() int { calls++; return 7 }"), "✓ Step 2 done")
	mustContain(t, ls.do("calls"), "2  int")
}
