package interp

import (
	"context"

	"github.com/learn-concurrency/playground/builtins"
)

// EvalCheck runs src, a lesson's check, as an input: bracketed by
// package pg's check scope (what the check starts is the check's, stopped
// when it ends), and without the declared types of its value, which cost
// the check a second compile of itself and tell a verdict string nothing.
func (e *engine) EvalCheck(ctx context.Context, src string) Result {
	builtins.RunMetaIn(builtins.MetaContext{}, "check", "begin")
	defer builtins.RunMetaIn(builtins.MetaContext{}, "check", "end")
	e.checking = true
	defer func() { e.checking = false }()
	return e.Eval(ctx, src)
}
