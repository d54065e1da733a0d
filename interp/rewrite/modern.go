package rewrite

// modern rewrites learner code written in the Go of today (1.22 and later)
// into the Go that yaegi v0.16.1 runs, on the AST, after parsing and
// before compiling:
//
//   - range over an int becomes a counted loop (modern_loops.go);
//   - a loop variable that a closure, a go or defer statement, or & captures
//     gets a copy per iteration, as Go 1.22 gives, and a loop at the top
//     level of an input leaves the session's variables alone
//     (modern_loops.go);
//   - min, max and clear call helpers of the prelude, and calls of generic
//     functions whose type arguments yaegi cannot infer get them written
//     out (modern_builtins.go);
//   - standard-library functions newer than yaegi's, or broken in it, are
//     provided by the prelude (modern_std.go);
//   - deferred calls take their arguments when defer runs (modern_order.go),
//     and select statements send and break as in Go (modern_select.go):
//     yaegi's own mistakes, which concurrent code meets at once.
//
// What the rewrites know of types is in modern_types.go. What still cannot
// run is refused with a message that says so and what to write instead,
// at the learner's own line and column. Rewritten nodes keep the positions
// of the text they replace, and names the rewrites introduce are
// translated back in messages (Unmangle). PLAYGROUND_PLAIN_YAEGI=1 in the
// evaluator's environment turns it all off.

import (
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"reflect"
	"regexp"
	"strings"
	"sync"

	"golang.org/x/tools/go/ast/astutil"

	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

// object is what go/parser resolves an identifier to within one input.
// The rewrites need no more than that: which identifiers are the same
// variable, and where it was declared. (Deprecated since Go 1.22 in favour
// of go/types, which needs the types of the whole session.)
//
//lint:ignore SA1019 the resolver's objects are the rewrites' scoping, see above
type object = ast.Object

// An unsupported construct is learner code the playground cannot run; its
// message says what to write instead.
type unsupported struct {
	pos token.Pos
	msg string
}

// A Rewriter rewrites one input of a session. Its methods must not be
// called concurrently, nor those of two Rewriters of one session.
type Rewriter struct {
	s    *Session
	fset *token.FileSet
	err  *unsupported // the first construct that cannot run

	globals map[string]reflect.Value // the session's variables and constants, read on first use

	// unknown are the ranges over an operand whose type could not be told:
	// yaegi's compiler fails on them if they range over an int or a
	// function. retry rewrites them as ranges over ints.
	unknown  []*ast.RangeStmt
	retrying bool
	assumed  map[*ast.RangeStmt]bool
	// blocks are the loops and selects rewritten into blocks, whose label
	// must stay on the loop or select.
	blocks map[*ast.BlockStmt]ast.Stmt

	root         ast.Node        // the input: a file, or the body of its statements
	funcDepth    int             // how many function bodies the walk is in
	instantiated []instantiation // the calls instantiate gave type arguments
}

// modernize rewrites n in place. A nil Rewriter does nothing.
// A bug in the rewrites is the input's error, not the evaluator's end.
func (m *Rewriter) modernize(n ast.Node) (err error) {
	if m == nil {
		return nil
	}
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the playground could not rewrite this input for its interpreter (%v); PLAYGROUND_PLAIN_YAEGI=1 turns the rewriting off", r)
		}
	}()
	m.root = n
	m.remember(n)
	if !m.needed(n) {
		return nil
	}
	astutil.Apply(n, m.pre, m.post)
	return m.error()
}

// needed reports whether n has anything the rewrites may change: most
// inputs have not, and a walk with ast.Inspect costs a fraction of one
// with astutil.Apply, which a rewrite needs.
func (m *Rewriter) needed(n ast.Node) bool {
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.RangeStmt:
			found = true
		case *ast.ForStmt:
			found = n.Init != nil && (mayCapture(n.Body) || m.shadows(n.Init))
		case *ast.TypeSpec:
			found = n.Assign.IsValid() && n.TypeParams != nil
		case *ast.DeferStmt:
			found = len(n.Call.Args) > 0
		case *ast.SelectStmt:
			found = true
		case *ast.ImportSpec:
			_, found = newerPackages[strings.Trim(n.Path.Value, "`\"")]
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok {
				if ft := m.funcType(id); ft != nil {
					found = ft.TypeParams != nil
				} else {
					found = id.Name == "min" || id.Name == "max" || id.Name == "clear"
				}
			}
		case *ast.SelectorExpr:
			found = n.Sel.Name == "Go"
			if pkg, ok := n.X.(*ast.Ident); ok && !found {
				switch pkg.Name {
				case "slices", "maps", "sync":
					found = true
				case "strings", "bytes":
					found = iterators[pkg.Name+"."+n.Sel.Name]
				default:
					_, found = newerPackages[pkg.Name]
					found = found || genericNames[n.Sel.Name]
				}
			}
		}
		return !found
	})
	return found
}

// shadows reports whether the loop initialisation init declares a name
// the session has.
func (m *Rewriter) shadows(init ast.Stmt) bool {
	as, ok := init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE {
		return false
	}
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && m.s.env.Defined[id.Name] != "" {
			return true
		}
	}
	return false
}

// mayCapture reports whether a loop body has something that may keep a
// loop variable beyond its iteration (see modernizer.captured).
func mayCapture(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = true
		case *ast.UnaryExpr:
			found = n.Op == token.AND
		}
		return !found
	})
	return found
}

// Retry rewrites the ranges whose operand's type modernize could not tell
// as ranges over ints, for a second compile after the first failed. It
// reports whether there were any.
func (m *Rewriter) Retry(n ast.Node) (ok bool) {
	if m == nil || len(m.unknown) == 0 || m.retrying {
		return false
	}
	defer func() {
		if r := recover(); r != nil {
			ok = false
		}
	}()
	m.retrying = true
	m.assumed = map[*ast.RangeStmt]bool{}
	for _, rs := range m.unknown {
		m.assumed[rs] = true
	}
	astutil.Apply(n, nil, m.post)
	return m.err == nil
}

// CompileError is the message for an input that yaegi could not compile,
// when the rewrites know more than yaegi says.
func (m *Rewriter) CompileError(err error) error {
	if m == nil {
		return err
	}
	return m.unknownRangeError(err)
}

// unknownRangeError is the message for an input that failed because of a
// range over an operand of unknown type, when the retry failed too.
func (m *Rewriter) unknownRangeError(compileErr error) error {
	if m == nil || len(m.unknown) == 0 || !yaegiassume.IsNilType(compileErr) {
		return compileErr
	}
	rs := m.unknown[0]
	x := ExprText(rs.X)
	return m.errorAt(rs.X.Pos(), fmt.Sprintf("cannot range over %s: the playground could not tell its type; "+
		"if it is an int, write for i := 0; i < %s; i++ (range over a function is not supported in the playground yet)", x, x))
}

func (m *Rewriter) error() error {
	if m.err == nil {
		return nil
	}
	return m.errorAt(m.err.pos, m.err.msg)
}

func (m *Rewriter) errorAt(pos token.Pos, msg string) error {
	return scanner.ErrorList{{Pos: m.fset.Position(pos), Msg: msg}}
}

// refuse records a construct that cannot run; the first one is reported.
func (m *Rewriter) refuse(pos token.Pos, format string, args ...any) {
	if m.err == nil {
		m.err = &unsupported{pos, fmt.Sprintf(format, args...)}
	}
}

func (m *Rewriter) pre(c *astutil.Cursor) bool {
	if m.retrying {
		return true
	}
	switch n := c.Node().(type) {
	case *ast.FuncLit, *ast.FuncDecl:
		m.funcDepth++
	case *ast.RangeStmt:
		m.iteratorRange(n) // before the iterator is refused on its own
	case *ast.CallExpr:
		m.collect(n)
	case *ast.ImportSpec:
		m.checkImport(n)
	case *ast.SelectorExpr:
		// A newer package used without an import: iter.Seq[int].
		if pkg, ok := n.X.(*ast.Ident); ok && m.isUniverse(pkg) && len(m.s.env.Packages[pkg.Name]) == 0 && m.s.env.PackagePath(pkg.Name) == "" {
			if v, ok := newerPackages[pkg.Name]; ok {
				m.refuse(pkg.Pos(), "package %s (Go %s) is not in the playground, whose standard library is Go 1.22's", pkg.Name, v)
			}
		}
	case *ast.TypeSpec:
		if n.Assign.IsValid() && n.TypeParams != nil {
			m.refuse(n.Pos(), "generic type aliases (Go 1.24) are not supported in the playground yet; declare a generic type instead: type %s%s %s",
				n.Name.Name, ExprText(n.TypeParams), ExprText(n.Type))
		}
	}
	return true
}

func (m *Rewriter) post(c *astutil.Cursor) bool {
	if m.retrying {
		switch n := c.Node().(type) {
		case *ast.RangeStmt:
			if m.assumed[n] {
				c.Replace(m.rangeOverInt(n))
			}
		case *ast.LabeledStmt:
			m.keepLabel(c, n)
		}
		return true
	}
	switch n := c.Node().(type) {
	case *ast.FuncLit, *ast.FuncDecl:
		m.funcDepth--
	case *ast.RangeStmt:
		m.rangeStmt(c, n)
	case *ast.ForStmt:
		m.forStmt(c, n)
	case *ast.DeferStmt:
		m.deferArgs(c, n)
	case *ast.SelectStmt:
		m.selectStmt(c, n)
	case *ast.AssignStmt:
		m.topDefine(c, n)
	case *ast.LabeledStmt:
		m.keepLabel(c, n)
	case *ast.CallExpr:
		m.call(c, n)
	case *ast.SelectorExpr:
		m.selector(c, n)
	}
	return true
}

// fresh returns a new name for something the rewrites introduce on behalf
// of the learner's name: "i" becomes "i_pg3", which Unmangle turns back
// into "i" in messages.
func (m *Rewriter) fresh(name string) string {
	if i := strings.Index(name, "_pg"); i > 0 {
		name = name[:i] // i_pg3 renamed again is i_pg7, not i_pg3_pg7
	}
	m.s.seq++
	return fmt.Sprintf("%s_pg%d", name, m.s.seq)
}

// mangled matches the names fresh makes and those of the prelude's helpers.
// It is compiled on first use: every process of the binary runs package
// init, and most never need it.
var mangled = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`\b_pg[A-Z]\w*\b|\b([\pL_][\pL\pN_]*?)_pg\d+\b`)
})

// IsMangled reports whether s holds a name the rewrites or the prelude
// introduced: not the learner's, and not for completion to offer.
func IsMangled(s string) bool {
	return mangled().MatchString(s)
}

// Unmangle writes the names the rewrites introduced as the learner wrote
// them: "i_pg3" as "i", "_pgMin" as "min", "_pgSlicesSort" as "slices.Sort".
func Unmangle(msg string) string {
	if !strings.Contains(msg, "_pg") {
		return msg
	}
	return mangled().ReplaceAllStringFunc(msg, func(s string) string {
		if name, ok := helperNames[s]; ok {
			return name
		}
		if sm := mangled().FindStringSubmatch(s); sm[1] != "" {
			return sm[1]
		}
		return s
	})
}

// global returns one of the session's variables and constants.
func (m *Rewriter) global(name string) (reflect.Value, bool) {
	if m.globals == nil {
		m.globals = m.s.env.Globals()
	}
	v, ok := m.globals[name]
	return v, ok
}

// typeSpec is the declaration of the type id names, in the input or
// earlier in the session, or nil.
func (m *Rewriter) typeSpec(id *ast.Ident) *ast.TypeSpec {
	if id.Obj != nil {
		ts, _ := id.Obj.Decl.(*ast.TypeSpec)
		return ts
	}
	if m.s.env.Defined[id.Name] != "type" {
		return nil
	}
	return m.s.types[id.Name]
}

// isUniverse reports whether id, unresolved in the input, names Go's
// predeclared name rather than one the learner declared in the session.
func (m *Rewriter) isUniverse(id *ast.Ident) bool {
	if id.Obj != nil {
		return false
	}
	_, defined := m.s.env.Defined[id.Name]
	return !defined
}

// remember records what n declares at its top level, for the inputs
// after it: the signatures of functions and the types of variables.
func (m *Rewriter) remember(n ast.Node) {
	switch n := n.(type) {
	case *ast.File:
		for _, d := range n.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv == nil && !strings.HasPrefix(d.Name.Name, "_pg") {
					m.s.funcs[d.Name.Name] = d.Type
				}
			case *ast.GenDecl:
				m.rememberVars(d)
				m.rememberTypes(d)
			}
		}
	case *ast.BlockStmt:
		for _, s := range n.List {
			switch s := s.(type) {
			case *ast.AssignStmt:
				if s.Tok != token.DEFINE {
					continue
				}
				for i, l := range s.Lhs {
					var t ast.Expr
					if len(s.Lhs) == len(s.Rhs) {
						t = m.typeOf(s.Rhs[i], 0).expr
					}
					m.rememberVar(l, t)
				}
			case *ast.DeclStmt:
				if d, ok := s.Decl.(*ast.GenDecl); ok {
					m.rememberVars(d)
					m.rememberTypes(d)
				}
			}
		}
	}
}

func (m *Rewriter) rememberTypes(d *ast.GenDecl) {
	if d.Tok != token.TYPE {
		return
	}
	for _, spec := range d.Specs {
		ts := spec.(*ast.TypeSpec)
		m.s.types[ts.Name.Name] = ts
	}
}

func (m *Rewriter) rememberVars(d *ast.GenDecl) {
	if d.Tok != token.VAR {
		return
	}
	for _, spec := range d.Specs {
		vs := spec.(*ast.ValueSpec)
		for i, n := range vs.Names {
			t := vs.Type
			if t == nil && len(vs.Values) == len(vs.Names) {
				t = m.typeOf(vs.Values[i], 0).expr
			}
			m.rememberVar(n, t)
		}
	}
}

// rememberVar records the type of the variable x, or forgets the type
// its name had when t is nil.
func (m *Rewriter) rememberVar(x ast.Expr, t ast.Expr) {
	id, ok := x.(*ast.Ident)
	if !ok || id.Name == "_" {
		return
	}
	if t == nil {
		delete(m.s.vars, id.Name)
		return
	}
	m.s.vars[id.Name] = t
}

// keepLabel keeps a label on its loop or select when it became a block
// (range over an int, select sends): L: { n := …; for … } becomes
// { n := …; L: for … }.
func (m *Rewriter) keepLabel(c *astutil.Cursor, ls *ast.LabeledStmt) {
	b, ok := ls.Stmt.(*ast.BlockStmt)
	if !ok {
		return
	}
	loop := m.blocks[b]
	if loop == nil {
		return
	}
	for i, s := range b.List {
		if s == loop {
			ls.Stmt = loop
			b.List[i] = ls
			c.Replace(b)
			return
		}
	}
}

// checkImport refuses the standard packages newer than the playground's.
func (m *Rewriter) checkImport(is *ast.ImportSpec) {
	path := strings.Trim(is.Path.Value, "`\"")
	if v, ok := newerPackages[path]; ok {
		m.refuse(is.Path.Pos(), "package %s (Go %s) is not in the playground, whose standard library is Go 1.22's", path, v)
	}
}

// newerPackages are standard packages added after Go 1.22, with the Go
// version that added them.
var newerPackages = map[string]string{
	"iter": "1.23", "unique": "1.23", "structs": "1.23", "weak": "1.24",
	"crypto/hkdf": "1.24", "crypto/mlkem": "1.24", "crypto/pbkdf2": "1.24", "crypto/sha3": "1.24",
	"testing/synctest": "1.25", "encoding/json/v2": "1.25",
}

// ExprText is the source of x, for messages.
func ExprText(x ast.Node) string {
	var b strings.Builder
	switch x := x.(type) {
	case ast.Expr:
		b.WriteString(types.ExprString(x))
	case *ast.FieldList:
		b.WriteString("[")
		for i, f := range x.List {
			if i > 0 {
				b.WriteString(", ")
			}
			for j, n := range f.Names {
				if j > 0 {
					b.WriteString(", ")
				}
				b.WriteString(n.Name)
			}
			b.WriteString(" " + types.ExprString(f.Type))
		}
		b.WriteString("]")
	}
	return Unmangle(b.String())
}

// atPos sets every position in n, a tree the rewrites built, to pos: errors
// in it then point at the learner's text it stands for.
func atPos(n ast.Node, pos token.Pos) {
	ast.Inspect(n, func(n ast.Node) bool {
		if n == nil {
			return false
		}
		setPos(reflect.ValueOf(n).Elem(), pos)
		return true
	})
}

var posType = reflect.TypeOf(token.NoPos)

func setPos(v reflect.Value, pos token.Pos) {
	if v.Kind() != reflect.Struct {
		return
	}
	for i := 0; i < v.NumField(); i++ {
		// A position that is not set means something (no ... in a call,
		// a type declaration that is not an alias): it stays unset.
		if f := v.Field(i); f.Type() == posType && f.CanSet() && token.Pos(f.Int()).IsValid() {
			f.Set(reflect.ValueOf(pos))
		}
	}
}
