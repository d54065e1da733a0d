package interp

// defer works around yaegi v0.16.1's defer at the top level of an input:
// the deferred call runs when the input ends, and again when every later
// input ends (defer fmt.Println("bye") says bye after each input from then
// on; defer ln.Close() closes the listener again and again). Such a defer
// becomes a push of the call, in a function, onto a list of the session's;
// when the input ends, even in a panic, the engine runs the list, last
// pushed first, and empties it: the input is the function the defer
// belongs to, as main is in a program. (The arguments were taken into
// variables when the defer ran: interp/rewrite/modern_order.go.)

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
)

// deferList is the session's list of deferred calls.
const deferList = "_pgDefers"

// runDeferred pops and runs the deferred calls, last first.
const runDeferred = "for len(" + deferList + ") > 0 { _pgF := " + deferList + "[len(" + deferList + ")-1]; " +
	deferList + " = " + deferList + "[:len(" + deferList + ")-1]; _pgF() }"

// pushDefers rewrites the defer statements at the top level of body (not
// those inside function literals) into pushes onto the deferred list, and
// reports whether there were any.
func pushDefers(body *ast.BlockStmt) bool {
	found := false
	walk := func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.BlockStmt:
			for i, s := range n.List {
				if d, ok := s.(*ast.DeferStmt); ok {
					n.List[i] = pushDefer(d)
					found = true
				}
			}
		case *ast.CaseClause:
			for i, s := range n.Body {
				if d, ok := s.(*ast.DeferStmt); ok {
					n.Body[i] = pushDefer(d)
					found = true
				}
			}
		case *ast.CommClause:
			for i, s := range n.Body {
				if d, ok := s.(*ast.DeferStmt); ok {
					n.Body[i] = pushDefer(d)
					found = true
				}
			}
		}
		return true
	}
	ast.Inspect(body, walk)
	return found
}

// pushDefer is defer call as _pgDefers = append(_pgDefers, func() { call }).
func pushDefer(d *ast.DeferStmt) ast.Stmt {
	pos := d.Pos()
	list := &ast.Ident{Name: deferList, NamePos: pos}
	fn := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: d.Call}}, Rbrace: d.End()},
	}
	return &ast.AssignStmt{
		Lhs:    []ast.Expr{list},
		TokPos: pos,
		Tok:    token.ASSIGN,
		Rhs:    []ast.Expr{&ast.CallExpr{Fun: &ast.Ident{Name: "append", NamePos: pos}, Lparen: pos, Args: []ast.Expr{&ast.Ident{Name: deferList, NamePos: pos}, fn}, Rparen: d.End()}},
	}
}

// declareDeferList declares the session's list of deferred calls, once.
func (e *engine) declareDeferList() error {
	if e.defers {
		return nil
	}
	f, err := parser.ParseFile(e.i.FileSet(), sourceName, "package main; var "+deferList+" []func()", 0)
	if err != nil {
		return err
	}
	if _, err := e.compile(f); err != nil {
		return err
	}
	e.defers = true
	return nil
}

// runDefers runs the calls the input deferred, last first.
func (e *engine) runDefers(ctx context.Context) error {
	f, err := parser.ParseFile(e.i.FileSet(), sourceName, "package main; func main() {"+runDeferred+"\n}", 0)
	if err != nil {
		return err
	}
	prog, err := e.compile(f.Decls[0].(*ast.FuncDecl).Body)
	if err != nil {
		return err
	}
	_, err = e.execute(ctx, prog)
	return err
}
