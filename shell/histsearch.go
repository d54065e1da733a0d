//go:build linux || darwin

package shell

import (
	"bytes"
	"strings"

	prompt "github.com/c-bata/go-prompt"
)

// historySearch is Ctrl-R's search of history backwards, as in bash: what
// is typed is looked for in the entries, newest first; Ctrl-R again finds
// an older match; Enter runs the match; Escape or Ctrl-G gives the line
// back as it was; any other key takes the match to edit and is handled.
type historySearch struct {
	query  string
	at     int  // the entry matched, or -1 for none
	failed bool // the last search found nothing older

	saved      *prompt.Buffer // the line before the search
	savedAbove []string
}

// searchPrompt is the prompt during a search.
func (s *historySearch) prompt() string {
	if s.failed {
		return "(failed reverse-i-search)`" + s.query + "': "
	}
	return "(reverse-i-search)`" + s.query + "': "
}

// startSearch starts a search (Ctrl-R) from the newest entry.
func (ed *lineEditor) startSearch() {
	ed.search = &historySearch{at: -1, saved: ed.buf, savedAbove: ed.above}
	ed.setAbove(nil, len(ed.above) > 0)
	ed.showMatch()
}

// searchKey handles a key during a search. When the key ends the search
// and is to be handled as usual (Enter, an arrow), it returns it with
// again set.
func (ed *lineEditor) searchKey(b []byte) (key []byte, again bool) {
	s := ed.search
	switch {
	case isText(b):
		s.query += string(b)
		ed.find(s.newestFrom(ed))
	case b[0] == 0x7f || b[0] == 0x08: // Backspace
		if r := []rune(s.query); len(r) > 0 {
			s.query = string(r[:len(r)-1])
		}
		ed.find(len(ed.entries) - 1)
	case b[0] == 0x12: // Ctrl-R: an older match
		if s.query != "" && s.at >= 0 {
			ed.find(s.at - 1)
		}
	case bytes.Equal(b, []byte{0x1b}) || b[0] == 0x07: // Escape, Ctrl-G: give the line back
		ed.endSearch(false)
	case b[0] == 0x03: // Ctrl-C: give the line back, and clear it
		ed.endSearch(false)
		return b, true
	default:
		ed.endSearch(true)
		return b, true
	}
	return nil, false
}

// newestFrom is where a longer query is looked for: from the current
// match on, which may still match.
func (s *historySearch) newestFrom(ed *lineEditor) int {
	if s.at >= 0 {
		return s.at
	}
	return len(ed.entries) - 1
}

// find looks for the query in the entries from index from back to the
// oldest, and shows the first match; with none, the last match stays and
// the prompt says the search failed.
func (ed *lineEditor) find(from int) {
	s := ed.search
	s.failed = false
	if s.query == "" {
		s.at = -1
		ed.showMatch()
		return
	}
	for i := from; i >= 0; i-- {
		if strings.Contains(ed.entries[i], s.query) {
			s.at = i
			ed.showMatch()
			return
		}
	}
	s.failed = true
	ed.showMatch()
}

// showMatch shows the match on one line, its line breaks as marks, the
// cursor at what matched.
func (ed *lineEditor) showMatch() {
	s := ed.search
	ed.term.mu.Lock()
	ed.term.searchPrompt = s.prompt()
	ed.term.mu.Unlock()
	ed.buf = prompt.NewBuffer()
	if s.at < 0 {
		return
	}
	line := strings.ReplaceAll(ed.entries[s.at], "\n", newlineMark)
	ed.buf.InsertText(line, false, true)
	if i := strings.LastIndex(line, strings.ReplaceAll(s.query, "\n", newlineMark)); i >= 0 {
		ed.buf.CursorLeft(len([]rune(line[i:])))
	}
}

// endSearch ends the search: with accept, the match (if any) is the line,
// as it was typed; else the line before the search is.
func (ed *lineEditor) endSearch(accept bool) {
	s := ed.search
	ed.search = nil
	ed.term.mu.Lock()
	ed.term.searchPrompt = ""
	ed.term.mu.Unlock()
	ed.clear()
	if accept && s.at >= 0 {
		ed.at = s.at
		lines := strings.Split(ed.entries[s.at], "\n")
		ed.buf = prompt.NewBuffer()
		ed.buf.InsertText(lines[len(lines)-1], false, true)
		ed.setAbove(lines[:len(lines)-1], false)
	} else {
		ed.buf = s.saved
		ed.setAbove(s.savedAbove, false)
	}
	ed.draw()
}
