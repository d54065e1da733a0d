package interp

import (
	"strconv"
	"strings"
)

// funcName is the name Go's runtime gives, in a traceback, the function
// def declares (a funcDecl) or is (a funcLit), in package pkg: "main.f",
// "main.T.M", "main.(*T).M", "main.Map[...]"; a function literal is
// named after the function around it and numbered in source order among
// the literals directly in it, as the gc compiler numbers them:
// "main.main.func1", "main.main.func1.1", "main.(*T).M.func2", and
// "main.init.func1" for one in a package-level declaration. Code at the
// top of a REPL input is no function: a literal there is "main.func1".
func funcName(pkg string, def *node) string {
	if def.kind == funcDecl {
		return pkg + "." + declName(def)
	}
	if madeForLiteral(def) {
		// Not the learner's: the frame is its enclosing function's.
		return funcNameAround(pkg, def) + ".func"
	}
	outer, top := enclosingFunc(def)
	switch {
	case outer == nil && top.kind == fileStmt:
		return pkg + ".init.func" + strconv.Itoa(literalNumber(top, def))
	case outer == nil:
		return pkg + ".func" + strconv.Itoa(literalNumber(top, def))
	case outer.kind == funcDecl:
		return funcName(pkg, outer) + ".func" + strconv.Itoa(literalNumber(outer, def))
	default:
		return funcName(pkg, outer) + "." + strconv.Itoa(literalNumber(outer, def))
	}
}

// funcNameAround is the name of the function n is in, or pkg.
func funcNameAround(pkg string, n *node) string {
	if outer, _ := enclosingFunc(n); outer != nil {
		return funcName(pkg, outer)
	}
	return pkg
}

// declName is a declared function's name as the runtime has it: "f",
// "T.M", "(*T).M", "Map[...]", "(*List[...]).Push".
func declName(def *node) string {
	name := def.child[1].ident
	if recv := def.child[0]; len(recv.child) > 0 {
		field := recv.child[0]
		t := field.child[len(field.child)-1]
		ptr := t.kind == starExpr
		if ptr {
			t = t.child[0]
		}
		tname := recvTypeName(t)
		if ptr {
			return "(*" + tname + ")." + name
		}
		return tname + "." + name
	}
	if len(def.param) > 0 {
		return name + "[...]" // an instance of a generic function
	}
	return name
}

// recvTypeName is a receiver's type name, a generic one's with its
// arguments elided as the runtime elides them: "List[...]". An
// instance's receiver is an ident "List[int]" (genAST).
func recvTypeName(t *node) string {
	switch t.kind {
	case indexExpr, indexListExpr:
		return recvTypeName(t.child[0]) + "[...]"
	}
	name, _, generic := strings.Cut(t.ident, "[")
	if generic {
		name += "[...]"
	}
	return name
}

// enclosingFunc returns the learner's function around n (a funcDecl or a
// funcLit), or nil and the root of n's tree when n is in none.
func enclosingFunc(n *node) (outer, top *node) {
	top = n
	for a := n.anc; a != nil; a = a.anc {
		if a.kind == funcDecl || a.kind == funcLit && !madeForLiteral(a) {
			return a, nil
		}
		top = a
	}
	return nil, top
}

// literalNumber is lit's number among the function literals directly in
// fn (not in a literal of fn's, nor in a function declared in it), from 1
// in source order.
func literalNumber(fn, lit *node) int {
	count := 0
	var walk func(n *node) bool
	walk = func(n *node) bool {
		for _, c := range n.child {
			switch {
			case c == lit:
				count++
				return true
			case c.kind == funcDecl:
			case c.kind == funcLit && !madeForLiteral(c):
				count++
			default:
				if walk(c) {
					return true
				}
			}
		}
		return false
	}
	walk(fn)
	return count
}

// madeForLiteral reports whether lit, a function literal, was written by
// the playground's rewriting, not by the learner: its body's brace is at
// the literal's own position (a written one's follows "func(…)"), so
// that it is no frame of its own in the learner's eyes.
func madeForLiteral(lit *node) bool {
	return len(lit.child) == 4 && lit.child[3].pos == lit.pos
}
