package interp

// Go refuses a variable declared and not used inside a function, and an
// import a program does not use; yaegi runs both. checkUnused gives Go's
// errors, found by go/types, before yaegi compiles the input.
//
// go/types needs the packages the input imports only to type what comes
// from them; whether a name is used does not depend on it. So each import
// is given an empty package of the right name: selectors on it fail, and
// those failures (and every other error go/types finds without the real
// packages, or without the session's earlier inputs) are ignored. A
// failed call still counts its arguments as used, as in the compiler.

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"
)

// The errors go/types shares with the compiler (Go 1.26), which are the
// ones checkUnused reports.
const (
	unusedVarPrefix = "declared and not used: "
	unusedSwitchVar = " declared and not used" // `t declared and not used`, of switch t := x.(type)
	unusedImport    = " and not used"          // `"os" imported and not used`, `"strings" imported as str and not used`
)

// unusedScope says what checkUnused looks at.
type unusedScope int

const (
	// unusedInStatements: f is an input's statements wrapped in one
	// function; the variables its top level declares are the session's,
	// used by later inputs, and are never reported.
	unusedInStatements unusedScope = iota
	// unusedInDecls: f holds an input's declarations: its functions'
	// variables are reported, its imports are not (a later input may use
	// them).
	unusedInDecls
	// unusedInProgram: f is a whole program: variables and imports.
	unusedInProgram
)

// checkUnused reports the first variable f declares and does not use in
// a function, and, in a whole program, the first import it does not use,
// as Go's compiler does.
func (e *engine) checkUnused(f *ast.File, scope unusedScope) error {
	sessionVars := map[token.Pos]bool{}
	if scope == unusedInStatements {
		for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
			for _, id := range definedBy(s) {
				sessionVars[id.Pos()] = true
			}
		}
	}
	if !declaresLocals(f, sessionVars) && (scope != unusedInProgram || len(f.Imports) == 0) {
		return nil // nothing that could be unused: skip the type check
	}
	dotImport := false
	for _, spec := range f.Imports {
		if spec.Name != nil && spec.Name.Name == "." {
			dotImport = true // its names cannot be told from undefined ones
		}
	}
	var found []scanner.Error
	conf := types.Config{
		Importer: emptyPackages{},
		Error: func(err error) {
			te, ok := err.(types.Error)
			if !ok {
				return
			}
			switch {
			case strings.HasPrefix(te.Msg, unusedVarPrefix),
				strings.HasSuffix(te.Msg, unusedSwitchVar) && !strings.HasPrefix(te.Msg, "label "):
				// A label is left alone: Go reports a label it cannot
				// use (break L, L not around the break) in other words.
				if sessionVars[te.Pos] {
					return
				}
			case strings.HasSuffix(te.Msg, unusedImport) && strings.HasPrefix(te.Msg, `"`):
				if scope != unusedInProgram || dotImport {
					return
				}
			default:
				return
			}
			found = append(found, scanner.Error{Pos: e.i.FileSet().Position(te.Pos), Msg: te.Msg})
		},
	}
	func() {
		// go/types is not known to panic, but this is the learner's
		// text: a check that cannot be made is not an error of theirs.
		defer func() { recover() }()
		conf.Check("main", e.i.FileSet(), []*ast.File{f}, nil) // its errors went to conf.Error
	}()
	if len(found) == 0 {
		return nil
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].Pos.Offset < found[j].Pos.Offset })
	list := scanner.ErrorList{&found[0]}
	return list
}

// definedBy lists the variables statement s declares in its own block.
func definedBy(s ast.Stmt) []*ast.Ident {
	var ids []*ast.Ident
	switch s := s.(type) {
	case *ast.AssignStmt:
		if s.Tok == token.DEFINE {
			for _, x := range s.Lhs {
				if id, ok := x.(*ast.Ident); ok {
					ids = append(ids, id)
				}
			}
		}
	case *ast.DeclStmt:
		if gd, ok := s.Decl.(*ast.GenDecl); ok && gd.Tok == token.VAR {
			for _, spec := range gd.Specs {
				ids = append(ids, spec.(*ast.ValueSpec).Names...)
			}
		}
	case *ast.LabeledStmt:
		return definedBy(s.Stmt)
	}
	return ids
}

// declaresLocals reports whether f declares a variable that Go could
// find unused: in a function body, or in a block, other than those in
// skip.
func declaresLocals(f *ast.File, skip map[token.Pos]bool) bool {
	found := false
	ast.Inspect(f, func(n ast.Node) bool {
		if found {
			return false
		}
		var ids []*ast.Ident
		switch n := n.(type) {
		case ast.Stmt:
			ids = definedBy(n)
			switch n := n.(type) {
			case *ast.RangeStmt:
				if n.Tok == token.DEFINE {
					for _, x := range []ast.Expr{n.Key, n.Value} {
						if id, ok := x.(*ast.Ident); ok {
							ids = append(ids, id)
						}
					}
				}
			case *ast.TypeSwitchStmt:
				if a, ok := n.Assign.(*ast.AssignStmt); ok {
					ids = append(ids, definedBy(a)...)
				}
			}
		}
		for _, id := range ids {
			if id.Name != "_" && !skip[id.Pos()] {
				found = true
			}
		}
		return !found
	})
	return found
}

// emptyPackages imports every path as an empty package of the name the
// package really has: enough for go/types to tell whether it is used.
type emptyPackages struct{}

func (emptyPackages) Import(path string) (*types.Package, error) {
	name := packageNames()[path]
	if name == "" {
		name = path[strings.LastIndex(path, "/")+1:]
	}
	pkg := types.NewPackage(path, name)
	pkg.MarkComplete()
	return pkg, nil
}

// packageNames maps each import path the evaluator has to its package's
// name (math/rand/v2 is rand); a path it does not have gets its last
// element, as a missing package is named in Go's errors.
var packageNames = sync.OnceValue(func() map[string]string {
	names := map[string]string{}
	for _, key := range hostPackageKeys() {
		if strings.Contains(key, "/") { // "." holds interface wrappers, not a package
			dir, name := splitKey(key)
			names[dir] = name
		}
	}
	return names
})
