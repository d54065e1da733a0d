package interp

import (
	"go/ast"
	"go/token"
	"regexp"
	"strings"
)

// A probe compiles, before an input's declarations, the parts of them that
// yaegi would leave damaged if they failed to compile, in a form that
// leaves nothing of the learner's damaged when it fails:
//   - new methods, under other names (a method that fails is attached to
//     its type all the same, for good: methods.go);
//   - variables and constants, inside a function, when the input gives no
//     type new methods. A variable declared again
//     gets new storage before its value compiles: if that fails, it reads
//     zero from then on. A new one whose value names something undefined
//     leaves yaegi unable to compile any later declaration of it.
// The input's types and functions are compiled with them, as written, so
// that the probe sees what the input declares; a function that fails is
// restored afterwards (redefine.go).

// probeName is the function the variables are probed in.
const probeName = "_pgProbe"

// probe compiles the probe of decls and returns its error, if the error is
// the learner's. It returns nil when there is nothing to probe, or when
// the probe was inconclusive: its error came from the renaming (a method
// of another type with one of the new methods' names), or named one of the
// variables or methods, which the probe declares otherwise than the input.
func (e *engine) probe(decls []ast.Decl) error {
	methods := map[string]bool{}
	var file []ast.Decl
	var vars []ast.Stmt
	var declared []string // names the probe declares otherwise than the input
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
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
	if len(methods) == 0 && len(vars) == 0 {
		return nil
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
	restore := renameMethods(file, methods)
	_, err := e.compile(&ast.File{Package: file[0].Pos(), Name: ast.NewIdent("main"), Decls: file})
	restore()
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, probeSuffix) || strings.Contains(msg, probeName) {
		return nil
	}
	for _, name := range declared {
		if regexp.MustCompile(`\b` + regexp.QuoteMeta(name) + `\b`).MatchString(msg) {
			return nil
		}
	}
	return err
}

// renameMethods gives the methods among decls, and every selector of one
// of names, the probe suffix; the function it returns takes it off.
func renameMethods(decls []ast.Decl, names map[string]bool) (restore func()) {
	var renamed []*ast.Ident
	for _, d := range decls {
		ast.Inspect(d, func(n ast.Node) bool {
			var id *ast.Ident
			switch n := n.(type) {
			case *ast.FuncDecl:
				if n.Recv != nil {
					id = n.Name
				}
			case *ast.SelectorExpr:
				id = n.Sel
			}
			if id != nil && names[id.Name] {
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
