package rewrite

// selfdefine works around yaegi v0.16.1 reading a variable defined again
// at the top level from its new, zero self on its own right side:
//
//	total := 1
//	total := total + 10   // total is 10, not 11
//
// (its global type analysis makes the new variable before the right side
// is compiled). Where the right side has the variable's type, the input
// assigns it instead: total = total + 10 is what the learner means, and
// functions that use total see the new value, as they would see a
// redefinition. A right side of another type (total := fmt.Sprint(total))
// is left as written: README lists it.

import (
	"go/ast"
	"go/token"
)

// assignSelfDefines rewrites, in the statements of an input, each
// x := expr whose expr reads x, a variable of the session of the same
// type as expr, into x = expr.
func (m *Rewriter) AssignSelfDefines(list []ast.Stmt) {
	if m == nil {
		return
	}
	for _, s := range list {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 1 || len(as.Rhs) != 1 {
			continue
		}
		id, ok := as.Lhs[0].(*ast.Ident)
		if !ok || m.s.env.Defined[id.Name] != "var" || !reads(as.Rhs[0], id.Name) {
			continue
		}
		// The variable's type as it is now (not as this input would make
		// it); a type of the learner's shows as its underlying one here,
		// and then the two differ and nothing is rewritten.
		old, ok := m.global(id.Name)
		now := m.typeOf(as.Rhs[0], 0)
		if !ok || !old.IsValid() || now.expr == nil || now.untyped || old.Type().String() != ExprText(now.expr) {
			continue
		}
		as.Tok = token.ASSIGN
	}
}

// reads reports whether x mentions the name (not as a field or method).
func reads(x ast.Expr, name string) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && id.Name == name {
					found = true
				}
				return !found
			})
			return false
		case *ast.Ident:
			found = found || n.Name == name
		}
		return !found
	})
	return found
}
