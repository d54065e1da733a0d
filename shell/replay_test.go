package shell

import (
	"net"
	"strings"
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

// An input that waited for a client from outside the session (here the
// test dials it) is not replayed blindly: :replay skips it, says why, and
// goes on with the rest.
func TestReplaySkipsAnInputThatWaitedForTheOutsideWorld(t *testing.T) {
	ls := newLessonShell(t, "")
	ls.do(`ln, _ := pg.Listen("tcp", ":0")`)
	addr := strings.TrimSpace(strings.Trim(strings.Fields(ls.do("ln.Addr()"))[0], `"`))
	dialed := make(chan error, 1)
	go func() {
		c, err := net.Dial("tcp", addr)
		if err == nil {
			c.Close()
		}
		dialed <- err
	}()
	ls.do("c, _ := ln.Accept()")
	if err := <-dialed; err != nil {
		t.Fatal(err)
	}
	ls.do("x := 5")
	ls.do(":restart")
	got := unwrapped(ls.do(":replay"))
	mustContain(t, got,
		"replaying 4 inputs in a fresh evaluator",
		"(input 3 of the replay skipped: c, _ := ln.Accept() waited for a client to connect (Accept), and the replay cannot bring that back; type it again when it can be answered.",
		"replayed 3 of 4 inputs; 1 skipped")
	mustContain(t, ls.do("x"), "5  int")
}

// An input the session itself could answer (a dial from the session) is
// replayed.
func TestReplayRunsAnAcceptTheSessionAnswers(t *testing.T) {
	if why := outsideWait("c, _ := ln.Accept()", []string{`ln, _ := pg.Listen("tcp", ":0")`, `go pg.Dial("tcp", ln.Addr())`, "c, _ := ln.Accept()"}); why != "" {
		t.Errorf("skipped, though the session dials: %s", why)
	}
	if why := outsideWait(`pg.Go("srv", func(ctx context.Context) { c, _ := ln.Accept(); c.Close() })`, nil); why != "" {
		t.Errorf("skipped, though the accept is in a task: %s", why)
	}
	if why := outsideWait(`var name string; fmt.Scanln(&name)`, nil); why == "" {
		t.Error("a read of the learner's typing was replayed")
	}
}
