package shell

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/learn-concurrency/playground/internal/termdraw"
	"github.com/learn-concurrency/playground/interp"
	"github.com/learn-concurrency/playground/lessons"
)

// listLessons is `playground lessons`: every lesson with the learner's
// progress.
func listLessons(cfg Config) int {
	all, err := lessons.Builtin()
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	t, warning := lessons.NewTutor(all, &lessons.Store{Path: cfg.ProgressFile}, func() lessons.Style { return lessons.Style{Colour: cfg.Colour} })
	if warning != "" {
		fmt.Fprintf(cfg.Stderr, "playground: %s\n", warning)
	}
	fmt.Fprintln(cfg.Stdout, t.CommandLineList())
	return 0
}

// checkLessons is `playground lessons check [DIR]`: it proves every
// lesson in DIR (or the playground's own) and reports a line a lesson.
func checkLessons(cfg Config, dir string) int {
	var (
		all []*lessons.Lesson
		err error
	)
	if dir == "" {
		all, err = lessons.Builtin()
	} else {
		if _, err := os.Stat(dir); err != nil {
			fmt.Fprintf(cfg.Stderr, "playground: lessons check: %v\n", err)
			return 1
		}
		all, err = lessons.LoadDir(dir)
	}
	failed := 0
	if err != nil {
		// Report what did not parse, and still check the rest.
		for _, e := range splitErrors(err) {
			fmt.Fprintf(cfg.Stdout, "FAIL  %v\n", e)
			failed++
		}
	}
	if len(all) == 0 && failed == 0 {
		fmt.Fprintf(cfg.Stderr, "playground: no lessons in %s\n", dir)
		return 1
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	newSandbox := func() (lessons.Sandbox, error) { return newSandbox(cfg) }
	total := 0
	for _, l := range all {
		total += len(l.Steps)
	}
	// On a terminal a bar shows the steps proven so far; elsewhere it
	// only passes the report through.
	bar := termdraw.NewBar(cfg.Stdout, total, "checking lessons")
	defer bar.Done()
	out := io.Writer(bar)
	// The lessons are proven side by side, their sandboxes drawn from
	// one pool, except those that measure the machine: each of those
	// first, alone. Reports come in the lessons' order.
	type report struct {
		problems []lessons.Problem
		took     time.Duration
	}
	reports := make([]chan report, len(all))
	for i := range reports {
		reports[i] = make(chan report, 1)
	}
	// proving counts the lessons under way: an interrupted check waits
	// for them to close their sandboxes.
	var proving sync.WaitGroup
	prove := func(i int, pool *lessons.Pool) {
		defer proving.Done()
		start := time.Now()
		problems := lessons.VerifyIn(ctx, pool, all[i], newSandbox, func(int) { bar.Add(1) })
		reports[i] <- report{problems, time.Since(start).Round(100 * time.Millisecond)}
	}
	bar.Add(0)     // draw it now: a step can take seconds
	proving.Add(1) // the lessons' start, below
	go func() {
		defer proving.Done()
		for i, l := range all {
			if l.Requires.Unmet() == "" && lessons.MeasuresMachine(l) && ctx.Err() == nil {
				bar.SetLabel("checking " + l.Name)
				proving.Add(1)
				prove(i, nil)
			}
		}
		bar.SetLabel("checking lessons")
		pool := lessons.NewPool(lessons.SandboxesAtOnce)
		for i, l := range all {
			if l.Requires.Unmet() == "" && !lessons.MeasuresMachine(l) && ctx.Err() == nil {
				proving.Add(1)
				go prove(i, pool)
			}
		}
	}()
	skipped, passed := 0, 0
	for i, l := range all {
		if why := l.Requires.Unmet(); why != "" {
			fmt.Fprintf(out, "skip  %s: %s\n", l.Name, why)
			skipped++
			bar.Add(len(l.Steps))
			continue
		}
		var r report
		select {
		case r = <-reports[i]:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			proving.Wait()
			fmt.Fprintln(out, "interrupted")
			return 130
		}
		problems, took := r.problems, r.took
		var failures, warnings []lessons.Problem
		for _, p := range problems {
			if p.Warn {
				warnings = append(warnings, p)
			} else {
				failures = append(failures, p)
			}
		}
		if len(failures) == 0 {
			fmt.Fprintf(out, "ok    %s (%s, %v)\n", l.Name, steps(len(l.Steps)), took)
			for _, p := range warnings {
				fmt.Fprintf(out, "      warning: %s\n", p)
			}
			passed++
			continue
		}
		failed++
		fmt.Fprintf(out, "FAIL  %s (%s, %v)\n", l.Name, steps(len(l.Steps)), took)
		for _, p := range failures {
			fmt.Fprintf(out, "      %s\n", p)
		}
		for _, p := range warnings {
			fmt.Fprintf(out, "      warning: %s\n", p)
		}
	}
	bar.Done()
	fmt.Fprintf(cfg.Stdout, "%d lessons: %d ok, %d failed", passed+failed+skipped, passed, failed)
	if skipped > 0 {
		fmt.Fprintf(cfg.Stdout, ", %d skipped", skipped)
	}
	fmt.Fprintln(cfg.Stdout)
	if failed > 0 {
		return 1
	}
	return 0
}

func steps(n int) string {
	if n == 1 {
		return "1 step"
	}
	return fmt.Sprintf("%d steps", n)
}

func splitErrors(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, splitErrors(e)...)
		}
		return out
	}
	return []error{err}
}

// sandbox is a Shell without a terminal in which `lessons check` plays
// the learner.
type sandbox struct {
	sh *Shell

	mu      sync.Mutex
	printed bytes.Buffer // what learner code printed
	errs    bytes.Buffer // what the shell reported
}

func newSandbox(cfg Config) (*sandbox, error) {
	sb := &sandbox{}
	sbCfg := Config{
		Stdout:  io.Discard,
		Stderr:  lockedWriter{&sb.mu, &sb.errs},
		Lessons: []*lessons.Lesson{},
		Session: cfg.Session,
	}
	sh, err := New(sbCfg)
	if err != nil {
		return nil, err
	}
	sh.onPrinted = func(s string) {
		sb.mu.Lock()
		sb.printed.WriteString(s)
		sb.mu.Unlock()
	}
	sb.sh = sh
	// Nobody can type :timeline here: the evaluator keeps no timeline
	// (its sampler's goroutine dumps cost CPU in every sandbox that runs
	// a task). A fresh evaluator after a crash keeps one again.
	res, err := sh.sess.RunMeta(context.Background(), "sampling", "off", interp.MetaView{})
	if err == nil && res.Err != nil {
		err = res.Err
	}
	if err != nil {
		sh.Close()
		return nil, err
	}
	return sb, nil
}

func (sb *sandbox) Value(ctx context.Context, src string) (string, error) {
	return sb.sh.Value(ctx, src)
}

func (sb *sandbox) CallCheck(ctx context.Context, fn string, a lessons.Attempt) (string, error) {
	return sb.sh.CallCheck(ctx, fn, a)
}

func (sb *sandbox) Run(ctx context.Context, src string) (string, error) {
	sb.mu.Lock()
	sb.printed.Reset()
	sb.errs.Reset()
	sb.mu.Unlock()
	ok, _, err := sb.sh.runInputs(ctx, strings.NewReader(src), "input", false)
	sb.mu.Lock()
	defer sb.mu.Unlock()
	printed := sb.printed.String()
	switch {
	case err != nil:
		return printed, err
	case !ok:
		msg := strings.TrimSpace(sb.errs.String())
		if msg == "" {
			msg = "an input failed"
		}
		return printed, errors.New(strings.ReplaceAll(msg, "\n", "; "))
	}
	return printed, nil
}

func (sb *sandbox) Printed() string {
	sb.mu.Lock()
	defer sb.mu.Unlock()
	return sb.printed.String()
}

func (sb *sandbox) Restarts() int { return int(sb.sh.crashes.Load()) }
func (sb *sandbox) Close() error  { return sb.sh.Close() }

// lockedWriter serialises writes to w.
type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(b []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(b)
}
