package rewrite

// Loops as Go 1.22 runs them: range over an int, and a variable per
// iteration for the variables a loop declares.
//
// yaegi v0.16.1 ranges over neither ints nor functions (its compiler fails
// with "nil type"), and its loop variables are shared by all iterations, so
// closures and goroutines started in a loop all see the last value. A loop
// variable that something may outlive the iteration with (a function
// literal, a go or defer statement, &) gets a fresh copy per iteration;
// the others need none, as in the Go compiler. Names introduced here are
// new, never shadowing: yaegi mixes up a variable and a shadowing one of
// the same name at the top level of an input.

import (
	"go/ast"
	"go/token"

	"golang.org/x/tools/go/ast/astutil"
)

func (m *Rewriter) rangeStmt(c *astutil.Cursor, rs *ast.RangeStmt) {
	if rs.Tok == token.DEFINE {
		m.unshadow(rs, loopVars(rs.Key, rs.Value))
		if m.funcDepth == 0 && rs.Value != nil && isBlank(rs.Key) {
			// yaegi may give a blank key at the top level the slot of
			// another variable: "reflect: call of reflect.Value.SetInt on
			// string Value".
			rs.Key = &ast.Ident{NamePos: rs.Key.Pos(), Name: m.fresh("index")}
		}
	}
	switch m.kindOf(rs.X) {
	case kindInt:
		if rs.Value != nil {
			m.refuse(rs.Value.Pos(), "range over %s permits only one iteration variable", ExprText(rs.X))
			return
		}
		c.Replace(m.rangeOverInt(rs))
		return
	case kindFunc:
		m.refuse(rs.X.Pos(), "range over a function is not supported in the playground yet; "+
			"call %s with a yield function of your own, or collect its values in a slice and range over that", ExprText(rs.X))
		return
	case kindUnknown:
		m.unknown = append(m.unknown, rs)
	}
	if rs.Tok != token.DEFINE {
		return
	}
	vars := loopVars(rs.Key, rs.Value)
	captured := m.captured(rs.Body, vars)
	if len(captured) == 0 {
		return
	}
	var lhs, rhs []ast.Expr
	inners := map[*object]string{}
	for _, v := range captured {
		inner := m.fresh(v.Name)
		rename(rs.Body, v.Obj, inner)
		inners[v.Obj] = inner
		lhs = append(lhs, &ast.Ident{Name: inner, NamePos: v.Pos()})
		rhs = append(rhs, &ast.Ident{Name: v.Name, NamePos: v.Pos()})
	}
	m.snapshot(rs.Body, inners)
	prepend(rs.Body, &ast.AssignStmt{Lhs: lhs, Tok: token.DEFINE, TokPos: rs.Body.Lbrace, Rhs: rhs})
}

// rangeOverInt rewrites for i := range n { … } as
//
//	{ n' := n; for c := n' - n'; c < n'; c++ { i := c; … } }
//
// n is evaluated once and i has its type; assigning to i in the body does
// not change the count, and i is a new variable in each iteration. A
// literal n needs no block: for c := 0; c < 10; c++.
func (m *Rewriter) rangeOverInt(rs *ast.RangeStmt) ast.Stmt {
	pos := rs.X.Pos()
	id := func(name string) *ast.Ident { return &ast.Ident{Name: name, NamePos: pos} }
	name := "i"
	if k, ok := rs.Key.(*ast.Ident); ok && k.Name != "_" {
		name = k.Name
	}
	count := m.fresh(name)
	var limit ast.Expr
	var init ast.Expr
	var pre []ast.Stmt
	if lit, ok := ast.Unparen(rs.X).(*ast.BasicLit); ok && lit.Kind == token.INT {
		limit, init = lit, &ast.BasicLit{Kind: token.INT, Value: "0", ValuePos: pos}
	} else {
		n := m.fresh("n")
		pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{id(n)}, Tok: token.DEFINE, TokPos: pos, Rhs: []ast.Expr{rs.X}})
		limit, init = id(n), &ast.BinaryExpr{X: id(n), Op: token.SUB, OpPos: pos, Y: id(n)}
	}
	if rs.Key != nil && !isBlank(rs.Key) {
		tok := token.DEFINE
		if rs.Tok == token.ASSIGN {
			tok = token.ASSIGN
		}
		if k, ok := rs.Key.(*ast.Ident); ok && tok == token.DEFINE && k.Obj != nil && len(m.captured(rs.Body, []*ast.Ident{k})) > 0 {
			m.snapshot(rs.Body, map[*object]string{k.Obj: k.Name})
		}
		prepend(rs.Body, &ast.AssignStmt{Lhs: []ast.Expr{rs.Key}, Tok: tok, TokPos: pos, Rhs: []ast.Expr{id(count)}})
	}
	loop := &ast.ForStmt{
		For:  rs.For,
		Init: &ast.AssignStmt{Lhs: []ast.Expr{id(count)}, Tok: token.DEFINE, TokPos: pos, Rhs: []ast.Expr{init}},
		Cond: &ast.BinaryExpr{X: id(count), Op: token.LSS, OpPos: pos, Y: limit},
		Post: &ast.IncDecStmt{X: id(count), Tok: token.INC, TokPos: pos},
		Body: rs.Body,
	}
	if len(pre) == 0 {
		return loop
	}
	b := &ast.BlockStmt{Lbrace: rs.For, List: append(pre, loop), Rbrace: rs.End()}
	m.blocks[b] = loop
	return b
}

// forStmt gives the variables a three-clause loop declares a copy per
// iteration, when something captures them: for i := 0; i < 3; i++ { … }
// becomes
//
//	for i1 := 0; i1 < 3; i1++ { i2 := i1; …; i1 = i2 }
//
// with the body's i as i2, and i1 = i2 also before each continue of this
// loop: the next iteration starts from the value the body left, and the
// post statement changes the next iteration's variable, not the one a
// closure captured (Go 1.22). The copy back is left out when the body
// never changes i.
func (m *Rewriter) forStmt(c *astutil.Cursor, fs *ast.ForStmt) {
	init, ok := fs.Init.(*ast.AssignStmt)
	if !ok || init.Tok != token.DEFINE {
		return
	}
	m.unshadow(fs, loopVars(init.Lhs...))
	captured := m.captured(fs.Body, loopVars(init.Lhs...))
	if len(captured) == 0 {
		return
	}
	var inner, outer []ast.Expr
	inners := map[*object]string{}
	changed := false
	for _, v := range captured {
		o, i := m.fresh(v.Name), m.fresh(v.Name)
		changed = changed || assigns(fs.Body, v.Obj)
		rename(fs.Body, v.Obj, i)
		inners[v.Obj] = i
		for _, n := range []ast.Node{init, fs.Cond, fs.Post} {
			if n != nil {
				rename(n, v.Obj, o)
			}
		}
		inner = append(inner, &ast.Ident{Name: i, NamePos: v.Pos()})
		outer = append(outer, &ast.Ident{Name: o, NamePos: v.Pos()})
	}
	m.snapshot(fs.Body, inners)
	prepend(fs.Body, &ast.AssignStmt{Lhs: inner, Tok: token.DEFINE, TokPos: fs.Body.Lbrace, Rhs: outer})
	if !changed {
		return
	}
	copyBack := func() ast.Stmt {
		return &ast.AssignStmt{Lhs: cloneIdents(outer), Tok: token.ASSIGN, TokPos: fs.Body.Rbrace, Rhs: cloneIdents(inner)}
	}
	label := ""
	if ls, ok := c.Parent().(*ast.LabeledStmt); ok {
		label = ls.Label.Name
	}
	depth := 0
	astutil.Apply(fs.Body, func(c *astutil.Cursor) bool {
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			depth++
		case *ast.BranchStmt:
			if n.Tok == token.CONTINUE && (n.Label == nil && depth == 0 || n.Label != nil && n.Label.Name == label) {
				c.Replace(&ast.BlockStmt{Lbrace: n.Pos(), List: []ast.Stmt{copyBack(), n}, Rbrace: n.End()})
			}
		}
		return true
	}, func(c *astutil.Cursor) bool {
		switch c.Node().(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			depth--
		}
		return true
	})
	fs.Body.List = append(fs.Body.List, copyBack())
}

// snapshot makes the closures in body that use the per-iteration
// variables in vars (object → the copy's name) keep this iteration's
// variables. yaegi makes closures share the enclosing function's slots, so
// each closure is made by a call of its own, which holds pointers to this
// iteration's variables (a maker):
//
//	func() func() { p := &i2; return func() { … (*p) … } }()
//
// A go or defer statement is worse: yaegi evaluates the function it calls
// only when the call runs, in the new goroutine or at the function's
// return. So the closure, or a closure calling the method of a loop
// variable, is made by a statement before it:
//
//	{ f := func() func() { p := &v2; return func() { (*p).m() } }(); defer f() }
func (m *Rewriter) snapshot(body *ast.BlockStmt, vars map[*object]string) {
	uses := func(n ast.Node) bool {
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Obj != nil && vars[id.Obj] != "" {
				found = true
			}
			return !found
		})
		return found
	}
	astutil.Apply(body, func(c *astutil.Cursor) bool {
		var call *ast.CallExpr
		switch n := c.Node().(type) {
		case *ast.FuncLit:
			if uses(n) {
				c.Replace(m.closureMaker(n, n.Type, n, vars))
			}
			return false
		case *ast.GoStmt:
			call = n.Call
		case *ast.DeferStmt:
			call = n.Call
		default:
			return true
		}
		if made := m.snapshotCall(call, vars, uses); made != nil {
			c.Replace(&ast.BlockStmt{Lbrace: call.Pos(), List: []ast.Stmt{made, c.Node().(ast.Stmt)}, Rbrace: call.End()})
		}
		return true
	}, nil)
}

// snapshotCall makes the function a go or defer statement calls, when it
// is a closure using a loop variable or a method of one, in a statement it
// returns, and calls it by name.
func (m *Rewriter) snapshotCall(call *ast.CallExpr, vars map[*object]string, uses func(ast.Node) bool) ast.Stmt {
	pos := call.Pos()
	var maker *ast.CallExpr
	switch fn := call.Fun.(type) {
	case *ast.FuncLit:
		if !uses(fn) {
			return nil
		}
		maker = m.closureMaker(fn, fn.Type, fn, vars)
	case *ast.SelectorExpr:
		if !uses(fn.X) {
			return nil
		}
		// The arguments are evaluated in the maker, which runs at once.
		var pre []ast.Stmt
		for i, a := range call.Args {
			if m.typeOf(a, 0).untyped {
				continue // a constant keeps its meaning in place
			}
			name := m.fresh("arg")
			pre = append(pre, &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: a.Pos(), Name: name}}, Tok: token.DEFINE, TokPos: a.Pos(), Rhs: []ast.Expr{a}})
			call.Args[i] = &ast.Ident{NamePos: a.Pos(), Name: name}
		}
		inner := &ast.CallExpr{Fun: fn, Lparen: call.Lparen, Args: call.Args, Ellipsis: call.Ellipsis, Rparen: call.Rparen}
		ft := &ast.FuncType{Func: pos, Params: &ast.FieldList{}}
		lit := &ast.FuncLit{Type: ft, Body: &ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: inner}}, Rbrace: call.End()}}
		maker = m.closureMaker(lit, ft, fn.X, vars)
		body := maker.Fun.(*ast.FuncLit).Body
		body.List = append(pre, body.List...)
		call.Args, call.Ellipsis = nil, token.NoPos
	default:
		return nil
	}
	f := m.fresh("f")
	call.Fun = &ast.Ident{NamePos: pos, Name: f}
	return &ast.AssignStmt{Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: f}}, Tok: token.DEFINE, TokPos: pos, Rhs: []ast.Expr{maker}}
}

// closureMaker returns func() T { p := &v; …; return lit }(), with the
// uses of vars in within (part of lit) read through the pointers.
func (m *Rewriter) closureMaker(lit *ast.FuncLit, t *ast.FuncType, within ast.Node, vars map[*object]string) *ast.CallExpr {
	pos := lit.Pos()
	ptrs := map[*object]string{}
	var decls []ast.Stmt
	astutil.Apply(within, nil, func(c *astutil.Cursor) bool {
		id, ok := c.Node().(*ast.Ident)
		if !ok || id.Obj == nil || vars[id.Obj] == "" {
			return true
		}
		if _, isKey := c.Parent().(*ast.KeyValueExpr); isKey && c.Name() == "Key" {
			return true // a field name in a composite literal, perhaps
		}
		p := ptrs[id.Obj]
		if p == "" {
			p = m.fresh("p")
			ptrs[id.Obj] = p
			decls = append(decls, &ast.AssignStmt{
				Lhs: []ast.Expr{&ast.Ident{NamePos: pos, Name: p}}, Tok: token.DEFINE, TokPos: pos,
				Rhs: []ast.Expr{&ast.UnaryExpr{OpPos: pos, Op: token.AND, X: &ast.Ident{NamePos: pos, Name: vars[id.Obj]}}},
			})
		}
		c.Replace(&ast.ParenExpr{Lparen: id.Pos(), X: &ast.StarExpr{Star: id.Pos(), X: &ast.Ident{NamePos: id.Pos(), Name: p}}, Rparen: id.End()})
		return true
	})
	body := append(decls, &ast.ReturnStmt{Return: pos, Results: []ast.Expr{lit}})
	maker := &ast.FuncLit{
		Type: &ast.FuncType{Func: pos, Params: &ast.FieldList{}, Results: &ast.FieldList{List: []*ast.Field{{Type: copyExpr(t)}}}},
		Body: &ast.BlockStmt{Lbrace: pos, List: body, Rbrace: lit.End()},
	}
	return &ast.CallExpr{Fun: maker, Lparen: lit.End(), Rparen: lit.End()}
}

// unshadow renames the variables a loop at the top level of an input
// declares when the session has variables of their names: yaegi gives the
// loop the session's variable, so after i := 7 and for i := range 3 {},
// i would be 2.
func (m *Rewriter) unshadow(loop ast.Node, vars []*ast.Ident) {
	if m.funcDepth > 0 {
		return
	}
	for _, v := range vars {
		if m.s.env.Defined[v.Name] != "" {
			rename(loop, v.Obj, m.fresh(v.Name))
		}
	}
}

// loopVars are the identifiers among xs that declare variables.
func loopVars(xs ...ast.Expr) []*ast.Ident {
	var out []*ast.Ident
	for _, x := range xs {
		if id, ok := x.(*ast.Ident); ok && id.Obj != nil && id.Name != "_" {
			out = append(out, id)
		}
	}
	return out
}

// captured returns the variables of vars that body may keep beyond an
// iteration: used in a function literal, addressed with &, or the
// receiver of a method a go or defer statement calls.
func (m *Rewriter) captured(body *ast.BlockStmt, vars []*ast.Ident) []*ast.Ident {
	if len(vars) == 0 {
		return nil
	}
	objs := map[*object]bool{}
	for _, v := range vars {
		objs[v.Obj] = true
	}
	hit := map[*object]bool{}
	mark := func(x ast.Expr) {
		if id := rootIdent(x); id != nil && objs[id.Obj] {
			hit[id.Obj] = true
		}
	}
	var walk func(n ast.Node, inFunc bool)
	walk = func(n ast.Node, inFunc bool) {
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				if !inFunc {
					walk(n.Body, true)
					return false
				}
			case *ast.Ident:
				if inFunc && objs[n.Obj] {
					hit[n.Obj] = true
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					mark(n.X)
				}
			case *ast.GoStmt:
				if sel, ok := n.Call.Fun.(*ast.SelectorExpr); ok {
					mark(sel.X)
				}
			case *ast.DeferStmt:
				if sel, ok := n.Call.Fun.(*ast.SelectorExpr); ok {
					mark(sel.X)
				}
			}
			return true
		})
	}
	walk(body, false)
	var out []*ast.Ident
	for _, v := range vars {
		if hit[v.Obj] {
			out = append(out, v)
		}
	}
	return out
}

// assigns reports whether n may change the variable obj.
func assigns(n ast.Node, obj *object) bool {
	is := func(x ast.Expr) bool {
		id := rootIdent(x)
		return id != nil && id.Obj == obj
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			for _, l := range n.Lhs {
				found = found || is(l)
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND && is(n.X)
		case *ast.RangeStmt:
			found = found || n.Tok == token.ASSIGN && (n.Key != nil && is(n.Key) || n.Value != nil && is(n.Value))
		}
		return !found
	})
	return found
}

// rootIdent is the variable x is part of: v for v, v.f, v[i], (v).
func rootIdent(x ast.Expr) *ast.Ident {
	for {
		switch y := x.(type) {
		case *ast.Ident:
			return y
		case *ast.ParenExpr:
			x = y.X
		case *ast.SelectorExpr:
			x = y.X
		case *ast.IndexExpr:
			x = y.X
		case *ast.StarExpr:
			return nil
		default:
			return nil
		}
	}
}

// rename gives every use of obj in n the name name.
func rename(n ast.Node, obj *object, name string) {
	ast.Inspect(n, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Obj == obj {
			id.Name = name
		}
		return true
	})
}

func prepend(b *ast.BlockStmt, s ast.Stmt) {
	b.List = append([]ast.Stmt{s}, b.List...)
}

func cloneIdents(xs []ast.Expr) []ast.Expr {
	out := make([]ast.Expr, len(xs))
	for i, x := range xs {
		id := x.(*ast.Ident)
		out[i] = &ast.Ident{Name: id.Name, NamePos: id.NamePos}
	}
	return out
}

func isBlank(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "_"
}
