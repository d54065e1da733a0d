package rewrite

// receive works around yaegi v0.16.1's return of a channel receive:
// return <-ch panics with "reflect: reflect.Value.Set using unaddressable
// value" (traefik/yaegi#1725), inside a goroutine ending the evaluator.
// A receive into a variable works, so
//
//	return <-ch, err
//
// becomes
//
//	recv_pg1 := <-ch
//	return recv_pg1, err
//
// (and calls beside a receive in the same return are taken out before it,
// in the order written)
//
// in the statement list that holds the return. The new nodes keep the
// positions of the text they replace.

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

// hoistReturnedReceives rewrites the returns of receives in n.
func (m *Rewriter) hoistReturnedReceives(n ast.Node) {
	if !contains(n, func(n ast.Node) bool {
		ret, ok := n.(*ast.ReturnStmt)
		return ok && hasReceive(ret.Results)
	}) {
		return
	}
	astutil.Apply(n, nil, func(c *astutil.Cursor) bool {
		ret, ok := c.Node().(*ast.ReturnStmt)
		if !ok || c.Index() < 0 {
			return true // a return outside a statement list cannot take a statement before it
		}
		if !hasReceive(ret.Results) {
			return true
		}
		// Receives and calls are taken out in order, so that what they do
		// happens in the order written; names and literals (untyped nil
		// among them) stay where they are.
		for i, r := range ret.Results {
			switch x := ast.Unparen(r).(type) {
			case *ast.CallExpr:
			case *ast.UnaryExpr:
				if x.Op != token.ARROW {
					continue
				}
			default:
				continue
			}
			ret.Results[i] = m.hoist(c, "recv", r)
		}
		return true
	})
}

// hasReceive reports whether one of results is a channel receive.
func hasReceive(results []ast.Expr) bool {
	for _, r := range results {
		if u, ok := ast.Unparen(r).(*ast.UnaryExpr); ok && u.Op == token.ARROW {
			return true
		}
	}
	return false
}

// contains reports whether n holds a node for which match is true. Most
// inputs need none of a rewrite: a walk with ast.Inspect costs a fraction
// of one with astutil.Apply, which the rewrite then takes.
func contains(n ast.Node, match func(ast.Node) bool) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		found = found || match(n)
		return !found
	})
	return found
}
