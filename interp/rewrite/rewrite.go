package rewrite

import "go/ast"

// Rewrite is the one way learner code is rewritten before yaegi compiles
// it: a program, a declaration or an input's body all go through it, in
// this order (each step's file says why it is needed):
//
//  1. modernize: the Go of today in the Go yaegi runs, and yaegi's own
//     mistakes that concurrent code meets at once (modern.go);
//  2. hoistReturnedReceives: return <-ch (receive.go);
//  3. hoistAssignedCalls: a call's results assigned to map entries and
//     other targets yaegi drops (assign.go);
//  4. hoistResultReads: reads of several results yaegi returns wrongly
//     (assign.go);
//  5. rewriteTopLevel, for an input's statements (n a *ast.BlockStmt):
//     the statements yaegi's global scope cannot compile (toplevel.go).
//
// A nil Rewriter (the rewriting turned off) rewrites nothing.
func (m *Rewriter) Rewrite(n ast.Node) error {
	if m == nil {
		return nil
	}
	if err := m.modernize(n); err != nil {
		return err
	}
	m.hoistReturnedReceives(n)
	m.hoistAssignedCalls(n)
	m.hoistResultReads(n)
	if body, ok := n.(*ast.BlockStmt); ok {
		m.rewriteTopLevel(body)
	}
	return nil
}
