package interp

// types keeps a type from being declared again differently: yaegi keeps
// the first declaration of a type and ignored a second one silently
// (type T struct{ A int }, then type T struct{ A, B int }: T{1, 2} said
// "too many values"). As with a method, a second, different declaration
// is refused with the reason and a way out; the same text again (a block
// pasted twice) is accepted.

import (
	"go/ast"
	"go/scanner"
	"go/token"
)

// dropRepeatedTypes refuses a type of f declared before as something
// else, and drops one declared before as it is now. It returns the text
// of each new type, for recordTypes once f compiles.
func (e *engine) dropRepeatedTypes(f *ast.File) (map[string]string, error) {
	texts := map[string]string{}
	err := filterSpecs(f, token.TYPE, func(s ast.Spec) (bool, error) {
		ts := s.(*ast.TypeSpec)
		name, text := ts.Name.Name, declText(ts)
		prev, declared := e.types[name]
		switch {
		case !declared:
			texts[name] = text
			return true, nil
		case prev != text:
			return false, scanner.ErrorList{{Pos: e.i.FileSet().Position(ts.Name.Pos()), Msg: "the type " + name +
				" is declared already, and the playground cannot replace a type (its interpreter keeps the first): " +
				"give the new version another name, such as " + name + "2, or :restart and declare it again"}}
		}
		return false, nil // the same again: already declared
	})
	return texts, err
}

// recordTypes notes the types an input declared, once it compiled.
func (e *engine) recordTypes(texts map[string]string) {
	for name, text := range texts {
		e.types[name] = text
	}
}
