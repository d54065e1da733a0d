package interp

import (
	"context"
	"fmt"
	"go/ast"
	"slices"
	"strings"

	"github.com/learn-concurrency/playground/interp/rewrite"
)

// loadPrelude compiles the prelude before the first input that may need
// it: before the input is parsed, so that the input's imports of the
// packages the prelude imports are dropped as repeated. Its source name is
// its own, so that a panic in a helper is not placed in the learner's
// input.
func (e *engine) loadPrelude(ctx context.Context, src string) error {
	if err := e.loadGenerics(src); err != nil {
		return err
	}
	if e.plain || e.prelude || !rewrite.NeedsPrelude(src) {
		return nil
	}
	if err := e.loadGenerics(rewrite.Prelude); err != nil {
		return err
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

// genericPackages are the packages of the standard library whose generic
// functions yaegi compiles from source (its stdlib/generic).
var genericPackages = []string{"cmp", "maps", "slices"}

// loadGenerics compiles the source of yaegi's generic standard packages
// before the first input that may use them (it names one): compiling it
// costs more than the rest of an evaluator's start, and most programs
// never use them.
func (e *engine) loadGenerics(src string) error {
	for _, p := range genericPackages {
		if strings.Contains(src, p) {
			return e.loadGenericsNow()
		}
	}
	return nil
}

// loadGenericsNow compiles the source of yaegi's generic standard
// packages, if it is not yet.
func (e *engine) loadGenericsNow() error {
	if err := e.i.LoadGenerics(); err != nil {
		return fmt.Errorf("the standard library's generic packages did not compile: %w", err)
	}
	return nil
}

// namesGenericPackage reports whether x selects from one of the
// genericPackages (slices.Max(xs)), which must then be compiled before
// x's type can be known.
func namesGenericPackage(x ast.Node) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if id, ok := sel.X.(*ast.Ident); ok && slices.Contains(genericPackages, id.Name) {
				found = true
			}
		}
		return !found
	})
	return found
}
