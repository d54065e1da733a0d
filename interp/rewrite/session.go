package rewrite

import (
	"go/ast"
	"go/token"
	"reflect"
)

// Env is what the rewrites read of the session around them. The engine
// fills every field; the maps are the engine's own, read and never
// written here.
type Env struct {
	Fset *token.FileSet
	// Defined holds the names the learner declared in the session and what
	// they are: "func", "type", "var" or "const".
	Defined map[string]string
	// Packages maps a package name to the import paths of the known
	// packages of that name.
	Packages map[string][]string
	// PackagePath returns the import path a package name refers to in the
	// session, or "".
	PackagePath func(name string) string
	// HostPackage returns a compiled package's symbols by exported name,
	// or nil; packages are keyed as yaegi keys them ("os/exec/exec").
	HostPackage func(key string) map[string]reflect.Value
	// Globals returns the session's variables and constants.
	Globals func() map[string]reflect.Value
}

// A Session is what the rewriting keeps across the inputs of a session.
// It must not be used concurrently.
type Session struct {
	env Env
	seq int // counts the names the rewrites introduce, so each is new
	// funcs are the signatures of the functions the learner declared, for
	// the results of calls and the type parameters of generic functions.
	funcs map[string]*ast.FuncType
	// vars are the types of the session's variables, as the inputs that
	// declared them wrote them or let them be told: the type of
	// ps := []P{…} is []P, where yaegi's Globals would give a struct type
	// without its name.
	vars map[string]ast.Expr
	// types are the type declarations of the session, for the underlying
	// types of the types they declare.
	types map[string]*ast.TypeSpec
}

// NewSession returns the rewriting of a new session in env.
func NewSession(env Env) *Session {
	return &Session{env: env, funcs: map[string]*ast.FuncType{}, vars: map[string]ast.Expr{}, types: map[string]*ast.TypeSpec{}}
}

// Rewriter returns a Rewriter for the session's next input.
func (s *Session) Rewriter() *Rewriter {
	return &Rewriter{s: s, fset: s.env.Fset, blocks: map[*ast.BlockStmt]ast.Stmt{}}
}

// FuncType returns the signature of the learner's function name, as its
// last declaration that went through the rewrites wrote it, or nil.
func (s *Session) FuncType(name string) *ast.FuncType {
	return s.funcs[name]
}
