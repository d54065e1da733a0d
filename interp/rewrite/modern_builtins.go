package rewrite

// The built-ins of Go 1.21 (min, max, clear), and type arguments for
// generic calls yaegi cannot infer.
//
// min and max call the prelude's _pgMin and _pgMax, generic over any
// (yaegi's generics fail on constraints with a compiled named type such as
// time.Duration); yaegi infers their type from the first argument, so
// untyped constants move after the typed arguments (constants have no side
// effects: the order of evaluation is unchanged). A call of constants only
// is a constant, as in Go: it is folded. clear calls _pgClear, which clears
// through reflect.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"sort"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

func (m *Rewriter) call(c *astutil.Cursor, call *ast.CallExpr) {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		if m.isUniverse(fn) {
			switch fn.Name {
			case "min", "max":
				m.minMax(c, call, fn)
			case "clear":
				fn.Name = "_pgClear"
			}
			return
		}
		if ft := m.funcType(fn); ft != nil && ft.TypeParams != nil {
			m.instantiate(call, ft)
		}
	case *ast.SelectorExpr:
		m.stdCall(c, call, fn)
	}
}

func (m *Rewriter) minMax(c *astutil.Cursor, call *ast.CallExpr, fn *ast.Ident) {
	if len(call.Args) == 0 {
		m.refuse(call.Rparen, "not enough arguments for %s() (expected 1, found 0)", fn.Name)
		return
	}
	if call.Ellipsis.IsValid() {
		m.refuse(call.Ellipsis, "invalid use of ... with built-in %s", fn.Name)
		return
	}
	if x := foldMinMax(fn.Name, call.Args); x != nil {
		c.Replace(x)
		return
	}
	// Typed arguments first, then untyped constants, the widest first.
	type arg struct {
		x    ast.Expr
		rank int
	}
	args := make([]arg, len(call.Args))
	for i, x := range call.Args {
		t := m.typeOf(x, 0)
		args[i] = arg{x, 0}
		if t.untyped {
			args[i].rank = 5 - untypedRank[identName(t.expr)]
		}
	}
	sort.SliceStable(args, func(i, j int) bool { return args[i].rank < args[j].rank })
	for i, a := range args {
		call.Args[i] = a.x
	}
	fn.Name = "_pg" + strings.ToUpper(fn.Name[:1]) + fn.Name[1:]
}

var untypedRank = map[string]int{"int": 1, "rune": 2, "float64": 3, "complex128": 4}

// foldMinMax returns the constant min or max of args when they are all
// literals of numbers or all of strings, or nil.
func foldMinMax(name string, args []ast.Expr) ast.Expr {
	op := token.LSS
	if name == "max" {
		op = token.GTR
	}
	var best constant.Value
	var bestX ast.Expr
	widest := token.ILLEGAL
	for _, x := range args {
		v, k := literalValue(x)
		if v == nil || k == token.CHAR {
			return nil // a rune is left to the helper
		}
		if widest != token.ILLEGAL && (k == token.STRING) != (widest == token.STRING) {
			return nil // yaegi reports the mismatch
		}
		widest = max(widest, k) // INT < FLOAT
		if best == nil || constant.Compare(v, op, best) {
			best, bestX = v, x
		}
	}
	if _, k := literalValue(bestX); k == token.INT && widest == token.FLOAT {
		// an untyped float constant of an integer value: 1 becomes 1.0
		text := constant.ToInt(best).ExactString()
		neg := strings.HasPrefix(text, "-")
		lit := &ast.BasicLit{ValuePos: bestX.Pos(), Kind: token.FLOAT, Value: strings.TrimPrefix(text, "-") + ".0"}
		if neg {
			return &ast.UnaryExpr{OpPos: bestX.Pos(), Op: token.SUB, X: lit}
		}
		return lit
	}
	return &ast.ParenExpr{Lparen: bestX.Pos(), X: bestX, Rparen: bestX.End()}
}

// literalValue is the value of a literal, signed or in parentheses.
func literalValue(x ast.Expr) (constant.Value, token.Token) {
	switch x := ast.Unparen(x).(type) {
	case *ast.BasicLit:
		if x.Kind == token.IMAG {
			return nil, 0
		}
		v := constant.MakeFromLiteral(x.Value, x.Kind, 0)
		if v.Kind() == constant.Unknown {
			return nil, 0
		}
		return v, x.Kind
	case *ast.UnaryExpr:
		if x.Op != token.SUB && x.Op != token.ADD {
			return nil, 0
		}
		v, k := literalValue(x.X)
		if v == nil || k == token.STRING {
			return nil, 0
		}
		return constant.UnaryOp(x.Op, v, 0), k
	}
	return nil, 0
}

// instantiate writes out the type arguments of a call of a generic
// function when the arguments tell them: Sum(1.5, 2.5) becomes
// Sum[float64](1.5, 2.5). yaegi infers none from a variadic parameter,
// takes an untyped constant's type from the first argument (Add(1, 2.5)
// adds ints), and fails on type parameters of function arguments.
func (m *Rewriter) instantiate(call *ast.CallExpr, ft *ast.FuncType) {
	var names []string
	params := map[string]bool{}
	for _, f := range ft.TypeParams.List {
		for _, n := range f.Names {
			names = append(names, n.Name)
			params[n.Name] = true
		}
	}
	var ptypes []ast.Expr
	for _, f := range ft.Params.List {
		for range max(1, len(f.Names)) {
			ptypes = append(ptypes, f.Type)
		}
	}
	bind := map[string]typeInfo{}
	// needed: yaegi would not infer these arguments. When it would, the
	// call stays as written, and yaegi's own messages (int does not
	// implement Float) stay too: it crashes on a wrong explicit one.
	needed := false
	for i, arg := range call.Args {
		var p ast.Expr
		switch {
		case i < len(ptypes)-1:
			p = ptypes[i]
		case len(ptypes) == 0:
			return
		default:
			p = ptypes[len(ptypes)-1]
			if e, ok := p.(*ast.Ellipsis); ok {
				needed = true // yaegi infers nothing from a variadic parameter
				if call.Ellipsis.IsValid() {
					p = &ast.ArrayType{Elt: e.Elt}
				} else {
					p = e.Elt
				}
			} else if i >= len(ptypes) {
				return
			}
		}
		t := m.typeOf(arg, 0)
		if _, ok := p.(*ast.FuncType); ok && t.expr != nil {
			needed = true // nor from the signature of a function argument
		}
		m.unify(p, t, params, bind)
	}
	direct := len(bind)
	// A constraint with a core type ties type parameters: S ~[]E.
	for range 2 {
		for _, f := range ft.TypeParams.List {
			core := f.Type
			if u, ok := core.(*ast.UnaryExpr); ok && u.Op == token.TILDE {
				core = u.X
			}
			for _, n := range f.Names {
				if t, ok := bind[n.Name]; ok {
					m.unify(core, t, params, bind)
				}
			}
		}
	}
	needed = needed || len(bind) > direct // nor through a constraint's core type
	var args []ast.Expr
	for _, n := range names {
		t, ok := bind[n]
		if !ok || t.expr == nil {
			return
		}
		needed = needed || t.untyped // and takes the first constant's type
		args = append(args, t.expr)
	}
	if !needed {
		return
	}
	m.instantiated = append(m.instantiated, instantiation{call, call.Fun})
	if len(args) == 1 {
		call.Fun = &ast.IndexExpr{X: call.Fun, Lbrack: call.Lparen, Index: args[0], Rbrack: call.Lparen}
	} else {
		call.Fun = &ast.IndexListExpr{X: call.Fun, Lbrack: call.Lparen, Indices: args, Rbrack: call.Lparen}
	}
}

// An instantiation is a call instantiate gave type arguments, and what it
// called before.
type instantiation struct {
	call *ast.CallExpr
	fun  ast.Expr
}

// UndoInstantiations takes back the type arguments instantiate wrote,
// for a second compile when the first failed: yaegi crashes on type
// arguments its constraints refuse (add[int] for ~float64), where it
// would have said so. It reports whether there were any.
func (m *Rewriter) UndoInstantiations() bool {
	if m == nil || len(m.instantiated) == 0 {
		return false
	}
	for _, in := range m.instantiated {
		in.call.Fun = in.fun
	}
	m.instantiated = nil
	return true
}

// unify binds the type parameters in p to the parts of t they match. A
// typed argument wins over an untyped constant, and among constants the
// widest default type wins, as in Go.
func (m *Rewriter) unify(p ast.Expr, t typeInfo, params map[string]bool, bind map[string]typeInfo) {
	if t.expr == nil {
		return
	}
	// A type declared in the input binds a type parameter as itself, and
	// matches a composite parameter type by its underlying type (~[]E).
	at := t.expr
	if id, ok := at.(*ast.Ident); ok && !params[identName(p)] {
		if ts := m.typeSpec(id); ts != nil && ts.TypeParams == nil {
			at = ts.Type
		}
	}
	sub := func(p, a ast.Expr) { m.unify(p, m.ofType(a, 0), params, bind) }
	switch p := p.(type) {
	case *ast.Ident:
		if !params[p.Name] {
			return
		}
		old, ok := bind[p.Name]
		if !ok || old.untyped && !t.untyped || old.untyped && t.untyped && untypedRank[identName(t.expr)] > untypedRank[identName(old.expr)] {
			t.expr = copyExpr(t.expr)
			bind[p.Name] = t
		}
	case *ast.ArrayType:
		if a, ok := at.(*ast.ArrayType); ok && (p.Len == nil) == (a.Len == nil) {
			sub(p.Elt, a.Elt)
		}
	case *ast.MapType:
		if a, ok := at.(*ast.MapType); ok {
			sub(p.Key, a.Key)
			sub(p.Value, a.Value)
		}
	case *ast.ChanType:
		if a, ok := at.(*ast.ChanType); ok {
			sub(p.Value, a.Value)
		}
	case *ast.StarExpr:
		if a, ok := at.(*ast.StarExpr); ok {
			sub(p.X, a.X)
		}
	case *ast.FuncType:
		a, ok := at.(*ast.FuncType)
		if !ok {
			return
		}
		pp, ap := fieldTypes(p.Params), fieldTypes(a.Params)
		pr, ar := fieldTypes(p.Results), fieldTypes(a.Results)
		if len(pp) != len(ap) || len(pr) != len(ar) {
			return
		}
		for i := range pp {
			sub(pp[i], ap[i])
		}
		for i := range pr {
			sub(pr[i], ar[i])
		}
	}
}

// topDefine declares first what pe, ok := errors.AsType[*E](err) defines
// at the top level of an input (topDefineAsType).
func (m *Rewriter) topDefine(c *astutil.Cursor, as *ast.AssignStmt) {
	if as.Tok == token.DEFINE && len(as.Lhs) == 2 && len(as.Rhs) == 1 && c.Parent() == m.root {
		m.topDefineAsType(c, as)
	}
}

// topDefineAsType declares first what pe, ok := errors.AsType[*E](err)
// defines at the top level, whose types the call names (see topDefine).
func (m *Rewriter) topDefineAsType(c *astutil.Cursor, as *ast.AssignStmt) {
	call, ok := as.Rhs[0].(*ast.CallExpr)
	if !ok {
		return
	}
	ix, ok := call.Fun.(*ast.IndexExpr)
	if !ok {
		return
	}
	if id, ok := ix.X.(*ast.Ident); !ok || id.Name != "_pgErrorsAsType" {
		return
	}
	for i, t := range []ast.Expr{ix.Index, &ast.Ident{Name: "bool"}} {
		id, ok := as.Lhs[i].(*ast.Ident)
		if !ok {
			return
		}
		if isBlank(id) {
			continue
		}
		c.InsertBefore(&ast.DeclStmt{Decl: &ast.GenDecl{TokPos: as.Pos(), Tok: token.VAR, Specs: []ast.Spec{
			&ast.ValueSpec{Names: []*ast.Ident{{NamePos: id.NamePos, Name: id.Name}}, Type: copyExpr(t)},
		}}})
	}
	as.Tok = token.ASSIGN
}

// fieldTypes lists the type of each parameter or result in fl.
func fieldTypes(fl *ast.FieldList) []ast.Expr {
	if fl == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range fl.List {
		for range max(1, len(f.Names)) {
			out = append(out, f.Type)
		}
	}
	return out
}

// copyExpr is a deep copy of a type expression, so that rewriting one
// place in the tree does not change another.
func copyExpr(x ast.Expr) ast.Expr {
	switch x := x.(type) {
	case *ast.Ident:
		return &ast.Ident{NamePos: x.NamePos, Name: x.Name}
	case *ast.ArrayType:
		return &ast.ArrayType{Lbrack: x.Lbrack, Len: copyExpr(x.Len), Elt: copyExpr(x.Elt)}
	case *ast.MapType:
		return &ast.MapType{Map: x.Map, Key: copyExpr(x.Key), Value: copyExpr(x.Value)}
	case *ast.ChanType:
		return &ast.ChanType{Begin: x.Begin, Arrow: x.Arrow, Dir: x.Dir, Value: copyExpr(x.Value)}
	case *ast.StarExpr:
		return &ast.StarExpr{Star: x.Star, X: copyExpr(x.X)}
	case *ast.SelectorExpr:
		return &ast.SelectorExpr{X: copyExpr(x.X), Sel: copyExpr(x.Sel).(*ast.Ident)}
	case *ast.ParenExpr:
		return &ast.ParenExpr{Lparen: x.Lparen, X: copyExpr(x.X), Rparen: x.Rparen}
	case *ast.Ellipsis:
		return &ast.Ellipsis{Ellipsis: x.Ellipsis, Elt: copyExpr(x.Elt)}
	case *ast.FuncType:
		return &ast.FuncType{Func: x.Func, Params: copyFields(x.Params), Results: copyFields(x.Results)}
	case *ast.IndexExpr:
		return &ast.IndexExpr{X: copyExpr(x.X), Lbrack: x.Lbrack, Index: copyExpr(x.Index), Rbrack: x.Rbrack}
	case *ast.BasicLit:
		return &ast.BasicLit{ValuePos: x.ValuePos, Kind: x.Kind, Value: x.Value}
	case nil:
		return nil
	}
	return x // struct and interface types: shared, never rewritten
}

func copyFields(fl *ast.FieldList) *ast.FieldList {
	if fl == nil {
		return nil
	}
	out := &ast.FieldList{Opening: fl.Opening, Closing: fl.Closing}
	for _, f := range fl.List {
		nf := &ast.Field{Type: copyExpr(f.Type)}
		for _, n := range f.Names {
			nf.Names = append(nf.Names, &ast.Ident{NamePos: n.NamePos, Name: n.Name})
		}
		out.List = append(out.List, nf)
	}
	return out
}
