package lessons

import (
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

func TestProgressSaveAndLoad(t *testing.T) {
	path := filepath.Join(t.TempDir(), "playground", "progress.json")
	s := &Store{Path: path}
	p, warning := s.Load()
	if warning != "" || len(p.Lessons) != 0 {
		t.Fatalf("a missing file is empty progress, quietly: got %v, %q", p.Lessons, warning)
	}
	lp := p.Lesson("threads")
	lp.Step = 3
	lp.MarkDone(2)
	lp.MarkDone(1)
	lp.MarkDone(2)
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	got, warning := (&Store{Path: path}).Load()
	if warning != "" {
		t.Fatal(warning)
	}
	if g := got.Lessons["threads"]; g == nil || g.Step != 3 || !reflect.DeepEqual(g.Done, []int{1, 2}) || got.Version != progressVersion {
		t.Errorf("reloaded %+v, version %d", g, got.Version)
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("the directory holds %d files, want only progress.json (no temporary files left)", len(entries))
	}
}

func TestProgressDamagedFileIsSetAside(t *testing.T) {
	for name, content := range map[string]string{
		"not json":   "{\"version\": 1, \"lessons\": {",
		"no version": `{"lessons": {}}`,
	} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, "progress.json")
			if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
				t.Fatal(err)
			}
			s := &Store{Path: path}
			p, warning := s.Load()
			if !strings.Contains(warning, "your progress file was damaged") || !strings.Contains(warning, "progress.json.bad-") {
				t.Errorf("warning %q", warning)
			}
			bad, _ := filepath.Glob(filepath.Join(dir, "progress.json.bad-*"))
			if len(bad) != 1 {
				t.Fatalf("set aside: %v", bad)
			}
			if kept, _ := os.ReadFile(bad[0]); string(kept) != content {
				t.Errorf("the damaged file was changed: %q", kept)
			}
			p.Lesson("threads").MarkDone(1)
			if err := s.Save(p); err != nil {
				t.Fatal(err)
			}
			if got, w := (&Store{Path: path}).Load(); w != "" || !got.Lessons["threads"].IsDone(1) {
				t.Errorf("after setting aside, progress saves afresh: %q", w)
			}
		})
	}
}

func TestProgressFromANewerPlaygroundIsLeftAlone(t *testing.T) {
	path := filepath.Join(t.TempDir(), "progress.json")
	newer := `{"version": 99, "lessons": {}}`
	if err := os.WriteFile(path, []byte(newer), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Store{Path: path}
	p, warning := s.Load()
	if !strings.Contains(warning, "newer playground") {
		t.Errorf("warning %q", warning)
	}
	p.Lesson("threads").MarkDone(1)
	if err := s.Save(p); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(path); string(got) != newer {
		t.Errorf("a newer file was overwritten: %s", got)
	}
}

// A progress file of megabytes is not progress the playground wrote:
// it is set aside unread, as a damaged one is, and never rewritten.
func TestProgressOversizedFileIsSetAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	huge := `{"version": 1, "lessons": {"threads": {"step": 1, "done": [` + strings.Repeat("1, ", 1<<20) + `1]}}}`
	if err := os.WriteFile(path, []byte(huge), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Store{Path: path}
	p, warning := s.Load()
	if !strings.Contains(warning, "your progress file was damaged (it is larger than 1 MiB (3.0 MiB), and a learner's progress is a few kilobytes); it is kept as") {
		t.Errorf("warning %q", warning)
	}
	if len(p.Lessons) != 0 {
		t.Errorf("kept %d lessons of it", len(p.Lessons))
	}
	bad, _ := filepath.Glob(filepath.Join(dir, "progress.json.bad-*"))
	if len(bad) != 1 {
		t.Fatalf("set aside: %v", bad)
	}
	if info, err := os.Stat(bad[0]); err != nil || info.Size() != int64(len(huge)) {
		t.Errorf("the file set aside: %v, %v", info, err)
	}
}

// A file under the limit that would grow past it when written again
// (indented, a line per step) is set aside too: what is kept always
// saves.
func TestProgressThatWouldNotSaveAgainIsSetAside(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	done := strings.TrimSuffix(strings.Repeat("1,", 400_000), ",")
	if err := os.WriteFile(path, []byte(`{"version":1,"lessons":{"x":{"step":1,"done":[`+done+`]}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, warning := (&Store{Path: path}).Load()
	if !strings.Contains(warning, "written again it would be larger than 1 MiB") {
		t.Errorf("warning %q", warning)
	}
	// And Save never writes a file Load would refuse.
	p := &Progress{}
	p.Lesson("x").Done = make([]int, 300_000)
	if err := (&Store{Path: filepath.Join(dir, "new.json")}).Save(p); err == nil || !strings.Contains(err.Error(), "more than the 1 MiB a progress file may have") {
		t.Errorf("Save: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "new.json")); !os.IsNotExist(err) {
		t.Errorf("an oversized save wrote the file: %v", err)
	}
}

// Two damaged files set aside in the same second are both kept.
func TestProgressSetAsideTwiceKeepsBoth(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	for _, content := range []string{"{first", "{second", "{third"} {
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if _, warning := (&Store{Path: path}).Load(); !strings.Contains(warning, "your progress file was damaged") {
			t.Fatalf("warning %q", warning)
		}
	}
	bad, _ := filepath.Glob(filepath.Join(dir, "progress.json.bad-*"))
	var kept []string
	for _, b := range bad {
		c, _ := os.ReadFile(b)
		kept = append(kept, string(c))
	}
	sort.Strings(kept)
	if want := []string{"{first", "{second", "{third"}; !reflect.DeepEqual(kept, want) {
		t.Errorf("kept %q (as %v), want %q", kept, bad, want)
	}
}

// The temporary file of a save that kill -9 interrupted is removed when
// progress is next loaded, once it is old; a save under way in another
// session, and files of other names, are left alone.
func TestProgressLoadRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	old := time.Now().Add(-time.Hour)
	for name, age := range map[string]time.Time{
		".progress-2403.json": old,
		".progress-77.json":   time.Now(),
		"progress.json.bad-x": old,
		".other-5.json":       old,
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte("{"), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, age, age); err != nil {
			t.Fatal(err)
		}
	}
	(&Store{Path: filepath.Join(dir, "progress.json")}).Load()
	var left []string
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		left = append(left, e.Name())
	}
	if want := []string{".other-5.json", ".progress-77.json", "progress.json.bad-x"}; !reflect.DeepEqual(left, want) {
		t.Errorf("left %v, want %v", left, want)
	}
}

// /dev/zero or a named pipe where progress.json should be is not read
// (it would never end).
func TestProgressFileThatIsNotAFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "progress.json")
	if err := os.Symlink("/dev/zero", path); err != nil {
		t.Fatal(err)
	}
	s := &Store{Path: path}
	_, warning := s.Load()
	if want := "cannot read your progress (" + path + " is not a regular file but a character device); this session's progress will not be saved"; warning != want {
		t.Errorf("warning %q, want %q", warning, want)
	}
	if err := s.Save(&Progress{}); err != nil {
		t.Errorf("a read-only store saves nothing, quietly: %v", err)
	}
}
