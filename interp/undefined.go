package interp

import (
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"strings"

	"github.com/learn-concurrency/playground/internal/yaegiassume"
)

// yaegi reports "constant definition loop" when the value of a top-level
// variable or constant names something undefined (x := lenght(s)): it
// waits for the name to be declared, then gives up. namesUndefined puts in
// that message's place the one a Go compiler gives: "undefined: lenght",
// at the name.
func (e *engine) namesUndefined(f *ast.File, err error) error {
	if !yaegiassume.IsConstantDefinitionLoop(err) {
		return err
	}
	for _, id := range f.Unresolved {
		if !e.knows(id.Name) {
			return scanner.ErrorList{{Pos: e.i.FileSet().Position(id.Pos()), Msg: "undefined: " + id.Name}}
		}
	}
	return err
}

// knows reports whether name means something in the session: a name the
// learner declared, a predeclared one, a package's or one of the
// playground's own.
func (e *engine) knows(name string) bool {
	if _, ok := e.defined[name]; ok {
		return true
	}
	return types.Universe.Lookup(name) != nil || e.importedName(name) || len(e.pkgs[name]) > 0 ||
		strings.Contains(name, "_pg")
}

// takeStatementVars takes out of f the variable declarations whose values
// use a variable a statement defined, and returns them as statements.
// yaegi cannot compile such a declaration as one ("variable definition
// loop": n := 3, then var w = n); as a statement, it defines w as n := 3
// defined n.
func (e *engine) takeStatementVars(f *ast.File) []ast.Stmt {
	var stmts []ast.Stmt
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR || !usesAny(freeNames(gd, nil), e.stmtVars) {
			decls = append(decls, d)
			continue
		}
		for _, s := range gd.Specs {
			for _, n := range s.(*ast.ValueSpec).Names {
				e.stmtVars[n.Name] = true
			}
		}
		stmts = append(stmts, &ast.DeclStmt{Decl: gd})
	}
	f.Decls = decls
	return stmts
}
