package shell

import (
	"testing"
)

// When the evaluator crashes after an input that started a goroutine
// ended, :replay leaves that input out: replaying it would crash again.
func TestReplayLeavesOutTheInputWhoseGoroutineCrashed(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do("x := 41")
	ls.do(`go func() { time.Sleep(200 * time.Millisecond); panic("later") }()`)
	got := ls.waitOutput(":replay leaves out")
	mustContain(t, got,
		"the evaluator crashed: panic in a goroutine: later",
		":replay reruns the 1 input that succeeded.",
		"(:replay leaves out your last input, go func() { time.Sleep(200 * time.Millisecond); panic(\"later\") }(): the goroutine it started most likely crashed the evaluator.)")
	mustContain(t, ls.do(":replay"), "replaying 1 input in a fresh evaluator")
	mustContain(t, ls.do("x + 1"), "42  int")
	mustNotContain(t, ls.take(), "crashed")
}
