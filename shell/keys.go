package shell

import (
	"bytes"
	"unicode/utf8"
)

// indentUnit is one level of indentation at the prompt. A tab, typed or
// pasted, becomes this: go-prompt measures the line it draws rune by rune,
// and a tab's width on the screen is not a rune's.
const indentUnit = "    "

// Bracketed paste: a terminal that supports it (xterm, tmux, iTerm2,
// GNOME's) sends what is pasted between these, once the shell asks with
// pasteOn; pasteOff asks it to stop.
var (
	pasteStart = []byte("\x1b[200~")
	pasteEnd   = []byte("\x1b[201~")
)

const (
	pasteOn  = "\x1b[?2004h"
	pasteOff = "\x1b[?2004l"
)

// enterKey is the key a line break of a paste becomes.
var enterKey = []byte{'\r'}

// splitKeys splits what one read of the terminal returned into the keys
// it holds, in order: an escape sequence (an arrow, Home, F5), a control
// byte (Enter, Ctrl-C, Tab), or a run of text, one key each. A terminal,
// a held key or a loaded machine often delivers several at once.
//
// The end of b may be the start of a key whose rest has not arrived (an
// escape sequence, a UTF-8 rune, a bracketed paste): it is returned as
// rest, to be put before the next read's bytes, unless final is set (no
// more bytes came in time), when it is a key as it is.
//
// A paste is text: a tab in it is indentation, not the Tab key, and a line
// break is Enter, one line after another. A paste is told by bracketed
// paste, or, from a terminal without it, by a read that holds text and a
// line break or a tab together, which no single key press does; there, a
// tab with no text after it is the Tab key, pressed just after typing
// (tmux send-keys 'strings.Sp' Tab).
func splitKeys(b []byte, final bool) (keys [][]byte, rest []byte) {
	pasted := looksPasted(b)
	var text []byte // the run of text being gathered
	flush := func() {
		if len(text) > 0 {
			keys = append(keys, text)
			text = nil
		}
	}
	for i := 0; i < len(b); {
		c := b[i]
		switch {
		case bytes.HasPrefix(b[i:], pasteStart):
			end := bytes.Index(b[i+len(pasteStart):], pasteEnd)
			if end < 0 && !final {
				flush()
				return keys, b[i:]
			}
			body := b[i+len(pasteStart):]
			next := len(b)
			if end >= 0 {
				body = body[:end]
				next = i + len(pasteStart) + end + len(pasteEnd)
			}
			flush()
			keys = append(keys, pasteKeys(body)...)
			i = next
		case c == 0x1b:
			n := escapeLen(b[i:])
			if n == 0 { // incomplete
				if !final {
					flush()
					return keys, b[i:]
				}
				n = len(b) - i
			}
			flush()
			keys = append(keys, b[i:i+n])
			i += n
		case pasted && (c == '\r' || c == '\n'):
			flush()
			keys = append(keys, enterKey)
			i++
			if c == '\r' && i < len(b) && b[i] == '\n' {
				i++ // a CRLF line break is one Enter
			}
		case pasted && c == '\t' && hasText(b[i+1:]):
			text = append(text, indentUnit...)
			i++
		case c < 0x20 || c == 0x7f:
			flush()
			keys = append(keys, b[i:i+1])
			i++
		case c < utf8.RuneSelf:
			text = append(text, c)
			i++
		default:
			if !utf8.FullRune(b[i:]) && !final {
				flush()
				return keys, b[i:]
			}
			_, n := utf8.DecodeRune(b[i:])
			text = append(text, b[i:i+n]...)
			i += n
		}
	}
	flush()
	return keys, nil
}

// hasText reports whether b holds text, outside escape sequences.
func hasText(b []byte) bool {
	for i := 0; i < len(b); i++ {
		switch c := b[i]; {
		case c == 0x1b:
			if n := escapeLen(b[i:]); n > 0 {
				i += n - 1
			}
		case c >= 0x20 && c != 0x7f:
			return true
		}
	}
	return false
}

// looksPasted reports whether one read holds text together with a line
// break or a tab, as a paste from a terminal without bracketed paste does.
func looksPasted(b []byte) bool {
	var text, brk bool
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case c == 0x1b:
			if n := escapeLen(b[i:]); n > 0 {
				i += n - 1
			}
		case c == '\r' || c == '\n' || c == '\t':
			brk = true
		case c >= 0x20 && c != 0x7f:
			text = true
		}
	}
	return text && brk
}

// pasteKeys is what a bracketed paste types: its lines as text, each
// followed by Enter, its tabs as indentation; other control bytes are
// dropped (a paste cannot press Ctrl-D).
func pasteKeys(body []byte) [][]byte {
	var keys [][]byte
	var text []byte
	for i := 0; i < len(body); i++ {
		c := body[i]
		switch {
		case c == '\r' || c == '\n':
			if len(text) > 0 {
				keys = append(keys, text)
				text = nil
			}
			keys = append(keys, enterKey)
			if c == '\r' && i+1 < len(body) && body[i+1] == '\n' {
				i++
			}
		case c == '\t':
			text = append(text, indentUnit...)
		case c < 0x20 || c == 0x7f:
		default:
			text = append(text, c)
		}
	}
	if len(text) > 0 {
		keys = append(keys, text)
	}
	return keys
}

// escapeLen returns the length of the escape sequence at the start of b
// (which starts with ESC), or 0 if b ends before it does. ESC [ … final
// is a CSI sequence (arrows, Home, Delete, F5, Shift-Tab); ESC O x is an
// SS3 one (arrows and F1-F4 in application mode). ESC followed by any
// other byte is Escape pressed alone, then another key: the shell binds
// no Alt keys, and a key typed just after Escape must not be lost.
func escapeLen(b []byte) int {
	if len(b) < 2 {
		return 0
	}
	switch b[1] {
	case '[':
		for i := 2; i < len(b); i++ {
			c := b[i]
			if c >= 0x40 && c <= 0x7e {
				return i + 1
			}
			if c < 0x20 || c > 0x7e {
				return i // not a sequence after all: ESC [ and what came before
			}
		}
		return 0
	case 'O':
		if len(b) < 3 {
			return 0
		}
		return 3
	default:
		return 1
	}
}
