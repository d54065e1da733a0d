package shell

// The passes that turn the session's declarations and statements into a
// program's (the list at the top of saveprog.go): the last version of
// each declaration, where each variable lives, one definition of each,
// and a use of each variable nothing reads.

import (
	"bytes"
	"go/ast"
	goprinter "go/printer"
	"go/token"
	"sort"
	"strings"

	"github.com/learn-concurrency/playground/interp"
)

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
