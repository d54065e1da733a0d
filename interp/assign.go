package interp

// assign works around yaegi v0.16.1's assignment of several values where
// some are calls and some are not: the others are lost, silently.
//
//	x, y = 1, two()   // x is 0 (and s[0], s[1] = 1, len(t) sets only s[1])
//
// An assignment of no call works, and one of calls alone (but not of
// conversions of constants, which yaegi folds: x, y = int(7), two() loses
// the 7), so the calls (and receives) are taken into variables first, in
// the order written, and assigned from there:
//
//	x_pg1 := two()
//	x, y = 1, x_pg1
//
// Go leaves the order of a call and a plain operand's evaluation open, so
// this is an order Go could have chosen. Names and constants stay where
// they are, so an untyped constant still takes the type of what it is
// assigned to. The new nodes keep the positions of the text they replace;
// a temporary is named after what it is assigned to, so that a message
// about it speaks of that (unmangle: x_pg1 is x).

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// hoistAssignedCalls rewrites the assignments in n that yaegi would get
// wrong.
func (e *engine) hoistAssignedCalls(n ast.Node) {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && mixesCalls(as) {
			found = true
		}
		return !found
	})
	if !found {
		return
	}
	astutil.Apply(n, nil, func(c *astutil.Cursor) bool {
		as, ok := c.Node().(*ast.AssignStmt)
		if !ok || c.Index() < 0 || !mixesCalls(as) {
			return true // an assignment outside a statement list (if x, y = …; …) is left as it is
		}
		for i, r := range as.Rhs {
			if !isCallOrReceive(r) {
				continue
			}
			name := "value"
			if id, ok := as.Lhs[i].(*ast.Ident); ok && id.Name != "_" {
				name = id.Name
			}
			e.modern.seq++
			tmp := fmt.Sprintf("%s_pg%d", name, e.modern.seq)
			c.InsertBefore(&ast.AssignStmt{
				Lhs:    []ast.Expr{&ast.Ident{Name: tmp, NamePos: r.Pos()}},
				TokPos: r.Pos(),
				Tok:    token.DEFINE,
				Rhs:    []ast.Expr{r},
			})
			as.Rhs[i] = &ast.Ident{Name: tmp, NamePos: r.Pos()}
		}
		return true
	})
}

// mixesCalls reports whether as assigns several values, calls or receives
// among them.
func mixesCalls(as *ast.AssignStmt) bool {
	if as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
		return false
	}
	for _, r := range as.Rhs {
		if isCallOrReceive(r) {
			return true
		}
	}
	return false
}

func isCallOrReceive(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.CallExpr:
		return true
	case *ast.UnaryExpr:
		return x.Op == token.ARROW
	}
	return false
}
