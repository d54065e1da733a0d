//go:build linux || darwin

package shell

import (
	"path/filepath"
	"strings"
	"testing"
)

// On a terminal the check after an input runs in the background: the
// prompt is back before a check that waits on the learner's hanging
// function has finished, and the check's word on it comes above the
// prompt, once.
func TestTerminalStalledCheckDoesNotHoldThePrompt(t *testing.T) {
	lesson, err := filepath.Abs(filepath.Join(tutorLessons, "tutor.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := startPTY(t, "")
	s.line(":lesson load " + lesson)
	s.waitFor("tutor 1/3 › ")
	s.line(":lesson tutor 2")
	s.waitFor("tutor 2/3 › ")
	s.line("var calls int")
	s.waitCount("tutor 2/3 › ", 2)
	s.line("func waitFor() int { calls++; time.Sleep(time.Hour); return 7 }")
	s.waitFor("is waiting for waitFor")
	raw := s.rawText()
	word := strings.Index(raw, "is waiting for waitFor")
	input := strings.LastIndex(raw[:word], "time.Sleep(time.Hour); return 7 }") // as go-prompt last drew it
	if !strings.Contains(raw[input:word], "tutor 2/3 › ") {
		t.Errorf("the prompt came back only after the check ended:\n%s", raw[input:])
	}
	s.line("calls")
	s.waitFor("1  int")
	if n := strings.Count(s.rawText(), "is waiting for waitFor"); n != 1 {
		t.Errorf("the check's word came %d times", n)
	}
}
