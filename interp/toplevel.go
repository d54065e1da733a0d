package interp

// toplevel works around yaegi v0.16.1's global scope, where the statements
// of an input run: there, a define of two values inside a block loses its
// variables (for … { v, err := f() } says "undefined: v"), and a comma-ok
// define (v, ok := x.(T); v, ok := m[k]) fails to compile ("nil type").
// Inside a function both work, so:
//
//   - a compound statement (if, for, switch, select, a block) whose body
//     defines two values runs inside func() { … }(): its variables were
//     its own anyway;
//   - v, ok := x.(T) at the top level becomes var v T; var ok bool and an
//     assignment inside func() { … }(); v, ok := m[k] becomes var v = m[k]
//     (the zero value when k is missing) and ok assigned inside a function.
//
// Rewritten nodes keep the positions of the text they replace, so errors
// still point at the learner's input.

import (
	"go/ast"
	"go/token"
)

// rewriteTopLevel applies the workarounds to the statements of an input.
func rewriteTopLevel(body *ast.BlockStmt) {
	var list []ast.Stmt
	for _, s := range body.List {
		switch {
		case isCompound(s) && definesTwo(s):
			list = append(list, inFunc(s))
		default:
			if repl := splitCommaOk(s); repl != nil {
				list = append(list, repl...)
			} else {
				list = append(list, s)
			}
		}
	}
	body.List = list
}

func isCompound(s ast.Stmt) bool {
	switch s.(type) {
	case *ast.IfStmt, *ast.ForStmt, *ast.RangeStmt, *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt, *ast.BlockStmt:
		return true
	}
	return false
}

// definesTwo reports whether s defines two or more variables in one
// statement anywhere but inside a function literal (which is a function
// scope already).
func definesTwo(s ast.Stmt) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE && len(n.Lhs) >= 2 {
				found = true
			}
		case *ast.TypeSwitchStmt:
			found = true // v := x.(type) is a define of its own kind
		}
		return !found
	})
	return found
}

// inFunc wraps s as func() { s }().
func inFunc(s ast.Stmt) ast.Stmt {
	pos := s.Pos()
	lit := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{Opening: pos, Closing: pos}},
		Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{s}, Rbrace: s.End()},
	}
	return &ast.ExprStmt{X: &ast.CallExpr{Fun: lit, Lparen: s.End(), Rparen: s.End()}}
}

// splitCommaOk rewrites a top-level v, ok := x.(T) or v, ok := m[k] into
// statements yaegi can compile there, or returns nil to leave s alone.
func splitCommaOk(s ast.Stmt) []ast.Stmt {
	as, ok := s.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
		return nil
	}
	v, ok1 := as.Lhs[0].(*ast.Ident)
	okID, ok2 := as.Lhs[1].(*ast.Ident)
	if !ok1 || !ok2 {
		return nil
	}
	pos := as.Pos()
	var decls []ast.Stmt
	declare := func(id *ast.Ident, typ ast.Expr, value ast.Expr) {
		if id.Name == "_" {
			return
		}
		spec := &ast.ValueSpec{Names: []*ast.Ident{ast.NewIdent(id.Name)}, Type: typ}
		spec.Names[0].NamePos = id.Pos()
		if value != nil {
			spec.Values = []ast.Expr{value}
		}
		decls = append(decls, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{spec}}})
	}
	boolType := &ast.Ident{Name: "bool", NamePos: pos}
	switch x := ast.Unparen(as.Rhs[0]).(type) {
	case *ast.TypeAssertExpr:
		if x.Type == nil {
			return nil
		}
		declare(v, x.Type, nil)
		declare(okID, boolType, nil)
	case *ast.IndexExpr:
		if hasCall(x) {
			return nil // evaluated twice below: only when that is harmless
		}
		declare(v, nil, x)
		declare(okID, boolType, nil)
	default:
		return nil
	}
	assign := &ast.AssignStmt{Lhs: as.Lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: as.Rhs}
	return append(decls, inFunc(assign))
}

// hasCall reports whether x calls anything (so evaluating it twice may
// not be the same as once).
func hasCall(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		if _, ok := n.(*ast.CallExpr); ok {
			found = true
		}
		return !found
	})
	return found
}
