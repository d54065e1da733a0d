package rewrite

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
// about it speaks of that (Unmangle: x_pg1 is x).

import (
	"fmt"
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// hoistAssignedCalls rewrites the assignments in n that yaegi would get
// wrong.
func (m *Rewriter) hoistAssignedCalls(n ast.Node) {
	if !contains(n, func(n ast.Node) bool {
		as, ok := n.(*ast.AssignStmt)
		return ok && mixesCalls(as)
	}) {
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
			as.Rhs[i] = m.hoist(c, name, r)
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

// hoistResultReads works around yaegi v0.16.1's return of several values
// in a function with named results: it assigns the results one by one, so
// a value that reads a result sees the ones assigned before it.
//
//	func swap() (a, b int) { a, b = 1, 2; return b, a }   // 2, 2
//
// The values of such a return that read a named result are taken into
// variables first (each is typed: it reads a typed result):
//
//	b_pg1 := b; a_pg2 := a; return b_pg1, a_pg2
func (m *Rewriter) hoistResultReads(n ast.Node) {
	ast.Inspect(n, func(n ast.Node) bool {
		ft, body := FuncParts(n)
		if ft == nil {
			return true
		}
		results := map[string]bool{}
		if ft.Results != nil {
			for _, f := range ft.Results.List {
				for _, id := range f.Names {
					results[id.Name] = true
				}
			}
		}
		if len(results) < 2 || body == nil {
			return true
		}
		astutil.Apply(body, func(c *astutil.Cursor) bool {
			_, lit := c.Node().(*ast.FuncLit)
			return !lit // its returns are its own, and its results
		}, func(c *astutil.Cursor) bool {
			ret, ok := c.Node().(*ast.ReturnStmt)
			if !ok || c.Index() < 0 || len(ret.Results) < 2 {
				return true
			}
			for i, r := range ret.Results {
				if !readsAny(r, results) {
					continue
				}
				name := "result"
				if id, ok := ast.Unparen(r).(*ast.Ident); ok {
					name = id.Name
				}
				ret.Results[i] = m.hoist(c, name, r)
			}
			return true
		})
		return true
	})
}

// readsAny reports whether x uses one of names (not as a selected field).
func readsAny(x ast.Expr, names map[string]bool) bool {
	found := false
	sel := map[*ast.Ident]bool{}
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			sel[n.Sel] = true
		case *ast.Ident:
			found = found || !sel[n] && names[n.Name]
		}
		return !found
	})
	return found
}

// hoist puts x into a new variable, named after name, in a statement
// before the one at c, and returns the variable for x's place. The new
// nodes keep x's position.
func (m *Rewriter) hoist(c *astutil.Cursor, name string, x ast.Expr) ast.Expr {
	m.s.seq++
	tmp := fmt.Sprintf("%s_pg%d", name, m.s.seq)
	c.InsertBefore(&ast.AssignStmt{
		Lhs:    []ast.Expr{&ast.Ident{Name: tmp, NamePos: x.Pos()}},
		TokPos: x.Pos(),
		Tok:    token.DEFINE,
		Rhs:    []ast.Expr{x},
	})
	return &ast.Ident{Name: tmp, NamePos: x.Pos()}
}

// FuncParts returns the type and body of n if it is a function, declared
// or literal, and nils if not.
func FuncParts(n ast.Node) (*ast.FuncType, *ast.BlockStmt) {
	switch n := n.(type) {
	case *ast.FuncDecl:
		return n.Type, n.Body
	case *ast.FuncLit:
		return n.Type, n.Body
	}
	return nil, nil
}
