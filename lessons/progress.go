package lessons

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/learn-concurrency/playground/internal/ownfile"
)

// progressVersion is the format of progress.json this code writes. A file
// with a newer version is left alone, never overwritten.
const progressVersion = 1

// maxProgressSize bounds the progress file, read and written. A
// learner's progress is a few kilobytes; a file larger than this is not
// progress the playground wrote, and reading it whole would cost seconds
// and hundreds of megabytes.
const maxProgressSize = 1 << 20

// tempPattern names the temporary file of a save (os.CreateTemp).
const tempPattern = ".progress-*.json"

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

// DoneOf counts the steps done among steps 1 to steps: a lesson file may
// have changed since its progress was saved.
func (lp *LessonProgress) DoneOf(steps int) int {
	n := 0
	for _, d := range lp.Done {
		if d >= 1 && d <= steps {
			n++
		}
	}
	return n
}

// repair fits lp to a lesson of steps steps: steps done that the lesson
// does not have (past its last, before its first) or that are listed
// twice are dropped, and Step is put on a step of the lesson. It says
// what was wrong, or "" when nothing was.
func (lp *LessonProgress) repair(steps int) string {
	var bad []string
	seen := map[int]bool{}
	lp.Done = slices.DeleteFunc(lp.Done, func(d int) bool {
		switch {
		case d < 1 || d > steps:
			bad = append(bad, fmt.Sprintf("step %d done", d))
		case seen[d]:
			bad = append(bad, fmt.Sprintf("step %d done twice", d))
		default:
			seen[d] = true
			return false
		}
		return true
	})
	sort.Ints(lp.Done)
	if len(bad) > 3 {
		bad = append(bad[:3], fmt.Sprintf("%d more", len(bad)-3))
	}
	if lp.Step < 1 || lp.Step > steps {
		bad = append(bad, fmt.Sprintf("on step %d", lp.Step))
		lp.Step = max(1, min(lp.Step, steps))
	}
	if len(bad) == 0 {
		return ""
	}
	return fmt.Sprintf("%s, of %d steps", strings.Join(bad, ", "), steps)
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
	// A save that kill -9 interrupted left its temporary file behind.
	ownfile.RemoveStale(filepath.Dir(s.Path), tempPattern)
	data, err := ownfile.Read(s.Path, maxProgressSize)
	if errors.Is(err, fs.ErrNotExist) {
		return p, ""
	}
	var tooLarge *ownfile.TooLargeError
	if errors.As(err, &tooLarge) {
		return p, s.setAside(fmt.Sprintf("it is larger than %s (%s), and a learner's progress is a few kilobytes", ownfile.Size(maxProgressSize), ownfile.Size(tooLarge.Size)))
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
		if lp == nil {
			delete(got.Lessons, name)
		}
	}
	// What is kept must save within the limit again: a file just under it
	// can grow when it is written indented.
	if out, err := encode(&got); err != nil || len(out) > maxProgressSize {
		return p, s.setAside(fmt.Sprintf("written again it would be larger than %s, and a learner's progress is a few kilobytes", ownfile.Size(maxProgressSize)))
	}
	return &got, ""
}

// encode is the progress file's text.
func encode(p *Progress) ([]byte, error) {
	data, err := json.MarshalIndent(p, "", "  ")
	return append(data, '\n'), err
}

// setAside renames a damaged progress file out of the way, to a name no
// other file has: a file set aside twice in one second keeps both.
func (s *Store) setAside(why string) string {
	bad, err := unusedName(s.Path + ".bad-" + time.Now().UTC().Format("20060102T150405Z"))
	if err == nil {
		err = os.Rename(s.Path, bad)
	}
	if err != nil {
		s.readOnly = true
		return fmt.Sprintf("your progress file %s is damaged (%s) and could not be set aside (%v); this session's progress will not be saved", s.Path, why, err)
	}
	return fmt.Sprintf("your progress file was damaged (%s); it is kept as %s and progress starts afresh", why, bad)
}

// unusedName returns name, or name-2, name-3, … : the first that names
// no file.
func unusedName(name string) (string, error) {
	for n := 1; n <= 1000; n++ {
		try := name
		if n > 1 {
			try = fmt.Sprintf("%s-%d", name, n)
		}
		if _, err := os.Lstat(try); errors.Is(err, fs.ErrNotExist) {
			return try, nil
		} else if err != nil {
			return "", err
		}
	}
	return "", fmt.Errorf("%s-1 to -1000 are all taken", name)
}

// Save writes p atomically: a temporary file in the same directory,
// synced, then renamed over the old one.
func (s *Store) Save(p *Progress) error {
	if s.Path == "" || s.readOnly {
		return nil
	}
	p.Version = progressVersion
	data, err := encode(p)
	if err != nil {
		return err
	}
	if len(data) > maxProgressSize {
		// Never write a file the next session would refuse to read.
		return fmt.Errorf("saving progress: it would be %s, more than the %s a progress file may have", ownfile.Size(int64(len(data))), ownfile.Size(maxProgressSize))
	}
	dir := filepath.Dir(s.Path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	f, err := os.CreateTemp(dir, tempPattern)
	if err != nil {
		return fmt.Errorf("saving progress: %w", err)
	}
	tmp := f.Name()
	_, err = f.Write(data)
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
