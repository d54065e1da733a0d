package builtins

// The :timeline renderer: a pure function from recorded lifetimes, a
// width and colour on or off to text, so that golden files can pin it
// down (timeline_draw_test.go). Recording is in timeline.go.

import (
	"fmt"
	"strings"
	"time"

	"github.com/learn-concurrency/playground/internal/termdraw"
)

// tlState is what a lane shows between two recorded changes.
type tlState uint8

const (
	tlRunning   tlState = iota // a task on a thread or ready to be; a process alive
	tlWaiting                  // a task blocked: Reason says on what
	tlOpen                     // a connection open
	tlListening                // a listener or UDP socket open
)

// tlEnd is how a lane ended.
type tlEnd uint8

const (
	tlAlive     tlEnd = iota // not ended yet
	tlDone                   // a task returned, a process exited 0
	tlCancelled              // a task cancelled (Cancel, :kill, Ctrl-C)
	tlPanicked               // a task panicked
	tlFailed                 // a process exited non-zero or was killed
	tlClosed                 // a socket closed
)

// A tlLane is one task, process or socket on the timeline.
type tlLane struct {
	ID     string    // t1, p2, s3
	Name   string    // the task's name, the command, the socket's kind and address
	Start  time.Time // when it started (connected, opened)
	End    time.Time // when it ended; zero while it lives
	How    tlEnd
	Spans  []tlSpan // what it did, in order; each lasts until the next, or End
	Status string   // its state now, for the right-hand column
}

// A tlSpan is a state from At on.
type tlSpan struct {
	At     time.Time
	State  tlState
	Reason string // why a waiting task waits: "chan receive", "sleep"
}

// tlData is what :timeline draws: lanes between From and To.
type tlData struct {
	From, To time.Time
	Lanes    []tlLane
	Hidden   int    // lanes left out
	Title    string // "last 5s", "the session so far"
}

// Glyphs: every state and event has its own, so the chart reads without
// colour; colour tells them apart faster.
const (
	glyphRunning   = '█'
	glyphWaiting   = '░'
	glyphOpen      = '━'
	glyphListening = '─'
	glyphStart     = '├'
	glyphDone      = '┤'
	glyphCancelled = '╳'
	glyphPanicked  = '!'
	glyphConnect   = '╞'
	glyphClose     = '╡'
)

func (s tlState) glyph() rune {
	switch s {
	case tlWaiting:
		return glyphWaiting
	case tlOpen:
		return glyphOpen
	case tlListening:
		return glyphListening
	}
	return glyphRunning
}

func (s tlState) colour() termdraw.Colour {
	switch s {
	case tlWaiting:
		return termdraw.Yellow
	case tlOpen, tlListening:
		return termdraw.Cyan
	}
	return termdraw.Green
}

// endGlyph is the mark at a lane's end.
func (l *tlLane) endGlyph() (rune, termdraw.Colour) {
	switch l.How {
	case tlCancelled:
		return glyphCancelled, termdraw.Magenta
	case tlPanicked, tlFailed:
		return glyphPanicked, termdraw.Red
	case tlClosed:
		return glyphClose, termdraw.Cyan
	}
	return glyphDone, termdraw.Green
}

func (l *tlLane) isSocket() bool { return strings.HasPrefix(l.ID, "s") }

// A tlCell is one column of one lane.
type tlCell struct {
	r      rune
	colour termdraw.Colour
}

// drawTimeline draws d as a chart width columns wide (at least 30), with
// ANSI colour if colour is set.
func drawTimeline(d tlData, width int, colour bool) string {
	width = max(width, 30)
	span := d.To.Sub(d.From)
	if span <= 0 {
		span = time.Millisecond
	}
	var b strings.Builder
	head := "timeline"
	if d.Title != "" {
		head += ": " + d.Title
	}
	head += " (" + tlFormatDuration(span) + ")"
	b.WriteString(termdraw.Paint(termdraw.Clip(head, width), termdraw.Bold, colour))
	b.WriteByte('\n')
	if len(d.Lanes) == 0 {
		b.WriteString("nothing ran in this time: pg.Go, pg.Start and pg.Dial start what shows here\n")
		return strings.TrimRight(b.String(), "\n")
	}

	// Columns: label, chart, status.
	labelW, statusW := 0, 0
	for _, l := range d.Lanes {
		labelW = max(labelW, termdraw.Width(l.ID+" "+l.Name))
		statusW = max(statusW, termdraw.Width(l.Status))
	}
	labelW = min(labelW, max(8, width/4))
	statusW = min(statusW, max(6, width/5))
	chartW := width - labelW - statusW - 2
	step := span / time.Duration(chartW)
	if step <= 0 {
		step = 1
	}

	pad := strings.Repeat(" ", labelW+1)
	labels, ticks := tlAxis(chartW, span)
	b.WriteString(pad + strings.TrimRight(labels, " ") + "\n")
	b.WriteString(pad + termdraw.Paint(ticks, termdraw.Faint, colour) + "\n")

	for i := range d.Lanes {
		l := &d.Lanes[i]
		cells := tlCells(l, d.From, step, chartW)
		b.WriteString(termdraw.Pad(l.ID+" "+l.Name, labelW))
		b.WriteByte(' ')
		b.WriteString(tlPaintCells(cells, colour))
		b.WriteByte(' ')
		status := termdraw.Clip(l.Status, statusW)
		switch l.How {
		case tlPanicked, tlFailed:
			status = termdraw.Paint(status, termdraw.Red, colour)
		case tlCancelled:
			status = termdraw.Paint(status, termdraw.Magenta, colour)
		case tlAlive:
		default:
			status = termdraw.Paint(status, termdraw.Faint, colour)
		}
		b.WriteString(status)
		b.WriteByte('\n')
	}
	if d.Hidden > 0 {
		fmt.Fprintf(&b, "… %d more not shown: :timeline NAME shows one task, process or socket\n", d.Hidden)
	}
	b.WriteString(tlLegend(width, colour))
	return b.String()
}

// tlCells works out each column of a lane: blank outside its life, a
// mark where it started or ended, else the state that filled most of
// the column; a waiting stretch wide enough carries its reason as text.
func tlCells(l *tlLane, from time.Time, step time.Duration, n int) []tlCell {
	cells := make([]tlCell, n)
	for i := range cells {
		cells[i].r = ' '
	}
	end := l.End
	last := from.Add(step * time.Duration(n))
	if end.IsZero() || end.After(last) {
		end = last
	}
	col := func(t time.Time) int { return int(t.Sub(from) / step) }
	first := max(0, col(l.Start))
	stop := min(n-1, col(end))
	if l.End.IsZero() || l.End.After(last) {
		stop = n - 1
	}
	reasons := make([]string, n)
	for c := first; c <= stop && c < n; c++ {
		c0 := from.Add(step * time.Duration(c))
		c1 := c0.Add(step)
		st, reason := l.dominant(c0, c1)
		cells[c] = tlCell{st.glyph(), st.colour()}
		if st == tlWaiting {
			reasons[c] = reason
		}
	}
	tlLabelWaits(cells, reasons)
	if !l.Start.Before(from) && first < n {
		if l.isSocket() {
			cells[first] = tlCell{glyphConnect, termdraw.Cyan}
		} else {
			cells[first] = tlCell{glyphStart, termdraw.Bold}
		}
	}
	if !l.End.IsZero() && !l.End.Before(from) && !l.End.After(last) {
		c := min(col(l.End), n-1)
		r, colour := l.endGlyph()
		cells[c] = tlCell{r, colour}
	}
	return cells
}

// tlLabelWaits writes a waiting stretch's reason into it when the
// stretch has room for the text and a cell either side.
func tlLabelWaits(cells []tlCell, reasons []string) {
	for i := 0; i < len(cells); {
		if reasons[i] == "" {
			i++
			continue
		}
		j := i
		for j < len(cells) && reasons[j] == reasons[i] {
			j++
		}
		text := []rune(reasons[i])
		if j-i >= len(text)+2 {
			at := i + 1
			for k, r := range text {
				cells[at+k] = tlCell{r, termdraw.Yellow}
			}
		}
		i = j
	}
}

// dominant is the state that fills most of [t0, t1) of the lane's life.
func (l *tlLane) dominant(t0, t1 time.Time) (tlState, string) {
	type key struct {
		st     tlState
		reason string
	}
	var best key
	var bestD time.Duration = -1
	add := func(k key, d time.Duration) {
		if d > bestD {
			best, bestD = k, d
		}
	}
	if len(l.Spans) == 0 || l.Spans[0].At.After(t0) {
		// Before the first recorded state: what it was first seen doing
		// (a sample comes a few milliseconds after the start).
		first := key{st: tlRunning}
		if l.isSocket() {
			first.st = tlOpen
		}
		until := t1
		if len(l.Spans) > 0 {
			first = key{l.Spans[0].State, l.Spans[0].Reason}
			if l.Spans[0].At.Before(t1) {
				until = l.Spans[0].At
			}
		}
		add(first, until.Sub(t0))
	}
	for i, s := range l.Spans {
		a := s.At
		z := t1
		if i+1 < len(l.Spans) {
			z = l.Spans[i+1].At
		}
		if a.Before(t0) {
			a = t0
		}
		if z.After(t1) {
			z = t1
		}
		if z.After(a) || (z.Equal(a) && bestD < 0) {
			add(key{s.State, s.Reason}, z.Sub(a))
		}
	}
	return best.st, best.reason
}

// tlPaintCells joins cells, one escape sequence per run of a colour.
func tlPaintCells(cells []tlCell, colour bool) string {
	var b strings.Builder
	for i := 0; i < len(cells); {
		j := i
		var run strings.Builder
		for j < len(cells) && cells[j].colour == cells[i].colour {
			run.WriteRune(cells[j].r)
			j++
		}
		c := cells[i].colour
		if strings.TrimSpace(run.String()) == "" {
			c = termdraw.Plain
		}
		b.WriteString(termdraw.Paint(run.String(), c, colour))
		i = j
	}
	return b.String()
}

// tlSteps are the tick intervals the axis chooses from.
var tlSteps = []time.Duration{
	time.Millisecond, 2 * time.Millisecond, 5 * time.Millisecond,
	10 * time.Millisecond, 20 * time.Millisecond, 50 * time.Millisecond,
	100 * time.Millisecond, 200 * time.Millisecond, 500 * time.Millisecond,
	time.Second, 2 * time.Second, 5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second,
	time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
	time.Hour, 2 * time.Hour, 6 * time.Hour, 12 * time.Hour, 24 * time.Hour,
}

// tlAxis returns the scale's labels line and ticks line for n columns
// covering span: a tick every few columns at a round interval, labelled
// with the time since the chart's start.
func tlAxis(n int, span time.Duration) (labels, ticks string) {
	tick := tlSteps[len(tlSteps)-1]
	for _, s := range tlSteps {
		// at least 8 columns between ticks, room for a label such as 1m30s
		if float64(s)/float64(span)*float64(n) >= 8 {
			tick = s
			break
		}
	}
	tl := []rune(strings.Repeat("─", n))
	lb := []rune(strings.Repeat(" ", n+8))
	next := 0 // first column a label may use
	for t := time.Duration(0); t <= span; t += tick {
		c := int(float64(t) / float64(span) * float64(n))
		if c >= n {
			break
		}
		tl[c] = '┬'
		label := []rune(tlFormatDuration(t))
		if c >= next && c+len(label) <= n+1 {
			copy(lb[c:], label)
			next = c + len(label) + 1
		}
	}
	tl[0] = '├'
	return strings.TrimRight(string(lb), " "), string(tl)
}

// tlFormatDuration writes d for the axis: 0, 250ms, 1.5s, 2m, 1m30s, 2h.
func tlFormatDuration(d time.Duration) string {
	switch {
	case d == 0:
		return "0"
	case d < time.Second:
		return d.Round(time.Millisecond).String()
	case d < time.Minute:
		return strings.TrimSuffix(d.Round(100*time.Millisecond).String(), ".0s")
	case d < time.Hour:
		d = d.Round(time.Second)
	default:
		d = d.Round(time.Minute)
	}
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

// tlLegend explains the glyphs, wrapped to width.
func tlLegend(width int, colour bool) string {
	items := []struct {
		r      rune
		colour termdraw.Colour
		text   string
	}{
		{glyphRunning, termdraw.Green, "running"},
		{glyphWaiting, termdraw.Yellow, "waiting"},
		{glyphOpen, termdraw.Cyan, "connected"},
		{glyphListening, termdraw.Cyan, "listening"},
		{glyphStart, termdraw.Bold, "start"},
		{glyphDone, termdraw.Green, "done/exit 0"},
		{glyphCancelled, termdraw.Magenta, "cancelled"},
		{glyphPanicked, termdraw.Red, "panic/failed"},
		{glyphConnect, termdraw.Cyan, "opened"},
		{glyphClose, termdraw.Cyan, "closed"},
	}
	var b strings.Builder
	col := 0
	for _, it := range items {
		w := 2 + len([]rune(it.text))
		if col > 0 && col+2+w > width {
			b.WriteByte('\n')
			col = 0
		}
		if col > 0 {
			b.WriteString("  ")
			col += 2
		}
		b.WriteString(termdraw.Paint(string(it.r), it.colour, colour) + " " + termdraw.Paint(it.text, termdraw.Faint, colour))
		col += w
	}
	return b.String()
}
