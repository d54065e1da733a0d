package interp

import "testing"

// The calls of a several-value assignment are taken into variables; a
// message about one still points at the learner's call and speaks of their
// names.
func TestAssignedCallsKeepPositions(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "func two() int { return 2 }\nvar str string\nvar n int")
	te.compileError(t, "n, str = 1, two()", 1, 13, "cannot use")
	res := te.Eval(t.Context(), "n, str = 1, two()")
	if res.Err == nil || containsMangled(res.Err.Msg) {
		t.Errorf("message %v shows the playground's names", res.Err)
	}
	te.value(t, "n, str = 4, fmt.Sprint(two()); fmt.Sprint(n, \"/\", str)", `"4/2"`, "string")
}

func containsMangled(msg string) bool {
	return mangled.MatchString(msg)
}
