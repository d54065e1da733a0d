package interp

import "go/ast"

// rewrite is the one way learner code is rewritten before yaegi compiles
// it: a program, a declaration or an input's body all go through it, in
// this order (each step's file says why it is needed):
//
//  1. modernize: the Go of today in the Go yaegi runs, and yaegi's own
//     mistakes that concurrent code meets at once (modern.go);
//  2. hoistReturnedReceives: return <-ch (receive.go);
//  3. hoistAssignedCalls: a call's results assigned to map entries and
//     other targets yaegi drops (assign.go);
//  4. hoistResultReads: reads of several results yaegi returns wrongly
//     (assign.go).
//
// With a nil modernizer (PLAYGROUND_PLAIN_YAEGI=1) nothing is rewritten.
func (e *engine) rewrite(mod *modernizer, n ast.Node) error {
	if mod == nil {
		return nil
	}
	if err := mod.modernize(n); err != nil {
		return err
	}
	e.hoistReturnedReceives(n)
	e.hoistAssignedCalls(n)
	e.hoistResultReads(n)
	return nil
}
