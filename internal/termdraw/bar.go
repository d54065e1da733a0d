package termdraw

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"golang.org/x/term"
)

// RenderBar draws a progress bar of width columns: the label, a bar of
// blocks with eighths for the part done, and "done/total" with a
// percentage, such as
//
//	checking lessons ███████████▍         12/20  60%
//
// A total of 0 or less shows a bar with nothing done. The result has no
// newline. With colour the done part is green.
func RenderBar(width int, done, total int, label string, colour bool) string {
	if width < 1 {
		return ""
	}
	frac := 0.0
	if total > 0 {
		frac = float64(max(0, min(done, total))) / float64(total)
	}
	count := fmt.Sprintf(" %d/%d %3.0f%%", done, total, frac*100)
	if total <= 0 {
		count = fmt.Sprintf(" %d", done)
	}
	labelW := 0
	if label != "" {
		labelW = min(Width(label), width/3)
	}
	barW := width - labelW - Width(count)
	if labelW > 0 {
		barW-- // the space after the label
	}
	if barW < 4 { // no room for the label
		labelW, barW = 0, width-Width(count)
	}
	if barW < 4 { // no room for the count either
		count, barW = "", width
	}
	var b strings.Builder
	if labelW > 0 {
		b.WriteString(Pad(label, labelW))
		b.WriteByte(' ')
	}
	b.WriteString(Meter(barW, frac, colour))
	b.WriteString(count)
	return b.String()
}

// eighths are the left-aligned blocks of one to seven eighths of a cell.
var eighths = []rune("▏▎▍▌▋▊▉")

// Meter draws frac (0 to 1) of width cells as blocks, to an eighth of a
// cell, the rest as a light shade. Without colour the empty part is "·".
func Meter(width int, frac float64, colour bool) string {
	if width < 1 {
		return ""
	}
	frac = max(0, min(frac, 1))
	n := int(frac * float64(width) * 8)
	full, part := n/8, n%8
	var done strings.Builder
	done.WriteString(strings.Repeat("█", full))
	rest := width - full
	if part > 0 && rest > 0 {
		done.WriteRune(eighths[part-1])
		rest--
	}
	empty := "·"
	if colour {
		empty = "░"
	}
	return Paint(done.String(), Green, colour) + Paint(strings.Repeat(empty, rest), Faint, colour)
}

// A Bar shows the progress of long work on one line of a terminal,
// redrawn in place: at most every barInterval, and at every call of Done.
// On anything that is not a terminal it draws nothing, so callers need
// not ask. Text written through the Bar (it is an io.Writer) appears
// above the bar, which is drawn again below it.
//
// A Bar's methods may be called from several goroutines at once.
//
//	bar := termdraw.NewBar(os.Stderr, len(lessons), "checking lessons")
//	for _, l := range lessons {
//		if err := check(l); err != nil {
//			fmt.Fprintf(bar, "FAIL %s: %v\n", l.Name, err)
//		}
//		bar.Add(1)
//	}
//	bar.Done()
type Bar struct {
	mu     sync.Mutex
	w      io.Writer
	on     bool // w is a terminal
	colour bool
	width  func() int
	total  int
	done   int
	label  string
	drawn  bool      // the bar is on the screen
	last   time.Time // when it was last drawn
	closed bool
}

// barInterval is the least time between two redraws of a Bar.
const barInterval = 50 * time.Millisecond

// NewBar returns a Bar counting to total, labelled label, drawn on w if w
// is a terminal (an *os.File on a tty). It is coloured unless NO_COLOR is
// set or TERM is dumb. Nothing is drawn until the first Add or Set.
func NewBar(w io.Writer, total int, label string) *Bar {
	b := &Bar{w: w, total: total, label: label, width: func() int { return 80 }}
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		b.on = true
		b.colour = os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
		fd := int(f.Fd())
		b.width = func() int {
			if cols, _, err := term.GetSize(fd); err == nil && cols > 0 {
				return cols
			}
			return 80
		}
	}
	return b
}

// Add counts n more units done and redraws the bar if it is due.
func (b *Bar) Add(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done += n
	b.drawLocked(false)
}

// Set sets the units done to n and redraws the bar if it is due.
func (b *Bar) Set(n int) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done = n
	b.drawLocked(false)
}

// SetLabel changes the label, shown at the next redraw.
func (b *Bar) SetLabel(label string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.label = label
}

// Write writes p above the bar: the bar's line is cleared, p written,
// and the bar drawn again below. Write p whole lines.
func (b *Bar) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if !b.on {
		return b.w.Write(p)
	}
	wasDrawn := b.drawn
	b.clearLocked()
	n, err := b.w.Write(p)
	if wasDrawn && !b.closed {
		b.drawLocked(true)
	}
	return n, err
}

// Done removes the bar from the screen; later calls draw nothing.
func (b *Bar) Done() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.clearLocked()
	b.closed = true
}

func (b *Bar) clearLocked() {
	if b.on && b.drawn {
		io.WriteString(b.w, "\r\x1b[2K")
		b.drawn = false
	}
}

func (b *Bar) drawLocked(force bool) {
	if !b.on || b.closed {
		return
	}
	now := time.Now()
	if !force && b.drawn && now.Sub(b.last) < barInterval && b.done < b.total {
		return
	}
	b.last = now
	// One column short of the width: a full last column would wrap on
	// some terminals.
	io.WriteString(b.w, "\r"+RenderBar(b.width()-1, b.done, b.total, b.label, b.colour)+"\x1b[K")
	b.drawn = true
}
