package termdraw

import (
	"strings"

	"github.com/fatih/color"
)

// A Colour is an ANSI foreground colour or an attribute such as Faint, as
// fatih/color (the shell's colour library) names them; Plain is none.
type Colour = color.Attribute

// Colours and attributes Paint knows.
const (
	Plain   Colour = color.Reset
	Bold    Colour = color.Bold
	Faint   Colour = color.Faint
	Red     Colour = color.FgRed
	Green   Colour = color.FgGreen
	Yellow  Colour = color.FgYellow
	Blue    Colour = color.FgBlue
	Magenta Colour = color.FgMagenta
	Cyan    Colour = color.FgCyan
)

// Paint wraps s in the escape sequences that show it in c, when on is
// set; otherwise, or for Plain or an empty s, it returns s as it is.
// Whether to colour is the caller's to say (on), never fatih/color's
// guess from the process's own standard output: pg draws for the shell's
// terminal from the evaluator, whose standard output is a pipe.
func Paint(s string, c Colour, on bool) string {
	if !on || c == Plain || s == "" {
		return s
	}
	p := color.New(c)
	p.EnableColor()
	return p.Sprint(s)
}

// Clip shortens s to at most n runes, marking a cut with "…"; n < 1 gives "".
func Clip(s string, n int) string {
	if n < 1 {
		return ""
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// Pad clips s to n runes and pads it with spaces to exactly n.
func Pad(s string, n int) string {
	s = Clip(s, n)
	if k := n - Width(s); k > 0 {
		s += strings.Repeat(" ", k)
	}
	return s
}

// Width is the number of columns s takes: its runes, escape sequences
// not counted.
func Width(s string) int {
	n, esc := 0, false
	for _, r := range s {
		switch {
		case esc:
			if r >= '@' && r <= '~' && r != '[' {
				esc = false
			}
		case r == '\x1b':
			esc = true
		default:
			n++
		}
	}
	return n
}
