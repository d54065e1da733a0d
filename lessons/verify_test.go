package lessons

import (
	"context"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// fakeSandbox runs no Go: an input "crash later" crashes its evaluator
// 100 ms after the input ended, and checks fail until it has; a check
// whose body says "wrong" fails once an input "wrong" ran, and the
// others pass.
type fakeSandbox struct {
	mu       sync.Mutex
	restarts int
	pending  bool // a crash is coming
	inputs   []string
	at       []int // restarts when each input began
}

func (f *fakeSandbox) Run(ctx context.Context, src string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.inputs = append(f.inputs, src)
	f.at = append(f.at, f.restarts)
	if src == "crash later" {
		f.pending = true
		time.AfterFunc(100*time.Millisecond, func() {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.restarts++
			f.pending = false
		})
	}
	return "", nil
}

func (f *fakeSandbox) Value(ctx context.Context, src string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.pending {
		return strconv.Quote(failMark + "not yet"), nil
	}
	if strings.Contains(src, "wrong") && strings.Contains(strings.Join(f.inputs, "\n"), "wrong") {
		return strconv.Quote(failMark + "wrong"), nil
	}
	return strconv.Quote(passMark), nil
}

func (f *fakeSandbox) Printed() string { return "" }

func (f *fakeSandbox) Restarts() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.restarts
}

func (f *fakeSandbox) Close() error { return nil }

// crashLesson's first solution crashes the evaluator after its input
// ended; check is its check.
func crashLesson(check string) *Lesson {
	step := func(solution, check string) *Step {
		return &Step{Title: "s", Check: check, Hints: []string{"a", "b"}, Solution: solution,
			Wrong: []Answer{{Code: "wrong"}}}
	}
	return &Lesson{Name: "crash", File: "crash.md", Steps: []*Step{
		step("crash later", check),
		step("n := 3", "return nil // wrong"),
	}}
}

// Replays wait only for the crashes of a solution whose check reads
// restarts: a solution that crashes after its input ended under a check
// that does not is a problem lessons check reports.
func TestVerifyLateCrashNeedsACheckThatReadsRestarts(t *testing.T) {
	newSandbox := func() (Sandbox, error) { return &fakeSandbox{}, nil }
	problems := Verify(context.Background(), crashLesson("return nil // wrong"), newSandbox, nil)
	found := false
	for _, p := range problems {
		found = found || strings.Contains(p.Msg, "does not read restarts")
	}
	if !found {
		t.Errorf("a late crash under a check without restarts was not reported: %v", problems)
	}

	problems = Verify(context.Background(), crashLesson("if restarts == 0 { return nil } // wrong"), newSandbox, nil)
	for _, p := range problems {
		if strings.Contains(p.Msg, "restarts") {
			t.Errorf("a late crash under a check that reads restarts: %v", p)
		}
	}
}

// The replays before step 2 wait for step 1's crash.
func TestVerifyReplayWaitsForALateCrash(t *testing.T) {
	var mu sync.Mutex
	var all []*fakeSandbox
	newSandbox := func() (Sandbox, error) {
		mu.Lock()
		defer mu.Unlock()
		sb := &fakeSandbox{}
		all = append(all, sb)
		return sb, nil
	}
	Verify(context.Background(), crashLesson("if restarts == 0 { return nil } // wrong"), newSandbox, nil)
	mu.Lock()
	defer mu.Unlock()
	for _, sb := range all {
		sb.mu.Lock()
		if len(sb.inputs) >= 2 && sb.inputs[0] == "crash later" && sb.at[1] == 0 {
			t.Errorf("a sandbox went on after %q before its crash: %q", sb.inputs[0], sb.inputs)
		}
		sb.mu.Unlock()
	}
}

// In a lesson that measures the machine, sandboxes are prepared side by
// side, and an answer is judged while nothing else works: no other
// judging, no preparation.
func TestJudgeAloneJudgesAlone(t *testing.T) {
	turns := newJudgeAlone(2)
	var (
		mu                   sync.Mutex
		preparing, judging   int
		mostPreparing, total int
	)
	enter := func(p, j int) {
		mu.Lock()
		defer mu.Unlock()
		preparing += p
		judging += j
		if judging > 1 || judging == 1 && preparing > 0 {
			t.Errorf("%d judging and %d preparing at once", judging, preparing)
		}
		mostPreparing = max(mostPreparing, preparing)
		if j > 0 {
			total++
		}
	}
	var wg sync.WaitGroup
	for i := 0; i < 12; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			turns.prepare(1)
			enter(1, 0)
			time.Sleep(20 * time.Millisecond)
			enter(-1, 0)
			turns.judge()
			enter(0, 1)
			time.Sleep(time.Millisecond)
			enter(0, -1)
			turns.done()
		}()
	}
	wg.Wait()
	if total != 12 {
		t.Errorf("%d of 12 judged", total)
	}
	if mostPreparing != 2 {
		t.Errorf("at most %d prepared at once, want 2 (one a core)", mostPreparing)
	}
}

// A lesson that measures the machine is proven step after step: its
// replays still wait for a late crash, and a late crash under a check
// that does not read restarts is still reported.
func TestVerifyMeasuringLessonReplaysWaitForALateCrash(t *testing.T) {
	var mu sync.Mutex
	var all []*fakeSandbox
	newSandbox := func() (Sandbox, error) {
		mu.Lock()
		defer mu.Unlock()
		sb := &fakeSandbox{}
		all = append(all, sb)
		return sb, nil
	}
	l := crashLesson("if restarts == 0 { return nil } // wrong")
	l.Requires.CPUs = 1
	for _, p := range Verify(context.Background(), l, newSandbox, nil) {
		if strings.Contains(p.Msg, "restarts") || strings.Contains(p.Msg, "replaying") {
			t.Errorf("a late crash under a check that reads restarts: %v", p)
		}
	}
	mu.Lock()
	for _, sb := range all {
		sb.mu.Lock()
		if len(sb.inputs) >= 2 && sb.inputs[0] == "crash later" && sb.at[1] == 0 {
			t.Errorf("a sandbox went on after %q before its crash: %q", sb.inputs[0], sb.inputs)
		}
		sb.mu.Unlock()
	}
	mu.Unlock()

	l = crashLesson("return nil // wrong")
	l.Requires.CPUs = 1
	found := false
	for _, p := range Verify(context.Background(), l, newSandbox, nil) {
		found = found || strings.Contains(p.Msg, "does not read restarts")
	}
	if !found {
		t.Error("a late crash under a check without restarts was not reported")
	}
}
