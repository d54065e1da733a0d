package shell

// The session as a Go program, for :save and :race: the declarations that
// succeeded at the package level, the last version of each, and the
// statements in main, in the order they ran. What a REPL allows and a
// program does not is translated:
//
//   - a value the prompt showed (1+1 showed 2  int) is printed with
//     fmt.Println, as Go formats it;
//   - a variable defined at the prompt (total := 0) that a function uses is
//     declared at the package level, with the type the session gives it,
//     and assigned in main;
//   - a variable defined again (x := 2 after x := 1) is assigned, and one
//     never read gets _ = x, which go build demands;
//   - a var declaration whose value uses such a variable runs in main,
//     where that variable is;
//   - imports the evaluator made for you (fmt, strings, pg) are written
//     out, and imports no longer used are left out.
//
// The program remembers, for each of its lines, the input line it came
// from, so that the race detector's reports and the compiler's errors can
// name the learner's own lines.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	goprinter "go/printer"
	"go/token"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/learn-concurrency/playground/interp"
)

// pgImportPath is the import path of package pg (package builtins) for a
// program built by the Go toolchain; in the evaluator it is "pg".
const pgImportPath = "github.com/learn-concurrency/playground/builtins"

// savedHeader begins every file :save writes; :save replaces a file that
// begins with it without asking.
const savedHeader = "// This program is a playground session, saved by :save."

// A sessionInput is one Go input that succeeded, as the shell recorded it.
type sessionInput struct {
	src   string
	from  origin // where it came from: a file, or typed
	shown bool   // the prompt showed its value
}

// pos names a position in the input as tracebacks do: file:line:col for
// an input from a file, line:col of `its first line` for a typed one.
func (in sessionInput) pos(line, col int) string {
	if in.from.file != "" {
		return in.from.pos(line, col)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(in.src), "\n")
	if len(first) > 40 {
		first = first[:37] + "..."
	}
	return fmt.Sprintf("%d:%d of `%s`", line, col, first)
}

// A sessionProgram is the session written as a Go program.
type sessionProgram struct {
	src    []byte
	usesPG bool
	// notes tell the learner where the program may not do what the
	// session did.
	notes []string
	// lines maps a line of src to where it came from: lineFrom[i] for
	// line i+1, input -1 for lines the translation added.
	lineFrom []inputPos
	inputs   []sessionInput
	// file, for :race FILE, is the program's own file: its lines are
	// its own.
	file string
}

type inputPos struct{ input, line, col int }

// where names the input position of line (from 1) of the program, or ""
// for a line that did not come from an input.
func (p *sessionProgram) where(line int) string {
	if line < 1 || line > len(p.lineFrom) {
		return ""
	}
	at := p.lineFrom[line-1]
	if at.input < 0 {
		return ""
	}
	return p.inputs[at.input].pos(at.line, at.col)
}

// sourceLine is line (from 1) of the program, trimmed.
func (p *sessionProgram) sourceLine(line int) string {
	lines := strings.Split(string(p.src), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[line-1])
}

// A parsedPart is one part of an input (interp.SplitInput), parsed in a
// file of its own: declarations as a file, statements as main's body.
type parsedPart struct {
	fset   *token.FileSet
	file   *ast.File
	input  int // index among the inputs; -1 for what the translation adds
	header int // lines of the file before the part's text
	line   int // where the part starts in its input
	col    int
	// unresolved are the identifiers that name nothing declared in the
	// part: names from earlier inputs, packages, predeclared names.
	unresolved map[*ast.Ident]bool
}

// pos is where p lies in the input.
func (pp *parsedPart) pos(p token.Pos) (line, col int) {
	at := pp.fset.Position(p)
	line = at.Line - pp.header
	col = at.Column
	if line == 1 {
		col = max(col+pp.col-1, 1) // 1 for fmt.Println( added before a list of values
	}
	return line + pp.line - 1, col
}

// A progItem is a declaration of the program or a statement of main.
type progItem struct {
	node ast.Node
	part *parsedPart
}

// typeOfFunc asks the session for a variable's type, as :type does.
type typeOfFunc func(name string) (string, error)

// buildProgram writes inputs as a Go program. typeOf gives the types of
// the variables that must move to the package level.
func buildProgram(inputs []sessionInput, typeOf typeOfFunc) (*sessionProgram, error) {
	b := &progBuilder{prog: &sessionProgram{inputs: inputs}, imports: map[string]importSpec{}}
	for i, in := range inputs {
		b.addInput(i, in)
	}
	b.keepLastVersions()
	b.renameMain()
	b.placeVariables(typeOf)
	b.defineOnce()
	b.markUnused()
	if err := b.write(); err != nil {
		return nil, err
	}
	return b.prog, nil
}

type importSpec struct {
	name, path string // name is "" for the package's own name
}

type progBuilder struct {
	prog    *sessionProgram
	decls   []progItem
	stmts   []progItem
	imports map[string]importSpec // by the name code uses, "_" and "." by path
	usesFmt bool                  // a shown value is printed with fmt.Println
	// showsValues is set when a value the prompt showed is printed.
	showsValues bool
	again       []string   // names declared more than once
	hoisted     []progItem // var declarations of variables moved out of main
	noted       map[string]bool
}

func (b *progBuilder) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if b.noted == nil {
		b.noted = map[string]bool{}
	}
	if !b.noted[msg] {
		b.noted[msg] = true
		b.prog.notes = append(b.prog.notes, msg)
	}
}

// addInput parses input i into items.
func (b *progBuilder) addInput(i int, in sessionInput) {
	firstStmt := len(b.stmts)
	for _, part := range interp.SplitInput(in.src) {
		if part.Decl {
			pp, err := parsePart(i, part, "package main\n", "", 1)
			if err != nil {
				b.note("left out %s: %v", in.pos(part.Line, part.Col), err)
				continue
			}
			for _, d := range pp.file.Decls {
				if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
					b.addImports(gd)
					continue
				}
				b.decls = append(b.decls, progItem{node: d, part: pp})
			}
			continue
		}
		pp, err := parsePart(i, part, "package main\nfunc main() {\n", "\n}", 2)
		if err != nil && in.shown {
			// A list of values (len(ch), cap(ch)) is shown at the prompt,
			// and printed here.
			pp, err = parsePart(i, part, "package main\nfunc main() {\nfmt.Println(", ")\n}", 2)
			if err == nil {
				pp.col -= len("fmt.Println(")
				b.usesFmt, b.showsValues = true, true
				in.shown = false
			}
		}
		if err != nil {
			b.note("left out %s: %v", in.pos(part.Line, part.Col), err)
			continue
		}
		for _, s := range pp.file.Decls[0].(*ast.FuncDecl).Body.List {
			b.stmts = append(b.stmts, progItem{node: s, part: pp})
		}
	}
	if !in.shown || len(b.stmts) == firstStmt {
		return
	}
	// The value the prompt showed is the last statement's.
	last := &b.stmts[len(b.stmts)-1]
	if es, ok := last.node.(*ast.ExprStmt); ok {
		last.node = &ast.ExprStmt{X: &ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: ast.NewIdent("fmt"), Sel: ast.NewIdent("Println")},
			Args: []ast.Expr{es.X},
		}}
		b.usesFmt, b.showsValues = true, true
	}
}

// parsePart parses part between head and tail; header is the number of
// lines head takes.
func parsePart(input int, part interp.InputPart, head, tail string, header int) (*parsedPart, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+part.Text+tail, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("the Go toolchain cannot parse it (%s)", firstErr(err))
	}
	pp := &parsedPart{fset: fset, file: f, input: input, header: header, line: part.Line, col: part.Col, unresolved: map[*ast.Ident]bool{}}
	for _, id := range f.Unresolved {
		pp.unresolved[id] = true
	}
	return pp, nil
}

func firstErr(err error) string {
	msg, _, _ := strings.Cut(err.Error(), " (and ")
	return msg
}

func (b *progBuilder) addImports(gd *ast.GenDecl) {
	for _, s := range gd.Specs {
		is := s.(*ast.ImportSpec)
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		if p == "pg" {
			p = pgImportPath
		}
		spec := importSpec{path: p}
		name := packageName(p)
		if is.Name != nil {
			spec.name, name = is.Name.Name, is.Name.Name
		}
		if name == "_" || name == "." {
			name += " " + p // kept whether used or not
		}
		b.imports[name] = spec
	}
}

// packageName is the name a package's import path gives it by default.
var majorVersion = regexp.MustCompile(`^v[0-9]+$`)

func packageName(p string) string {
	if p == pgImportPath {
		return "pg"
	}
	base := path.Base(p)
	if majorVersion.MatchString(base) {
		base = path.Base(path.Dir(p))
	}
	return base
}

// declKeys names what a declaration declares: "func f", "method T.M",
// "type T", "var x", "const c".
func declKeys(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return []string{"method " + recvName(d.Recv.List[0].Type) + "." + d.Name.Name}
		}
		return []string{"func " + d.Name.Name}
	case *ast.GenDecl:
		var keys []string
		for _, s := range d.Specs {
			keys = append(keys, specKeys(d.Tok, s)...)
		}
		return keys
	}
	return nil
}

func specKeys(tok token.Token, s ast.Spec) []string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []string{"type " + s.Name.Name}
	case *ast.ValueSpec:
		var keys []string
		for _, n := range s.Names {
			if n.Name != "_" {
				keys = append(keys, tok.String()+" "+n.Name)
			}
		}
		return keys
	}
	return nil
}

func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}

// keepLastVersions drops every declaration declared again later: the
// program has the last version of each, as the session's functions use.
func (b *progBuilder) keepLastVersions() {
	seen := map[string]bool{}
	again := map[string]bool{}
	kept := make([]progItem, 0, len(b.decls))
	for i := len(b.decls) - 1; i >= 0; i-- {
		it := b.decls[i]
		switch d := it.node.(type) {
		case *ast.FuncDecl:
			k := declKeys(d)[0]
			if seen[k] {
				again[strings.SplitN(k, " ", 2)[1]] = true
				continue
			}
			seen[k] = true
		case *ast.GenDecl:
			if d.Tok == token.CONST {
				// A const group keeps its order (iota): it goes only when
				// every name in it is declared again.
				keys := declKeys(d)
				all := len(keys) > 0
				for _, k := range keys {
					all = all && seen[k]
				}
				if all {
					for _, k := range keys {
						again[strings.SplitN(k, " ", 2)[1]] = true
					}
					continue
				}
				for _, k := range keys {
					seen[k] = true
				}
				break
			}
			var specs []ast.Spec
			for _, s := range d.Specs {
				keys := specKeys(d.Tok, s)
				dup := len(keys) > 0
				for _, k := range keys {
					dup = dup && seen[k]
				}
				if dup {
					for _, k := range keys {
						again[strings.SplitN(k, " ", 2)[1]] = true
					}
					continue
				}
				for _, k := range keys {
					seen[k] = true
				}
				specs = append(specs, s)
			}
			if len(specs) == 0 {
				continue
			}
			d.Specs = specs
		}
		kept = append(kept, it)
	}
	for i, j := 0, len(kept)-1; i < j; i, j = i+1, j-1 {
		kept[i], kept[j] = kept[j], kept[i]
	}
	b.decls = kept
	for name := range again {
		b.again = append(b.again, name)
	}
	sort.Strings(b.again)
	if len(b.again) > 0 {
		b.note("declared more than once: %s; the program has the last version of each, and the inputs before it run with that one too", strings.Join(b.again, ", "))
	}
}

// sessionMain is what a func main of the learner's (from :load of a Go
// program) is called in the program, whose main runs the session.
const sessionMain = "sessionMain"

// renameMain renames a func main the learner declared, and the calls of
// it, to sessionMain: at the prompt main is a function like any other.
func (b *progBuilder) renameMain() {
	found := false
	for _, it := range b.decls {
		if fd, ok := it.node.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			found = true
		}
	}
	if !found {
		return
	}
	for _, items := range [][]progItem{b.decls, b.stmts} {
		for _, it := range items {
			ast.Inspect(it.node, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == "main" && it.part.refersOut(id) {
					id.Name = sessionMain
				}
				return true
			})
		}
	}
	b.note("your func main is %s in the program, whose main runs the session's statements", sessionMain)
}

// freeNames are the names node uses that its part does not declare, or
// declares at its own top level (another input's, or this input's, names).
func freeNames(it progItem) map[string]bool {
	names := map[string]bool{}
	if it.part == nil {
		return names
	}
	ast.Inspect(it.node, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && it.part.refersOut(id) {
			names[id.Name] = true
		}
		return true
	})
	return names
}

// refersOut reports whether id names something outside any function or
// block of its part: a name from another input, or one this part declares
// at its top level.
func (pp *parsedPart) refersOut(id *ast.Ident) bool {
	if pp.unresolved[id] {
		return true
	}
	if id.Obj == nil {
		return false
	}
	if pp.file.Scope.Lookup(id.Name) == id.Obj {
		return true
	}
	// A statement part's own top-level variables live in main's body.
	if body := pp.mainBody(); body != nil {
		if s, ok := id.Obj.Decl.(ast.Stmt); ok {
			for _, top := range body.List {
				if top == s {
					return true
				}
			}
		}
		if vs, ok := id.Obj.Decl.(*ast.ValueSpec); ok {
			for _, top := range body.List {
				if ds, ok := top.(*ast.DeclStmt); ok && containsSpec(ds, vs) {
					return true
				}
			}
		}
	}
	return false
}

func containsSpec(ds *ast.DeclStmt, vs *ast.ValueSpec) bool {
	gd, ok := ds.Decl.(*ast.GenDecl)
	if !ok {
		return false
	}
	for _, s := range gd.Specs {
		if s == vs {
			return true
		}
	}
	return false
}

// mainBody is the body a statement part was parsed in, or nil for a
// declaration part.
func (pp *parsedPart) mainBody() *ast.BlockStmt {
	if pp.header != 2 || len(pp.file.Decls) != 1 {
		return nil
	}
	if fd, ok := pp.file.Decls[0].(*ast.FuncDecl); ok && fd.Name.Name == "main" {
		return fd.Body
	}
	return nil
}

// definedNames are the variables a statement of main defines at its top
// level: x and y of x, y := f(), and the names of var x = 1 moved there.
func definedNames(s ast.Node) []*ast.Ident {
	var ids []*ast.Ident
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok != token.DEFINE {
			return nil
		}
		for _, l := range s.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
				ids = append(ids, id)
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, sp := range gd.Specs {
				for _, id := range sp.(*ast.ValueSpec).Names {
					if id.Name != "_" {
						ids = append(ids, id)
					}
				}
			}
		}
	}
	return ids
}

// placeVariables decides which of the session's variables live in main
// and which at the package level: a var declaration whose value uses a
// variable of main's moves into main; a variable of main's that a
// declaration uses moves to the package level.
func (b *progBuilder) placeVariables(typeOf typeOfFunc) {
	pkgVars := map[string]bool{}
	for _, it := range b.decls {
		if gd, ok := it.node.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, k := range declKeys(gd) {
				pkgVars[strings.TrimPrefix(k, "var ")] = true
			}
		}
	}
	mainVars := func() map[string]bool {
		m := map[string]bool{}
		for _, it := range b.stmts {
			for _, id := range definedNames(it.node) {
				if !pkgVars[id.Name] {
					m[id.Name] = true
				}
			}
		}
		return m
	}
	// var declarations whose values use main's variables move into main,
	// at their place among the statements.
	for moved := true; moved; {
		moved = false
		inMain := mainVars()
		var kept []progItem
		for _, it := range b.decls {
			gd, ok := it.node.(*ast.GenDecl)
			if ok && gd.Tok == token.VAR && usesAny(freeNames(it), inMain) {
				b.insertStmt(progItem{node: &ast.DeclStmt{Decl: gd}, part: it.part})
				for _, k := range declKeys(gd) {
					delete(pkgVars, strings.TrimPrefix(k, "var "))
				}
				moved = true
				continue
			}
			kept = append(kept, it)
		}
		b.decls = kept
	}
	// main's variables that declarations use move to the package level.
	inMain := mainVars()
	hoist := map[string]bool{}
	for _, it := range b.decls {
		for name := range freeNames(it) {
			if inMain[name] {
				hoist[name] = true
			}
		}
	}
	// A statement that defines one of them and another variable defines
	// both at the package level: it becomes an assignment.
	for grew := true; grew; {
		grew = false
		for _, it := range b.stmts {
			ids := definedNames(it.node)
			outside := false
			for _, id := range ids {
				outside = outside || hoist[id.Name] || pkgVars[id.Name]
			}
			if !outside {
				continue
			}
			for _, id := range ids {
				if !hoist[id.Name] && !pkgVars[id.Name] {
					hoist[id.Name] = true
					grew = true
				}
			}
		}
	}
	var names []string
	for name := range hoist {
		names = append(names, name)
	}
	sort.Strings(names)
	var specs []string
	for _, name := range names {
		t, err := typeOf(name)
		if err != nil {
			t = b.writtenType(name)
		}
		if t == "" {
			b.note("%s stays in main, where the functions that use it cannot see it: the session could not tell its type (%v); :replay, then :save again", name, err)
			delete(hoist, name)
			continue
		}
		specs = append(specs, name+" "+t)
		pkgVars[name] = true
	}
	if len(specs) > 0 {
		text := "var " + specs[0] + "\n"
		if len(specs) > 1 {
			text = "var (\n" + strings.Join(specs, "\n") + "\n)\n"
		}
		part := interp.InputPart{Text: text, Line: 1, Col: 1}
		pp, err := parsePart(-1, part, "package main\n", "", 1)
		if err != nil {
			b.note("could not declare %s at the package level: %v", strings.Join(names, ", "), err)
		} else {
			b.hoisted = append(b.hoisted, progItem{node: pp.file.Decls[0], part: pp})
		}
	}
	// Definitions of package-level variables in main are assignments.
	for i, it := range b.stmts {
		ids := definedNames(it.node)
		if len(ids) == 0 || !pkgVars[ids[0].Name] {
			continue
		}
		b.stmts[i].node = asAssignment(it.node)
	}
}

// writtenType is the type of variable name as its first definition in
// main spells it, when its value says so (0, "s", T{…}, &T{…},
// make(chan int)), or "": for when the session cannot say (its evaluator
// started afresh).
func (b *progBuilder) writtenType(name string) string {
	for _, it := range b.stmts {
		as, ok := it.node.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE || len(as.Lhs) != len(as.Rhs) {
			continue
		}
		for i, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == name {
				return typeOfValue(it.part.fset, as.Rhs[i])
			}
		}
	}
	return ""
}

func typeOfValue(fset *token.FileSet, x ast.Expr) string {
	spell := func(t ast.Expr) string {
		var b bytes.Buffer
		if goprinter.Fprint(&b, fset, t) != nil {
			return ""
		}
		return b.String()
	}
	switch x := x.(type) {
	case *ast.BasicLit:
		return map[token.Token]string{token.INT: "int", token.FLOAT: "float64", token.IMAG: "complex128", token.CHAR: "rune", token.STRING: "string"}[x.Kind]
	case *ast.Ident:
		if x.Name == "true" || x.Name == "false" {
			return "bool"
		}
	case *ast.CompositeLit:
		if x.Type != nil {
			return spell(x.Type)
		}
	case *ast.UnaryExpr:
		if c, ok := x.X.(*ast.CompositeLit); ok && x.Op == token.AND && c.Type != nil {
			return "*" + spell(c.Type)
		}
	case *ast.CallExpr:
		if fn, ok := x.Fun.(*ast.Ident); ok && len(x.Args) > 0 {
			switch fn.Name {
			case "make":
				return spell(x.Args[0])
			case "new":
				return "*" + spell(x.Args[0])
			}
		}
	}
	return ""
}

func usesAny(used, names map[string]bool) bool {
	for n := range used {
		if names[n] {
			return true
		}
	}
	return false
}

// insertStmt puts a declaration moved into main among the statements in
// the order the inputs ran.
func (b *progBuilder) insertStmt(it progItem) {
	at := len(b.stmts)
	for i, s := range b.stmts {
		if s.part.input > it.part.input || s.part.input == it.part.input && s.part.line > it.part.line {
			at = i
			break
		}
	}
	b.stmts = append(b.stmts, progItem{})
	copy(b.stmts[at+1:], b.stmts[at:])
	b.stmts[at] = it
}

// asAssignment turns x, y := a, b or var x = a into an assignment; a var
// declaration without a value assigns nothing and becomes an empty
// statement.
func asAssignment(n ast.Node) ast.Node {
	switch s := n.(type) {
	case *ast.AssignStmt:
		s.Tok = token.ASSIGN
		return s
	case *ast.DeclStmt:
		gd := s.Decl.(*ast.GenDecl)
		var list []ast.Stmt
		for _, sp := range gd.Specs {
			vs := sp.(*ast.ValueSpec)
			if len(vs.Values) == 0 {
				continue
			}
			lhs := make([]ast.Expr, len(vs.Names))
			for i, id := range vs.Names {
				lhs[i] = id
			}
			list = append(list, &ast.AssignStmt{Lhs: lhs, TokPos: vs.Names[0].End(), Tok: token.ASSIGN, Rhs: vs.Values})
		}
		if len(list) == 1 {
			return list[0]
		}
		return &ast.BlockStmt{List: list}
	}
	return n
}

// defineOnce turns a second definition of main's variables (x := 2 after
// x := 1, which the prompt allows) into an assignment.
func (b *progBuilder) defineOnce() {
	defined := map[string]bool{}
	for i, it := range b.stmts {
		ids := definedNames(it.node)
		if len(ids) == 0 {
			continue
		}
		fresh := false
		for _, id := range ids {
			if !defined[id.Name] {
				fresh = true
				defined[id.Name] = true
			}
		}
		if !fresh {
			b.stmts[i].node = asAssignment(it.node)
		}
	}
}

// markUnused adds _ = x after the definition of each variable of main's
// that nothing reads: go build refuses a variable declared and not used.
func (b *progBuilder) markUnused() {
	read := map[string]bool{}
	for _, it := range b.stmts {
		for name := range readNames(it) {
			read[name] = true
		}
	}
	var out []progItem
	done := map[string]bool{}
	for _, it := range b.stmts {
		out = append(out, it)
		for _, id := range definedNames(it.node) {
			if read[id.Name] || done[id.Name] {
				continue
			}
			done[id.Name] = true
			out = append(out, progItem{node: &ast.AssignStmt{
				Lhs: []ast.Expr{ast.NewIdent("_")},
				Tok: token.ASSIGN,
				Rhs: []ast.Expr{ast.NewIdent(id.Name)},
			}})
		}
	}
	b.stmts = out
}

// readNames are the top-level variables a statement reads: every
// reference but the left side of an assignment.
func readNames(it progItem) map[string]bool {
	names := map[string]bool{}
	if it.part == nil {
		return names
	}
	written := map[*ast.Ident]bool{}
	ast.Inspect(it.node, func(n ast.Node) bool {
		switch s := n.(type) {
		case *ast.AssignStmt:
			for _, l := range s.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					written[id] = true
				}
			}
		case *ast.IncDecStmt:
			if id, ok := s.X.(*ast.Ident); ok {
				written[id] = true
			}
		case *ast.ValueSpec:
			for _, id := range s.Names {
				written[id] = true
			}
		case *ast.Ident:
			if !written[s] && it.part.refersOut(s) {
				names[s.Name] = true
			}
		}
		return true
	})
	return names
}

// usedPackages are the names of packages the program's code uses.
func (b *progBuilder) usedPackages(items []progItem, declared map[string]bool) map[string]bool {
	used := map[string]bool{}
	for _, it := range items {
		ast.Inspect(it.node, func(n ast.Node) bool {
			sel, ok := n.(*ast.SelectorExpr)
			if !ok {
				return true
			}
			id, ok := sel.X.(*ast.Ident)
			if !ok || declared[id.Name] {
				return true
			}
			if it.part == nil || it.part.unresolved[id] {
				used[id.Name] = true
			}
			return true
		})
	}
	return used
}

// write prints the program, formats it and maps its lines to inputs.
func (b *progBuilder) write() error {
	decls := append(append([]progItem(nil), b.hoisted...), b.decls...)
	declared := map[string]bool{}
	for _, it := range decls {
		for _, k := range declKeys(it.node.(ast.Decl)) {
			if kind, name, _ := strings.Cut(k, " "); kind != "method" {
				declared[name] = true
			}
		}
	}
	for _, it := range b.stmts {
		for _, id := range definedNames(it.node) {
			declared[id.Name] = true
		}
	}
	used := b.usedPackages(append(append([]progItem(nil), decls...), b.stmts...), declared)
	if b.usesFmt {
		used["fmt"] = true
	}
	var imports []importSpec
	for name := range used {
		if spec, ok := b.imports[name]; ok {
			imports = append(imports, spec)
			continue
		}
		p := interp.AutoImportPath(name)
		switch {
		case p == "pg":
			imports = append(imports, importSpec{name: "pg", path: pgImportPath})
		case p != "":
			imports = append(imports, importSpec{path: p})
		}
	}
	for name, spec := range b.imports {
		if strings.HasPrefix(name, "_ ") || strings.HasPrefix(name, ". ") {
			imports = append(imports, spec)
		}
	}
	sort.Slice(imports, func(i, j int) bool { return imports[i].path < imports[j].path })

	var buf bytes.Buffer
	buf.WriteString(savedHeader + "\n")
	if b.showsValues {
		buf.WriteString("// Values the prompt showed are printed with fmt.Println.\n")
	}
	for _, spec := range imports {
		if spec.path == pgImportPath {
			b.prog.usesPG = true
			buf.WriteString("//\n// Package pg is " + pgImportPath + ": go run needs a go.mod that\n// requires github.com/learn-concurrency/playground (README: \"Saving a session\").\n")
		}
	}
	buf.WriteString("\npackage main\n\n")
	importLine := func(spec importSpec) string {
		if spec.name != "" {
			return spec.name + " " + strconv.Quote(spec.path)
		}
		return strconv.Quote(spec.path)
	}
	switch len(imports) {
	case 0:
	case 1:
		buf.WriteString("import " + importLine(imports[0]) + "\n\n")
	default:
		buf.WriteString("import (\n")
		for _, spec := range imports {
			buf.WriteString(importLine(spec) + "\n")
		}
		buf.WriteString(")\n\n")
	}
	for _, it := range decls {
		if err := printItem(&buf, it); err != nil {
			return err
		}
		buf.WriteString("\n\n")
	}
	buf.WriteString("func main() {\n")
	prev, prevLong := -1, false
	for _, it := range b.stmts {
		var stmt bytes.Buffer
		if err := printItem(&stmt, it); err != nil {
			return err
		}
		long := bytes.Contains(stmt.Bytes(), []byte("\n"))
		if it.part != nil && prev >= 0 && it.part.input != prev && (long || prevLong) {
			buf.WriteString("\n") // a blank line around an input of several lines
		}
		if it.part != nil && it.part.input >= 0 {
			prev, prevLong = it.part.input, long
		}
		buf.Write(stmt.Bytes())
		buf.WriteString("\n")
	}
	buf.WriteString("}\n")
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return fmt.Errorf("formatting the program: %v", err)
	}
	b.prog.src = src
	b.mapLines(decls)
	return nil
}

func printItem(buf *bytes.Buffer, it progItem) error {
	fset := token.NewFileSet()
	var node any = it.node
	if it.part != nil {
		fset = it.part.printFileSet()
		node = &goprinter.CommentedNode{Node: it.node, Comments: it.part.file.Comments}
	}
	cfg := goprinter.Config{Mode: goprinter.UseSpaces | goprinter.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(buf, fset, node); err != nil {
		return fmt.Errorf("printing the program: %v", err)
	}
	if it.part != nil {
		// A comment after the item, on its last line, is the item's too.
		pf := it.part.fset
		end := pf.Position(it.node.End())
		for _, cg := range it.part.file.Comments {
			if at := pf.Position(cg.Pos()); cg.Pos() >= it.node.End() && at.Line == end.Line && !it.part.startsBetween(it.node.End(), cg.Pos()) {
				buf.WriteString(" " + strings.TrimSpace(printedComment(cg)))
				break
			}
		}
	}
	return nil
}

// startsBetween reports whether a top-level declaration or statement of
// the part starts between from and to.
func (pp *parsedPart) startsBetween(from, to token.Pos) bool {
	var nodes []ast.Node
	if body := pp.mainBody(); body != nil {
		for _, s := range body.List {
			nodes = append(nodes, s)
		}
	} else {
		for _, d := range pp.file.Decls {
			nodes = append(nodes, d)
		}
	}
	for _, n := range nodes {
		if n.Pos() >= from && n.Pos() < to {
			return true
		}
	}
	return false
}

// printedComment is a comment group's text as written.
func printedComment(cg *ast.CommentGroup) string {
	var b strings.Builder
	for _, c := range cg.List {
		b.WriteString(c.Text + " ")
	}
	return b.String()
}

// mapLines finds, for each line of the formatted program, the input line
// it came from: the formatted program is parsed again, and its nodes are
// matched one for one with the nodes they were printed from.
func (b *progBuilder) mapLines(decls []progItem) {
	p := b.prog
	nlines := bytes.Count(p.src, []byte("\n")) + 1
	p.lineFrom = make([]inputPos, nlines)
	for i := range p.lineFrom {
		p.lineFrom[i].input = -1
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", p.src, parser.ParseComments)
	if err != nil {
		return
	}
	var newDecls []ast.Node
	var body []ast.Stmt
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
			body = fd.Body.List
			continue
		}
		newDecls = append(newDecls, d)
	}
	var items []progItem
	var printed []ast.Node
	if len(newDecls) == len(decls) {
		items = append(items, decls...)
		printed = append(printed, newDecls...)
	}
	stmts := b.stmts
	if len(body) == len(stmts) {
		items = append(items, stmts...)
		for _, s := range body {
			printed = append(printed, s)
		}
	}
	for i, it := range items {
		if it.part == nil || it.part.input < 0 {
			continue
		}
		from, to := nodesOf(it.node), nodesOf(printed[i])
		if len(from) != len(to) {
			from, to = from[:1], to[:1]
		}
		start := fset.Position(printed[i].Pos()).Line
		end := fset.Position(printed[i].End()).Line
		var last inputPos
		for j := range from {
			if !from[j].Pos().IsValid() || !to[j].Pos().IsValid() {
				continue
			}
			line := fset.Position(to[j].Pos()).Line
			if line < 1 || line > nlines || p.lineFrom[line-1].input >= 0 {
				continue
			}
			l, c := it.part.pos(from[j].Pos())
			p.lineFrom[line-1] = inputPos{input: it.part.input, line: l, col: c}
		}
		// Lines within the item that no node starts on (a closing
		// brace) belong to the line before them.
		for line := start; line <= end && line <= nlines; line++ {
			if at := p.lineFrom[line-1]; at.input >= 0 {
				last = at
			} else if last.line > 0 {
				p.lineFrom[line-1] = last
			}
		}
	}
}

// printFileSet is the part's file set as the printer should see it: a
// function body of several statements on one line (func incr() { v :=
// counter; counter = v + 1 }) has a line for each, so that the race
// detector, which names lines, can tell its statements apart. Positions
// stay the same; only the lines the printer reads them on differ.
func (pp *parsedPart) printFileSet() *token.FileSet {
	tf := pp.fset.File(pp.file.Package)
	if tf == nil {
		return pp.fset
	}
	lineOf := func(p token.Pos) int { return pp.fset.Position(p).Line }
	offsets := map[int]bool{}
	ast.Inspect(pp.file, func(n ast.Node) bool {
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body == nil || len(body.List) < 2 || lineOf(body.Lbrace) != lineOf(body.Rbrace) {
			return true
		}
		for _, st := range body.List {
			offsets[tf.Offset(st.Pos())] = true
		}
		offsets[tf.Offset(body.Rbrace)] = true
		return true
	})
	if len(offsets) == 0 {
		return pp.fset
	}
	for _, l := range tf.Lines() {
		offsets[l] = true
	}
	lines := make([]int, 0, len(offsets))
	for off := range offsets {
		lines = append(lines, off)
	}
	sort.Ints(lines)
	fset := token.NewFileSet()
	f := fset.AddFile(tf.Name(), tf.Base(), tf.Size())
	if !f.SetLines(lines) {
		return pp.fset
	}
	return fset
}

// nodesOf lists n's nodes in the order ast.Inspect visits them.
func nodesOf(n ast.Node) []ast.Node {
	var list []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if n != nil {
			list = append(list, n)
		}
		return true
	})
	return list
}
