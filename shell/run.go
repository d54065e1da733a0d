package shell

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/learn-concurrency/playground/interp"
)

// Run runs a file of shell input, or a Go program, without a terminal:
// no prompts, no colour unless cfg asks for it. name "-" reads standard
// input. It returns the process exit status: 0 when every input succeeded,
// 1 when one failed (Run stops there unless cfg.KeepGoing), and for a Go
// program the status it exited with.
func Run(cfg Config, name string) int {
	if cfg.Stdin == nil {
		cfg.Stdin = os.Stdin
	}
	src, err := readFileOrStdin(name, cfg.Stdin)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	if name != "-" {
		// Learner code may read the real standard input.
		cfg.Session.Stdin = cfg.Stdin
	}
	sh, err := New(cfg)
	if err != nil {
		fmt.Fprintf(cfg.Stderr, "playground: %v\n", err)
		return 1
	}
	defer sh.Close()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	display := name
	if name == "-" {
		display = "stdin"
	}
	if interp.IsGoFile(string(src)) {
		return sh.runProgram(ctx, string(src), display)
	}
	sh.openLesson()
	ok, _, err := sh.runInputs(ctx, strings.NewReader(string(src)), display, cfg.KeepGoing)
	if err != nil {
		if errors.Is(err, context.Canceled) {
			return 130
		}
		sh.p.errorf("playground: reading %s: %v", display, err)
		return 1
	}
	if !ok {
		return 1
	}
	return 0
}

// runProgram runs a whole Go program as yaegi run would; os.Exit in it
// sets the status quietly, as it would for a compiled program.
func (sh *Shell) runProgram(ctx context.Context, src, name string) int {
	res, err := sh.sess.Eval(ctx, src, sh.p.output)
	var ee *interp.ExitError
	switch {
	case errors.As(err, &ee) && ee.Requested:
		return ee.Code
	case errors.As(err, &ee):
		sh.p.errorf("%s", ee.Reason)
		return 2
	case err != nil:
		sh.p.errorf("%v", err)
		if errors.Is(err, context.Canceled) {
			return 130
		}
		return 1
	case res.Err != nil && res.Err.Kind == interp.ErrCompile:
		sh.p.evalError(res.Err, origin{file: name, line: 1})
		return 1
	case res.Err != nil:
		sh.p.evalError(res.Err, origin{file: name, line: 1})
		return 2
	}
	return 0
}
