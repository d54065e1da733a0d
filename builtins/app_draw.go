package builtins

// The window of pg.App, as a pure function of what it shows, a width and
// colour on or off: golden files pin it down (app_draw_test.go). The
// event loop is in app.go.

import (
	"fmt"
	"strings"
	"time"

	"github.com/learn-concurrency/playground/internal/termdraw"
)

// appView is what one frame of an App's window shows.
type appView struct {
	Title    string
	Tick     int // frames drawn so far: the spinner turns every spinEvery of them
	Counter  int
	Status   string
	Progress float64 // 0 to 1; below 0, no bar
	Keys     []rune  // the keys with handlers, in the order given
	Longest  time.Duration
	Late     int
	// Stalled: the longest gap less the handlers' time in it (AppStats).
	Stalled time.Duration
	Closed  bool
}

// appSpinner turns while the UI goroutine keeps drawing: when it stops,
// the window is frozen.
var appSpinner = []rune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")

// spinEvery is how many frames each spinner glyph shows: 10 turns a
// second at 60 frames a second.
const spinEvery = 6

// appBusy is how long a frame gap with no handler running must be for
// the window to say the machine was busy: a few frames late is normal
// scheduling, a tenth of a second is not.
const appBusy = 100 * time.Millisecond

// appMaxWidth bounds the window's width.
const appMaxWidth = 64

// appHeight is the number of lines drawApp returns.
const appHeight = 6

// drawApp draws the window as appHeight lines, each width columns wide
// (at most appMaxWidth, at least 24).
func drawApp(v appView, width int, colour bool) []string {
	w := min(max(width, 24), appMaxWidth)
	in := w - 4 // inside "│ " and " │"
	border := func(s string) string { return termdraw.Paint(s, termdraw.Faint, colour) }
	row := func(s string) string {
		return border("│") + " " + s + strings.Repeat(" ", max(0, in-termdraw.Width(s))) + " " + border("│")
	}

	title := " " + termdraw.Clip(v.Title, in-4) + " "
	top := border("╭─") + termdraw.Paint(title, termdraw.Bold, colour) + border(strings.Repeat("─", max(0, w-3-termdraw.Width(title)))+"╮")

	spin := string(appSpinner[v.Tick/spinEvery%len(appSpinner)])
	state := "running"
	if v.Closed {
		spin, state = "■", "closed"
	}
	counter := fmt.Sprintf("counter %d", v.Counter)
	left := termdraw.Paint(spin, termdraw.Cyan, colour) + " " + state
	line1 := left + strings.Repeat(" ", max(1, in-termdraw.Width(left)-len(counter))) + termdraw.Paint(counter, termdraw.Bold, colour)
	if termdraw.Width(line1) > in {
		line1 = left
	}

	bar := ""
	if v.Progress >= 0 {
		pct := fmt.Sprintf(" %3.0f%%", v.Progress*100)
		bar = termdraw.Meter(in-len(pct), v.Progress, colour) + pct
	}

	status := termdraw.Clip(v.Status, in)

	keys := "keys:"
	for _, k := range v.Keys {
		keys += " " + appKeyName(k)
	}
	keys = termdraw.Clip(keys+" · q quits", in)

	stats := fmt.Sprintf(" longest frame gap %s · late %d ", appDuration(v.Longest), v.Late)
	if termdraw.Width(stats)+4 > w {
		stats = fmt.Sprintf(" gap %s ", appDuration(v.Longest))
	}
	if v.Stalled > appBusy {
		// A gap no handler explains: the loop waited for a CPU.
		stats = fmt.Sprintf(" longest frame gap %s · late %d · machine busy ", appDuration(v.Longest), v.Late)
		if termdraw.Width(stats)+4 > w {
			stats = fmt.Sprintf(" gap %s · busy ", appDuration(v.Longest))
		}
	}
	lateColour := termdraw.Faint
	if v.Longest > 100*time.Millisecond {
		lateColour = termdraw.Red
	}
	bottom := border("╰"+strings.Repeat("─", max(0, w-3-termdraw.Width(stats)))) + termdraw.Paint(stats, lateColour, colour) + border("─╯")

	return []string{top, row(line1), row(bar), row(status), row(termdraw.Paint(keys, termdraw.Faint, colour)), bottom}
}

// appKeyName shows a key as the learner would type it.
func appKeyName(k rune) string {
	switch {
	case k == ' ':
		return "space"
	case k == '\r' || k == '\n':
		return "enter"
	case k == '\t':
		return "tab"
	case k < ' ':
		return "^" + string(k+'@')
	}
	return string(k)
}

// appDuration rounds d for the window and the stats line: 16ms, 1.002s.
func appDuration(d time.Duration) string { return d.Round(time.Millisecond).String() }
