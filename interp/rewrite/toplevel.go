package rewrite

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
//     (the zero value when k is missing) and ok assigned inside a function;
//   - v, ok := <-ch becomes var v T; var ok bool; v, ok = <-ch when ch is a
//     variable of the session whose element type T the playground can
//     write; otherwise it is left as written, and the engine puts what to
//     write instead in place of yaegi's error.
//
// Rewritten nodes keep the positions of the text they replace, so errors
// still point at the learner's input.

import (
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
)

// rewriteTopLevel applies the workarounds to the statements of an input.
func (m *Rewriter) rewriteTopLevel(body *ast.BlockStmt) {
	m.defineReceives(body)
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

// defineReceives rewrites v, ok := <-ch at the top level of an input, ch a
// variable of the session whose element type is predeclared (int, string,
// error, …), into var v T; var ok bool; v, ok = <-ch, which yaegi compiles
// there. Other channels are left as written, for the engine to explain
// the error yaegi gives.
func (m *Rewriter) defineReceives(body *ast.BlockStmt) {
	var globals map[string]reflect.Value
	var list []ast.Stmt
	for _, s := range body.List {
		as, ok := s.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != 2 || len(as.Rhs) != 1 {
			list = append(list, s)
			continue
		}
		u, ok := ast.Unparen(as.Rhs[0]).(*ast.UnaryExpr)
		ch, isIdent := ast.Node(nil), false
		if ok && u.Op == token.ARROW {
			ch, isIdent = u.X.(*ast.Ident)
		}
		v, ok1 := as.Lhs[0].(*ast.Ident)
		okID, ok2 := as.Lhs[1].(*ast.Ident)
		if !isIdent || !ok1 || !ok2 {
			list = append(list, s)
			continue
		}
		if globals == nil {
			globals = m.s.env.Globals()
		}
		elem := writableElem(globals[ch.(*ast.Ident).Name])
		if elem == "" {
			list = append(list, s)
			continue
		}
		pos := as.Pos()
		declare := func(id *ast.Ident, typ string) {
			if id.Name != "_" {
				spec := &ast.ValueSpec{Names: []*ast.Ident{{Name: id.Name, NamePos: id.Pos()}}, Type: &ast.Ident{Name: typ, NamePos: pos}}
				list = append(list, &ast.DeclStmt{Decl: &ast.GenDecl{TokPos: pos, Tok: token.VAR, Specs: []ast.Spec{spec}}})
			}
		}
		declare(v, elem)
		declare(okID, "bool")
		list = append(list, &ast.AssignStmt{Lhs: as.Lhs, TokPos: as.TokPos, Tok: token.ASSIGN, Rhs: as.Rhs})
	}
	body.List = list
}

// writableElem returns the element type of channel ch, if it is a
// predeclared type (int, string, error, …), or "". (Declared in the same
// input as the assignment, a composite type such as []byte makes yaegi
// fail again: "constant definition loop".)
func writableElem(ch reflect.Value) string {
	if !ch.IsValid() || ch.Kind() != reflect.Chan {
		return ""
	}
	t := ch.Type().Elem()
	if t.PkgPath() != "" || t.Name() == "" || types.Universe.Lookup(t.Name()) == nil {
		return ""
	}
	return t.Name()
}
