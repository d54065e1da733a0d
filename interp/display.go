package interp

// How the value of an input is shown: as fmt.Println shows it, beside the
// type the learner declared.
//
//   - A value whose type has a String, Error or Format method is shown by
//     that method, as fmt.Println shows it: 3.0°C  Celsius. The method is
//     learner code, so it runs inside the input (_pgshow.Tuple calls it,
//     compiled, while the program runs): Ctrl-C stops one that blocks, as
//     it stops any input, and fmt turns a panic into its text.
//   - A rune is shown as one: 'a'  rune (yaegi knows only int32).
//   - A channel shows its length and capacity, (len 2, cap 5)  chan int;
//     a nil slice or map is told from an empty one: []int(nil)  []int.
//   - The results of a call, and a list of values, show the types they
//     were declared with: "hi\n", <nil>  (string, error).

import (
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"reflect"
	"strconv"
	"strings"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"
	"github.com/learn-concurrency/playground/internal/yaegiassume"
	"github.com/learn-concurrency/playground/interp/rewrite"
)

// useShow gives the interpreter the package showPath. Tuple gathers every
// result of a call, or a list of values, into one slice (yaegi's Eval
// keeps only the first). yaegi hands a compiled function the values
// inside interfaces, and its own values without their methods, unless the
// function is listed in its MapTypes with the interfaces to keep: then a
// value whose type has those methods comes wrapped (yaegiassume.Unwrap), and
// calling them runs the learner's methods.
func useShow(i *yaegi.Interpreter) error {
	tuple := reflect.ValueOf(showTuple)
	if err := i.Use(yaegi.Exports{showPath + "/show": {"Tuple": tuple}}); err != nil {
		return err
	}
	return i.Use(yaegi.Exports{".": {"MapTypes": reflect.ValueOf(map[reflect.Value][]reflect.Type{
		// fmt's order: Format, then Error, then String.
		tuple: {reflect.TypeFor[fmt.Formatter](), reflect.TypeFor[error](), reflect.TypeFor[fmt.Stringer]()},
	})}})
}

// showTuple is _pgshow.Tuple. It runs inside the input: a value of the
// learner's whose type has a String, Error or Format method is printed
// here, by fmt, which calls the method (and catches its panic).
func showTuple(v ...any) []any {
	for i, x := range v {
		if inner, ok := yaegiassume.Unwrap(x); ok {
			v[i] = methodText{Text: fmt.Sprint(x), Value: inner}
		}
	}
	return v
}

// A methodText is a value that its own method (String, Error, Format)
// printed.
type methodText struct {
	Text  string
	Value any
}

// showValue formats the value of an input whose last statement is an
// expression; after other statements yaegi's value can be stale.
func (e *engine) showValue(v reflect.Value) Result {
	if e.last.isNil {
		return Result{Value: "<nil>", Type: "untyped nil"}
	}
	if !v.IsValid() || !e.last.expr {
		return Result{}
	}
	defer func() { recover() }() // a compiled String method may panic
	if v.Kind() == reflect.Slice && e.last.tuple {
		if t, ok := v.Interface().([]interface{}); ok {
			res := formatTuple(t, e.last.results)
			if len(t) == 1 && e.last.static != "" {
				res.Type = e.last.static
			}
			if len(t) == 1 {
				e.showRune(&res, reflect.ValueOf(t[0]))
			}
			return res
		}
	}
	typ := cmp.Or(e.last.static, typeName(v))
	res := Result{Value: formatValue(v, typ), Type: typ}
	e.showRune(&res, v)
	return res
}

// showRune shows an integer the learner wrote or declared as a rune as
// one: 'a'  rune, not 97  int32.
func (e *engine) showRune(res *Result, v reflect.Value) {
	if !e.last.rune || !v.IsValid() {
		return
	}
	switch v.Kind() {
	case reflect.Int32, reflect.Int, reflect.Int64:
		res.Value, res.Type = strconv.QuoteRune(rune(v.Int())), "rune"
	}
}

// lastStmt is what showValue needs to know of the last statement of the
// input, found when it is parsed for compiling.
type lastStmt struct {
	expr  bool // an expression statement, not a call of the print family
	tuple bool // a call or list of values wrapped in _pgshow.Tuple: its value holds each
	// results are the types of a tuple's values as declared (the
	// results of the function called), where the interpreter knew them.
	results []string
	// static is the expression's type as the learner wrote it, when it
	// names a type of theirs, which yaegi's values do not carry:
	// Point, not struct { X int; Y int }; Celsius, not float64.
	static string
	rune   bool // the expression is a rune: a rune literal, or declared one
	isNil  bool // the predeclared nil, alone
}

// shapeOf describes the last of a segment's statements.
func (e *engine) shapeOf(list []ast.Stmt) lastStmt {
	if len(list) == 0 {
		return lastStmt{}
	}
	es, ok := list[len(list)-1].(*ast.ExprStmt)
	if !ok {
		return lastStmt{}
	}
	if call, ok := es.X.(*ast.CallExpr); ok && isPrintCall(call) {
		return lastStmt{}
	}
	id, ok := ast.Unparen(es.X).(*ast.Ident)
	_, shadowed := e.defined["nil"]
	return lastStmt{expr: true, isNil: ok && id.Name == "nil" && !shadowed}
}

// declaredTypes returns the types the interpreter gives xs, compiled and
// not run, or nil if it cannot tell one of them: the results of a call
// (one expression), or a list of values. mod, if not nil, tells a rune
// from an int32.
func (e *engine) declaredTypes(mod *rewrite.Rewriter, xs []ast.Expr) []string {
	var out []string
	for _, x := range xs {
		t, ok := e.typeOfExpr(x)
		if !ok {
			return nil
		}
		if res := t.Results(); len(xs) == 1 && res != nil {
			for _, r := range res {
				out = append(out, pgTypeNames.Replace(r.String()))
			}
			return out
		}
		typ := t.String()
		if t.IsUntyped() {
			// A constant's default type: 'a' is a rune.
			typ = untypedDefaults[typ]
			if typ == "" {
				return nil
			}
		}
		if typ == "int32" && mod != nil && mod.IsRune(x) {
			typ = "rune" // declared so: the compiler knows only int32
		}
		out = append(out, pgTypeNames.Replace(typ))
	}
	return out
}

// untypedDefaults are the default types of untyped constants.
var untypedDefaults = map[string]string{
	"untyped bool": "bool", "untyped int": "int", "untyped rune": "rune",
	"untyped float": "float64", "untyped complex": "complex128", "untyped string": "string",
}

// formatTuple shows the results of a call, or a list of values; static
// holds the types they were declared with, if known, which are shown
// rather than the types of the values: a nil error has none of its own.
func formatTuple(vals []interface{}, static []string) Result {
	if len(vals) == 0 {
		return Result{}
	}
	if len(static) != len(vals) {
		static = nil
	}
	var vs, ts []string
	for i, x := range vals {
		var t string
		if static != nil {
			t = static[i]
		}
		if m, ok := x.(methodText); ok {
			vs, ts = append(vs, m.Text), append(ts, cmp.Or(t, typeName(reflect.ValueOf(m.Value))))
			continue
		}
		v := reflect.ValueOf(x)
		if !v.IsValid() {
			vs, ts = append(vs, "<nil>"), append(ts, cmp.Or(t, "nil"))
			continue
		}
		t = cmp.Or(t, typeName(v))
		vs, ts = append(vs, formatValue(v, t)), append(ts, t)
	}
	if len(vals) == 1 {
		if ts[0] == "nil" {
			ts[0] = ""
		}
		return Result{Value: vs[0], Type: ts[0]}
	}
	return Result{Value: strings.Join(vs, ", "), Type: "(" + strings.Join(ts, ", ") + ")"}
}

// maxValue bounds the text of one shown value.
const maxValue = 8 << 10

// formatValue shows v, whose type the learner knows as typ.
func formatValue(v reflect.Value, typ string) string {
	var s string
	switch {
	case v.Kind() == reflect.Func:
		s = typ
	case v.Kind() == reflect.String:
		s = strconv.Quote(v.String())
	case v.Kind() == reflect.Interface && v.IsNil():
		s = "<nil>"
	case typ == "rune" && (v.Kind() == reflect.Int32 || v.Kind() == reflect.Int || v.Kind() == reflect.Int64):
		s = strconv.QuoteRune(rune(v.Int()))
	case v.Kind() == reflect.Chan && v.IsNil():
		s = "<nil>"
	case v.Kind() == reflect.Chan:
		s = fmt.Sprintf("(len %d, cap %d)", v.Len(), v.Cap())
	case (v.Kind() == reflect.Slice || v.Kind() == reflect.Map) && v.IsNil():
		s = typ + "(nil)"
	default:
		s = fmt.Sprintf("%v", v)
	}
	if len(s) > maxValue {
		s = s[:maxValue] + fmt.Sprintf("… (%d more bytes)", len(s)-maxValue)
	}
	return s
}

// typeName is v's type as the learner knows it: package pg's types live
// in the Go package builtins, and are shown as pg's.
func typeName(v reflect.Value) string {
	return pgTypeNames.Replace(v.Type().String())
}

var pgTypeNames = strings.NewReplacer("builtins.", "pg.")

// compilerStatic is the type the compiler gives x, if it names a type the
// learner declared, or "" (see lastStmt.static).
func (e *engine) compilerStatic(x ast.Expr) string {
	t, ok := e.typeOfExpr(x)
	if !ok || t.IsUntyped() {
		return ""
	}
	tx, err := parser.ParseExpr(t.String())
	if err != nil {
		return ""
	}
	mentions := false
	ast.Inspect(tx, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && e.defined[id.Name] == "type" {
			mentions = true
		}
		return !mentions
	})
	if !mentions {
		return ""
	}
	return t.String()
}
