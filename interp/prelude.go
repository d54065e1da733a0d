package interp

import (
	"context"
	"fmt"

	"github.com/learn-concurrency/playground/interp/rewrite"
)

// loadPrelude compiles the prelude before the first input that may need
// it: before the input is parsed, so that the input's imports of the
// packages the prelude imports are dropped as repeated. Its source name is
// its own, so that a panic in a helper is not placed in the learner's
// input.
func (e *engine) loadPrelude(ctx context.Context, src string) error {
	if e.plain || e.prelude || !rewrite.NeedsPrelude(src) {
		return nil
	}
	e.prelude = true
	e.mu.Lock()
	input := e.src
	e.src = "prelude/" + sourceName // yaegi scopes imports by the base name
	e.mu.Unlock()
	defer func() {
		e.mu.Lock()
		e.src = input
		e.mu.Unlock()
	}()
	if _, err := e.compileRun(ctx, rewrite.Prelude, true, 1, 1); err != nil {
		return fmt.Errorf("the playground's prelude did not compile: %w", err)
	}
	return nil
}
