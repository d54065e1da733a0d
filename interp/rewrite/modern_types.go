package rewrite

// What the rewrites know of types: enough to tell a range over an int from
// one over a slice, and the type arguments of a generic call, read from
// the input's own declarations, literals and signatures and from the
// session's variables (yaegi's Globals). It is not a type checker: what it
// cannot tell is unknown, and the input then goes to yaegi as written.

import (
	"go/ast"
	"go/constant"
	"go/token"
	"reflect"
	"strings"
)

// A kind is what ranging over a value of a type does.
type kind int

const (
	kindUnknown kind = iota
	kindInt          // an integer: range counts
	kindFunc         // a function: range over an iterator
	kindOther        // a slice, array, pointer to array, string, map or channel (or an error)
)

// typeInfo is what is known of an expression's type.
type typeInfo struct {
	expr    ast.Expr // a type expression for it, nil when it cannot be written
	kind    kind
	untyped bool // an untyped constant; expr is its default type
}

// TypeOf returns a type expression for x, as far as the input and the
// session tell it, or nil; untyped reports an untyped constant, whose
// type is then its default type.
func (m *Rewriter) TypeOf(x ast.Expr) (typ ast.Expr, untyped bool) {
	t := m.typeOf(x, 0)
	return t.expr, t.untyped
}

// IsRune reports whether x is a rune, as far as the rewrites can tell: a
// rune literal, or a variable declared with that type. (yaegi knows only
// int32.)
func (m *Rewriter) IsRune(x ast.Expr) bool {
	id, ok := m.typeOf(x, 0).expr.(*ast.Ident)
	return ok && id.Name == "rune"
}

// IsInterface reports whether x is of an interface type, as far as the
// rewrites can tell.
func (m *Rewriter) IsInterface(x ast.Expr) bool {
	t := m.typeOf(x, 0).expr
	for range maxDepth {
		switch tt := t.(type) {
		case *ast.InterfaceType:
			return true
		case *ast.Ident:
			if tt.Name == "any" || tt.Name == "error" {
				return m.isUniverse(tt)
			}
			ts := m.typeSpec(tt)
			if ts == nil {
				return false
			}
			t = ts.Type
			continue
		case *ast.ParenExpr:
			t = tt.X
			continue
		}
		return false
	}
	return false
}

// maxDepth bounds the chains of declarations typeOf follows.
const maxDepth = 8

func (m *Rewriter) kindOf(x ast.Expr) kind {
	return m.typeOf(x, 0).kind
}

func named(name string) typeInfo {
	return typeInfo{expr: ast.NewIdent(name), kind: basicKind(name)}
}

func untypedConst(name string) typeInfo {
	t := named(name)
	t.untyped = true
	return t
}

func basicKind(name string) kind {
	switch name {
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "byte", "rune":
		return kindInt
	case "string", "bool", "float32", "float64", "complex64", "complex128":
		return kindOther
	}
	return kindUnknown
}

// typeOf returns what the input and the session tell of x's type.
func (m *Rewriter) typeOf(x ast.Expr, depth int) typeInfo {
	if depth > maxDepth {
		return typeInfo{}
	}
	depth++
	switch x := x.(type) {
	case *ast.BasicLit:
		switch x.Kind {
		case token.INT:
			return untypedConst("int")
		case token.FLOAT:
			return untypedConst("float64")
		case token.IMAG:
			return untypedConst("complex128")
		case token.CHAR:
			return untypedConst("rune")
		case token.STRING:
			return untypedConst("string")
		}
	case *ast.ParenExpr:
		return m.typeOf(x.X, depth)
	case *ast.UnaryExpr:
		switch x.Op {
		case token.SUB, token.ADD, token.XOR:
			return m.typeOf(x.X, depth)
		case token.NOT:
			return named("bool")
		case token.AND:
			if t := m.typeOf(x.X, depth); t.expr != nil && !t.untyped {
				return typeInfo{expr: &ast.StarExpr{X: t.expr}, kind: kindOther}
			}
		case token.ARROW:
			if ch, ok := m.typeOf(x.X, depth).expr.(*ast.ChanType); ok {
				return m.ofType(ch.Value, depth)
			}
		}
	case *ast.BinaryExpr:
		switch x.Op {
		case token.EQL, token.NEQ, token.LSS, token.LEQ, token.GTR, token.GEQ, token.LAND, token.LOR:
			return named("bool")
		case token.SHL, token.SHR:
			return m.typeOf(x.X, depth)
		}
		return m.common([]ast.Expr{x.X, x.Y}, depth)
	case *ast.CompositeLit:
		if x.Type != nil {
			return m.ofType(x.Type, depth)
		}
	case *ast.FuncLit:
		return typeInfo{expr: x.Type, kind: kindFunc}
	case *ast.CallExpr:
		return m.callType(x, depth)
	case *ast.Ident:
		return m.identType(x, depth)
	case *ast.SelectorExpr:
		if pkg, ok := x.X.(*ast.Ident); ok && m.isUniverse(pkg) {
			if v, ok := m.hostSymbol(pkg.Name, x.Sel.Name); ok {
				return valueType(v)
			}
			return typeInfo{}
		}
		return m.fieldType(x, depth)
	case *ast.IndexExpr:
		switch t := m.typeOf(x.X, depth).expr.(type) {
		case *ast.ArrayType:
			return m.ofType(t.Elt, depth)
		case *ast.MapType:
			return m.ofType(t.Value, depth)
		case *ast.Ident:
			if t.Name == "string" {
				return named("byte")
			}
		}
	case *ast.SliceExpr:
		t := m.typeOf(x.X, depth)
		t.untyped = false
		return t
	case *ast.TypeAssertExpr:
		if x.Type != nil {
			return m.ofType(x.Type, depth)
		}
	case *ast.StarExpr:
		if p, ok := m.typeOf(x.X, depth).expr.(*ast.StarExpr); ok {
			return m.ofType(p.X, depth)
		}
	}
	return typeInfo{}
}

// fieldType is the type of the field x.f, of a struct declared in the
// input or of a session variable.
func (m *Rewriter) fieldType(x *ast.SelectorExpr, depth int) typeInfo {
	if id, ok := x.X.(*ast.Ident); ok && id.Obj == nil && !m.isUniverse(id) {
		if v, ok := m.global(id.Name); ok {
			for v.Kind() == reflect.Pointer && !v.IsNil() {
				v = v.Elem()
			}
			if v.Kind() == reflect.Struct {
				if f, ok := v.Type().FieldByName(x.Sel.Name); ok {
					return reflectType(f.Type)
				}
			}
		}
		return typeInfo{}
	}
	t := m.typeOf(x.X, depth).expr
	if p, ok := t.(*ast.StarExpr); ok {
		t = p.X
	}
	id, ok := t.(*ast.Ident)
	if !ok {
		return typeInfo{}
	}
	ts := m.typeSpec(id)
	if ts == nil {
		return typeInfo{}
	}
	st, ok := ts.Type.(*ast.StructType)
	if !ok {
		return typeInfo{}
	}
	for _, f := range st.Fields.List {
		for _, n := range f.Names {
			if n.Name == x.Sel.Name {
				return m.ofType(f.Type, depth)
			}
		}
	}
	return typeInfo{}
}

// common is the type of an operation on xs: the type of a typed operand,
// or the largest default type of untyped constants (int < rune < float64
// < complex128), or unknown when an operand is.
func (m *Rewriter) common(xs []ast.Expr, depth int) typeInfo {
	var best typeInfo
	for _, x := range xs {
		t := m.typeOf(x, depth)
		switch {
		case t.expr == nil && t.kind == kindUnknown:
			return typeInfo{}
		case !t.untyped:
			return t
		case best.expr == nil || untypedRank[identName(t.expr)] > untypedRank[identName(best.expr)]:
			best = t
		}
	}
	return best
}

func identName(x ast.Expr) string {
	if id, ok := x.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

func (m *Rewriter) callType(call *ast.CallExpr, depth int) typeInfo {
	switch fn := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		if m.isUniverse(fn) {
			switch fn.Name {
			case "len", "cap", "copy":
				return named("int")
			case "make":
				if len(call.Args) > 0 {
					return m.ofType(call.Args[0], depth)
				}
			case "new":
				if len(call.Args) == 1 {
					return typeInfo{expr: &ast.StarExpr{X: call.Args[0]}, kind: kindOther}
				}
			case "append":
				if len(call.Args) > 0 {
					return m.typeOf(call.Args[0], depth)
				}
			case "min", "max":
				return m.common(call.Args, depth)
			}
			if k := basicKind(fn.Name); k != kindUnknown || fn.Name == "any" {
				return named(fn.Name) // a conversion
			}
		}
		if m.typeSpec(fn) != nil && len(call.Args) == 1 {
			return m.ofType(fn, depth) // a conversion to a type of the learner's
		}
		if ft := m.funcType(fn); ft != nil && ft.TypeParams == nil {
			return m.resultType(ft, depth)
		}
		if t := m.identType(fn, depth); t.kind != kindFunc && t.expr != nil {
			return m.ofType(t.expr, depth) // a conversion to a declared type
		}
	case *ast.FuncLit:
		return m.resultType(fn.Type, depth)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StarExpr:
		return m.ofType(fn, depth)
	case *ast.SelectorExpr:
		if pkg, ok := fn.X.(*ast.Ident); ok && pkg.Obj == nil {
			if v, ok := m.hostSymbol(pkg.Name, fn.Sel.Name); ok {
				t := v.Type()
				switch {
				case t.Kind() == reflect.Pointer && v.IsNil(): // a type: a conversion
					return typeInfo{expr: fn, kind: reflectKind(t.Elem())}
				case t.Kind() == reflect.Func && t.NumOut() == 1:
					return reflectType(t.Out(0))
				}
			}
		}
	}
	return typeInfo{}
}

func (m *Rewriter) resultType(ft *ast.FuncType, depth int) typeInfo {
	if ft.Results == nil || len(ft.Results.List) != 1 || len(ft.Results.List[0].Names) > 1 {
		return typeInfo{}
	}
	return m.ofType(ft.Results.List[0].Type, depth)
}

// funcType is the signature of the function id names, declared in the
// input or earlier in the session.
func (m *Rewriter) funcType(id *ast.Ident) *ast.FuncType {
	if id.Obj != nil {
		if fd, ok := id.Obj.Decl.(*ast.FuncDecl); ok {
			return fd.Type
		}
		return nil
	}
	if m.s.env.Defined[id.Name] != "func" {
		return nil
	}
	return m.s.funcs[id.Name]
}

func (m *Rewriter) identType(id *ast.Ident, depth int) typeInfo {
	if id.Obj == nil {
		switch {
		case m.isUniverse(id):
			if id.Name == "true" || id.Name == "false" {
				return named("bool")
			}
			return typeInfo{}
		case m.s.env.Defined[id.Name] == "func":
			if ft := m.s.funcs[id.Name]; ft != nil {
				return typeInfo{expr: ft, kind: kindFunc}
			}
			return typeInfo{kind: kindFunc}
		}
		if t := m.s.vars[id.Name]; t != nil {
			return m.ofType(t, depth)
		}
		if v, ok := m.global(id.Name); ok {
			return valueType(v)
		}
		return typeInfo{}
	}
	switch d := id.Obj.Decl.(type) {
	case *ast.AssignStmt:
		if len(d.Lhs) != len(d.Rhs) {
			return typeInfo{}
		}
		for i, l := range d.Lhs {
			if l, ok := l.(*ast.Ident); ok && l.Obj == id.Obj {
				t := m.typeOf(d.Rhs[i], depth)
				t.untyped = false
				return t
			}
		}
	case *ast.ValueSpec:
		if d.Type != nil {
			return m.ofType(d.Type, depth)
		}
		for i, n := range d.Names {
			if n.Obj == id.Obj && i < len(d.Values) {
				t := m.typeOf(d.Values[i], depth)
				t.untyped = t.untyped && id.Obj.Kind == ast.Con
				return t
			}
		}
		if id.Obj.Kind == ast.Con && len(d.Values) == 0 {
			return untypedConst("int") // iota, repeated
		}
	case *ast.Field:
		if e, ok := d.Type.(*ast.Ellipsis); ok {
			return typeInfo{expr: &ast.ArrayType{Elt: e.Elt}, kind: kindOther}
		}
		return m.ofType(d.Type, depth)
	case *ast.FuncDecl:
		return typeInfo{expr: d.Type, kind: kindFunc}
	case *ast.RangeStmt:
		return m.rangeVarType(d, id, depth)
	}
	return typeInfo{}
}

// rangeVarType is the type of a variable a range statement declares.
func (m *Rewriter) rangeVarType(rs *ast.RangeStmt, id *ast.Ident, depth int) typeInfo {
	key := rs.Key != nil && rootIdent(rs.Key) != nil && rootIdent(rs.Key).Obj == id.Obj
	t := m.typeOf(rs.X, depth)
	switch x := t.expr.(type) {
	case *ast.ArrayType:
		if key {
			return named("int")
		}
		return m.ofType(x.Elt, depth)
	case *ast.MapType:
		if key {
			return m.ofType(x.Key, depth)
		}
		return m.ofType(x.Value, depth)
	case *ast.ChanType:
		return m.ofType(x.Value, depth)
	case *ast.Ident:
		switch {
		case x.Name == "string" && key:
			return named("int")
		case x.Name == "string":
			return named("rune")
		case t.kind == kindInt:
			t.untyped = false
			if t.expr == nil {
				return named("int")
			}
			return t
		}
	}
	return typeInfo{}
}

// ofType is what a type expression tells: the kind of its values.
func (m *Rewriter) ofType(t ast.Expr, depth int) typeInfo {
	return typeInfo{expr: t, kind: m.typeKind(t, depth)}
}

func (m *Rewriter) typeKind(t ast.Expr, depth int) kind {
	if depth > maxDepth {
		return kindUnknown
	}
	depth++
	switch t := t.(type) {
	case *ast.Ident:
		if t.Obj == nil && m.isUniverse(t) {
			return basicKind(t.Name)
		}
		if ts := m.typeSpec(t); ts != nil {
			return m.typeKind(ts.Type, depth)
		}
	case *ast.ParenExpr:
		return m.typeKind(t.X, depth)
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.StarExpr, *ast.StructType, *ast.Ellipsis:
		return kindOther
	case *ast.FuncType:
		return kindFunc
	case *ast.IndexExpr:
		return m.typeKind(t.X, depth)
	case *ast.IndexListExpr:
		return m.typeKind(t.X, depth)
	case *ast.SelectorExpr:
		pkg, ok := t.X.(*ast.Ident)
		if !ok || pkg.Obj != nil {
			return kindUnknown
		}
		if pkg.Name == "iter" && (t.Sel.Name == "Seq" || t.Sel.Name == "Seq2") {
			return kindFunc
		}
		if v, ok := m.hostSymbol(pkg.Name, t.Sel.Name); ok && v.Kind() == reflect.Pointer && v.IsNil() {
			return reflectKind(v.Type().Elem())
		}
	}
	return kindUnknown
}

// hostSymbol is pkg.name from the standard packages yaegi has compiled in,
// when pkg is imported in the session or autoImport imports it.
func (m *Rewriter) hostSymbol(pkg, name string) (reflect.Value, bool) {
	path := m.s.env.PackagePath(pkg)
	if path == "" {
		if p := m.s.env.Packages[pkg]; len(p) == 1 {
			path = p[0]
		}
	}
	if path == "" {
		return reflect.Value{}, false
	}
	v, ok := m.s.env.HostPackage(path + "/" + pathBase(path))[name]
	return v, ok && v.IsValid()
}

// pathBase is the last element of an import path.
func pathBase(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

var constantType = reflect.TypeOf((*constant.Value)(nil)).Elem()

// valueType is the type of a host symbol or a session variable: yaegi
// holds a type as a nil pointer to it, and an untyped constant as a
// constant.Value.
func valueType(v reflect.Value) typeInfo {
	if !v.IsValid() {
		return typeInfo{}
	}
	if v.Type().Implements(constantType) && v.CanInterface() {
		if c, ok := v.Interface().(constant.Value); ok {
			switch c.Kind() {
			case constant.Int:
				return untypedConst("int")
			case constant.Float:
				return untypedConst("float64")
			case constant.String:
				return untypedConst("string")
			case constant.Bool:
				return named("bool")
			}
			return typeInfo{}
		}
	}
	if v.Kind() == reflect.Pointer && v.IsNil() {
		return typeInfo{} // a type, not a value
	}
	return reflectType(v.Type())
}

// reflectType is what a reflect type tells; its expression is written
// only for types built from predeclared ones.
func reflectType(t reflect.Type) typeInfo {
	return typeInfo{expr: reflectExpr(t), kind: reflectKind(t)}
}

func reflectKind(t reflect.Type) kind {
	switch t.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return kindInt
	case reflect.Func:
		return kindFunc
	case reflect.Interface:
		return kindUnknown
	}
	return kindOther
}

func reflectExpr(t reflect.Type) ast.Expr {
	if t.Name() != "" {
		if t.PkgPath() == "" && t.Kind() != reflect.Interface && t.Kind() != reflect.Struct {
			return ast.NewIdent(t.Name())
		}
		return nil
	}
	switch t.Kind() {
	case reflect.Slice:
		if e := reflectExpr(t.Elem()); e != nil {
			return &ast.ArrayType{Elt: e}
		}
	case reflect.Map:
		k, v := reflectExpr(t.Key()), reflectExpr(t.Elem())
		if k != nil && v != nil {
			return &ast.MapType{Key: k, Value: v}
		}
	case reflect.Pointer:
		if e := reflectExpr(t.Elem()); e != nil {
			return &ast.StarExpr{X: e}
		}
	}
	return nil
}
