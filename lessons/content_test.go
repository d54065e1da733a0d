package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A lesson file is read with a limit: /dev/zero, or a file of megabytes
// given by mistake, is an error that says so, not a shell that fills its
// memory.
func TestLoadFileRefusesWhatIsNoLesson(t *testing.T) {
	big := filepath.Join(t.TempDir(), "big.md")
	if err := os.WriteFile(big, []byte(strings.Repeat("# x\n", MaxFileSize)), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"/dev/zero": "/dev/zero is not a regular file but a character device",
		big:         big + " is larger than 1 MiB (4 MiB); a lesson file is Markdown of a few kilobytes",
	} {
		if _, err := LoadFile(name); err == nil || err.Error() != want {
			t.Errorf("LoadFile(%s): %v, want %q", name, err, want)
		}
	}
	// The same limit holds for a directory of lessons.
	dir := t.TempDir()
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.md")); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadDir(dir); err == nil || !strings.Contains(err.Error(), "zero.md is not a regular file but a character device") {
		t.Errorf("LoadDir: %v", err)
	}
}

// A learner's own file knows where it is: its progress is kept by path.
func TestLoadFileKnowsItsSource(t *testing.T) {
	l, err := LoadFile(filepath.Join("testdata", "good", "counting.md"))
	if err != nil {
		t.Fatal(err)
	}
	if !filepath.IsAbs(l.Source) || !strings.HasSuffix(l.Source, filepath.Join("testdata", "good", "counting.md")) || l.progressKey() != "file:"+l.Source {
		t.Errorf("source %q, key %q", l.Source, l.progressKey())
	}
	all := goodLessons(t)
	if all[0].Source != "" || all[0].progressKey() != "counting" {
		t.Errorf("a lesson of a directory: source %q, key %q", all[0].Source, all[0].progressKey())
	}
}
