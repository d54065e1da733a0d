package interp

import (
	"errors"
	"fmt"
	"reflect"
)

// ifaceEqual is a == b for two interface values, a value of the learner's
// type held in a method wrapper (an error variable holding NotFound{"x"})
// compared as the value it holds. (v0.16.1 compared the wrappers, whose
// method fields are funcs: err == err panicked with "comparing
// uncomparable type interp._error".)
func ifaceEqual(a, b any) bool {
	return wrappedValue(a) == wrappedValue(b)
}

// wrappedValue is the value a method wrapper made by genInterfaceWrapper
// holds, or v itself. Wrappers are named struct types of Go packages
// whose first field is IValue; the learner's types, built by reflect,
// have no name.
func wrappedValue(v any) any {
	t := reflect.TypeOf(v)
	if t == nil || t.Kind() != reflect.Struct || t.Name() == "" || t.NumField() == 0 || t.Field(0).Name != "IValue" {
		return v
	}
	return reflect.ValueOf(v).Field(0).Interface()
}

// heldAs gives the value the method wrapper ival holds, if typ is its
// type (not an interface): case NotFound of a type switch on an error
// matches the NotFound its wrapper holds. (v0.16.1 compared the
// wrapper's type, and went to the default case.)
func heldAs(ival any, typ *itype) (reflect.Value, bool) {
	w := wrappedValue(ival)
	if w == nil || isInterface(typ) || reflect.TypeOf(w) == reflect.TypeOf(ival) {
		return reflect.Value{}, false
	}
	if rt := typ.TypeOf(); rt != nil && rt == reflect.TypeOf(w) {
		return reflect.ValueOf(w), true
	}
	return reflect.Value{}, false
}

// panicValue gives the value of panic(c): one of the program's types with
// an Error or a String method is wrapped in an error or a fmt.Stringer,
// as Go's runtime calls them to print the panic, and recover() must give
// a value that r.(error) accepts. (v0.16.1 panicked with the bare
// reflect-built value, which has no methods: r.(error) was false, and the
// panic printed the struct's fields.)
func panicValue(c *node) func(*frame) reflect.Value {
	t := c.typ
	if t == nil || isBin(t) || isInterface(t) || t.cat == nilT {
		return genValue(c)
	}
	for _, it := range []reflect.Type{reflect.TypeOf((*error)(nil)).Elem(), reflect.TypeOf((*fmt.Stringer)(nil)).Elem()} {
		if implementsBin(t, it) {
			return genInterfaceWrapper(c, it)
		}
	}
	return genValue(c)
}

// implementsBin reports whether t has the methods of the compiled
// interface it, with their signatures: itype.implements checks names
// only, and a method Error(int) string must not be wrapped as error's
// (the wrapper's reflect.Set panicked).
func implementsBin(t *itype, it reflect.Type) bool {
	if isBin(t) {
		return t.implements(&itype{cat: valueT, rtype: it})
	}
	methods := t.methods()
	for i := 0; i < it.NumMethod(); i++ {
		m := it.Method(i)
		sig, ok := methods[m.Name]
		if !ok {
			return false
		}
		if sig != m.Type.String() {
			return false
		}
		// A method declared on *T is not in the method set of a T:
		// fmt.Println(p), p a P, prints its fields, not (*P).String.
		if t.cat != ptrT {
			if decl, index := t.lookupMethod(m.Name); decl != nil && len(index) == 0 && isPtrRecv(decl) {
				return false
			}
		}
	}
	return true
}

// Format formats an error of the program's type as fmt formats an error:
// by its Error method for %v, %s, %q, %x and %X, and as the value it
// holds for the other verbs and for %#v. (Without it, fmt.Sprintf("%d",
// t) inside T's own Error method printed the wrapper's fields: yaegi's
// interface7.go, once fmt's wrappers included error, patch 20.)
func (w _error) Format(s fmt.State, verb rune) { formatWrapped(s, verb, w.IValue, "Error", w.Error) }

// _fmtStringer replaces the stdlib's wrapper of fmt.Stringer, to format
// as fmt formats a Stringer: fmt.Printf("%d", c), c of a type of the
// program's with a String method, printed the wrapper's fields, {7
// 5496064}, where Go prints 7.
type _fmtStringer struct {
	IValue  interface{}
	WString func() string
	IType   string
}

func (w _fmtStringer) String() string { return w.WString() }

func (w _fmtStringer) Format(s fmt.State, verb rune) {
	formatWrapped(s, verb, w.IValue, "String", w.String)
}

// formatWrapped formats the value a wrapper holds as fmt formats a value
// with a method fmt calls (Error, String): its text for the verbs fmt
// calls the method for, the value itself for the others and for %#v.
// A method that panics is reported as fmt reports it, naming the method
// (not Format): %!v(PANIC=String method: boom), or <nil> for a nil
// pointer.
func formatWrapped(s fmt.State, verb rune, held any, method string, text func() string) {
	switch {
	case verb == 'v' && s.Flag('#'):
		fmt.Fprintf(s, fmt.FormatString(s, verb), held)
	case verb == 'v', verb == 's', verb == 'q', verb == 'x', verb == 'X':
		str, err := callText(text)
		switch {
		case err == nil:
			fmt.Fprintf(s, fmt.FormatString(s, verb), str)
		case reflect.ValueOf(held).Kind() == reflect.Pointer && reflect.ValueOf(held).IsNil():
			fmt.Fprint(s, "<nil>")
		default:
			fmt.Fprintf(s, "%%!%c(PANIC=%s method: %v)", verb, method, err)
		}
	default:
		fmt.Fprintf(s, fmt.FormatString(s, verb), held)
	}
}

// callText calls text, and gives what it panicked with, if it did.
func callText(text func() string) (s string, err any) {
	defer func() { err = recover() }()
	return text(), nil
}

// Is reports whether target is the error w holds: errors.Is compares
// with == only errors of comparable types, and a wrapper, whose methods
// are funcs, is not one. (errors.Is(err, target), both NotFound{"x"} in
// error variables, was false.) Then, as errors.Is would, it asks the
// value's own Is method, if its type has one.
func (w _error) Is(target error) bool {
	a, b := reflect.ValueOf(w.IValue), reflect.ValueOf(wrappedValue(target))
	if a.IsValid() && b.IsValid() && a.Type() == b.Type() && a.Comparable() && a.Equal(b) {
		return true
	}
	return w.XIs != nil && w.XIs(target)
}

// Unwrap gives what the value's own Unwrap method gives, if its type has
// one, so that errors.Is, errors.As and errors.Unwrap follow the chain
// the program made; else nil, as errors.Unwrap gives for an error
// without the method. (The wrapper had the Error method only: the
// chain ended at every error of the program's types.)
func (w _error) Unwrap() error {
	if w.XUnwrap == nil {
		return nil
	}
	return w.XUnwrap()
}

// errorWrapperType is the type of the wrapper an error of the program's
// type is given.
var errorWrapperType = reflect.TypeOf(_error{})

// setErrorMethods fills the fields of w, an _error wrapping v (the value
// of node n), that give the value's own Unwrap and Is methods, for those
// of them its type declares with errors' signatures.
func setErrorMethods(w reflect.Value, n *node, v reflect.Value, f *frame) {
	if n.typ == nil || isBin(n.typ) {
		return
	}
	sigs := n.typ.methods()
	for _, m := range []struct{ name, sig, field string }{
		{"Unwrap", "func() error", "XUnwrap"},
		{"Is", "func(error) bool", "XIs"},
	} {
		if sigs[m.name] != m.sig {
			continue
		}
		decl, index := n.typ.lookupMethod(m.name)
		if decl == nil {
			continue
		}
		nod := *decl
		nod.recv = &receiver{n, v, index}
		w.FieldByName(m.field).Set(genFunctionWrapper(&nod)(f))
	}
}

// errorsAs is errors.As, that also finds an error of the program's type:
// its values reach compiled code in an error wrapper, and its type, built
// by reflect, has no methods, so errors.As(err, &nf), nf a NotFound,
// panicked with "errors: *target must be interface or implement error".
// Such a target is matched against the value each wrapper in err's chain
// holds; any other target is errors.As's.
func errorsAs(err error, target any) bool {
	t := reflect.TypeOf(target)
	if target == nil || t.Kind() != reflect.Pointer || reflect.ValueOf(target).IsNil() {
		return errors.As(err, target)
	}
	elem := t.Elem()
	// An interface of the program's (a valueInterface) is left to
	// errors.As too, which refuses it as before.
	if elem.Kind() == reflect.Interface || elem == valueInterfaceType || elem.Implements(reflect.TypeOf((*error)(nil)).Elem()) {
		return errors.As(err, target)
	}
	return asHeld(err, reflect.ValueOf(target).Elem())
}

// asHeld walks err's chain as errors.As does, and sets dest to the first
// value a wrapper holds of dest's type.
func asHeld(err error, dest reflect.Value) bool {
	for err != nil {
		if w := wrappedValue(err); reflect.TypeOf(w) == dest.Type() && reflect.TypeOf(w) != reflect.TypeOf(err) {
			dest.Set(reflect.ValueOf(w))
			return true
		}
		if x, ok := err.(interface{ As(any) bool }); ok && x.As(dest.Addr().Interface()) {
			return true
		}
		switch x := err.(type) {
		case interface{ Unwrap() error }:
			err = x.Unwrap()
		case interface{ Unwrap() []error }:
			for _, e := range x.Unwrap() {
				if asHeld(e, dest) {
					return true
				}
			}
			return false
		default:
			return false
		}
	}
	return false
}
