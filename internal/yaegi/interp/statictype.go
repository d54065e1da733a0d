package interp

// The static type of an expression, for completion and display in the
// playground: what the compiler knows of it, found without running it.
// (Not in v0.16.1.)

import (
	"errors"
	"go/ast"
	"reflect"
	"sort"
	"strings"
)

// A Type is the static type of an expression (TypeOfExpr).
type Type struct {
	t *itype
}

// A Member is a field of a struct or a method, which a selector reaches.
type Member struct {
	Name string
	// Type is a field's type, or a method's signature without its
	// receiver: func(s string) (int, error).
	Type   string
	Method bool
}

// TypeOfExpr compiles the expression x in the main package and returns
// its type. Nothing runs: the type of f() is f's result, and f is not
// called. x must have been parsed with FileSet.
func (interp *Interpreter) TypeOfExpr(x ast.Expr) (Type, error) {
	// As a statement: the compiler takes a block of statements at the
	// top level, not an expression alone.
	prog, err := interp.CompileAST(&ast.BlockStmt{Lbrace: x.Pos(), List: []ast.Stmt{&ast.ExprStmt{X: x}}, Rbrace: x.End()})
	if err != nil {
		return Type{}, err
	}
	if prog == nil || prog.root == nil || len(prog.root.child) == 0 {
		return Type{}, errors.New("no type")
	}
	n := prog.root.lastChild()
	if n.kind == exprStmt && len(n.child) > 0 {
		n = n.child[0]
	}
	if n.kind == callExpr && len(n.child) > 0 {
		// The node of a call of several results has the first one's type.
		ft := n.child[0].typ
		if ret := results(ft); len(ret) > 1 {
			return Type{&itype{cat: funcT, ret: ret, str: resultsString(ret)}}, nil
		}
	}
	if n.typ == nil {
		return Type{}, errors.New("no type")
	}
	return Type{n.typ}, nil
}

// String is the type as Go writes it, types of the main package without
// their package name: Celsius, *Point, time.Time, (string, error) for the
// results of a call of several.
func (t Type) String() string {
	if t.t == nil {
		return ""
	}
	return typeString(t.t)
}

// IsUntyped reports whether the expression is an untyped constant.
func (t Type) IsUntyped() bool { return t.t != nil && t.t.untyped }

// Results returns the types of the results of a call of several results,
// or nil.
func (t Type) Results() []Type {
	if t.t == nil || t.t.cat != funcT || t.t.str == "" || t.t.str[0] != '(' {
		return nil
	}
	out := make([]Type, len(t.t.ret))
	for i, r := range t.t.ret {
		out[i] = Type{r}
	}
	return out
}

// Members returns the fields and methods a selector can reach from a
// value of type t, promoted ones included, sorted by name. The methods of
// *T are among them if addressable (a variable's, not a call's result).
func (t Type) Members(addressable bool) []Member {
	if t.t == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []Member
	add := func(m Member) {
		if !seen[m.Name] && m.Name != "" && m.Name != "_" {
			seen[m.Name] = true
			out = append(out, m)
		}
	}
	typ := t.t
	if typ.cat == ptrT {
		addressable = true
	}
	// Methods first: a field and a method of one name cannot both be.
	for _, m := range methodsOf(typ, addressable, map[*itype]bool{}) {
		add(m)
	}
	for _, f := range fieldsOf(typ, map[*itype]bool{}) {
		add(f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// methodsOf returns the methods of t, those of *t too if ptr, and those
// promoted from its embedded fields.
func methodsOf(t *itype, ptr bool, seen map[*itype]bool) []Member {
	if t == nil || seen[t] {
		return nil
	}
	seen[t] = true
	var out []Member
	switch t.cat {
	case ptrT:
		return methodsOf(t.val, true, seen)
	case linkedT:
		out = append(out, methodsOf(t.val, ptr, seen)...)
	case interfaceT:
		for _, f := range t.field {
			if f.typ.cat == funcT {
				out = append(out, Member{Name: f.name, Type: typeString(f.typ), Method: true})
			} else {
				out = append(out, methodsOf(f.typ, false, seen)...)
			}
		}
	case valueT, errorT:
		rt := t.TypeOf()
		if rt == nil {
			break
		}
		if ptr && rt.Kind() != reflect.Pointer && rt.Kind() != reflect.Interface {
			rt = reflect.PointerTo(rt)
		}
		for i := 0; i < rt.NumMethod(); i++ {
			m := rt.Method(i)
			if !m.IsExported() {
				continue
			}
			ft := m.Type
			if rt.Kind() != reflect.Interface {
				ft = methodType(ft)
			}
			out = append(out, Member{Name: m.Name, Type: ft.String(), Method: true})
		}
	case structT:
		for _, f := range t.field {
			if f.embed {
				out = append(out, methodsOf(f.typ, ptr || f.typ.cat == ptrT, seen)...)
			}
		}
	}
	for _, m := range t.method {
		if m.typ == nil || isPtrRecv(m) && !ptr {
			continue
		}
		out = append(out, Member{Name: m.ident, Type: typeString(m.typ), Method: true})
	}
	return out
}

// isPtrRecv reports whether the method declared at n has a pointer
// receiver.
func isPtrRecv(n *node) bool {
	if len(n.child) == 0 || len(n.child[0].child) == 0 {
		return false
	}
	recv := n.child[0].child[0] // the receiver's field list, then its field
	if len(recv.child) == 0 {
		return false
	}
	return recv.child[len(recv.child)-1].kind == starExpr
}

// methodType drops the receiver, the first argument, of a method's type
// as reflect gives it.
func methodType(ft reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, ft.NumIn())
	for i := 1; i < ft.NumIn(); i++ {
		in = append(in, ft.In(i))
	}
	out := make([]reflect.Type, 0, ft.NumOut())
	for i := 0; i < ft.NumOut(); i++ {
		out = append(out, ft.Out(i))
	}
	return reflect.FuncOf(in, out, ft.IsVariadic())
}

// fieldsOf returns the fields of t (or of what t points to), those of
// its embedded fields too.
func fieldsOf(t *itype, seen map[*itype]bool) []Member {
	if t == nil || seen[t] {
		return nil
	}
	seen[t] = true
	switch t.cat {
	case ptrT, linkedT:
		return fieldsOf(t.val, seen)
	case valueT:
		rt := t.TypeOf()
		for rt != nil && rt.Kind() == reflect.Pointer {
			rt = rt.Elem()
		}
		if rt == nil || rt.Kind() != reflect.Struct {
			return nil
		}
		var out []Member
		for _, f := range reflect.VisibleFields(rt) {
			if f.IsExported() && !f.Anonymous || f.IsExported() && f.Anonymous {
				out = append(out, Member{Name: f.Name, Type: f.Type.String()})
			}
		}
		return out
	case structT:
		var out []Member
		var promoted []Member
		for _, f := range t.field {
			name := f.name
			out = append(out, Member{Name: name, Type: typeString(f.typ)})
			if f.embed {
				promoted = append(promoted, fieldsOf(f.typ, seen)...)
			}
		}
		return append(out, promoted...)
	}
	return nil
}

// typeString is t as the learner writes it: the main package's types
// without "main.", a function's signature with spaces after its commas.
func typeString(t *itype) string {
	if t.cat == funcT && t.str != "" && t.str[0] == '(' {
		return t.str // the results of a call (TypeOfExpr)
	}
	if t.cat == funcT && t.rtype == nil {
		args := make([]string, len(t.arg))
		for i, a := range t.arg {
			args[i] = typeString(a)
		}
		s := "func(" + strings.Join(args, ", ") + ")"
		switch len(t.ret) {
		case 0:
		case 1:
			s += " " + typeString(t.ret[0])
		default:
			s += " " + resultsString(t.ret)
		}
		return s
	}
	s := t.str
	if s == "" && t.rtype != nil {
		s = t.rtype.String()
	}
	return strings.ReplaceAll(s, mainID+".", "")
}

// results returns the result types of the function type ft, compiled
// or interpreted.
func results(ft *itype) []*itype {
	switch {
	case ft == nil:
		return nil
	case ft.cat == funcT:
		return ft.ret
	case ft.cat == valueT && ft.rtype != nil && ft.rtype.Kind() == reflect.Func:
		ret := make([]*itype, ft.rtype.NumOut())
		for i := range ret {
			ret[i] = valueTOf(ft.rtype.Out(i))
		}
		return ret
	}
	return nil
}

// resultsTuple is the type of the results of a call of a function of
// type ft as Go writes it, with their names if the function declares
// them: (int, error), (n int, err error). (A compiled function's names
// are not known: strconv.ParseInt's are (int64, error).)
func resultsTuple(ft *itype) string {
	ret := results(ft)
	var names []string
	if ft.cat == funcT && ft.node != nil && ft.node.kind == funcType && len(ft.node.child) == 3 {
		for _, f := range ft.node.child[2].child {
			if len(f.child) == 1 {
				names = append(names, "")
			}
			for _, id := range f.child[:len(f.child)-1] {
				names = append(names, id.ident)
			}
		}
	}
	parts := make([]string, len(ret))
	for i, r := range ret {
		parts[i] = typeString(r)
		if len(names) == len(ret) && names[i] != "" {
			parts[i] = names[i] + " " + parts[i]
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// resultsString is a list of results, (string, error).
func resultsString(ret []*itype) string {
	parts := make([]string, len(ret))
	for i, r := range ret {
		parts[i] = typeString(r)
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// resultWrapper returns the wrapper of the result at index ind of the
// call c, of type rt, for an argument of a compiled function that
// getMapType has interfaces for (fmt.Println's Stringer), or nil when
// the result needs none. (Patch 11: v0.16.1 passed the results of a call
// unwrapped, so fmt.Println(f()) ignored their String methods.)
func resultWrapper(getMapType func(*itype) reflect.Type, c *node, rt *itype, ind int) func(*frame) reflect.Value {
	if getMapType == nil || rt == nil || rt.cat == valueT || isInterfaceSrc(rt) || isEmptyInterface(rt) || isPtrSrc(rt) && rt.val.cat == valueT {
		return nil
	}
	wt := getMapType(rt)
	if wt == nil {
		return nil
	}
	r := &node{kind: identExpr, interp: c.interp, typ: rt, findex: ind, scope: c.scope}
	return genInterfaceWrapper(r, wt)
}

// genInterfaceValueWrapper gives the value in the interface c (of an
// interface type the learner declared), wrapped if its dynamic type, one
// of the interpreter's, has the methods that getMapType has interfaces
// for. (Patch 12: v0.16.1 passed the value bare, so fmt.Println(v), v of
// an interface type with a String method, printed the struct's fields.)
// A value in an error or an empty interface is stored bare, without its
// type: its methods are not found.
func genInterfaceValueWrapper(getMapType func(*itype) reflect.Type, c *node) func(*frame) reflect.Value {
	value := genValue(c)
	bare := genValueInterfaceValue(c)
	return func(f *frame) reflect.Value {
		vi, ok := value(f).Interface().(valueInterface)
		for ok && vi.value.IsValid() { // a nil interface holds no value
			inner, nested := vi.value.Interface().(valueInterface)
			if !nested {
				break
			}
			vi = inner
		}
		if !ok || vi.node == nil || vi.node.typ == nil || vi.node.typ.cat == valueT || isInterfaceSrc(vi.node.typ) || !vi.value.IsValid() {
			return bare(f)
		}
		wt := getMapType(vi.node.typ)
		if wt == nil {
			return bare(f)
		}
		r := &node{kind: identExpr, interp: c.interp, typ: vi.node.typ, findex: notInFrame, val: vi.value}
		return genInterfaceWrapper(r, wt)(f)
	}
}
