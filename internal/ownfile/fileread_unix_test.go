//go:build unix

package ownfile

import (
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A named pipe no one writes to is refused at once: opening it for
// reading would wait for a writer.
func TestReadRefusesANamedPipe(t *testing.T) {
	name := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(name, 0o600); err != nil {
		t.Fatal(err)
	}
	_, err := Read(name, 1<<20)
	if err == nil || !strings.HasSuffix(err.Error(), "is not a regular file but a named pipe") {
		t.Errorf("err = %v", err)
	}
	if _, err := Read(t.TempDir(), 1<<20); err == nil || !strings.HasSuffix(err.Error(), "but a directory") {
		t.Errorf("a directory: %v", err)
	}
}
