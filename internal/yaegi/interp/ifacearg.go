package interp

import (
	"fmt"
	"go/constant"
	"reflect"
	"strings"
)

// A value passed for a parameter of a compiled interface type, p.Signal("TERM")
// or io.Copy(c, r), must implement it, as Go checks when it compiles:
// cannot use "TERM" (constant of type string) as os.Signal value in
// argument to p.Signal: string does not implement os.Signal (missing
// method Signal). v0.16.1 accepted it, and the call panicked when it ran
// (patch 9 gave the panic Go's words). (Not in v0.16.1.)

// interfaceArgument returns Go's error for arg, an argument for a
// parameter of the compiled interface type param, if arg's type does not
// implement it, or nil.
func (check typecheck) interfaceArgument(arg *node, param *itype) error {
	if param == nil || param.cat != valueT || param.rtype == nil || param.rtype.Kind() != reflect.Interface ||
		param.rtype.NumMethod() == 0 || param.rtype == valueInterfaceType {
		return nil
	}
	t := arg.typ
	if t == nil || t.incomplete || t.cat == nilT || arg.isNil() {
		return nil
	}
	if t.untyped {
		t = t.defaultType(arg.rval, check.scope)
	}
	missing, ptrRecv := missingMethod(t, param.rtype)
	if missing == "" {
		return nil
	}
	text, fun := arg.interp.callArgText(arg.pos)
	if text == "" {
		return nil // not the program's own call: yaegi's checks stand
	}
	why := "missing method " + missing
	if ptrRecv {
		why = "method " + missing + " has pointer receiver"
	}
	target := typeString(param)
	return arg.cfgErrorf("cannot use %s as %s value in argument to %s: %s does not implement %s (%s)",
		operand(arg, t, text), target, fun, typeString(t), target, why)
}

// missingMethod returns the first method of the interface it, by name,
// that t lacks, or that t has on its pointer only, and which of those.
func missingMethod(t *itype, it reflect.Type) (name string, ptrRecv bool) {
	if isBin(t) {
		rt := t.TypeOf()
		if rt == nil {
			return "", false
		}
		for i := 0; i < it.NumMethod(); i++ {
			m := it.Method(i)
			if _, ok := rt.MethodByName(m.Name); !ok {
				_, onPtr := reflect.PointerTo(rt).MethodByName(m.Name)
				return m.Name, onPtr && rt.Kind() != reflect.Interface
			}
		}
		return "", false
	}
	methods := t.methods()
	for i := 0; i < it.NumMethod(); i++ {
		m := it.Method(i)
		if _, ok := methods[m.Name]; !ok {
			return m.Name, false
		}
		if t.cat != ptrT {
			if decl, index := t.lookupMethod(m.Name); decl != nil && len(index) == 0 && isPtrRecv(decl) {
				return m.Name, true
			}
		}
	}
	return "", false
}

// operand describes n, of type t, written text, as Go's compiler does:
// "TERM" (constant of type string), c (variable of float64 type Celsius).
func operand(n *node, t *itype, text string) string {
	m := mode(n)
	if m == "constant" {
		if v := constantText(n.rval); v != "" && v != text {
			m += " " + v
		}
	}
	return fmt.Sprintf("%s (%s of %stype %s)", text, m, kindOfNamed(t), typeString(t))
}

// mode is what n is to Go: a constant, a variable, a value.
func mode(n *node) string {
	switch n.kind {
	case basicLit:
		return "constant"
	case parenExpr:
		if len(n.child) == 1 {
			return mode(n.child[0])
		}
	case identExpr:
		if sym := n.sym; sym != nil {
			switch sym.kind {
			case constSym:
				return "constant"
			case varSym:
				return "variable"
			}
		}
		return "value"
	case selectorExpr:
		if n.action == aGetSym {
			switch v := n.rval; {
			case !v.IsValid() || v.Kind() == reflect.Func:
				return "value"
			case v.CanAddr():
				return "variable"
			default:
				return "constant"
			}
		}
		if n.typ != nil && isFunc(n.typ) {
			return "value" // a method value
		}
		return "variable"
	case indexExpr:
		if len(n.child) > 0 && n.child[0].typ != nil {
			switch n.child[0].typ.TypeOf().Kind() {
			case reflect.Map:
				return "map index expression"
			case reflect.String:
				return "value"
			}
		}
		return "variable"
	case starExpr:
		return "variable"
	}
	if n.rval.IsValid() && constantText(n.rval) != "" && (n.typ == nil || !isInterface(n.typ)) {
		return "constant" // any(3) is not
	}
	return "value"
}

// constantText is the value v of a constant as Go writes it in a
// message, or "" if v is not one.
func constantText(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	if c, ok := v.Interface().(constant.Value); ok {
		return c.String()
	}
	switch v.Kind() {
	case reflect.Bool:
		return constant.MakeBool(v.Bool()).String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return constant.MakeInt64(v.Int()).String()
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return constant.MakeUint64(v.Uint()).String()
	case reflect.Float32, reflect.Float64:
		return constant.MakeFloat64(v.Float()).String()
	case reflect.String:
		return constant.MakeString(v.String()).String()
	}
	return ""
}

// kindOfNamed is what Go's messages say of a named type before its name,
// "float64 " of Celsius, "interface " of error, or "" for a type without
// a name.
func kindOfNamed(t *itype) string {
	named := t.cat == errorT || t.name != "" && t.path != ""
	if t.cat == valueT && t.rtype != nil {
		named = t.rtype.Name() != "" && (t.rtype.PkgPath() != "" || t.rtype.Name() == "error")
	}
	named = named || typeString(t) == "any" // an alias: Go describes it too
	if !named {
		return ""
	}
	rt := t.TypeOf()
	if rt == nil {
		return ""
	}
	switch k := rt.Kind(); k {
	case reflect.Array, reflect.Slice, reflect.Struct, reflect.Func, reflect.Interface, reflect.Map:
		return k.String() + " "
	case reflect.Ptr:
		return "pointer "
	case reflect.Chan:
		return "chan "
	default:
		return strings.ToLower(k.String()) + " "
	}
}
