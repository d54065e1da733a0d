//go:build linux || darwin

package shell

import (
	"strings"
	"testing"
)

// TestAppWarningDrawnAboveTheWindow: a setter called off the UI
// goroutine while the window is up (issue 14, gui 4) gets its warning
// above the window, and the window stays whole: printed below it, the
// warning pushed the window up a line and the next frame was drawn over
// the warning and half the old window, which showed twice.
func TestAppWarningDrawnAboveTheWindow(t *testing.T) {
	s := startPTY(t, "")
	s.line(`app := pg.NewApp("bar")`)
	s.line(`app.OnKey('g', func() { go app.SetProgress(0.5) })`)
	s.line(`app.Run()`)
	s.waitFor("╭─ bar")
	s.typeKeys("g")
	s.waitFor("changed from goroutine")
	s.waitFor(" 50%")
	s.typeKeys("q")
	s.waitFor(`pg.App "bar" closed:`)
	screen := s.screen()
	if n := strings.Count(screen, "╭─ bar"); n != 1 {
		t.Errorf("the window shows %d times, want once:\n%s", n, screen)
	}
	warn, top := strings.Index(screen, "changed from goroutine"), strings.Index(screen, "╭─ bar")
	if warn < 0 || warn > top {
		t.Errorf("the warning is not above the window:\n%s", screen)
	}
	if !strings.Contains(screen, "■ closed") || !strings.Contains(screen, "keys: g · q quits") {
		t.Errorf("the window is not whole:\n%s", screen)
	}
}
