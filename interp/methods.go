package interp

import (
	"bytes"
	"go/ast"
	"go/printer"
	"go/scanner"
	"go/token"
)

// Methods, declared once. yaegi (v0.16.1) keeps the first method of a name
// that a type is given and ignores any later one: declare T.Get again and
// T{}.Get() still runs the first. A declaration that fails to compile
// counts: the type keeps a broken method, and every call to it panics
// ("index out of range"). So the engine
//   - refuses to declare a method again, saying why, unless the new
//     declaration is the same as the old (a block pasted twice), and
//     remembers a method that failed to compile, to say so;
//   - compiles an input that gives a type new methods twice: first a probe
//     (probe.go), in which the new methods have other names, and only if
//     that compiles, the input itself. A method that does not compile is
//     then never attached.

// dropRepeatedMethods takes out of f the methods (and generic functions,
// which yaegi cannot replace either: it keeps the versions it made for
// each type) declared before exactly as they are now, and returns the
// text of the others, by T.M or name, for recordMethods. It fails on the
// first declared before differently. (It runs before the input is
// rewritten, which would tell apart two copies by the names it makes.)
func (e *engine) dropRepeatedMethods(f *ast.File) (map[string]string, error) {
	texts := map[string]string{}
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || !declaredOnce(fd) {
			decls = append(decls, d)
			continue
		}
		key, text := onceKey(fd), declText(fd)
		prev, declared := e.methods[key]
		what, noun, keeps := "the method "+key, "a method", "its interpreter keeps the first"
		again := "or :restart and declare the type and its methods again"
		if fd.Recv == nil {
			what, noun, keeps = "the generic function "+key, "a generic function", "its interpreter keeps the versions it made for each type"
			again = "or :restart and declare it again"
		}
		switch {
		case !declared:
			texts[key] = text
			decls = append(decls, d)
		case prev.broken:
			return nil, methodError(e.i.FileSet(), fd, what+" failed to compile before, and the playground cannot replace "+noun+" "+
				"("+keeps+", even a broken one): :restart, then :replay (which leaves out inputs that failed), then declare it again")
		case prev.text != text:
			return nil, methodError(e.i.FileSet(), fd, what+" is declared already, and the playground cannot replace "+noun+" "+
				"("+keeps+"): give the new version another name, such as "+fd.Name.Name+"2, "+again)
		}
	}
	f.Decls = decls
	return texts, nil
}

// declaredOnce reports whether fd declares what yaegi cannot replace: a
// method, or a generic function.
func declaredOnce(fd *ast.FuncDecl) bool {
	return fd.Recv != nil || fd.Type.TypeParams != nil
}

// onceKey names what fd declares: T.M for a method, its name for a
// generic function.
func onceKey(fd *ast.FuncDecl) string {
	if fd.Recv != nil {
		return methodKey(fd)
	}
	return fd.Name.Name
}

// A method is what the engine knows of a method, or a generic function,
// declared in the session.
type method struct {
	text   string          // as the learner wrote it (declText)
	uses   map[string]bool // what it uses from outside itself (freeNames)
	broken bool            // it failed to compile, and yaegi kept it anyway
}

// recordMethods notes the methods and generic functions of f, which
// compiled or (broken) failed to; texts holds what the learner wrote of
// each.
func (e *engine) recordMethods(f *ast.File, texts map[string]string, broken bool) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok {
			continue
		}
		if !declaredOnce(fd) {
			delete(e.methods, fd.Name.Name) // a generic function of that name is replaced
			continue
		}
		key := onceKey(fd)
		if text, ok := texts[key]; ok {
			e.methods[key] = method{text: text, uses: freeNames(fd, f), broken: broken}
		}
	}
}

func methodError(fset *token.FileSet, fd *ast.FuncDecl, msg string) error {
	return scanner.ErrorList{{Pos: fset.Position(fd.Name.Pos()), Msg: msg}}
}

// declText is a declaration as gofmt would print it, whatever its layout.
func declText(n ast.Node) string {
	var b bytes.Buffer
	if (&printer.Config{Mode: printer.RawFormat}).Fprint(&b, token.NewFileSet(), n) != nil {
		return ""
	}
	return b.String()
}

// isGenericRecv reports whether a receiver's type has type parameters.
func isGenericRecv(t ast.Expr) bool {
	if s, ok := t.(*ast.StarExpr); ok {
		t = s.X
	}
	switch t.(type) {
	case *ast.IndexExpr, *ast.IndexListExpr:
		return true
	}
	return false
}
