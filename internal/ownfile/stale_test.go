package ownfile

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

func TestRemoveStaleRemovesOnlyOldTempFilesOfThePattern(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	files := map[string]bool{ // name: old
		".progress-123.json": true,  // debris: removed
		".progress-456.json": false, // a save under way in another session
		".progress-x1.json":  true,  // not a name CreateTemp makes
		".progress-.json":    true,
		"progress.json":      true,
		".history-789":       true, // another pattern
	}
	for name, isOld := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("{}"), 0o600); err != nil {
			t.Fatal(err)
		}
		if isOld {
			if err := os.Chtimes(p, old, old); err != nil {
				t.Fatal(err)
			}
		}
	}
	RemoveStale(dir, ".progress-*.json")
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	want := []string{".history-789", ".progress-.json", ".progress-456.json", ".progress-x1.json", "progress.json"}
	if !slices.Equal(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
	RemoveStale(filepath.Join(dir, "missing"), ".progress-*.json") // quietly nothing
}
