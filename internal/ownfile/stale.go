package ownfile

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// StaleAge is how old a temporary file of a save must be before
// RemoveStale takes it for debris: a save takes milliseconds, so one
// older than this was interrupted (kill -9, a power cut), not running in
// another session.
const StaleAge = 10 * time.Minute

// RemoveStale removes from dir the temporary files that os.CreateTemp
// made from pattern (such as ".progress-*.json": the * is a decimal
// number) and that were last modified more than StaleAge ago. Files of
// any other name are left alone; so are problems: this is tidying.
func RemoveStale(dir, pattern string) {
	prefix, suffix, ok := strings.Cut(pattern, "*")
	if !ok {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		if !e.Type().IsRegular() || !isTempName(name, prefix, suffix) {
			continue
		}
		info, err := e.Info()
		if err != nil || time.Since(info.ModTime()) < StaleAge {
			continue
		}
		os.Remove(filepath.Join(dir, name))
	}
}

// isTempName reports whether name is prefix, a decimal number, suffix.
func isTempName(name, prefix, suffix string) bool {
	middle, ok := strings.CutPrefix(name, prefix)
	if !ok {
		return false
	}
	middle, ok = strings.CutSuffix(middle, suffix)
	if !ok || middle == "" {
		return false
	}
	for _, c := range middle {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}
