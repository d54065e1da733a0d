package shell

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/fatih/color"
	"golang.org/x/term"

	"github.com/learn-concurrency/playground/interp"
)

// printer writes what the shell shows, coloured or not. Its methods may
// be called from several goroutines.
type printer struct {
	mu     sync.Mutex
	out    io.Writer
	errOut io.Writer
	// width, if set, is the terminal's width: the shell's own lines are
	// wrapped at a space to fit it, never broken inside a word.
	width func() int

	value, typ, errc, warn, dim, info *color.Color
}

func newPrinter(out, errOut io.Writer, colour bool) *printer {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if colour {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &printer{
		width:  terminalWidth(out),
		out:    out,
		errOut: errOut,
		value:  mk(color.FgCyan),
		typ:    mk(color.Faint),
		errc:   mk(color.FgRed),
		warn:   mk(color.FgYellow),
		dim:    mk(color.Faint),
		info:   mk(color.FgGreen),
	}
}

// output writes what learner code printed, as it printed it, and where:
// what it wrote to standard error (os.Stderr, print, println) goes to
// the shell's.
func (p *printer) output(o interp.Output) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if o.Stream == "stderr" {
		io.WriteString(p.errOut, p.errc.Sprint(o.Data))
		return
	}
	io.WriteString(p.out, o.Data)
}

// result shows an input's value and dimmed type, then its warning.
func (p *printer) result(r interp.Result) {
	if r.Warn != "" {
		defer p.warnf("%s", r.Warn)
	}
	if r.Value == "" && r.Type == "" {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if r.Type != "" {
		fmt.Fprintf(p.out, "%s  %s\n", p.value.Sprint(r.Value), p.typ.Sprint(r.Type))
		return
	}
	fmt.Fprintln(p.out, p.value.Sprint(r.Value))
}

// evalError shows a failed input: compile errors with their line:col in
// the learner's input, panics with the first frame in learner code.
// For a panic, at (if not "") says where it happened, and tb is the
// traceback to show after it (see Shell.traceback).
func (p *printer) evalError(e *interp.Error, from origin, at, tb string) {
	var msg string
	switch e.Kind {
	case interp.ErrCompile:
		if e.Line > 0 {
			msg = from.pos(e.Line, e.Col) + ": " + e.Msg
		} else {
			msg = e.Msg
		}
	case interp.ErrPanic:
		msg = "panic: " + e.Msg
		switch {
		case at != "":
			msg += " (at " + at + ")"
		case len(e.Frames) > 0:
			msg += " (at " + from.frame(e.Frames[0]) + ")"
		}
		if tb != "" {
			msg += "\n" + tb
		}
	case interp.ErrCanceled:
		msg = e.Msg
	default:
		msg = e.Error()
	}
	p.errorf("%s", msg)
}

func (p *printer) errorf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.errOut, p.errc.Sprint(p.fit(fmt.Sprintf(format, args...))))
}

func (p *printer) warnf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.errOut, p.warn.Sprint(p.fit(fmt.Sprintf(format, args...))))
}

func (p *printer) infof(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.out, p.info.Sprint(p.fit(fmt.Sprintf(format, args...))))
}

// text writes plain text, adding a final newline if it lacks one.
func (p *printer) text(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s = p.fit(s)
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	io.WriteString(p.out, s)
}

// terminalWidth returns a function that tells the width of the terminal
// w writes to (w, or the writer it wraps, is a terminal's *os.File), or
// nil when w is not a terminal.
func terminalWidth(w io.Writer) func() int {
	for {
		if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
			fd := int(f.Fd())
			return func() int {
				cols, _, err := term.GetSize(fd)
				if err != nil {
					return 0
				}
				return cols
			}
		}
		u, ok := w.(interface{ Unwrap() io.Writer })
		if !ok {
			return nil
		}
		w = u.Unwrap()
	}
}

// fit wraps the lines of s wider than the terminal at their last space
// that fits, so that the terminal does not break them inside a word; a
// line's later parts are indented two columns past it. Lines that fit,
// and everything when the width is unknown, are left as they are.
func (p *printer) fit(s string) string {
	if p.width == nil {
		return s
	}
	w := p.width() - 1 // a line as wide as the terminal may wrap early
	if w < 20 {
		return s
	}
	lines := strings.Split(s, "\n")
	for i, line := range lines {
		lines[i] = fitLine(line, w)
	}
	return strings.Join(lines, "\n")
}

// fitLine wraps one line at spaces to at most width columns (colour
// codes take none); a word wider than that stays whole.
func fitLine(line string, width int) string {
	if visibleWidth(line) <= width {
		return line
	}
	lead := len(line) - len(strings.TrimLeft(line, " "))
	indent := strings.Repeat(" ", min(lead+2, width/2))
	var b strings.Builder
	b.WriteString(line[:lead])
	col := lead
	for i, word := range strings.Split(line[lead:], " ") {
		n := visibleWidth(word)
		switch {
		case i == 0:
		case col+1+n > width && col > len(indent):
			b.WriteString("\n" + indent)
			col = len(indent)
		default:
			b.WriteByte(' ')
			col++
		}
		b.WriteString(word)
		col += n
	}
	return b.String()
}

// visibleWidth is how many columns s takes, colour codes aside.
func visibleWidth(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '[' {
			for i += 2; i < len(s) && (s[i] < '@' || s[i] > '~'); i++ {
			}
			continue
		}
		if s[i]&0xc0 != 0x80 {
			n++
		}
	}
	return n
}
