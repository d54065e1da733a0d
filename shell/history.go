package shell

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/learn-concurrency/playground/internal/ownfile"
)

// newlineMark stands for a line break where an entry is shown on one
// line: the match of a Ctrl-R search.
const newlineMark = "⏎"

// maxHistory bounds the history file, in entries.
const maxHistory = 1000

// maxHistoryRead bounds what is read of the history file: its end, where
// the latest entries are. A thousand entries are rarely more than a few
// hundred kilobytes; a larger file is cut down to them when rewritten.
const maxHistoryRead = 4 << 20

// historyTemp names the temporary file of a rewrite (os.CreateTemp).
const historyTemp = ".history-*"

// history is the learner's input history: loaded from a file at start,
// appended to as inputs run, and bounded. Consecutive duplicates are folded.
// A multi-line input is one entry; in the file it is written as a quoted Go
// string so every entry stays on one line.
// The zero value (and a nil *history) keeps history in memory only.
type history struct {
	mu      sync.Mutex
	path    string
	file    *os.File // open for appending; nil when history is not saved
	entries []string
}

// loadHistory reads the history at path and opens it for appending. A
// problem yields a history kept in memory only and a one-line warning.
func loadHistory(path string) (*history, string) {
	h := &history{path: path}
	if path == "" {
		return h, ""
	}
	// A rewrite that kill -9 interrupted left its temporary file behind.
	ownfile.RemoveStale(filepath.Dir(path), historyTemp)
	b, cut, err := ownfile.Tail(path, maxHistoryRead)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return h, fmt.Sprintf("history is not saved this session: %v", err)
	}
	if cut {
		// The first line read is likely the end of an entry.
		if i := bytes.IndexByte(b, '\n'); i >= 0 {
			b = b[i+1:]
		}
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), maxHistoryRead)
	for sc.Scan() {
		h.push(decodeHistoryLine(sc.Text()))
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return h, fmt.Sprintf("history is not saved this session: %v", err)
	}
	// Rewrite the file when it has grown past the bound, atomically.
	if len(h.entries) >= maxHistory || cut {
		if err := h.rewrite(); err != nil {
			return h, fmt.Sprintf("history is not saved this session: %v", err)
		}
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		return h, fmt.Sprintf("history is not saved this session: %v", err)
	}
	h.file = f
	return h, ""
}

func (h *history) push(entry string) bool {
	if entry == "" || len(h.entries) > 0 && h.entries[len(h.entries)-1] == entry {
		return false
	}
	h.entries = append(h.entries, entry)
	if len(h.entries) > maxHistory {
		h.entries = h.entries[len(h.entries)-maxHistory:]
	}
	return true
}

// add records an input and appends it to the file.
func (h *history) add(entry string) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.push(entry) || h.file == nil {
		return
	}
	if _, err := h.file.WriteString(encodeHistoryLine(entry) + "\n"); err != nil {
		h.file.Close()
		h.file = nil // one failure is enough; the session goes on
	}
}

// all returns the entries, oldest first.
func (h *history) all() []string {
	if h == nil {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return slices.Clone(h.entries)
}

func (h *history) close() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.file != nil {
		h.file.Close()
		h.file = nil
	}
}

// rewrite replaces the file with the current entries: temp file, sync, rename.
func (h *history) rewrite() error {
	tmp, err := os.CreateTemp(filepath.Dir(h.path), historyTemp)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(tmp)
	for _, e := range h.entries {
		w.WriteString(encodeHistoryLine(e) + "\n")
	}
	err = w.Flush()
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o600); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), h.path)
}

func encodeHistoryLine(e string) string {
	if strings.ContainsAny(e, "\n\r") || strings.HasPrefix(e, `"`) {
		return strconv.Quote(e)
	}
	return e
}

func decodeHistoryLine(l string) string {
	if strings.HasPrefix(l, `"`) {
		if s, err := strconv.Unquote(l); err == nil {
			return s
		}
	}
	return l
}
