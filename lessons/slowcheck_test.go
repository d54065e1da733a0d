package lessons

import "testing"

func TestResumesOnlyWhenTheFunctionWaitedOnIsDefinedAgain(t *testing.T) {
	for _, c := range []struct {
		input, fn string
		want      bool
	}{
		{"func countChan(n int) int { return n }", "countChan", true},
		{"countChan = func(n int) int { return n }", "countChan", true},
		{"x := 3", "countChan", false},
		{"func other() {}", "countChan", false},
		{"func other() {}", "", true},
		{"x := 3", "", false},
	} {
		if got := resumes(c.input, c.fn); got != c.want {
			t.Errorf("resumes(%q, %q) = %v", c.input, c.fn, got)
		}
	}
}
