package interp

import (
	"context"
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// Redefining functions and variables. A learner declares a function, tries
// it, and declares it again, fixed, many times a session; they reset a
// counter with count := 0. yaegi (v0.16.1) does not do what they expect:
//   - a declaration that fails to compile still replaces the function it
//     redeclares: calls to it then panic with "index out of range";
//   - functions compiled earlier go on using the version of a function or
//     variable they were compiled against (traefik/yaegi#1673): declare f
//     again and g, which calls f, still runs the old f; define count
//     again and incr, which counts, goes on counting in the old count.
//
// So the engine probes declarations before it compiles them (probe.go),
// and keeps the last declaration of each top-level function that
// compiled: after a declaration the probe could not judge fails, it
// compiles the previous one again. After a function or variable is defined
// again, it compiles again every function that uses it, directly or
// through others. Methods and generic functions cannot be compiled again
// (methods.go): one that uses what was redefined is named in a warning.
// Closures kept in variables keep what they had.

// probeSuffix marks the names a probe compiles functions under, so that a
// failed probe damages no name of the learner's; rewrite.Unmangle removes it from
// messages. (The rewrites number their names from 1.)
const probeSuffix = "_pg0"

// restoreFuncs compiles again the last good declaration of each function
// that the failed declarations decls redeclared.
func (e *engine) restoreFuncs(decls []ast.Decl) {
	for _, d := range decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		if prev, ok := e.funcs[fd.Name.Name]; ok {
			// It compiled before; if what it calls has changed since so
			// that it no longer does, it stays as broken as yaegi left it.
			e.dropCheck(fd.Name.Name)
			e.compileDecls([]*ast.FuncDecl{prev.decl})
		}
	}
}

// A funcDecl is a function's declaration that compiled, with the names
// it uses from outside itself.
type funcDecl struct {
	decl *ast.FuncDecl
	uses map[string]bool
}

// recordFuncs keeps the function declarations of f, which compiled
// (methods: recordMethods), and returns the names of those that replaced
// earlier ones.
func (e *engine) recordFuncs(f *ast.File) (redeclared []string) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv != nil {
			continue
		}
		if _, ok := e.funcs[fd.Name.Name]; ok {
			redeclared = append(redeclared, fd.Name.Name)
		}
		if declaredOnce(fd) {
			// A generic function is not compiled again (methods.go): its
			// callers are, and it is among the methods for warnings.
			delete(e.funcs, fd.Name.Name)
			continue
		}
		e.funcs[fd.Name.Name] = funcDecl{decl: fd, uses: freeNames(fd, f)}
	}
	return redeclared
}

// rebind compiles again the functions that use what an input redefined,
// and keeps a warning for the learner about those that still use the old.
func (e *engine) rebind(redefined []string, input []ast.Decl) {
	if len(redefined) == 0 {
		return
	}
	if warn := e.rebindCallers(redefined, input); warn != "" {
		e.warnings = append(e.warnings, warn)
	}
}

// redefinedVars returns those of names that are variables of the session.
func (e *engine) redefinedVars(names []string) []string {
	var vars []string
	for _, name := range names {
		if e.defined[name] == "var" {
			vars = append(vars, name)
		}
	}
	return vars
}

// topLevelVars returns the variables that nodes, an input's declarations or
// statements, define: with var, or with := at the top level.
func topLevelVars[N ast.Node](nodes []N) []string {
	var names []string
	for _, n := range nodes {
		switch n := ast.Node(n).(type) {
		case *ast.DeclStmt:
			names = append(names, topLevelVars([]ast.Decl{n.Decl})...)
		case *ast.GenDecl:
			if n.Tok != token.VAR {
				continue
			}
			for _, s := range n.Specs {
				for _, id := range s.(*ast.ValueSpec).Names {
					names = append(names, id.Name)
				}
			}
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				continue
			}
			for _, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					names = append(names, id.Name)
				}
			}
		}
	}
	return names
}

// rebindCallers compiles again the functions that use one of the
// redefined names, directly or through other functions (but not those the
// same input declared), so that they use the new versions. It returns a
// warning for the learner when some of them still use an old version.
func (e *engine) rebindCallers(redefined []string, input []ast.Decl) string {
	changed := map[string]bool{}
	for _, name := range redefined {
		changed[name] = true
	}
	declared := map[string]bool{}
	for _, d := range input {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv == nil {
			declared[fd.Name.Name] = true
		}
	}
	var callers []*ast.FuncDecl
	for grew := true; grew; {
		grew = false
		for _, name := range sortedKeys(e.funcs) {
			if changed[name] || declared[name] || !usesAny(e.funcs[name].uses, changed) {
				continue
			}
			changed[name] = true
			callers = append(callers, e.funcs[name].decl)
			grew = true
		}
	}
	// The compiled check calls what it was compiled against, as they do.
	e.dropCheck(sortedKeys(changed)...)
	var stale []string
	for _, key := range sortedKeys(e.methods) {
		if m := e.methods[key]; !m.broken && usesAny(m.uses, changed) {
			if strings.Contains(key, ".") {
				stale = append(stale, "the method "+key)
			} else {
				stale = append(stale, "the generic function "+key)
			}
		}
	}
	old := quoteNames(redefined)
	var warn []string
	if len(callers) > 0 {
		// A probe first, under other names: a caller that no longer
		// compiles (f's signature changed) would be left broken.
		decls, own := make([]ast.Decl, len(callers)), map[any]bool{}
		for i, fd := range callers {
			decls[i], own[fd] = fd, true
		}
		restore := renameForProbe(decls, own, nil)
		err := e.compileDecls(callers)
		restore()
		if err == nil {
			err = e.compileDecls(callers)
		}
		if err != nil {
			list := make([]string, len(callers))
			for i, fd := range callers {
				list[i] = fd.Name.Name
			}
			msg := posPrefix().ReplaceAllString(e.toError(err).Msg, "")
			warn = append(warn, quoteNames(list)+" still "+useVerb(len(list))+" the old "+old+": "+pronoun(len(list), "it does", "they do")+
				" not compile with the new one ("+msg+"). Declare "+pronoun(len(list), "it", "them")+" again to use the new "+old+".")
		}
	}
	if len(stale) > 0 {
		warn = append(warn, quoteNames(stale)+" still "+useVerb(len(stale))+
			" the old "+old+": the playground cannot compile a method or a generic function again, so it keeps using what it used when it was declared.")
	}
	return strings.Join(warn, "\n")
}

// compileDecls compiles and runs declarations of earlier inputs. The file
// starts where the first does: yaegi scopes a file's names by its base
// name, which must be an input's for a function to be declared again.
func (e *engine) compileDecls(decls []*ast.FuncDecl) error {
	f := &ast.File{Package: decls[0].Pos(), Name: ast.NewIdent("main")}
	for _, fd := range decls {
		f.Decls = append(f.Decls, fd)
	}
	prog, err := e.compile(f)
	if err != nil {
		return err
	}
	_, err = e.execute(context.Background(), prog)
	return err
}

// freeNames returns the names n uses that it does not declare itself:
// those the parser left unresolved (declared in earlier inputs, or
// predeclared) and those of the top-level declarations of f, n's input, if
// given. Selected names (x.f) are fields, methods or a package's.
func freeNames(n ast.Node, f *ast.File) map[string]bool {
	top := map[any]bool{} // what a top-level name's object is declared by
	if f != nil {
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				top[d] = true
			case *ast.GenDecl:
				for _, s := range d.Specs {
					top[s] = true
				}
			}
		}
	}
	names := map[string]bool{}
	sel := map[*ast.Ident]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			sel[n.Sel] = true
		case *ast.Ident:
			if !sel[n] && (n.Obj == nil || top[n.Obj.Decl]) {
				names[n.Name] = true
			}
		}
		return true
	})
	return names
}

func usesAny(uses, names map[string]bool) bool {
	for name := range names {
		if uses[name] {
			return true
		}
	}
	return false
}

// methodKey names a method as the learner would: T.M.
func methodKey(fd *ast.FuncDecl) string {
	for t := fd.Recv.List[0].Type; ; {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.Ident:
			return x.Name + "." + fd.Name.Name
		default:
			return fd.Name.Name
		}
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func quoteNames(names []string) string {
	switch len(names) {
	case 1:
		return names[0]
	case 2:
		return names[0] + " and " + names[1]
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

func useVerb(n int) string {
	if n == 1 {
		return "uses"
	}
	return "use"
}

func pronoun(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
