package interp

import (
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"
	"github.com/learn-concurrency/playground/interp/rewrite"
)

// maxCandidates bounds one completion answer.
const maxCandidates = 200

// maxTyped bounds the names of one answer whose types completion asks the
// compiler for; past it they are described by their kind alone.
const maxTyped = 24

// completeFile is the file name completion compiles under: yaegi scopes
// imports by file name, so what completion imports to compile x.
// (time.Now(). before time is imported) is not imported for the learner.
const completeFile = "complete"

// builtinNames are Go's predeclared identifiers, with what they are.
var builtinNames = map[string]string{
	"append": "func(slice []T, elems ...T) []T", "cap": "func(v Type) int", "clear": "func(t T)",
	"close": "func(c chan<- Type)", "complex": "func(r, i FloatType) ComplexType", "copy": "func(dst, src []Type) int",
	"delete": "func(m map[Type]Type1, key Type)", "imag": "func(c ComplexType) FloatType", "len": "func(v Type) int",
	"make": "func(t Type, size ...IntegerType) Type", "new": "func(Type) *Type", "panic": "func(v any)",
	"print": "func(args ...Type)", "println": "func(args ...Type)", "real": "func(c ComplexType) FloatType",
	"recover": "func() any", "min": "func(x T, y ...T) T", "max": "func(x T, y ...T) T",
	"bool": "type", "byte": "type", "complex64": "type", "complex128": "type", "error": "type", "float32": "type",
	"float64": "type", "int": "type", "int8": "type", "int16": "type", "int32": "type", "int64": "type",
	"rune": "type", "string": "type", "uint": "type", "uint8": "type", "uint16": "type", "uint32": "type",
	"uint64": "type", "uintptr": "type", "any": "type",
	"true": "const", "false": "const", "iota": "const", "nil": "value",
}

// completion is what completion keeps between two requests: the members
// of the last expression it typed, until the next input.
type completion struct {
	imports map[string]string // name → path imported under completeFile
	recv    string            // the expression last typed
	seq     int               // ... when the session had run seq inputs
	members []yaegi.Member
}

// Complete returns candidates for the word before byte offset pos of
// line: after "x." the fields and methods of x's type (x a variable or
// any expression, typed by the compiler and not run: f(). does not call
// f), or the members of the package x; otherwise keywords, predeclared
// names, package names and names the learner defined, functions with
// their signatures and variables with their types.
func (e *engine) Complete(line string, pos int) []Candidate {
	if pos < 0 || pos > len(line) {
		pos = len(line)
	}
	before := line[:pos]
	word := identBefore(before)
	rest := before[:len(before)-len(word)]
	var out []Candidate
	if strings.HasSuffix(rest, ".") {
		recv := receiverBefore(rest[:len(rest)-1])
		if recv == "" {
			return nil
		}
		out = e.completeSelector(recv, word)
	} else {
		if word == "" {
			return nil
		}
		out = e.completeName(word)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Text != out[j].Text {
			return out[i].Text < out[j].Text
		}
		return out[i].Desc < out[j].Desc
	})
	out = dedupe(out)
	if len(out) > maxCandidates {
		out = out[:maxCandidates]
	}
	return out
}

// completeSelector completes recv.prefix: the members of a package, or the
// fields and methods of what recv is.
func (e *engine) completeSelector(recv, prefix string) []Candidate {
	if _, defined := e.defined[recv]; !defined && token.IsIdentifier(recv) {
		path := e.packagePath(recv)
		if path == "" {
			return nil
		}
		var out []Candidate
		for name, v := range packageSymbols(path) {
			if strings.HasPrefix(name, prefix) && token.IsExported(name) {
				out = append(out, Candidate{Text: name, Desc: describeSymbol(v)})
			}
		}
		return out
	}
	var out []Candidate
	for _, m := range e.membersOf(recv) {
		// Not the playground's own names: a probe's copy of a method.
		if strings.HasPrefix(m.Name, prefix) && !rewrite.IsMangled(m.Name) {
			out = append(out, Candidate{Text: m.Name, Desc: pgTypeNames.Replace(m.Type)})
		}
	}
	return out
}

// membersOf returns the fields and methods of the expression src, as the
// compiler types it without running it.
func (e *engine) membersOf(src string) []yaegi.Member {
	if e.complete.recv == src && e.complete.seq == e.seq {
		return e.complete.members
	}
	x, err := parser.ParseExprFrom(e.i.FileSet(), completeFile, src, 0)
	if err != nil {
		return nil
	}
	renameMain([]ast.Expr{x})
	e.importForCompletion(x)
	t, ok := e.typeOfExpr(x)
	if !ok {
		return nil
	}
	members := t.Members(addressable(x))
	e.complete.recv, e.complete.seq, e.complete.members = src, e.seq, members
	return members
}

// importForCompletion imports under completeFile the packages x names:
// those the learner imported, under their names, and the standard ones an
// input would import by itself.
func (e *engine) importForCompletion(x ast.Expr) {
	if e.complete.imports == nil {
		e.complete.imports = map[string]string{}
	}
	ast.Inspect(x, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok {
			return true
		}
		if _, defined := e.defined[id.Name]; defined {
			return true
		}
		path := e.packagePath(id.Name)
		if path == "" || e.complete.imports[id.Name] == path {
			return true
		}
		src := "package main; import " + id.Name + " " + strconv.Quote(path)
		f, err := parser.ParseFile(e.i.FileSet(), completeFile, src, 0)
		if err != nil {
			return true
		}
		if _, err := e.compile(f); err == nil {
			e.complete.imports[id.Name] = path
		}
		return true
	})
}

// addressable reports whether x may be a variable, whose pointer methods
// a selector reaches too, rather than a value such as a call's result.
func addressable(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident, *ast.IndexExpr:
		return true
	case *ast.StarExpr:
		return true
	case *ast.SelectorExpr:
		return addressable(x.X)
	}
	return false
}

// completeName completes a name on its own.
func (e *engine) completeName(word string) []Candidate {
	var out []Candidate
	for i := token.BREAK; i <= token.VAR; i++ {
		if kw := i.String(); token.IsKeyword(kw) && strings.HasPrefix(kw, word) {
			out = append(out, Candidate{Text: kw, Desc: "keyword"})
		}
	}
	for name, desc := range builtinNames {
		if strings.HasPrefix(name, word) {
			out = append(out, Candidate{Text: name, Desc: desc})
		}
	}
	for name, paths := range e.pkgs {
		if strings.HasPrefix(name, word) {
			out = append(out, Candidate{Text: name, Desc: "package " + strings.Join(paths, ", ")})
		}
	}
	var mine []string
	for name := range e.defined {
		if strings.HasPrefix(name, word) && !strings.HasPrefix(name, "_pg") && !rewrite.IsMangled(name) {
			mine = append(mine, name)
		}
	}
	for _, name := range mine {
		desc := e.defined[name]
		if len(mine) <= maxTyped {
			desc = e.describeDefined(name)
		}
		out = append(out, Candidate{Text: name, Desc: desc})
	}
	return out
}

// describeDefined says what a name the learner defined is: a function's
// signature as declared (func(x int) int), the type of a variable or a
// constant, "type" for a type.
func (e *engine) describeDefined(name string) string {
	kind := e.defined[name]
	if kind == "type" {
		return kind
	}
	if ft := e.rewrites.FuncType(name); kind == "func" && ft != nil {
		return rewrite.ExprText(ft)
	}
	x, err := parser.ParseExprFrom(e.i.FileSet(), completeFile, name, 0)
	if err != nil {
		return kind
	}
	t, ok := e.typeOfExpr(x)
	switch {
	case !ok:
		return kind
	case kind == "const":
		return "const " + pgTypeNames.Replace(t.String())
	}
	return pgTypeNames.Replace(t.String())
}

func dedupe(c []Candidate) []Candidate {
	out := c[:0]
	for i, x := range c {
		if i > 0 && x.Text == c[i-1].Text {
			continue
		}
		out = append(out, x)
	}
	return out
}

// identBefore returns the identifier, possibly partial, that ends s.
func identBefore(s string) string {
	i := len(s)
	for i > 0 {
		r := rune(s[i-1])
		if r == '_' || r >= 0x80 || unicode.IsLetter(r) || unicode.IsDigit(r) {
			i--
			continue
		}
		break
	}
	return s[i:]
}

// receiverBefore returns the expression that ends s, the operand of a
// selector that follows: pg.Run("echo"), p.items[0], time.Now(). It
// reads Go's tokens backwards: names, literals and bracketed groups
// joined by dots, calls and indexes; "" if s does not end in one.
func receiverBefore(s string) string {
	type tok struct {
		off int
		tok token.Token
	}
	var toks []tok
	var sc scanner.Scanner
	fset := token.NewFileSet()
	file := fset.AddFile("", -1, len(s))
	sc.Init(file, []byte(s), nil, 0)
	for {
		pos, t, lit := sc.Scan()
		if t == token.EOF {
			break
		}
		if t == token.SEMICOLON && lit == "\n" {
			continue // inserted at a newline
		}
		toks = append(toks, tok{file.Offset(pos), t})
	}
	isOperand := func(t token.Token) bool {
		switch t {
		case token.IDENT, token.INT, token.FLOAT, token.IMAG, token.CHAR, token.STRING:
			return true
		}
		return false
	}
	isClose := func(t token.Token) bool { return t == token.RPAREN || t == token.RBRACK || t == token.RBRACE }
	i, start := len(toks)-1, -1
	for i >= 0 {
		group := isClose(toks[i].tok)
		switch {
		case group:
			depth := 0
			for ; i >= 0; i-- {
				switch toks[i].tok {
				case token.RPAREN, token.RBRACK, token.RBRACE:
					depth++
				case token.LPAREN, token.LBRACK, token.LBRACE:
					depth--
				}
				if depth == 0 {
					break
				}
			}
			if i < 0 {
				return "" // unbalanced
			}
		case isOperand(toks[i].tok):
		default:
			i = -1
			continue
		}
		start = i
		switch {
		case i > 0 && toks[i-1].tok == token.PERIOD:
			i -= 2
		case group && i > 0 && (isOperand(toks[i-1].tok) || isClose(toks[i-1].tok)):
			i-- // a call or an index of what comes before
		default:
			i = -1
		}
	}
	if start < 0 {
		return ""
	}
	return strings.TrimSpace(s[toks[start].off:])
}

// packagePath returns the import path the name pkg refers to: the
// learner's import if there is one, else the only standard package of
// that name, else "".
func (e *engine) packagePath(pkg string) string {
	for path, name := range e.imported {
		if name == pkg {
			return path
		}
	}
	if paths := e.pkgs[pkg]; len(paths) == 1 {
		return paths[0]
	}
	return ""
}

// packageSymbols returns the compiled symbols of the package at path,
// keyed by yaegi as path/name: math/rand/v2 is math/rand/v2/rand.
func packageSymbols(path string) map[string]reflect.Value {
	if syms := hostPackage(path + "/" + pathBase(path)); syms != nil {
		return syms
	}
	for _, key := range hostPackageKeys() {
		if !strings.Contains(key, "/") {
			continue // "." holds interface wrappers, not a package
		}
		if dir, _ := splitKey(key); dir == path {
			return hostPackage(key)
		}
	}
	return nil
}

func pathBase(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

// describeSymbol gives the signature of a function, "type" for a type, and
// the type of a variable or constant, as exported by yaegi's symbol maps
// (types are stored as typed nil pointers).
func describeSymbol(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	t := v.Type()
	switch {
	case t.Kind() == reflect.Func:
		return t.String()
	case t.Kind() == reflect.Pointer && v.IsNil():
		return "type " + t.Elem().String()
	}
	return t.String()
}
