package lessons

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
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
