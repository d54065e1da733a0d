package shell

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// Entries come back from the file as they were added: a multi-line one
// (written as a quoted Go string) with its line breaks, and a line that
// starts with a quote as it is; a file written before (plain lines and
// quoted ones) reads the same.
func TestHistoryFileKeepsEntriesWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	entries := []string{"1+1", "func f() string {\n\treturn \"a⏎b\"\n}", `"quoted"`, "s := `x\r\ny`"}
	h, warn := loadHistory(path)
	if warn != "" {
		t.Fatal(warn)
	}
	for _, e := range entries {
		h.add(e)
	}
	h.close()
	h, _ = loadHistory(path)
	if got := h.all(); !slices.Equal(got, entries) {
		t.Errorf("read back %q, want %q", got, entries)
	}
	h.close()

	old := "x := 1\n\"func g() {\\n\\treturn\\n}\"\nx\n"
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	h, _ = loadHistory(path)
	defer h.close()
	if got, want := h.all(), []string{"x := 1", "func g() {\n\treturn\n}", "x"}; !slices.Equal(got, want) {
		t.Errorf("an older file read as %q, want %q", got, want)
	}
}

// The history file is read from its end, at most maxHistoryRead of it,
// and a file that was larger is rewritten with what was read.
func TestHistoryReadsABoundedTail(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	big := strings.Repeat(strings.Repeat("x", 1000)+"\n", maxHistoryRead/1000+100) + "last one\n"
	if err := os.WriteFile(path, []byte(big), 0o600); err != nil {
		t.Fatal(err)
	}
	h, warning := loadHistory(path)
	defer h.close()
	if warning != "" {
		t.Fatal(warning)
	}
	if n := len(h.entries); n == 0 || h.entries[n-1] != "last one" {
		t.Errorf("%d entries, the last %q", n, h.entries[n-1])
	}
	for _, e := range h.entries[:len(h.entries)-1] {
		if e != strings.Repeat("x", 1000) {
			t.Fatalf("a cut entry was kept: %d bytes", len(e))
		}
	}
	if info, err := os.Stat(path); err != nil || info.Size() > maxHistoryRead {
		t.Errorf("the file was not rewritten smaller: %v, %v", info.Size(), err)
	}
}

// /dev/zero where the history file should be is not read (it would never
// end): history is kept in memory, with a warning.
func TestHistoryThatIsNotAFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "history")
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
	h, warning := loadHistory(path)
	if want := "history is not saved this session: " + path + " is not a regular file but a character device"; warning != want {
		t.Errorf("warning %q, want %q", warning, want)
	}
	h.add("1+1")
	if h.file != nil {
		t.Errorf("history is written to %s", path)
	}
}

// The temporary file of a rewrite that kill -9 interrupted is removed
// when history is next loaded, once it is old.
func TestHistoryRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{".history-123", ".history-456", ".history-notours"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("x\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		if name != ".history-456" {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	h, warning := loadHistory(filepath.Join(dir, "history"))
	h.close()
	if warning != "" {
		t.Fatal(warning)
	}
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{".history-456", ".history-notours", "history"}; !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
}
