package interp

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"

	"github.com/learn-concurrency/playground/interp/rewrite"
)

// A probe compiles an input's declarations once before they are compiled
// for real, in a form that leaves nothing of the learner's damaged if it
// fails; only if it compiles (or cannot tell) is the input compiled. What
// yaegi would otherwise leave damaged:
//   - a function that fails replaces the one it redeclares, or is declared
//     broken: calls to it panic ("index out of range"). The probe declares
//     the input's functions under other names (see also redefine.go);
//   - a method that fails is attached to its type all the same, for good
//     (methods.go). The probe declares new methods under other names;
//   - a variable declared again gets new storage before its value compiles:
//     if that fails, it reads zero from then on; a new one whose value
//     names something undefined leaves yaegi unable to compile any later
//     declaration of it. The probe declares variables and constants inside
//     a function, when the input gives no type new methods.
// The input's types are declared by the probe as the input declares them.

// importFirst compiles the imports of f and takes them out of it, so that
// the probe, which has no imports of its own, sees them (and the input
// does not import them twice, which yaegi refuses).
func (e *engine) importFirst(f *ast.File) error {
	var imports []ast.Decl
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			imports = append(imports, d)
		} else {
			decls = append(decls, d)
		}
	}
	f.Decls = decls
	if len(imports) == 0 {
		return nil
	}
	_, err := e.compile(&ast.File{Package: imports[0].Pos(), Name: ast.NewIdent("main"), Decls: imports})
	return err
}

// probeName is the function the variables are probed in.
const probeName = "_pgProbe"

// probe compiles the probe of decls, which mod rewrote, as the input would
// be compiled (with compileModern's second tries, which change decls as
// they would change the input), and returns its error, if the error is the
// learner's. It returns nil when the probe compiled, or when it was
// inconclusive: its error came from renaming methods (a method of another
// type with one of the new methods' names), or named one of the variables
// or methods, which the probe declares otherwise than the input.
func (e *engine) probe(mod *rewrite.Rewriter, decls []ast.Decl) error {
	funcs := map[any]bool{} // the input's functions: what their names' objects are declared by
	methods := map[string]bool{}
	var file []ast.Decl
	var vars []ast.Stmt
	var declared []string // names the probe declares otherwise than the input
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				funcs[d] = true
			} else {
				if isGenericRecv(d.Recv.List[0].Type) {
					return nil // yaegi instantiates these per type; not probed
				}
				methods[d.Name.Name] = true
				declared = append(declared, d.Name.Name)
			}
			file = append(file, d)
		case *ast.GenDecl:
			switch d.Tok {
			case token.TYPE:
				file = append(file, d)
			case token.VAR, token.CONST:
				vars = append(vars, &ast.DeclStmt{Decl: d})
				for _, s := range d.Specs {
					for _, n := range s.(*ast.ValueSpec).Names {
						declared = append(declared, n.Name)
					}
				}
			}
		}
	}
	// Variables are probed in inputs without new methods: their values
	// could need the methods the probe renames (var _ fmt.Stringer = T{}),
	// in a message that does not say so.
	if len(vars) > 0 && len(methods) == 0 {
		file = append(file, &ast.FuncDecl{
			Name: ast.NewIdent(probeName),
			Type: &ast.FuncType{Func: vars[0].Pos(), Params: &ast.FieldList{}},
			Body: &ast.BlockStmt{Lbrace: vars[0].Pos(), List: vars},
		})
	}
	if len(funcs) == 0 && len(methods) == 0 && len(vars) == 0 {
		return nil
	}
	restore := renameForProbe(file, funcs, methods)
	_, err := e.compileModern(mod, &ast.File{Package: file[0].Pos(), Name: ast.NewIdent("main"), Decls: file})
	restore()
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, probeName) {
		return nil
	}
	for name := range methods {
		if strings.Contains(msg, name+probeSuffix) {
			return nil
		}
	}
	for _, name := range declared {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(msg) {
			return nil
		}
	}
	return err
}

// renameForProbe gives the probe suffix to the functions among decls and
// the names that refer to them, and to the methods among decls and every
// selector of one of their names; the function it returns takes it off.
func renameForProbe(decls []ast.Decl, funcs map[any]bool, methods map[string]bool) (restore func()) {
	var renamed []*ast.Ident
	for _, d := range decls {
		ast.Inspect(d, func(n ast.Node) bool {
			var id *ast.Ident
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Recv != nil && methods[n.Name.Name] {
					id = n.Name
				}
			case *ast.SelectorExpr:
				if methods[n.Sel.Name] {
					id = n.Sel
				}
			case *ast.Ident:
				if n.Obj != nil && funcs[n.Obj.Decl] {
					id = n
				}
			}
			if id != nil && !strings.HasSuffix(id.Name, probeSuffix) {
				id.Name += probeSuffix
				renamed = append(renamed, id)
			}
			return true
		})
	}
	return func() {
		for _, id := range renamed {
			id.Name = strings.TrimSuffix(id.Name, probeSuffix)
		}
	}
}
