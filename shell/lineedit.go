//go:build linux || darwin

package shell

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"os/signal"
	"reflect"
	"strings"
	"time"
	"unsafe"

	prompt "github.com/c-bata/go-prompt"
	runewidth "github.com/mattn/go-runewidth"
	"golang.org/x/sys/unix"
)

// lineEditor reads one line at the prompt. It drives go-prompt's buffer,
// completion menu and renderer itself, in place of go-prompt's Input,
// which wakes every 10 ms to look for keys, takes each read for one key
// (so keys that arrive together were inserted as text) and cannot redraw
// when the window changes size.
//
// A multi-line entry recalled from history shows as it was typed: its
// lines but the last are drawn above the prompt's line (above), under the
// prompts they had, and the last one is edited.
type lineEditor struct {
	term *terminal
	r    *prompt.Render
	c    *prompt.CompletionManager
	none *prompt.CompletionManager // never suggests: for drawing an empty line
	buf  *prompt.Buffer

	above      []string // lines of a recalled entry, drawn above the buffer's
	aboveDrawn bool     // they are on the screen
	aboveFirst string   // the prompt of the first of them
	size       prompt.WinSize

	entries []string // history, oldest first
	at      int      // the entry recalled, len(entries) for none
	typed   string   // the line as typed before Up recalled an entry

	autoIndent string // the indentation the line started with
	search     *historySearch
}

// readLine shows the prompt and returns what was typed: one line, or the
// lines of a recalled multi-line entry; eof is set for Ctrl-D on an empty
// line.
func (term *terminal) readLine() (lines []string, eof bool) {
	p := prompt.New(func(string) {}, term.complete,
		closeOwnTTY(),
		prompt.OptionPrefix(mainPrompt),
		prompt.OptionLivePrefix(term.prefix),
		prompt.OptionCompletionWordSeparator(wordSeparators),
		prompt.OptionPrefixTextColor(term.colour(prompt.Blue)),
		prompt.OptionPreviewSuggestionTextColor(term.colour(prompt.Green)),
		prompt.OptionSuggestionBGColor(term.colour(prompt.Cyan)),
		prompt.OptionDescriptionBGColor(term.colour(prompt.Turquoise)),
		prompt.OptionSelectedSuggestionBGColor(term.colour(prompt.Turquoise)),
		prompt.OptionSelectedDescriptionBGColor(term.colour(prompt.Cyan)),
		prompt.OptionScrollbarBGColor(term.colour(prompt.Cyan)),
		prompt.OptionScrollbarThumbColor(term.colour(prompt.DarkGray)),
		prompt.OptionMaxSuggestion(maxSuggestions),
	)
	ed := &lineEditor{
		term: term,
		r:    promptField[*prompt.Render](p, "renderer"),
		c:    promptField[*prompt.CompletionManager](p, "completion"),
		none: prompt.NewCompletionManager(func(prompt.Document) []prompt.Suggest { return nil }, maxSuggestions),
		buf:  prompt.NewBuffer(),
	}
	ed.entries = term.hist.all()
	ed.at = len(ed.entries)

	term.mu.Lock()
	term.atPrompt = true
	term.menu = false
	pending := strings.Join(term.pending, "\n")
	term.mu.Unlock()
	if pending != "" {
		ed.autoIndent = strings.Repeat(indentUnit, indentDepth(pending))
		ed.buf.InsertText(ed.autoIndent, false, true)
	}

	ed.setUp()
	term.flushNotices(false)
	ed.draw()
	lines, eof = ed.run()
	ed.r.TearDown()
	ed.tearDown()

	term.mu.Lock()
	term.atPrompt = false
	term.above = nil
	term.mu.Unlock()
	term.flushNotices(false)
	return lines, eof
}

// maxSuggestions is the height of the completion menu.
const maxSuggestions = 10

// write writes what the editor draws: straight to the terminal, so that
// the shell's writer does not take it for learner output left mid-line.
func (ed *lineEditor) write(s string) {
	io.WriteString(ed.term.out.Unwrap(), s)
}

func (ed *lineEditor) setUp() {
	ed.term.tty.Setup()
	ed.write(pasteOn)
	ed.r.Setup()
	ed.size = *ed.term.tty.GetWinSize()
	ed.r.UpdateWinSize(&ed.size)
}

func (ed *lineEditor) tearDown() {
	ed.write(pasteOff)
	ed.term.tty.TearDown()
}

// run handles keys until Enter or Ctrl-D.
func (ed *lineEditor) run() (lines []string, eof bool) {
	for {
		key := ed.term.tty.readKey()
		switch {
		case bytes.Equal(key, wakeKey):
			ed.clear()
			ed.term.flushNotices(false)
			ed.draw()
			continue
		case bytes.Equal(key, hangupKey):
			return nil, true
		case bytes.Equal(key, resizeKey):
			// Clear what was drawn, then draw again for the new size.
			// Some terminals rewrap lines to the new width (tmux, VTE,
			// iTerm2), others do not (xterm): what was drawn is measured
			// at the wider of the two widths, which never takes more rows
			// than it does on the screen, so that clearing it never
			// erases the output above it.
			old := ed.size
			ed.size = *ed.term.tty.GetWinSize()
			ed.clearAt(max(old.Col, ed.size.Col))
			ed.draw()
			continue
		}
		if ed.search != nil {
			var again bool
			key, again = ed.searchKey(key)
			if !again {
				ed.render()
				continue
			}
		}
		if done, eof := ed.feed(key); done || eof {
			return append(ed.above, ed.buf.Text()), eof
		}
		ed.render()
	}
}

// render draws the buffer and the completion menu after a key.
func (ed *lineEditor) render() {
	ed.c.Update(*ed.buf.Document())
	ed.r.Render(ed.buf, ed.c)
}

// draw draws the lines above and the prompt's line, from the start of a
// line where nothing is drawn yet.
func (ed *lineEditor) draw() {
	if len(ed.above) > 0 {
		ed.aboveFirst = ed.term.basePrefix()
		var b strings.Builder
		for i, l := range ed.above {
			b.WriteString(ed.term.paintPrefix(ed.abovePrompt(i)) + l + "\r\n")
		}
		ed.write(b.String())
		ed.aboveDrawn = true
	}
	ed.render()
}

func (ed *lineEditor) abovePrompt(i int) string {
	if i == 0 {
		return ed.aboveFirst
	}
	return contPrompt
}

// clear erases all that draw drew and leaves the cursor where it began.
func (ed *lineEditor) clear() { ed.clearAt(ed.size.Col) }

// clearAt is clear, with what was drawn measured on a screen cols wide.
func (ed *lineEditor) clearAt(cols uint16) {
	// The renderer goes back to the start of the prompt's line as it
	// measures, drawing an empty line there.
	ed.r.UpdateWinSize(&prompt.WinSize{Row: ed.size.Row, Col: cols})
	ed.r.Render(prompt.NewBuffer(), ed.none)
	ed.r.UpdateWinSize(&ed.size)
	rows := 0
	if ed.aboveDrawn {
		for i, l := range ed.above {
			rows += screenRows(runewidth.StringWidth(ed.abovePrompt(i)+l), int(cols))
		}
	}
	up := ""
	if rows > 0 {
		up = fmt.Sprintf("\x1b[%dA", rows)
	}
	ed.write("\r" + up + "\x1b[J")
	ed.aboveDrawn = false
}

// screenRows is the number of rows a line of width w takes on a screen
// cols wide.
func screenRows(w, cols int) int {
	if cols <= 0 || w <= cols {
		return 1
	}
	return (w + cols - 1) / cols
}

// feed handles one key as go-prompt's Prompt.feed does, with the shell's
// keys added: Tab in leading whitespace indents, Ctrl-R searches history,
// Ctrl-Z suspends, Ctrl-L clears the screen.
func (ed *lineEditor) feed(b []byte) (done, eof bool) {
	k := prompt.GetKey(b)
	text := isText(b)
	if text {
		k = prompt.NotDefined
	}
	completing := ed.c.Completing()
	if k == prompt.Tab && !completing && isBlank(ed.buf.Document().TextBeforeCursor()) {
		ed.buf.InsertText(indentUnit, false, true)
		return false, false
	}
	ed.term.onKey(b)
	ed.completionKeys(k, completing)

	switch k {
	case prompt.Enter, prompt.ControlJ, prompt.ControlM:
		ed.r.BreakLine(ed.buf)
		return true, false
	case prompt.ControlC:
		ed.r.BreakLine(ed.buf)
		ed.buf = prompt.NewBuffer()
		ed.above, ed.at = nil, len(ed.entries)
		ed.setAbove(nil, false)
		return false, false
	case prompt.Up, prompt.ControlP:
		if !completing {
			ed.older()
		}
		return false, false
	case prompt.Down, prompt.ControlN:
		if !completing {
			ed.newer()
		}
		return false, false
	case prompt.ControlD:
		if ed.buf.Text() == "" && len(ed.above) == 0 {
			ed.r.BreakLine(ed.buf)
			return false, true
		}
	case prompt.ControlR:
		ed.startSearch()
		return false, false
	case prompt.ControlZ:
		ed.suspend()
		return false, false
	case prompt.ControlL:
		ed.write("\x1b[H\x1b[2J")
		ed.aboveDrawn = false
		ed.draw()
		return false, false
	case prompt.NotDefined:
		if text {
			ed.insert(string(b))
		}
		// Any other sequence is a key the shell does not use: it is not
		// text, and never inserted.
		return false, false
	}
	for _, kb := range editKeys {
		if kb.Key == k {
			kb.Fn(ed.buf)
		}
	}
	return false, false
}

// editKeys are go-prompt's own bindings for editing the line (its common
// and Emacs ones, but Ctrl-L, which the editor handles).
var editKeys = []prompt.KeyBind{
	{Key: prompt.End, Fn: prompt.GoLineEnd},
	{Key: prompt.Home, Fn: prompt.GoLineBeginning},
	{Key: prompt.Delete, Fn: prompt.DeleteChar},
	{Key: prompt.Backspace, Fn: prompt.DeleteBeforeChar},
	{Key: prompt.Right, Fn: prompt.GoRightChar},
	{Key: prompt.Left, Fn: prompt.GoLeftChar},
	{Key: prompt.ControlE, Fn: prompt.GoLineEnd},
	{Key: prompt.ControlA, Fn: prompt.GoLineBeginning},
	{Key: prompt.ControlK, Fn: func(buf *prompt.Buffer) { buf.Delete(len([]rune(buf.Document().TextAfterCursor()))) }},
	{Key: prompt.ControlU, Fn: func(buf *prompt.Buffer) { buf.DeleteBeforeCursor(len([]rune(buf.Document().TextBeforeCursor()))) }},
	{Key: prompt.ControlD, Fn: func(buf *prompt.Buffer) {
		if buf.Text() != "" {
			buf.Delete(1)
		}
	}},
	{Key: prompt.ControlH, Fn: prompt.DeleteBeforeChar},
	{Key: prompt.ControlF, Fn: prompt.GoRightChar},
	{Key: prompt.ControlB, Fn: prompt.GoLeftChar},
	{Key: prompt.ControlW, Fn: prompt.DeleteWord},
}

// completionKeys moves in the completion menu, or takes the suggestion
// chosen in it, as go-prompt's handleCompletionKeyBinding does.
func (ed *lineEditor) completionKeys(k prompt.Key, completing bool) {
	switch k {
	case prompt.Down:
		if completing {
			ed.c.Next()
		}
	case prompt.Tab:
		ed.c.Next()
	case prompt.Up:
		if completing {
			ed.c.Previous()
		}
	case prompt.BackTab:
		ed.c.Previous()
	default:
		if s, ok := ed.c.GetSelectedSuggestion(); ok {
			if w := ed.buf.Document().GetWordBeforeCursorUntilSeparator(wordSeparators); w != "" {
				ed.buf.DeleteBeforeCursor(len([]rune(w)))
			}
			ed.buf.InsertText(s.Text, false, true)
		}
		ed.c.Reset()
	}
}

// insert inserts text typed or pasted. A closing brace typed in leading
// whitespace takes one level of indentation away; text that brings its
// own indentation (a pasted line) replaces the indentation the line
// started with.
func (ed *lineEditor) insert(s string) {
	before := ed.buf.Document().TextBeforeCursor()
	switch {
	case len(s) > 1 && (s[0] == ' ') && ed.autoIndent != "" && ed.buf.Text() == ed.autoIndent:
		ed.buf.DeleteBeforeCursor(len(ed.autoIndent))
	case strings.ContainsAny(s[:1], "})]") && isBlank(before) && strings.HasSuffix(before, indentUnit):
		ed.buf.DeleteBeforeCursor(len(indentUnit))
	}
	ed.buf.InsertText(s, false, true)
}

// isText reports whether a key is text to insert.
func isText(b []byte) bool { return len(b) > 0 && b[0] >= 0x20 && b[0] != 0x7f }

func isBlank(s string) bool { return strings.Trim(s, " ") == "" }

// older recalls the entry before the one shown (Up).
func (ed *lineEditor) older() {
	if ed.at == 0 {
		return
	}
	if ed.at == len(ed.entries) {
		ed.typed = ed.buf.Text()
	}
	ed.at--
	ed.show(ed.entries[ed.at])
}

// newer recalls the entry after the one shown, or the line as typed (Down).
func (ed *lineEditor) newer() {
	if ed.at >= len(ed.entries) {
		return
	}
	ed.at++
	if ed.at == len(ed.entries) {
		ed.show(ed.typed)
		return
	}
	ed.show(ed.entries[ed.at])
}

// show puts an entry on the prompt, its lines as they were typed, the
// cursor at its end.
func (ed *lineEditor) show(entry string) {
	lines := strings.Split(entry, "\n")
	ed.buf = prompt.NewBuffer()
	ed.buf.InsertText(lines[len(lines)-1], false, true)
	ed.setAbove(lines[:len(lines)-1], true)
}

// setAbove changes the lines drawn above the prompt's line. With redraw,
// what was drawn is erased and drawn again.
func (ed *lineEditor) setAbove(lines []string, redraw bool) {
	if redraw {
		ed.clear()
	}
	ed.above = lines
	ed.term.mu.Lock()
	ed.term.above = lines
	ed.term.mu.Unlock()
	if redraw {
		ed.draw()
	}
}

// suspend stops the shell (Ctrl-Z), as the terminal's Ctrl-Z does while
// an input runs: the terminal is put back as it was, and made raw again
// once the shell is resumed (fg), with the line as it was.
//
// A shell that leads its session (started by a terminal or tmux, not from
// a shell) has no job control to resume it: Ctrl-Z does nothing there.
func (ed *lineEditor) suspend() {
	if sid, err := unix.Getsid(0); err == nil && sid == unix.Getpgrp() {
		return
	}
	ed.r.BreakLine(ed.buf)
	ed.aboveDrawn = false
	ed.tearDown()
	// The stop takes effect after kill returns; SIGCONT says it is over.
	// A process group no job control shell started (orphaned) is not
	// stopped: the kernel drops the signal, and the wait times out.
	cont := make(chan os.Signal, 1)
	signal.Notify(cont, unix.SIGCONT)
	unix.Kill(0, unix.SIGTSTP)
	select {
	case <-cont:
	case <-time.After(suspendWait):
	}
	signal.Stop(cont)
	ed.setUp()
	ed.draw()
}

// suspendWait is how long suspend waits to be stopped.
const suspendWait = time.Second

// promptField returns the unexported field name of p: go-prompt builds
// its renderer and completion manager, with their options, only in
// prompt.New, and gives no access to them but through its Input and Run.
// Every terminal test fails (it panics here) the day go-prompt renames them.
func promptField[T any](p *prompt.Prompt, name string) T {
	f := reflect.ValueOf(p).Elem().FieldByName(name)
	return reflect.NewAt(f.Type(), unsafe.Pointer(f.UnsafeAddr())).Elem().Interface().(T)
}

// closeOwnTTY closes the terminal go-prompt v0.2.6 opens (/dev/tty) for
// its default input in prompt.New and never closes; the line editor reads
// keys itself.
func closeOwnTTY() prompt.Option {
	return func(p *prompt.Prompt) error {
		if old, ok := promptField[prompt.ConsoleParser](p, "in").(*prompt.PosixParser); ok && old != nil {
			if fd := reflect.ValueOf(old).Elem().FieldByName("fd"); fd.IsValid() {
				unix.Close(int(fd.Int()))
			}
		}
		return nil
	}
}
