package builtins

import (
	"strings"
	"testing"
	"time"

	"github.com/hinshun/vt10x"
)

// TestAppWarningDrawnAboveTheWindow: a setter called off the UI goroutine
// while the window is on a terminal puts its warning above the window,
// which moves down; the screen shows one window, whole, and the warning.
// (Printed as it was, the warning pushed the window up a line and the
// next frame was drawn over it and half the old window.)
func TestAppWarningDrawnAboveTheWindow(t *testing.T) {
	out := headlessApps(t)
	Terminal = func(raw bool) (TermInfo, bool) { return TermInfo{Width: 60, Height: 20}, true }
	saved := Announce
	var said []string
	Announce = func(s string) { said = append(said, s) }
	defer func() { Announce = saved }()
	app := NewApp("warned")
	app.OnTick(func() {
		switch app.Stats().Frames {
		case 3:
			done := make(chan struct{})
			go func() { app.SetProgress(0.5); app.SetProgress(0.6); close(done) }()
			<-done
		case 8:
			app.Close()
		}
	})
	app.RunFor(5 * time.Second)
	if len(said) != 0 {
		t.Errorf("the warning went to Announce while the window was up: %q", said)
	}
	vt := vt10x.New(vt10x.WithSize(60, 20))
	vt.Write([]byte(strings.ReplaceAll(out.String(), "\n", "\r\n")))
	screen := vt.String()
	if n := strings.Count(screen, "╭─ warned "); n != 1 {
		t.Errorf("the screen shows %d windows, want 1:\n%s", n, screen)
	}
	warn := strings.Index(screen, "changed from goroutine")
	top := strings.Index(screen, "╭─ warned ")
	if warn < 0 || warn > top {
		t.Errorf("the warning is not above the window:\n%s", screen)
	}
	if !strings.Contains(screen, "60%") || !strings.Contains(screen, "■ closed") {
		t.Errorf("the window is not whole after the warning:\n%s", screen)
	}
	if st := app.Stats(); st.OffUI != 2 {
		t.Errorf("OffUI is %d after two setter calls from another goroutine, want 2", st.OffUI)
	}
}

// TestAppStatsTellHandlersFromStalls: a handler that sleeps shows in
// LongestHandler and not in Stalled; setters called on the UI goroutine
// do not count in OffUI.
func TestAppStatsTellHandlersFromStalls(t *testing.T) {
	headlessApps(t)
	app := NewApp("slow")
	app.OnKey('s', func() { time.Sleep(300 * time.Millisecond); app.SetStatus("slept") })
	app.Key('s')
	app.OnTick(func() {
		if app.Stats().Frames == 5 {
			app.Close()
		}
	})
	app.RunFor(5 * time.Second)
	st := app.Stats()
	if st.LongestHandler < 300*time.Millisecond || st.Longest < st.LongestHandler {
		t.Errorf("a 300ms handler: %+v; want LongestHandler of 300ms or more, within Longest", st)
	}
	// The handler's 300 ms is not a stall; what is left of the gap is
	// the machine's (a few frames at most on a quiet machine, but this
	// one may be busy: compare with the handler, not with a time).
	if st.Stalled >= st.LongestHandler {
		t.Errorf("Stalled %v is not less than the handler's %v: the handler's time was counted as a stall", st.Stalled, st.LongestHandler)
	}
	if st.OffUI != 0 {
		t.Errorf("OffUI is %d for setters called in a handler, want 0", st.OffUI)
	}
}

func TestDrawAppSaysWhenTheMachineWasBusy(t *testing.T) {
	v := appView{Title: "busy", Progress: -1, Longest: 404 * time.Millisecond, Stalled: 400 * time.Millisecond}
	for _, width := range []int{24, 40, 64} {
		lines := drawApp(v, width, false)
		if !strings.Contains(lines[len(lines)-1], "busy") {
			t.Errorf("width %d: the bottom line does not say the machine was busy: %q", width, lines[len(lines)-1])
		}
	}
	v.Stalled = 17 * time.Millisecond
	if lines := drawApp(v, 64, false); strings.Contains(lines[len(lines)-1], "busy") {
		t.Errorf("a gap a handler explains is called a busy machine: %q", lines[len(lines)-1])
	}
}
