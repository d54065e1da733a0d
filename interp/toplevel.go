package interp

// The statements at the top level of an input that yaegi's global scope
// cannot compile are rewritten (interp/rewrite/toplevel.go); one of them,
// v, ok := <-ch of a channel whose element type the playground cannot
// write, is left to fail, and its message says what to write instead.

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"

	"github.com/learn-concurrency/playground/internal/yaegiassume"
	"github.com/learn-concurrency/playground/interp/rewrite"
)

// explainReceiveDefine replaces the error yaegi gives for v, ok := <-ch at
// the top level of an input ("nil type"), which no rewrite here can mend
// (the variables' type is the channel's, which the input does not name),
// with what to write instead.
func (e *engine) explainReceiveDefine(body *ast.BlockStmt, err error) error {
	if !yaegiassume.IsNilType(err) {
		return err
	}
	for _, s := range body.List {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			continue
		}
		if u, ok := ast.Unparen(as.Rhs[0]).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			v, ok := rewrite.ExprText(as.Lhs[0]), rewrite.ExprText(as.Lhs[1])
			return scanner.ErrorList{{Pos: e.i.FileSet().Position(as.Pos()), Msg: fmt.Sprintf(
				"%s, %s := <-%s at the top level of an input is not supported by the playground's interpreter yet; "+
					"declare them first and assign (var %s T; var %s bool; %s, %s = <-%s), or receive inside a function",
				v, ok, rewrite.ExprText(u.X), v, ok, v, ok, rewrite.ExprText(u.X))}}
		}
	}
	return err
}
