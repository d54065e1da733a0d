package termdraw

import "strings"

// A Colour is an ANSI foreground colour (SGR 30-37) or an attribute such
// as Faint; Plain is none.
type Colour int

// Colours and attributes Paint knows.
const (
	Plain   Colour = 0
	Bold    Colour = 1
	Faint   Colour = 2
	Red     Colour = 31
	Green   Colour = 32
	Yellow  Colour = 33
	Blue    Colour = 34
	Magenta Colour = 35
	Cyan    Colour = 36
)

// Paint wraps s in the escape sequences that show it in c, when on is
// set; otherwise, or for Plain or an empty s, it returns s as it is.
func Paint(s string, c Colour, on bool) string {
	if !on || c == Plain || s == "" {
		return s
	}
	return "\x1b[" + itoa(int(c)) + "m" + s + "\x1b[0m"
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

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	neg := n < 0
	if neg {
		n = -n
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	if neg {
		i--
		b[i] = '-'
	}
	return string(b[i:])
}
