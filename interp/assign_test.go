package interp

import (
	"testing"

	"github.com/learn-concurrency/playground/interp/rewrite"
)

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
	return rewrite.IsMangled(msg)
}

// A return of values that read named results gives each the value it had
// before the return (yaegi assigned them one by one: return b, a gave 2, 2).
func TestReturnReadsNamedResults(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "func swap() (a, b int) { a, b = 1, 2; return b, a }")
	te.value(t, "swap()", "2, 1", "(int, int)")
	te.eval(t, "func next() (a, b int) { a = 1; return a + 1, a }")
	te.value(t, "next()", "2, 1", "(int, int)")
	te.value(t, `func() (x, y string) { x, y = "x", "y"; return y, x }()`, `"y", "x"`, "(string, string)")
	te.eval(t, "func consts() (a, b float64) { a = 1; return 2, a }")
	te.value(t, "consts()", "2, 1", "(float64, float64)")
}
