package sockdir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestOwnerOf(t *testing.T) {
	for _, c := range []struct {
		name string
		pid  int
		ok   bool
	}{
		{"pg-sock-123-Xy7", 123, true},
		{"pg-sock-1-", 1, true},
		{"pg-sock-123", 0, false}, // no random part
		{"pg-sock--5-x", 0, false},
		{"pg-sock-0-x", 0, false},
		{"pg-sock-12a-x", 0, false},
		{"pg-sock-", 0, false},
		{"pg-sockets-1-x", 0, false},
		{"other-1-x", 0, false},
	} {
		pid, ok := ownerOf(c.name)
		if ok != c.ok || ok && pid != c.pid {
			t.Errorf("ownerOf(%q) = %d, %v; want %d, %v", c.name, pid, ok, c.pid, c.ok)
		}
	}
}

// RemoveOf removes the directories of that evaluator and nothing else:
// not another's, not a file that has the name of one, not other files.
func TestRemoveOfRemovesOnlyThatEvaluatorsDirectories(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	mkdir := func(name string) {
		if err := os.MkdirAll(filepath.Join(tmp, name, "inner"), 0o700); err != nil {
			t.Fatal(err)
		}
	}
	mkdir("pg-sock-4242-a")
	mkdir("pg-sock-4242-b")
	mkdir("pg-sock-4243-a")
	mkdir("unrelated")
	if err := os.WriteFile(filepath.Join(tmp, "pg-sock-4242-file"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	RemoveOf(4242)
	entries, err := os.ReadDir(tmp)
	if err != nil {
		t.Fatal(err)
	}
	var left []string
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{"pg-sock-4242-file", "pg-sock-4243-a", "unrelated"}; !slices.Equal(left, want) {
		t.Errorf("RemoveOf(4242) left %v, want %v", left, want)
	}
}
