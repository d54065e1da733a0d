package interp

import (
	"context"
	"strings"
	"testing"
)

const testCheckFunc = "func(output string, inputs []string, restarts int) string {\n" +
	"\tif n != 3 { return fmt.Sprintf(\"FAIL n is %d (%d inputs, %q)\", n, len(inputs), output) }\n" +
	"\treturn \"PASS\"\n}"

// The check function stays compiled while what it uses stays defined as
// it was; it is called with the arguments of each call.
func TestCallCheckKeepsTheCompiledCheck(t *testing.T) {
	te := newTestEngine(t)
	ctx := context.Background()
	call := func(want string) *cachedCheck {
		t.Helper()
		res := te.CallCheck(ctx, testCheckFunc, CheckArgs{Output: "out", Inputs: []string{"a", "b"}})
		if res.Err != nil || res.Value != want {
			t.Fatalf("CallCheck: %q, %v; want %s", res.Value, res.Err, want)
		}
		return te.check
	}
	te.eval(t, "n := 2")
	const fail2, fail4 = `"FAIL n is 2 (2 inputs, \"out\")"`, `"FAIL n is 4 (2 inputs, \"out\")"`
	first := call(fail2)
	for _, in := range []string{"1 + 1", "x := 1", "func f() int { return 1 }", "n = 3"} {
		te.eval(t, in)
		want := fail2
		if in == "n = 3" {
			want = `"PASS"`
		}
		if call(want) != first {
			t.Errorf("after %q the check was compiled again", in)
		}
	}
	for _, in := range []string{"n := 4", "var n = 4", "type T int", "func (T) M() {}", "func n2() {}"} {
		before := te.check
		te.eval(t, in)
		dropped := call(fail4) != before
		if want := in != "func n2() {}"; dropped != want {
			t.Errorf("after %q, compiled again: %v, want %v", in, dropped, want)
		}
	}
}

// The check function has a name no learner can write, and nothing the
// learner sees lists it.
func TestCallCheckIsInvisible(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "n := 3")
	if res := te.CallCheck(context.Background(), testCheckFunc, CheckArgs{}); res.Value != `"PASS"` {
		t.Fatalf("CallCheck: %+v", res)
	}
	for name := range te.defined {
		if name != "n" {
			t.Errorf("defined: %q", name)
		}
	}
	for _, c := range te.completeName("") {
		if strings.Contains(c.Text, "check") {
			t.Errorf("completion offers %q", c.Text)
		}
	}
}

// A panic in the check function is the check's, as an input's would be
// the input's: the learner sees it, with no frame of theirs.
func TestCallCheckPanics(t *testing.T) {
	te := newTestEngine(t)
	res := te.CallCheck(context.Background(), "func(output string, inputs []string, restarts int) string {\n\tvar m map[string]int\n\tm[output] = 1\n\treturn \"PASS\"\n}", CheckArgs{})
	if res.Err == nil || res.Err.Kind != ErrPanic || !strings.Contains(res.Err.Msg, "nil map") {
		t.Fatalf("CallCheck: %+v, %v", res, res.Err)
	}
	if res := te.CallCheck(context.Background(), "func(output string, inputs []string, restarts int) string {\n\treturn undefinedName\n}", CheckArgs{}); res.Err == nil || res.Err.Kind != ErrCompile || res.Err.Msg != "undefined: undefinedName" || res.Err.Line != 2 {
		t.Fatalf("CallCheck: %+v, %v", res, res.Err)
	}
}
