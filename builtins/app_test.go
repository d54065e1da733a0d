package builtins

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/termdraw"
)

// headlessApps sends what Apps print to a buffer, and leaves Terminal
// unset: the Apps of these tests run headless.
func headlessApps(t *testing.T) *lockedBuffer {
	t.Helper()
	var out lockedBuffer
	saved, savedTerm := appOut, Terminal
	appOut, Terminal = &out, nil
	t.Cleanup(func() { appOut, Terminal = saved, savedTerm })
	return &out
}

func TestAppHandlersRunOnTheUIGoroutine(t *testing.T) {
	out := headlessApps(t)
	app := NewApp("keys")
	ui, _ := selfStack()
	var inHandler, inPost, inTick int64
	app.OnKey('a', func() {
		inHandler, _ = selfStack()
		app.SetCounter(app.Counter() + 1)
		app.Post(func() { inPost, _ = selfStack() })
	})
	ticks := 0
	app.OnTick(func() {
		ticks++
		inTick, _ = selfStack()
		switch {
		case ticks == 3:
			app.Key('a')
			app.Key('a')
		case app.Counter() == 2 && inPost != 0:
			app.Key('q')
		}
	})
	app.Run()
	if app.Counter() != 2 {
		t.Errorf("the counter is %d after two presses of a", app.Counter())
	}
	if inHandler != ui || inPost != ui || inTick != ui {
		t.Errorf("handler on goroutine %d, posted function on %d, tick on %d: all should be on the UI goroutine %d", inHandler, inPost, inTick, ui)
	}
	if s := app.Stats(); s.Frames < 3 || s.Ran <= 0 {
		t.Errorf("stats after 3 ticks: %+v", s)
	}
	if !strings.HasPrefix(out.String(), `pg.App "keys" closed: `) {
		t.Errorf("Run printed %q", out.String())
	}
	// It runs once.
	defer func() {
		if r := recover(); r != errAppRan {
			t.Errorf("a second Run panicked with %v", r)
		}
	}()
	app.Run()
}

// TestAppMeasuresAFrozenLoop is the lesson's experiment: the same second
// of work in a handler freezes the window for a second; in a task it does
// not.
func TestAppMeasuresAFrozenLoop(t *testing.T) {
	headlessApps(t)
	resetTasks(t)
	blocking := NewApp("blocking")
	blocking.OnKey('s', func() { time.Sleep(time.Second) })
	go func() {
		time.Sleep(100 * time.Millisecond)
		blocking.Key('s')
		blocking.Key('q')
	}()
	blocking.Run()
	s := blocking.Stats()
	if s.Longest < 900*time.Millisecond || s.Blocked < 900*time.Millisecond || s.Late < 50 {
		t.Errorf("a handler sleeping 1s: %v; want a longest gap and time blocked of at least 900ms and some 59 late frames", s)
	}

	responsive := NewApp("responsive")
	var task *Task
	responsive.OnKey('s', func() {
		task = Go("work", func(ctx context.Context) {
			time.Sleep(time.Second)
			responsive.Post(func() { responsive.SetStatus("done"); responsive.Close() })
		})
	})
	go func() {
		time.Sleep(100 * time.Millisecond)
		responsive.Key('s')
	}()
	responsive.Run()
	task.Wait()
	s = responsive.Stats()
	if s.Longest > 100*time.Millisecond || s.Ran < 900*time.Millisecond {
		t.Errorf("the same work in pg.Go: %v; want a longest gap of at most 100ms over about a second", s)
	}
}

func TestAppSetterOffTheUIGoroutineWarnsOnce(t *testing.T) {
	headlessApps(t)
	var said []string
	saved := Announce
	Announce = func(s string) { said = append(said, s) }
	defer func() { Announce = saved }()
	app := NewApp("warn")
	app.OnTick(func() {
		if app.Stats().Frames == 2 {
			done := make(chan struct{})
			go func() { app.SetStatus("from elsewhere"); app.SetCounter(3); close(done) }()
			<-done
			app.Close()
		}
	})
	app.RunFor(5 * time.Second)
	if len(said) != 1 || !strings.Contains(said[0], "app.Post") {
		t.Errorf("setters called off the UI goroutine said %q; want one warning naming app.Post", said)
	}
}

func TestAppClosesOnInterrupt(t *testing.T) {
	headlessApps(t)
	app := NewApp("interrupted")
	go func() {
		time.Sleep(50 * time.Millisecond)
		InterruptTasks()
	}()
	done := make(chan struct{})
	go func() { app.Run(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Ctrl-C (InterruptTasks) did not close a running App")
	}
}

// TestAppOnATerminal runs an App with a terminal that a test stands in
// for: it asks for the terminal raw and back, and draws the window in
// place, the cursor hidden while it runs.
func TestAppOnATerminal(t *testing.T) {
	out := headlessApps(t)
	var asked []bool
	Terminal = func(raw bool) (TermInfo, bool) {
		asked = append(asked, raw)
		return TermInfo{Width: 50, Height: 20}, true
	}
	app := NewApp("drawn")
	app.OnKey('x', func() { app.SetStatus("x pressed") })
	app.SetProgress(0.5)
	go func() {
		time.Sleep(50 * time.Millisecond)
		app.Key('x')
		time.Sleep(50 * time.Millisecond)
		app.Close()
	}()
	app.Run()
	got := out.String()
	if fmt.Sprint(asked) != "[true false]" {
		t.Errorf("the App asked for the terminal %v; want raw, then back", asked)
	}
	for _, want := range []string{"\x1b[?25l", "╭─ drawn ", "x pressed", "keys: x · q quits", "\r\x1b[6A", "■ closed", "\x1b[?25h", `pg.App "drawn" closed: `} {
		if !strings.Contains(got, want) {
			t.Errorf("the terminal got no %q:\n%q", want, got)
		}
	}
	if strings.Index(got, "\x1b[?25h") < strings.LastIndex(got, "■ closed") {
		t.Errorf("the cursor should be shown after the last frame:\n%q", got)
	}
}

func TestDrawAppGolden(t *testing.T) {
	views := map[string]appView{
		"running": {Title: "downloader", Tick: 13, Counter: 42, Status: "downloading file 3 of 10", Progress: 0.34,
			Keys: []rune{'d', 's', ' '}, Longest: 17 * time.Millisecond},
		"frozen": {Title: "a window with a title longer than any terminal is wide", Tick: 200, Counter: 7, Status: "sleeping on the UI goroutine…",
			Progress: -1, Keys: []rune{'s'}, Longest: 1003 * time.Millisecond, Late: 59, Closed: true},
	}
	goldenWidths(t, "app", func(t *testing.T, width int, colour bool) string {
		var b bytes.Buffer
		for _, which := range []string{"running", "frozen"} {
			lines := drawApp(views[which], width, colour)
			if len(lines) != appHeight {
				t.Errorf("%s: %d lines, want %d", which, len(lines), appHeight)
			}
			for i, line := range lines {
				if w := termdraw.Width(line); w > min(width, appMaxWidth) {
					t.Errorf("%s: line %d is %d columns wide: %q", which, i+1, w, line)
				}
			}
			b.WriteString(strings.Join(lines, "\n") + "\n")
		}
		return b.String()
	})
}

// TestAppOneQueue: keys and posted work run in the order they came, as
// from a GUI's one event queue.
func TestAppOneQueue(t *testing.T) {
	headlessApps(t)
	app := NewApp("queue")
	var order []string
	app.OnKey('x', func() { order = append(order, "x") })
	for i := 0; i < 3; i++ {
		i := i
		app.Post(func() { order = append(order, fmt.Sprint("post", i)) })
		app.Key('x')
	}
	app.Key('q')
	app.Run()
	if got := strings.Join(order, " "); got != "post0 x post1 x post2 x" {
		t.Errorf("ran %q; want posts and keys in the order they came", got)
	}
}
