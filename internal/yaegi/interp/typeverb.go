package interp

import (
	"fmt"
	"io"
	"path"
	"reflect"
	"strings"
	"unicode/utf8"
)

// declaredTypeName is t as fmt's %T names it, "main.NotFound", "*main.MyErr",
// or "" if t is not a type the program declares (or its pointer).
func declaredTypeName(t *itype) string {
	switch {
	case t == nil || isInterface(t):
		return ""
	case t.cat == ptrT:
		if s := declaredTypeName(t.val); s != "" {
			return "*" + s
		}
		return ""
	case t.name != "" && t.path != "":
		return path.Base(t.path) + "." + t.name
	}
	return ""
}

// wrapperTypeName is what %T prints for arg, if arg is a wrapper of an
// interface that genInterfaceWrapper made for a value of the program's:
// the name of the value's type as the program declares it when the
// wrapper knows it, else the type of the value it holds (reflect's, which
// is its underlying type). fmt would print the wrapper's own,
// interp._error.
func wrapperTypeName(arg any) (string, bool) {
	held := wrappedValue(arg)
	if reflect.TypeOf(held) == reflect.TypeOf(arg) {
		return "", false
	}
	if f := reflect.ValueOf(arg).FieldByName("IType"); f.IsValid() && f.Kind() == reflect.String && f.String() != "" {
		return f.String(), true
	}
	if held == nil {
		return "<nil>", true
	}
	return reflect.TypeOf(held).String(), true
}

// typeVerb stands, in a format typeVerbs rewrote, for a %T of a
// wrapper: a verb of no meaning to fmt, which passes it to Format.
const typeVerb = '\uF8FF'

// typeNamed stands for a wrapper among fmt's arguments: its type's name
// for typeVerb, the wrapper itself for any other verb (an argument a
// format uses twice, %[1]T %[1]v).
type typeNamed struct {
	name string
	arg  any
}

func (t typeNamed) Format(s fmt.State, verb rune) {
	if verb == typeVerb {
		fmt.Fprintf(s, fmt.FormatString(s, 's'), t.name)
		return
	}
	fmt.Fprintf(s, fmt.FormatString(s, verb), t.arg)
}

// typeVerbs gives format and args with each %T whose operand is a
// wrapper (wrapperTypeName) made a typeVerb, and the operand a typeNamed.
// It follows fmt's reading of a format: flags, argument indexes ([n]),
// * for a width or precision taken from the arguments.
func typeVerbs(format string, args []any) (string, []any) {
	if !strings.Contains(format, "T") {
		return format, args
	}
	var out strings.Builder // format rewritten up to done, once a verb is
	done := 0
	var newArgs []any
	argNum := 0
	argIndex := func(i int) int {
		if i >= len(format) || format[i] != '[' {
			return i
		}
		end := strings.IndexByte(format[i:], ']')
		if end < 0 {
			return i
		}
		n := 0
		for _, c := range format[i+1 : i+end] {
			if c < '0' || c > '9' {
				return i + end + 1 // fmt reports a bad index; leave it to fmt
			}
			n = n*10 + int(c-'0')
		}
		argNum = n - 1
		return i + end + 1
	}
	digits := func(i int) int {
		for i < len(format) && format[i] >= '0' && format[i] <= '9' {
			i++
		}
		return i
	}
	for i := 0; i < len(format); {
		if format[i] != '%' {
			i++
			continue
		}
		i++
		for i < len(format) && strings.IndexByte("+-# 0", format[i]) >= 0 {
			i++
		}
		i = argIndex(i)
		if i < len(format) && format[i] == '*' {
			i++
			argNum++
		} else {
			i = digits(i)
		}
		if i < len(format) && format[i] == '.' {
			i = argIndex(i + 1)
			if i < len(format) && format[i] == '*' {
				i++
				argNum++
			} else {
				i = digits(i)
			}
		}
		i = argIndex(i)
		if i >= len(format) {
			break
		}
		verb, size := utf8.DecodeRuneInString(format[i:])
		i += size
		if verb == '%' {
			continue
		}
		if verb == 'T' && argNum >= 0 && argNum < len(args) {
			arg := args[argNum]
			if newArgs != nil {
				arg = newArgs[argNum]
			}
			if tn, ok := arg.(typeNamed); ok {
				arg = tn.arg
			}
			if name, ok := wrapperTypeName(arg); ok {
				if newArgs == nil {
					newArgs = append([]any(nil), args...)
				}
				newArgs[argNum] = typeNamed{name, arg}
				out.WriteString(format[done : i-size])
				out.WriteRune(typeVerb)
				done = i
			}
		}
		argNum++
	}
	if newArgs == nil {
		return format, args
	}
	out.WriteString(format[done:])
	return out.String(), newArgs
}

// typeVerbFuncs replaces fmt's formatting functions by ones that pass
// their format and arguments through typeVerbs, keeping the interfaces
// their arguments are wrapped for (mapTypes).
func typeVerbFuncs(interp *Interpreter, p map[string]reflect.Value) {
	stdout := interp.stdout
	replace := func(name string, orig, fn any) {
		v := reflect.ValueOf(fn)
		interp.mapTypes[v] = interp.mapTypes[reflect.ValueOf(orig)]
		p[name] = v
	}
	replace("Printf", fmt.Printf, func(f string, a ...any) (int, error) {
		f, a = typeVerbs(f, a)
		return fmt.Fprintf(stdout, f, a...)
	})
	replace("Sprintf", fmt.Sprintf, func(f string, a ...any) string {
		f, a = typeVerbs(f, a)
		return fmt.Sprintf(f, a...)
	})
	replace("Fprintf", fmt.Fprintf, func(w io.Writer, f string, a ...any) (int, error) {
		f, a = typeVerbs(f, a)
		return fmt.Fprintf(w, f, a...)
	})
	replace("Errorf", fmt.Errorf, func(f string, a ...any) error {
		f, a = typeVerbs(f, a)
		return fmt.Errorf(f, a...)
	})
	replace("Appendf", fmt.Appendf, func(b []byte, f string, a ...any) []byte {
		f, a = typeVerbs(f, a)
		return fmt.Appendf(b, f, a...)
	})
}
