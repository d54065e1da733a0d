package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"reflect"
	"strconv"
	"strings"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"

	"github.com/learn-concurrency/playground/builtins"
)

// EvalCheck runs src, a lesson's check, as an input: bracketed by
// package pg's check scope (what the check starts is the check's, stopped
// when it ends), and without the declared types of its value, which cost
// the check a second compile of itself and tell a verdict string nothing.
func (e *engine) EvalCheck(ctx context.Context, src string) Result {
	builtins.RunMetaIn(builtins.MetaContext{}, "check", "begin")
	defer builtins.RunMetaIn(builtins.MetaContext{}, "check", "end")
	e.checking = true
	defer func() { e.checking = false }()
	return e.Eval(ctx, src)
}

// CheckArgs are what a check function is called with (Session.CallCheck).
type CheckArgs struct {
	Output   string   `json:"output,omitempty"`
	Inputs   []string `json:"inputs,omitempty"`
	Restarts int      `json:"restarts,omitempty"`
}

// A cachedCheck is a check function compiled once and called after each
// input. As an expression, a check cost a compile of its whole body each
// time, and its closure a copy of the session's global frame, which each
// compile made bigger; so the engine keeps the last check compiled, under
// a name no learner can write, until the learner defines again something
// it uses.
type cachedCheck struct {
	src  string          // the function literal as sent: the cache's key
	call *yaegi.Program  // calls the function with checkArgs, run again each time
	uses map[string]bool // the names it uses from outside itself
}

// checkFuncPrefix is how a check function's source must begin.
const checkFuncPrefix = "func("

// CallCheck calls fn, a lesson's check as a Go function literal of type
// func(output string, inputs []string, restarts int) string, with args,
// as EvalCheck runs an expression; its value is the function's result,
// quoted. The function is compiled once and kept while the definitions it
// uses stay (see dropCheck).
func (e *engine) CallCheck(ctx context.Context, fn string, args CheckArgs) Result {
	builtins.RunMetaIn(builtins.MetaContext{}, "check", "begin")
	defer builtins.RunMetaIn(builtins.MetaContext{}, "check", "end")
	e.newInput()
	res := e.callCheck(ctx, fn, args)
	res.In = e.seq
	return res
}

func (e *engine) callCheck(ctx context.Context, fn string, args CheckArgs) Result {
	if e.check == nil || e.check.src != fn {
		e.check = nil
		c, err := e.compileCheck(ctx, fn)
		if err != nil {
			return Result{Err: e.toError(err)}
		}
		e.check = c
	}
	e.checkArgs = args
	defer func() { e.checkArgs = CheckArgs{} }()
	v, err := e.execute(ctx, e.check.call)
	if err != nil {
		return Result{Err: e.toError(err)}
	}
	if !v.IsValid() || v.Kind() != reflect.String {
		return Result{Err: &Error{Kind: ErrOther, Msg: fmt.Sprintf("the check function gave %v, not a string", v)}}
	}
	return Result{Value: strconv.Quote(v.String()), Type: "string"}
}

// compileCheck declares fn as a function of the session under a fresh
// name no learner can write (not a Go identifier: nothing they type can
// call it, clash with it or complete to it, and no list of theirs knows
// it), and compiles the call of it that each check runs.
func (e *engine) compileCheck(ctx context.Context, fn string) (*cachedCheck, error) {
	if !strings.HasPrefix(fn, checkFuncPrefix) {
		return nil, errors.New("a check function must be a function literal")
	}
	if err := e.loadPrelude(ctx, fn); err != nil {
		return nil, err
	}
	// fn's first line is the signature: the positions of its body, where
	// the lesson's check is, stay those of fn.
	directive := fmt.Sprintf("/*line %s:1:1*/", e.source())
	f, err := parser.ParseFile(e.i.FileSet(), sourceName, "package main;"+directive+"func _"+fn[len("func"):], parser.DeclarationErrors)
	if err != nil {
		return nil, err
	}
	if len(f.Decls) != 1 {
		return nil, scanner.ErrorList{{Pos: e.i.FileSet().Position(f.Decls[len(f.Decls)-1].Pos()), Msg: "a check function is one function literal"}}
	}
	fd, ok := f.Decls[0].(*ast.FuncDecl)
	if !ok {
		return nil, errors.New("a check function must be a function literal")
	}
	if err := e.checkReturns(f); err != nil {
		return nil, err
	}
	if err := e.autoImport(ctx, f); err != nil {
		return nil, err
	}
	uses := freeNames(fd, nil)
	e.checkSeq++
	fd.Name.Name = fmt.Sprintf("pg·check%d", e.checkSeq)
	renameMain(f.Decls)
	mod := e.newRewriter()
	if err := mod.Rewrite(f); err != nil {
		return nil, err
	}
	prog, err := e.compileModern(mod, f)
	if err != nil {
		return nil, e.namesUndefined(f, err)
	}
	if _, err := e.execute(ctx, prog); err != nil {
		return nil, err
	}
	pos := fd.Pos()
	call := &ast.CallExpr{Fun: &ast.Ident{Name: fd.Name.Name, NamePos: pos}, Lparen: pos, Rparen: pos}
	for _, get := range []string{"CheckOutput", "CheckInputs", "CheckRestarts"} {
		call.Args = append(call.Args, &ast.CallExpr{Fun: showFunc(get, pos), Lparen: pos, Rparen: pos})
	}
	callProg, err := e.compile(&ast.BlockStmt{Lbrace: pos, List: []ast.Stmt{&ast.ExprStmt{X: call}}, Rbrace: pos})
	if err != nil {
		return nil, err
	}
	return &cachedCheck{src: fn, call: callProg, uses: uses}, nil
}

// useCheckArgs gives the check's call its arguments: the engine's
// checkArgs, as functions of package _pgshow.
func (e *engine) useCheckArgs() error {
	return e.i.Use(yaegi.Exports{showPath + "/show": {
		"CheckOutput":   reflect.ValueOf(func() string { return e.checkArgs.Output }),
		"CheckInputs":   reflect.ValueOf(func() []string { return e.checkArgs.Inputs }),
		"CheckRestarts": reflect.ValueOf(func() int { return e.checkArgs.Restarts }),
	}})
}

// dropCheck forgets the compiled check if it uses one of names, which an
// input is defining (again): compiled code goes on using the versions it
// was compiled against (redefine.go), and a check must judge the
// learner's current definitions.
func (e *engine) dropCheck(names ...string) {
	if e.check == nil {
		return
	}
	for _, name := range names {
		if e.check.uses[name] {
			e.check = nil
			return
		}
	}
}

// dropAnyCheck forgets the compiled check whatever it uses: a type or a
// method declared (again) changes what values of the learner's do, and a
// check reaches them through names it does not write.
func (e *engine) dropAnyCheck() { e.check = nil }
