package interp

import (
	"go/ast"
	"io"
	"log"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"
)

// typeOfExpr returns the type the interpreter gives x, which it compiles
// and does not run (yaegi patch 10): the type of f() is what f declares,
// and f is not called. x must have been parsed with the interpreter's
// FileSet; it is not rewritten as inputs are (package rewrite). Like compile,
// it turns a panic of yaegi's compiler into a failure and keeps what
// yaegi logs meanwhile off the terminal.
func (e *engine) typeOfExpr(x ast.Expr) (t yaegi.Type, ok bool) {
	e.canceller.settle()
	w := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(w)
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	if namesGenericPackage(x) && e.loadGenericsNow() != nil {
		return t, false
	}
	t, err := e.i.TypeOfExpr(x)
	return t, err == nil
}
