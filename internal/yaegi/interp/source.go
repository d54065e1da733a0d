package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Go's compile errors quote the program: multiple-value strconv.Atoi("3")
// in single-value context, cannot use "TERM" (…) in argument to p.Signal.
// yaegi's nodes keep positions, not text; the go/ast being compiled
// (Interpreter.compiling) has it. (Not in v0.16.1.)

// varCallText is the text of the call at pos that is the value of a var
// of one name, var n = f(), or "".
func (interp *Interpreter) varCallText(pos token.Pos) string {
	var text string
	inspectCompiling(interp, func(n ast.Node) bool {
		if vs, ok := n.(*ast.ValueSpec); ok && len(vs.Names) == 1 && len(vs.Values) == 1 {
			if call, ok := vs.Values[0].(*ast.CallExpr); ok && call.Pos() == pos {
				text = types.ExprString(call)
			}
		}
		return text == ""
	})
	return text
}

// callArgText is the text of the argument at pos of a call, and of the
// function called, p.Signal, or "" for both.
func (interp *Interpreter) callArgText(pos token.Pos) (arg, fun string) {
	inspectCompiling(interp, func(n ast.Node) bool {
		if call, ok := n.(*ast.CallExpr); ok {
			for _, a := range call.Args {
				if a.Pos() == pos {
					arg, fun = exprText(a), types.ExprString(call.Fun)
				}
			}
		}
		return arg == ""
	})
	return arg, fun
}

// inspectCompiling walks the go/ast being compiled, if any.
func inspectCompiling(interp *Interpreter, f func(ast.Node) bool) {
	if interp.compiling != nil {
		ast.Inspect(interp.compiling, f)
	}
}

// exprText is x as Go's compiler quotes it: a function literal as its
// signature and {…} (go/types writes "(func() literal)").
func exprText(x ast.Expr) string {
	if lit, ok := x.(*ast.FuncLit); ok {
		if lit.Body == nil || len(lit.Body.List) == 0 {
			return types.ExprString(lit.Type) + " {}"
		}
		return types.ExprString(lit.Type) + " {…}"
	}
	return types.ExprString(x)
}
