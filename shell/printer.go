package shell

import (
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/fatih/color"

	"github.com/learn-concurrency/playground/interp"
)

// printer writes what the shell shows, coloured or not. Its methods may
// be called from several goroutines.
type printer struct {
	mu     sync.Mutex
	out    io.Writer
	errOut io.Writer

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

// output writes what learner code printed, as it printed it.
func (p *printer) output(o interp.Output) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if o.Stream == "stderr" {
		io.WriteString(p.out, p.errc.Sprint(o.Data))
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
	fmt.Fprintln(p.errOut, p.errc.Sprintf(format, args...))
}

func (p *printer) warnf(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.errOut, p.warn.Sprintf(format, args...))
}

func (p *printer) infof(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	fmt.Fprintln(p.out, p.info.Sprintf(format, args...))
}

// text writes plain text, adding a final newline if it lacks one.
func (p *printer) text(s string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !strings.HasSuffix(s, "\n") {
		s += "\n"
	}
	io.WriteString(p.out, s)
}
