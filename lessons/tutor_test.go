package lessons

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// passing is a session in which every check passes.
type passing struct{}

func (passing) Value(context.Context, string) (string, error) { return `"PASS"`, nil }

func goodLessons(t *testing.T) []*Lesson {
	t.Helper()
	all, err := LoadDir(filepath.Join("testdata", "good"))
	if err != nil {
		t.Fatal(err)
	}
	return all
}

func plain() Style { return Style{} }

func readProgress(t *testing.T, path string) *Progress {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var p Progress
	if err := json.Unmarshal(b, &p); err != nil {
		t.Fatal(err)
	}
	return &p
}

// A learner's own file named like one of the playground's lessons, with
// more steps: the progress made in it is its own, and the playground's
// lesson, listed later, is not damaged by it (its bar drew a negative
// number of cells and crashed :lessons).
func TestTutorKeepsALoadedLessonsProgressApart(t *testing.T) {
	progress := filepath.Join(t.TempDir(), "progress.json")
	own := filepath.Join(t.TempDir(), "counting.md")
	src, err := os.ReadFile(filepath.Join("testdata", "good", "counting.md"))
	if err != nil {
		t.Fatal(err)
	}
	third := "\n## Once more\n\nAgain.\n\n### Task\n\nAgain.\n\n### Check\n\n```go\nreturn nil\n```\n\n### Hint\n\nAgain.\n\n### Solution\n\n```go\nn := 3\n```\n"
	if err := os.WriteFile(own, append(src, third...), 0o644); err != nil {
		t.Fatal(err)
	}

	tu, warning := NewTutor(goodLessons(t), &Store{Path: progress}, plain)
	if warning != "" {
		t.Fatal(warning)
	}
	if _, err := tu.Open("counting", 0); err != nil {
		t.Fatal(err)
	}
	if _, err := tu.CheckNow(context.Background(), passing{}); err != nil {
		t.Fatal(err)
	}
	if _, err := tu.Load(own); err != nil {
		t.Fatal(err)
	}
	for step := 1; step <= 3; step++ {
		if _, err := tu.CheckNow(context.Background(), passing{}); err != nil {
			t.Fatal(err)
		}
		if step < 3 {
			if _, err := tu.Next(); err != nil {
				t.Fatal(err)
			}
		}
	}
	if got := tu.Progress(); !strings.Contains(got, "3/3 steps done") {
		t.Errorf("the loaded lesson's progress:\n%s", got)
	}

	p := readProgress(t, progress)
	abs, _ := filepath.Abs(own)
	if g := p.Lessons["counting"]; g == nil || !reflect.DeepEqual(g.Done, []int{1}) || g.Step != 1 {
		t.Errorf("the playground's counting: %+v", g)
	}
	if g := p.Lessons["file:"+abs]; g == nil || !reflect.DeepEqual(g.Done, []int{1, 2, 3}) || g.Step != 3 {
		t.Errorf("the learner's counting.md: %+v (all: %v)", g, p.Lessons)
	}

	// A later session lists the playground's lesson with its own progress.
	tu, warning = NewTutor(goodLessons(t), &Store{Path: progress}, plain)
	if warning != "" {
		t.Fatal(warning)
	}
	if got := tu.List(); !strings.Contains(got, "░ 1/2") {
		t.Errorf(":lessons:\n%s", got)
	}
	// :lesson reset of the learner's lesson forgets only its progress.
	if _, err := tu.Load(own); err != nil {
		t.Fatal(err)
	}
	if _, err := tu.Reset("counting"); err != nil {
		t.Fatal(err)
	}
	p = readProgress(t, progress)
	if g := p.Lessons["counting"]; g == nil || !reflect.DeepEqual(g.Done, []int{1}) {
		t.Errorf("after resetting the learner's counting, the playground's: %+v", g)
	}
}

// Progress that names steps a lesson does not have (a hand-edited file,
// a lesson that lost steps) is repaired, with a warning, and never crashes
// :lessons, :progress or playground lessons.
func TestTutorRepairsDamagedProgress(t *testing.T) {
	progress := filepath.Join(t.TempDir(), "progress.json")
	if err := os.WriteFile(progress, []byte(`{"version": 1, "lessons": {
		"counting": {"step": 9, "done": [1, 2, 5, 6, 7, 2, -1]},
		"elsewhere": {"step": 4, "done": [1, 2, 3, 9]}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tu, warning := NewTutor(goodLessons(t), &Store{Path: progress}, plain)
	want := "your progress in counting was damaged (step 5 done, step 6 done, step 7 done, 2 more, on step 9, of 2 steps); it is repaired"
	if warning != want {
		t.Errorf("warning:\n%s\nwant:\n%s", warning, want)
	}
	if got := tu.List(); !strings.Contains(got, "██████████ 2/2") {
		t.Errorf(":lessons:\n%s", got)
	}
	if _, err := tu.Open("counting", 0); err != nil {
		t.Fatal(err)
	}
	if got := tu.Progress(); !strings.Contains(got, "2/2 steps done") || !strings.Contains(got, "2. Say it  ← you are here") {
		t.Errorf(":progress:\n%s", got)
	}
	p := readProgress(t, progress)
	if g := p.Lessons["counting"]; !reflect.DeepEqual(g.Done, []int{1, 2}) || g.Step != 2 {
		t.Errorf("saved repaired: %+v", g)
	}
	// A lesson this playground does not have is left as it was.
	if g := p.Lessons["elsewhere"]; !reflect.DeepEqual(g.Done, []int{1, 2, 3, 9}) || g.Step != 4 {
		t.Errorf("an unknown lesson's progress: %+v", g)
	}
	if _, warning := NewTutor(goodLessons(t), &Store{Path: progress}, plain); warning != "" {
		t.Errorf("repaired once, and then quiet: %q", warning)
	}
}

// The bar takes any count of steps done, even one the progress file
// should never have held.
func TestBarIsDrawnForAnyCount(t *testing.T) {
	for _, done := range []int{-5, 0, 3, 7, 12} {
		if got := bar(done, 7, 10); len([]rune(got)) != 10 {
			t.Errorf("bar(%d, 7, 10) = %q", done, got)
		}
	}
}

// blocking is a session whose checks say they started, then pass once
// released.
type blocking struct{ started, release chan struct{} }

func (b blocking) Value(context.Context, string) (string, error) {
	close(b.started)
	<-b.release
	return `"PASS"`, nil
}

// A check that passes after the learner moved to the next step (checks
// run in the background on a terminal) still marks the step it checked.
func TestTutorCheckFinishingAfterTheLearnerMovedOnCounts(t *testing.T) {
	tu, _ := NewTutor(goodLessons(t), &Store{}, plain)
	if _, err := tu.Open("counting", 1); err != nil {
		t.Fatal(err)
	}
	s := blocking{started: make(chan struct{}), release: make(chan struct{})}
	news := make(chan string)
	go func() { news <- tu.AfterInput(context.Background(), s) }()
	<-s.started
	if _, err := tu.Next(); err != nil {
		t.Fatal(err)
	}
	close(s.release)
	if got := <-news; !strings.Contains(got, "✓ Step 1 of counting was done") {
		t.Errorf("news: %q", got)
	}
	if !strings.Contains(tu.Progress(), "✓ 1. A counter") {
		t.Errorf("progress:\n%s", tu.Progress())
	}
}
