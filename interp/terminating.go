package interp

// A function with results must end in a terminating statement, or Go
// refuses it ("missing return"); yaegi (v0.16.1) runs it, and a call that
// falls off the end returns zero values, silently. checkReturns gives the
// learner Go's message. Terminating statements are those of the Go
// specification (https://go.dev/ref/spec#Terminating_statements).

import (
	"go/ast"
	"go/scanner"
	"go/token"

	"github.com/learn-concurrency/playground/interp/rewrite"
)

// checkReturns reports the first function in n, declared or literal, that
// has results and can reach the end of its body.
func (e *engine) checkReturns(n ast.Node) error {
	var missing *ast.BlockStmt
	ast.Inspect(n, func(n ast.Node) bool {
		ft, body := rewrite.FuncParts(n)
		if ft == nil {
			return missing == nil
		}
		if missing == nil && body != nil && ft.Results != nil && len(ft.Results.List) > 0 && !terminates(body, "") {
			missing = body
		}
		return missing == nil
	})
	if missing == nil {
		return nil
	}
	return scanner.ErrorList{{Pos: e.i.FileSet().Position(missing.Rbrace), Msg: "missing return"}}
}

// terminates reports whether s is a terminating statement; label is the
// label s carries, if any.
func terminates(s ast.Stmt, label string) bool {
	switch s := s.(type) {
	case *ast.ReturnStmt:
		return true
	case *ast.BranchStmt:
		return s.Tok == token.GOTO || s.Tok == token.FALLTHROUGH
	case *ast.ExprStmt:
		call, ok := s.X.(*ast.CallExpr)
		if !ok {
			return false
		}
		id, ok := ast.Unparen(call.Fun).(*ast.Ident)
		return ok && id.Name == "panic" && id.Obj == nil
	case *ast.BlockStmt:
		return endsTerminating(s.List)
	case *ast.IfStmt:
		return s.Else != nil && terminates(s.Body, "") && terminates(s.Else, "")
	case *ast.ForStmt:
		return s.Cond == nil && !breaks(s.Body, label)
	case *ast.SwitchStmt:
		return clausesTerminate(s.Body, label, true)
	case *ast.TypeSwitchStmt:
		return clausesTerminate(s.Body, label, true)
	case *ast.SelectStmt:
		return clausesTerminate(s.Body, label, false)
	case *ast.LabeledStmt:
		return terminates(s.Stmt, s.Label.Name)
	}
	return false
}

// endsTerminating reports whether list ends in a terminating statement
// (empty statements at its end aside).
func endsTerminating(list []ast.Stmt) bool {
	for i := len(list) - 1; i >= 0; i-- {
		if _, empty := list[i].(*ast.EmptyStmt); empty {
			continue
		}
		return terminates(list[i], "")
	}
	return false
}

// clausesTerminate reports whether a switch or select whose clauses are
// body terminates: no break leaves it, every clause ends in a terminating
// statement, and (for a switch) there is a default.
func clausesTerminate(body *ast.BlockStmt, label string, needDefault bool) bool {
	hasDefault := false
	for _, c := range body.List {
		var list []ast.Stmt
		switch c := c.(type) {
		case *ast.CaseClause:
			hasDefault = hasDefault || c.List == nil
			list = c.Body
		case *ast.CommClause:
			list = c.Body
		}
		if !endsTerminating(list) || breaksIn(list, label) {
			return false
		}
	}
	return hasDefault || !needDefault
}

// breaks reports whether a break in body leaves the statement body belongs
// to: an unlabelled one not inside a nested for, switch or select, or one
// naming label.
func breaks(body *ast.BlockStmt, label string) bool {
	return breaksIn(body.List, label)
}

func breaksIn(list []ast.Stmt, label string) bool {
	found := false
	var visit func(n ast.Node, nested bool) bool
	visit = func(n ast.Node, nested bool) bool {
		ast.Inspect(n, func(n ast.Node) bool {
			if found {
				return false
			}
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				if n.Tok == token.BREAK && (n.Label == nil && !nested || n.Label != nil && n.Label.Name == label) {
					found = true
				}
			case *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
				if !nested {
					// Its own unlabelled breaks are its own; labelled ones
					// may still leave the outer statement.
					visit(bodyOf(n), true)
					return false
				}
			}
			return true
		})
		return found
	}
	for _, s := range list {
		if visit(s, false) {
			return true
		}
	}
	return false
}

// bodyOf is the body of a loop, switch or select.
func bodyOf(n ast.Node) ast.Node {
	switch n := n.(type) {
	case *ast.ForStmt:
		return n.Body
	case *ast.RangeStmt:
		return n.Body
	case *ast.SwitchStmt:
		return n.Body
	case *ast.TypeSwitchStmt:
		return n.Body
	case *ast.SelectStmt:
		return n.Body
	}
	return n
}
