//go:build linux || darwin

package shell

import (
	"path/filepath"
	"testing"
)

// A learner completes a two-step lesson by typing at the real prompt.
func TestTerminalLearnerCompletesALesson(t *testing.T) {
	lesson, err := filepath.Abs(filepath.Join(testLessons, "counting.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := startPTY(t, "")
	s.line(":lesson load " + lesson)
	s.waitFor("counting 1/2 › ")
	s.line(":hint")
	s.waitFor("Hint 1 of 2")
	s.waitCount("counting 1/2 › ", 2)
	s.line("n := 2")
	s.waitCount("counting 1/2 › ", 3)
	s.line(":check")
	s.waitFor("not yet: n is 2; the task asks for 3")
	s.waitCount("counting 1/2 › ", 4)
	s.line("n = 3")
	s.waitFor(`✓ Step 1 done. :next goes on to step 2, "Say it".`)
	s.waitCount("counting 1/2 › ", 5)
	s.line(":next")
	s.waitFor("counting 2/2 › ")
	s.line(`fmt.Println("ready")`)
	s.waitFor("✓ Step 2 done, and with it the lesson counting.")
	s.waitCount("counting 2/2 › ", 2)
	s.line(":lessons")
	s.waitFor("✓ counting")
	s.waitCount("counting 2/2 › ", 3)
	s.typeKeys("\x04")
	if code := s.wait(); code != 0 {
		t.Errorf("exit status %d", code)
	}
}
