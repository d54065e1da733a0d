package lessons

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// progressVersion is the format of progress.json this code writes. A file
// with a newer version is left alone, never overwritten.
const progressVersion = 1

// Progress is what a learner has done, across lessons.
type Progress struct {
	Version int                        `json:"version"`
	Lessons map[string]*LessonProgress `json:"lessons"`
}

// LessonProgress is one lesson's progress. Steps count from 1.
type LessonProgress struct {
	Step    int       `json:"step"`           // the step the learner is on
	Done    []int     `json:"done,omitempty"` // steps completed, sorted
	Updated time.Time `json:"updated"`
}

// IsDone reports whether step n is completed.
func (lp *LessonProgress) IsDone(n int) bool {
	for _, d := range lp.Done {
		if d == n {
			return true
		}
	}
	return false
}

// MarkDone records step n as completed.
func (lp *LessonProgress) MarkDone(n int) {
	if lp.IsDone(n) {
		return
	}
	lp.Done = append(lp.Done, n)
	sort.Ints(lp.Done)
}

// Lesson returns the progress of lesson name, creating it.
func (p *Progress) Lesson(name string) *LessonProgress {
	if p.Lessons == nil {
		p.Lessons = map[string]*LessonProgress{}
	}
	lp := p.Lessons[name]
	if lp == nil {
		lp = &LessonProgress{Step: 1}
		p.Lessons[name] = lp
	}
	return lp
}

// A Store keeps Progress in a file. The zero Store (no Path) keeps it in
// memory only.
type Store struct {
	Path string
	// readOnly is set when the file is of a newer format: it is not
	// overwritten.
	readOnly bool
}

// DefaultPath is progress.json under the user's config directory, or ""
// when there is none.
func DefaultPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "playground", "progress.json")
}

// Load reads the progress file. A missing file is empty progress. A file
// that cannot be read as progress is renamed to progress.json.bad-<time>
// and empty progress returned, with a warning saying so: a damaged file is
// never dropped silently. warning is "" when all is well.
func (s *Store) Load() (p *Progress, warning string) {
	p = &Progress{Version: progressVersion}
	if s.Path == "" {
		return p, ""
	}
	data, err := os.ReadFile(s.Path)
	if os.IsNotExist(err) {
		return p, ""
	}
	if err != nil {
		s.readOnly = true
		return p, fmt.Sprintf("cannot read your progress (%v); this session's progress will not be saved", err)
	}
	var got Progress
	if err := json.Unmarshal(data, &got); err != nil || got.Version < 1 {
		why := "it has no format version"
		if err != nil {
			why = err.Error()
		}
		return p, s.setAside(why)
	}
	if got.Version > progressVersion {
		s.readOnly = true
		return p, fmt.Sprintf("%s is from a newer playground (format %d; this one reads %d): it is left as it is, and this session's progress will not be saved", s.Path, got.Version, progressVersion)
	}
	for name, lp := range got.Lessons {
		if lp == nil || lp.Step < 1 {
			delete(got.Lessons, name)
		}
	}
	return &got, ""
}

// setAside renames a damaged progress file out of the way.
func (s *Store) setAside(why string) string {
	bad := s.Path + ".bad-" + time.Now().UTC().Format("20060102T150405Z")
	if err := os.Rename(s.Path, bad); err != nil {
		s.readOnly = true
		return fmt.Sprintf("your progress file %s is damaged (%s) and could not be set aside (%v); this session's progress will not be saved", s.Path, why, err)
	}
	return fmt.Sprintf("your progress file was damaged (%s); it is kept as %s and progress starts afresh", why, bad)
}

// Save writes p atomically: a temporary file in the same directory,
// synced, then renamed over the old one.
func (s *Store) Save(p *Progress) error {
	if s.Path == "" || s.readOnly {
		return nil
	}
	p.Version = progressVersion
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	f, err := os.CreateTemp(dir, ".progress-*.json")
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(append(data, '\n'))
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, s.Path)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("saving progress to %s: %w", s.Path, err)
	}
	return nil
}
