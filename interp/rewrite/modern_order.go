package rewrite

// When things are evaluated: yaegi v0.16.1 evaluates some expressions
// later than Go does, and the rewrites move them to where Go evaluates
// them.
//
//   - The arguments of a deferred call: yaegi reads them when the call
//     runs, at the function's return, so x := 1; defer fmt.Println(x); x = 2
//     would print 2.
//   - The values a select statement sends (modern_select.go).
//
// Each such value goes to a new variable first. Constants stay where they
// are: a variable would give them their default type.

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// deferArgs evaluates the arguments of a deferred call when the defer
// statement runs: { a := x; defer fmt.Println(a) }.
func (m *Rewriter) deferArgs(c *astutil.Cursor, d *ast.DeferStmt) {
	var pre []ast.Stmt
	for i, a := range d.Call.Args {
		if m.keepInPlace(a) {
			continue
		}
		name := m.fresh("arg")
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: a.Pos(), Name: name}}, Tok: token.DEFINE, TokPos: a.Pos(), Rhs: []ast.Expr{a}})
		d.Call.Args[i] = &ast.Ident{NamePos: a.Pos(), Name: name}
	}
	if len(pre) > 0 {
		c.Replace(&ast.BlockStmt{Lbrace: d.Pos(), List: append(pre, d), Rbrace: d.End()})
	}
}

// keepInPlace reports whether x must stay where it is written: nil, or a
// constant, which a variable would give its default type.
func (m *Rewriter) keepInPlace(x ast.Expr) bool {
	if id, ok := x.(*ast.Ident); ok && m.isUniverse(id) && (id.Name == "nil" || id.Name == "true" || id.Name == "false") {
		return true
	}
	return m.typeOf(x, 0).untyped
}
