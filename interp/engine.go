package interp

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"io"
	"log"
	"os"
	"os/exec"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	yaegi "github.com/learn-concurrency/playground/internal/yaegi/interp"

	"github.com/learn-concurrency/playground/builtins"
	"github.com/learn-concurrency/playground/internal/yaegiassume"
	"github.com/learn-concurrency/playground/interp/rewrite"
)

// sourceName is the file name positions in learner input carry; it is
// stripped from messages, which then read "line:col: message". Each input
// gets its own name, N/input, so that a panic in a function an earlier
// input defined is not reported at a position in the current one. (The
// base name must stay the same: yaegi scopes imports by it.)
const sourceName = "input"

// showPath is the package of the engine's compiled helper for showing
// values, imported in every session as showName: Tuple gathers every
// result of a call into one slice so the shell can show all of them
// (yaegi's Eval keeps only the first), and prints those that have a
// String method by it (display.go).
const (
	showPath = "playground/show"
	showName = "_pgshow"
)

// plainEnv, set to 1 in the evaluator's environment, turns the rewriting
// off: learner code goes to yaegi as written, and the prelude is not
// loaded. It is the baseline of the rewrite's benchmark (bench/modern_test.go).
const plainEnv = "PLAYGROUND_PLAIN_YAEGI"

// mainAlias is what the learner's main is called inside the interpreter:
// once package main has a func main, yaegi runs it after every input.
const mainAlias = "_pgMain"

// An engine evaluates learner input with one yaegi interpreter.
// Its methods must not be called concurrently: yaegi cannot run two
// evaluations at once (traefik/yaegi#140).
type engine struct {
	i *yaegi.Interpreter

	// frames collects positions of panicking frames that yaegi reports
	// on its stderr while an input runs; src is the current input's
	// source name and seq counts inputs.
	mu     sync.Mutex
	frames heldFrames // the current input's unrecovered panicking frames, innermost first
	src    string
	seq    int

	imported map[string]string   // import path → name, to skip repeated imports (yaegi#1551)
	defined  map[string]string   // names the learner declared → a short description
	funcs    map[string]funcDecl // each function's last declaration that compiled (redefine.go)
	methods  map[string]method   // each method declared, by T.M (methods.go)
	types    map[string]string   // each type declared, as written (types.go)
	warnings []string            // for the learner about the current input, which succeeded
	stmtVars map[string]bool     // variables statements defined (x := 1), which yaegi's declarations cannot see
	pkgs     map[string][]string // package name → import paths of known packages

	canceller *canceller
	last      lastStmt // the last statement compiled; see showValue
	stopped   []string // pg tasks the last cancel stopped, for its message: the first few
	nStopped  int      // and how many

	checking  bool         // a lesson's check runs (check.go)
	check     *cachedCheck // the check function last compiled (check.go)
	checkArgs CheckArgs    // what it is called with, while it runs
	checkSeq  int          // numbers the check functions' names
	complete  completion   // what completion keeps (complete.go)

	plain    bool             // plainEnv: learner code goes to yaegi as written
	prelude  bool             // the rewrites' prelude is compiled (prelude.go)
	defers   bool             // the list of top-level deferred calls is declared (defer.go)
	rewrites *rewrite.Session // what the rewriting keeps across inputs
}

// engineOptions configure newEngine.
type engineOptions struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Exit replaces os.Exit in learner code; why is "os.Exit" or "log.Fatal".
	Exit func(code int, why string)
	// OSStderr, if set, is os.Stderr for learner code.
	OSStderr *os.File
	// Args is os.Args for learner code; nil means {"playground"}.
	Args []string
}

func newEngine(opt engineOptions) (*engine, error) {
	if opt.Args == nil {
		opt.Args = []string{"playground"}
	}
	i := yaegi.New(yaegi.Options{
		Stdin:  opt.Stdin,
		Stdout: opt.Stdout,
		Stderr: opt.Stderr,
		Args:   opt.Args,
		// The evaluator is the learner's own process on their own machine:
		// os.Getenv, os.Setenv and friends should be the real ones.
		Unrestricted: true,
		// cmp, maps and slices are compiled before the first input that
		// names one (loadGenerics).
		LazyGenerics: true,
	})
	for _, set := range lazySymbolSets {
		if err := i.UseLazy(set); err != nil {
			return nil, err
		}
	}
	for _, set := range symbolSets {
		if err := i.Use(set); err != nil {
			return nil, err
		}
	}
	if opt.OSStderr != nil {
		osStderr := opt.OSStderr
		if err := i.Use(yaegi.Exports{"os/os": {"Stderr": reflect.ValueOf(&osStderr).Elem()}}); err != nil {
			return nil, err
		}
	}
	// Processes learner code starts die with the evaluator, even when the
	// evaluator is killed and cannot clean up (Linux: parent-death signal).
	if err := i.Use(yaegi.Exports{"os/exec/exec": {
		"Command": reflect.ValueOf(func(name string, arg ...string) *exec.Cmd {
			c := exec.Command(name, arg...)
			c.SysProcAttr = learnerProcAttr()
			return c
		}),
		"CommandContext": reflect.ValueOf(func(ctx context.Context, name string, arg ...string) *exec.Cmd {
			c := exec.CommandContext(ctx, name, arg...)
			c.SysProcAttr = learnerProcAttr()
			return c
		}),
	}}); err != nil {
		return nil, err
	}
	e := &engine{
		i:         i,
		canceller: newCanceller(i),
		src:       sourceName,
		imported:  map[string]string{},
		defined:   map[string]string{},
		funcs:     map[string]funcDecl{},
		methods:   map[string]method{},
		types:     map[string]string{},
		stmtVars:  map[string]bool{},
		pkgs:      map[string][]string{},
		plain:     os.Getenv(plainEnv) == "1",
	}
	e.rewrites = rewrite.NewSession(rewrite.Env{
		Fset:        i.FileSet(),
		Defined:     e.defined,
		Packages:    e.pkgs,
		PackagePath: e.packagePath,
		HostPackage: hostPackage,
		Globals:     i.Globals,
	})
	for _, key := range hostPackageKeys() {
		if !strings.Contains(key, "/") {
			continue // "." holds interface wrappers, not a package
		}
		dir, name := splitKey(key)
		if strings.HasPrefix(dir, "internal/") || strings.Contains(dir, "/internal/") {
			continue
		}
		e.pkgs[name] = append(e.pkgs[name], dir)
	}
	if opt.Exit != nil {
		fatal := func(v ...any) {
			// Looked up when called: package log's table is built when
			// first needed. Binary packages are keyed by import path.
			if logPrint := i.Symbols("log")["log"]["Print"]; logPrint.IsValid() {
				logPrint.Call([]reflect.Value{reflect.ValueOf(fmt.Sprint(v...))})
			}
			opt.Exit(1, "log.Fatal")
		}
		exit := opt.Exit
		if err := i.Use(yaegi.Exports{
			"os/os": {"Exit": reflect.ValueOf(func(code int) { exit(code, "os.Exit") })},
			"log/log": {
				"Fatal":   reflect.ValueOf(fatal),
				"Fatalf":  reflect.ValueOf(func(f string, v ...any) { fatal(fmt.Sprintf(f, v...)) }),
				"Fatalln": reflect.ValueOf(func(v ...any) { fatal(strings.TrimSuffix(fmt.Sprintln(v...), "\n")) }),
			},
		}); err != nil {
			return nil, err
		}
	}
	// The results of a last call go to a compiled function (display.go).
	if err := useShow(i); err != nil {
		return nil, err
	}
	if err := e.useCheckArgs(); err != nil {
		return nil, err
	}
	if _, err := e.compileRun(context.Background(), "import "+showName+" "+strconv.Quote(showPath), true, 1, 1); err != nil {
		return nil, fmt.Errorf("evaluator set-up: %w", err)
	}
	return e, nil
}

func splitKey(key string) (dir, name string) {
	i := strings.LastIndex(key, "/")
	return key[:i], key[i+1:]
}

// Eval runs one input and returns what the shell shows for it.
func (e *engine) Eval(ctx context.Context, src string) Result {
	e.newInput()
	res := e.eval(ctx, src)
	res.In = e.seq
	return res
}

func (e *engine) eval(ctx context.Context, src string) Result {
	if IsGoFile(src) {
		return e.runProgram(ctx, src)
	}
	segs := splitSegments(src)
	var res Result
	for n, seg := range segs {
		last := n == len(segs)-1
		text := src[seg.start:seg.end]
		v, err := e.compileRun(ctx, text, seg.decl, seg.line, seg.col)
		if err != nil {
			return Result{Err: e.toError(err)}
		}
		if last && !seg.decl {
			res = e.showValue(v)
		}
	}
	res.Warn = strings.Join(e.warnings, "\n")
	return res
}

// runProgram runs a whole Go file, main and all, as yaegi run would.
func (e *engine) runProgram(ctx context.Context, src string) Result {
	if err := e.loadPrelude(ctx, src); err != nil {
		return Result{Err: e.toError(err)}
	}
	f, err := parser.ParseFile(e.i.FileSet(), e.source(), src, parser.DeclarationErrors)
	if err != nil {
		return Result{Err: e.toError(err)}
	}
	if err := e.checkReturns(f); err != nil {
		return Result{Err: e.toError(err)}
	}
	if err := e.checkUnused(f, unusedInProgram); err != nil {
		return Result{Err: e.toError(err)}
	}
	e.dropRepeatedImports(f)
	e.noteDecls(f.Decls)
	hasMain := renameMain(f.Decls)
	mod := e.newRewriter()
	if err := mod.Rewrite(f); err != nil {
		return Result{Err: e.toError(err)}
	}
	// Imported first, the imports are not compiled again by
	// compileModern's second tries, which yaegi would refuse
	// ("fmt/input redeclared in this block") in place of the first
	// try's error.
	if err := e.importFirst(f); err != nil {
		return Result{Err: e.toError(err)}
	}
	prog, err := e.compileModern(mod, f)
	if err == nil {
		_, err = e.execute(ctx, prog)
	}
	if err == nil && hasMain {
		_, err = e.compileRun(ctx, mainAlias+"()", false, 1, 1)
	}
	if err != nil {
		return Result{Err: e.toError(err)}
	}
	return Result{}
}

// renameMain renames every identifier main in nodes to mainAlias, so that
// yaegi does not run the learner's main after each input, while main()
// still calls it. It reports whether nodes declare a func main.
func renameMain[N ast.Node](nodes []N) (declared bool) {
	for _, n := range nodes {
		if fd, ok := ast.Node(n).(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			declared = true
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && id.Name == "main" {
				id.Name = mainAlias
			}
			return true
		})
	}
	return declared
}

// newRewriter returns what rewrites the next input, or nil when the
// rewriting is off (plainEnv).
func (e *engine) newRewriter() *rewrite.Rewriter {
	if e.plain {
		return nil
	}
	return e.rewrites.Rewriter()
}

// compileRun parses text as declarations or statements placed at line:col
// of the learner's input, compiles it and runs it.
func (e *engine) compileRun(ctx context.Context, text string, decl bool, line, col int) (reflect.Value, error) {
	if err := e.loadPrelude(ctx, text); err != nil {
		return reflect.Value{}, err
	}
	directive := fmt.Sprintf("/*line %s:%d:%d*/", e.source(), line, col)
	if decl {
		f, err := parser.ParseFile(e.i.FileSet(), sourceName, "package main;"+directive+text, parser.DeclarationErrors)
		if err != nil {
			return reflect.Value{}, err
		}
		return e.runDecls(ctx, f)
	}
	f, err := parser.ParseFile(e.i.FileSet(), sourceName, "package main; func main() {"+directive+text+"\n}", parser.DeclarationErrors)
	if err != nil && strings.Contains(err.Error(), "expected 1 expression") && !strings.Contains(text, "//") {
		// len(ch), cap(ch): a list of values to look at, as a REPL
		// shows them, where Go wants one statement. (The comma before
		// the newline keeps Go from ending the list there.)
		list, lerr := parser.ParseFile(e.i.FileSet(), sourceName, "package main; func main() {"+showName+".Tuple("+directive+text+",\n)}", parser.DeclarationErrors)
		if lerr == nil {
			f, err = list, nil
		}
	}
	if err != nil {
		return reflect.Value{}, err
	}
	return e.runStmts(ctx, f)
}

// runDecls compiles and runs the declarations of f. What a failed
// declaration would leave damaged is probed first or restored after
// (probe.go, redefine.go, methods.go).
func (e *engine) runDecls(ctx context.Context, f *ast.File) (v reflect.Value, err error) {
	if err := e.checkReturns(f); err != nil {
		return v, err
	}
	if err := e.checkUnused(f, unusedInDecls); err != nil {
		return v, err
	}
	e.dropRepeatedImports(f)
	methods, err := e.dropRepeatedMethods(f)
	if err != nil || len(f.Decls) == 0 {
		return v, err
	}
	types, err := e.dropRepeatedTypes(f)
	if err != nil || len(f.Decls) == 0 {
		return v, err
	}
	if err := e.autoImport(ctx, f); err != nil {
		return v, err
	}
	vars := topLevelVars(f.Decls)
	redefined := e.redefinedVars(vars)
	// A variable whose initial value panics is not defined (or keeps its
	// old value), as in runStmts; the input's functions and types stay.
	fresh := e.undefinedNames(vars)
	restore := e.i.SaveNames(vars...)
	failed := func() {
		restore()
		e.forget(fresh)
	}
	e.noteDecls(f.Decls)
	renameMain(f.Decls)
	mod := e.newRewriter()
	if err := mod.Rewrite(f); err != nil {
		return v, err
	}
	if err := e.importFirst(f); err != nil || len(f.Decls) == 0 {
		return v, err
	}
	if err := e.probe(mod, f.Decls); err != nil {
		return v, err
	}
	if vars := e.takeStatementVars(f); len(vars) > 0 {
		prog, err := e.compile(&ast.BlockStmt{Lbrace: vars[0].Pos(), List: vars})
		if err != nil {
			e.restoreFuncs(f.Decls)
			return v, e.namesUndefined(f, err)
		}
		if v, err = e.execute(ctx, prog); err != nil {
			failed()
			return v, err
		}
		if len(f.Decls) == 0 {
			e.rebind(redefined, f.Decls)
			return v, err
		}
	}
	prog, err := e.compileModern(mod, f)
	if err != nil {
		e.restoreFuncs(f.Decls)
		e.recordMethods(f, methods, true)
		return v, e.namesUndefined(f, err)
	}
	e.recordTypes(types)
	v, err = e.execute(ctx, prog)
	if err != nil {
		failed()
		redefined = nil
	}
	e.recordMethods(f, methods, false)
	e.rebind(append(redefined, e.recordFuncs(f)...), f.Decls)
	return v, err
}

// runStmts compiles and runs the body of f's one function, the learner's
// statements.
func (e *engine) runStmts(ctx context.Context, f *ast.File) (v reflect.Value, err error) {
	body := f.Decls[0].(*ast.FuncDecl).Body
	if err := e.checkReturns(body); err != nil {
		return v, err
	}
	if err := e.checkUnused(f, unusedInStatements); err != nil {
		return v, err
	}
	e.newRewriter().AssignSelfDefines(body.List)
	e.last = e.shapeOf(body.List)
	if n := len(body.List); n > 0 {
		if es, ok := body.List[n-1].(*ast.ExprStmt); ok && isShowCall(es.X) {
			e.last.tuple = true // a list of values (compileRun)
		}
	}
	defines := topLevelVars(body.List)
	redefined := e.redefinedVars(defines)
	// An input that fails defines nothing: not the names it would have
	// defined, not even those its statements before the failure did; a
	// variable it defined again keeps its old value.
	fresh := e.undefinedNames(defines)
	restore := e.i.SaveNames(defines...)
	defer func() {
		if err != nil {
			restore()
			e.forget(fresh)
		}
	}()
	e.noteStmts(body.List)
	if err := e.autoImport(ctx, f); err != nil {
		return v, err
	}
	if err := e.checkExprStmts(body.List); err != nil {
		return v, err
	}
	renameMain(body.List)
	mod := e.newRewriter()
	if e.last.expr {
		es := body.List[len(body.List)-1].(*ast.ExprStmt)
		e.last.static = e.staticType(mod, es.X)
		e.last.rune = mod != nil && mod.IsRune(es.X)
		_, call := es.X.(*ast.CallExpr)
		if e.last.static == "" && !call && !e.last.isNil {
			e.last.static = e.compilerStatic(es.X) // t.C, a field of a type of the learner's
		}
		switch {
		case !call && mod != nil && mod.IsInterface(es.X):
			typ, _ := mod.TypeOf(es.X)
			e.last.static = rewrite.ExprText(typ) // error, not *errors.errorString
			// Handed to compiled code, the value inside the interface
			// comes out, not yaegi's wrapper of it.
			es.X = showTupleOf(es.X)
			e.last.tuple = true
		case !call && e.last.static != "" && !isShowCall(es.X):
			// A value of a type of the learner's: its String method, if
			// it has one, is called inside the input (display.go).
			es.X = showTupleOf(es.X)
			e.last.tuple = true
		}
	}
	if err := mod.Rewrite(body); err != nil {
		return v, err
	}
	deferred := mod != nil && pushDefers(body)
	if deferred {
		if err := e.declareDeferList(); err != nil {
			return v, err
		}
	}
	var prog *yaegi.Program
	// A last call is wrapped to show all its results; if that does not
	// compile, it is a call with no result: it runs as written, with no
	// value to show (yaegi would return a stale one).
	if unwrap := e.wrapLastCall(body); unwrap != nil {
		if prog, err = e.compile(body); err == nil {
			e.last.tuple = true
		} else {
			unwrap()
			prog = nil
			e.last.expr = false
		}
	}
	if prog == nil {
		if prog, err = e.compileModern(mod, body); err != nil {
			return v, e.explainReceiveDefine(body, e.namesUndefined(f, err))
		}
	}
	if e.last.expr && e.last.tuple && !e.checking {
		// The types the values were declared with, from the compiler:
		// (string, error), where the values know only *exec.Error.
		e.last.results = e.declaredTypes(mod, body.List[len(body.List)-1].(*ast.ExprStmt).X.(*ast.CallExpr).Args)
	}
	v, err = e.execute(ctx, prog)
	if deferred {
		if derr := e.runDefers(ctx); err == nil {
			err = derr
		}
	}
	if err == nil {
		e.rebind(redefined, nil) // a failed input redefined nothing
	}
	return v, err
}

// undefinedNames returns those of names the session does not define.
func (e *engine) undefinedNames(names []string) []string {
	var fresh []string
	for _, name := range names {
		if _, ok := e.defined[name]; !ok {
			fresh = append(fresh, name)
		}
	}
	return fresh
}

// forget undefines names in the session (the interpreter's are restored
// by the caller).
func (e *engine) forget(names []string) {
	for _, name := range names {
		delete(e.defined, name)
		delete(e.stmtVars, name)
	}
}

// autoImport imports the standard packages that f uses without importing
// them, as goimports would: fmt.Println works without import "fmt". Only a
// name that is not defined in the session and belongs to exactly one
// standard package is imported.
func (e *engine) autoImport(ctx context.Context, f *ast.File) error {
	var paths []string
	seen := map[string]bool{}
	unresolved := map[*ast.Ident]bool{}
	for _, id := range f.Unresolved {
		unresolved[id] = true
	}
	// Names the input imports itself need no automatic import.
	for _, is := range f.Imports {
		_, name := importSpecName(is)
		seen[name] = true
	}
	ast.Inspect(f, func(n ast.Node) bool {
		sel, ok := n.(*ast.SelectorExpr)
		if !ok {
			return true
		}
		id, ok := sel.X.(*ast.Ident)
		if !ok || !unresolved[id] || seen[id.Name] {
			return true
		}
		seen[id.Name] = true
		if _, defined := e.defined[id.Name]; defined || e.importedName(id.Name) {
			return true
		}
		if p := e.pkgs[id.Name]; len(p) == 1 {
			paths = append(paths, p[0])
		}
		return true
	})
	for _, p := range paths {
		if _, err := e.compileRun(ctx, "import "+strconv.Quote(p), true, 1, 1); err != nil {
			return err
		}
	}
	return nil
}

func (e *engine) importedName(name string) bool {
	for _, n := range e.imported {
		if n == name {
			return true
		}
	}
	return false
}

// execute runs a compiled program, cancellable through ctx.
//
// A cancel stops every interpreted goroutine, pg's tasks among them (yaegi
// has one run id per interpreter), and cannot reach a compiled call that
// waits: pg's socket calls are woken, and the tasks stopped are recorded
// for the learner to hear about.
//
// The tasks are counted as the cancel begins: once the interpreter's
// goroutines are told to stop, a parked task can end before it is counted.
func (e *engine) execute(ctx context.Context, prog *yaegi.Program) (reflect.Value, error) {
	v, err := e.canceller.execute(ctx, prog, func() {
		n, named := builtins.InterruptTasks()
		e.nStopped += n
		e.stopped = append(e.stopped, named[:min(len(named), builtins.InterruptNamed-len(e.stopped))]...)
	})
	if ctx.Err() != nil {
		builtins.InterruptSockets()
	}
	return v, err
}

// resync runs an empty program after a cancel. yaegi gives a function
// that compiled code calls (a pg.Serve handler, a callback) the run id of
// the interpreter's frame, which a cancel leaves stale until the next
// program runs: until then every such call would stop as it starts, and a
// server would drop every connection.
func (e *engine) resync() {
	e.compileRun(context.Background(), "_ = 0", false, 1, 1)
}

// compile calls CompileAST, turning the panics some inputs cause inside
// yaegi's compiler into errors (a plain Eval lets some through). yaegi
// writes some of them to the standard logger first ("nil type", "nil
// reflect type"), which the learner would see on the terminal: the logger
// is silenced while it compiles. (No learner code runs meanwhile but
// goroutines of earlier inputs, and log's functions write to another
// logger in learner code, unless it asks for log.Default.)
func (e *engine) compile(n ast.Node) (prog *yaegi.Program, err error) {
	e.canceller.settle()
	w := log.Writer()
	log.SetOutput(io.Discard)
	defer log.SetOutput(w)
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("the interpreter could not compile this input (%v)", r)
		}
	}()
	return e.i.CompileAST(n)
}

// compileModern compiles n, which mod rewrote; if that fails and mod
// could not tell the type of a range's operand, it compiles again with the
// range taken as over an int (see Rewriter.Retry), and if it still fails
// and mod wrote type arguments, without them.
func (e *engine) compileModern(mod *rewrite.Rewriter, n ast.Node) (*yaegi.Program, error) {
	prog, err := e.compile(n)
	if err == nil {
		return prog, nil
	}
	if mod.Retry(n) {
		if prog, err2 := e.compile(n); err2 == nil {
			return prog, nil
		}
	}
	if mod.UndoInstantiations() {
		prog, err2 := e.compile(n)
		if err2 == nil {
			return prog, nil
		}
		err = err2 // yaegi's own message, of the call as written
	}
	return nil, mod.CompileError(err)
}

// wrapLastCall rewrites a final call statement f(x) into
// _pgshow.Tuple(f(x)) so every result of a multi-value call can be shown.
// Calls to the print family are left alone. It returns a function that
// undoes the rewrite, for calls that turn out to have no result (the
// wrapped call does not compile), or nil when it changed nothing.
func (e *engine) wrapLastCall(body *ast.BlockStmt) (unwrap func()) {
	if len(body.List) == 0 {
		return nil
	}
	es, ok := body.List[len(body.List)-1].(*ast.ExprStmt)
	if !ok {
		return nil
	}
	call, ok := es.X.(*ast.CallExpr)
	if !ok || isPrintCall(call) || isBuiltinCall(call) || isShowCall(call) {
		return nil
	}
	es.X = showTupleOf(call)
	return func() { es.X = call }
}

// showTupleOf is _pgshow.Tuple(x).
func showTupleOf(x ast.Expr) *ast.CallExpr {
	return &ast.CallExpr{Fun: showFunc("Tuple", x.Pos()), Args: []ast.Expr{x}, Lparen: x.Pos(), Rparen: x.End()}
}

// staticType is the type of x as the learner would write it, if it names
// a type they declared (yaegi's values know only the underlying types of
// those), or "".
func (e *engine) staticType(mod *rewrite.Rewriter, x ast.Expr) string {
	if mod == nil {
		return ""
	}
	typ, untyped := mod.TypeOf(x)
	if typ == nil || untyped {
		return ""
	}
	mentions := false
	ast.Inspect(typ, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && e.defined[id.Name] == "type" {
			mentions = true
		}
		return !mentions
	})
	if !mentions {
		return ""
	}
	return rewrite.ExprText(typ)
}

// isShowCall reports whether x is a call of one of _pgshow's already.
func isShowCall(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == showName
}

// showFunc is _pgshow.name.
func showFunc(name string, pos token.Pos) ast.Expr {
	return &ast.SelectorExpr{X: &ast.Ident{Name: showName, NamePos: pos}, Sel: &ast.Ident{Name: name, NamePos: pos}}
}

// isPrintCall reports calls whose results nobody wants to see: fmt.Println
// returning "2 <nil>" after the text it printed is noise.
func isPrintCall(call *ast.CallExpr) bool {
	switch fn := call.Fun.(type) {
	case *ast.Ident:
		return fn.Name == "print" || fn.Name == "println"
	case *ast.SelectorExpr:
		pkg, ok := fn.X.(*ast.Ident)
		if !ok {
			return false
		}
		switch pkg.Name {
		case "fmt", "log":
			return strings.HasPrefix(fn.Sel.Name, "Print") || strings.HasPrefix(fn.Sel.Name, "Fprint")
		}
	}
	return false
}

var builtinFuncs = map[string]bool{
	"append": true, "cap": true, "close": true, "complex": true, "copy": true, "delete": true,
	"imag": true, "len": true, "make": true, "new": true, "panic": true, "print": true,
	"println": true, "real": true, "recover": true, "clear": true, "min": true, "max": true,
}

func isBuiltinCall(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	return ok && builtinFuncs[id.Name]
}

// dropRepeatedImports removes imports of packages already imported under
// the same name: yaegi refuses a second import of a package, while a
// learner pasting code that starts with import "fmt" expects it to work.
func (e *engine) dropRepeatedImports(f *ast.File) {
	filterSpecs(f, token.IMPORT, func(s ast.Spec) (bool, error) {
		is := s.(*ast.ImportSpec)
		path, name := importSpecName(is)
		prev, ok := e.imported[path]
		return !ok || prev != name, nil
	})
}

// importSpecName is the path an import spec imports and the name it
// declares.
func importSpecName(is *ast.ImportSpec) (path, name string) {
	path, _ = strconv.Unquote(is.Path.Value)
	if is.Name != nil {
		return path, is.Name.Name
	}
	return path, importName(path)
}

// importName is the name an import of path declares when it gives none:
// rand for math/rand/v2, whose last element is its major version.
func importName(path string) string {
	name := pathBase(path)
	if dir := strings.TrimSuffix(path, "/"+name); dir != path && len(name) > 1 && name[0] == 'v' && strings.Trim(name[1:], "0123456789") == "" {
		return pathBase(dir)
	}
	return name
}

// filterSpecs keeps, in f's declarations of kind tok (import, type), the
// specs keep says to keep, and drops a declaration left with none. An
// error from keep stops it, and is returned.
func filterSpecs(f *ast.File, tok token.Token, keep func(ast.Spec) (bool, error)) error {
	decls := f.Decls[:0]
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != tok {
			decls = append(decls, d)
			continue
		}
		specs := gd.Specs[:0]
		for _, s := range gd.Specs {
			k, err := keep(s)
			if err != nil {
				return err
			}
			if k {
				specs = append(specs, s)
			}
		}
		if gd.Specs = specs; len(specs) > 0 {
			decls = append(decls, gd)
		}
	}
	f.Decls = decls
	return nil
}

// noteDecls records the names declarations define, for completion and
// for remembering imports; a failed compile may leave a stale entry, which
// costs at most a completion that does not resolve.
func (e *engine) noteDecls(decls []ast.Decl) {
	for _, d := range decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				e.defined[d.Name.Name] = "func"
				e.dropCheck(d.Name.Name)
			} else {
				e.dropAnyCheck()
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.ImportSpec:
					path, name := importSpecName(s)
					if prev, ok := e.imported[path]; ok && strings.HasPrefix(name, "_pg") && !strings.HasPrefix(prev, "_pg") {
						break // the prelude's math/rand/v2 as _pgrand leaves the learner's rand
					}
					e.imported[path] = name
					e.dropCheck(name)
				case *ast.TypeSpec:
					e.defined[s.Name.Name] = "type"
					e.dropAnyCheck()
				case *ast.ValueSpec:
					for _, n := range s.Names {
						e.defined[n.Name] = strings.ToLower(d.Tok.String())
						e.dropCheck(n.Name)
					}
				}
			}
		}
	}
}

func (e *engine) noteStmts(list []ast.Stmt) {
	for _, s := range list {
		switch s := s.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
						e.defined[id.Name] = "var"
						e.stmtVars[id.Name] = true
						e.dropCheck(id.Name)
					}
				}
			}
		case *ast.DeclStmt:
			e.noteDecls([]ast.Decl{s.Decl})
		}
	}
}

// checkExprStmts rejects expression statements that are not values: a
// type (int, []string, time.Duration) or a built-in function not called
// (len). yaegi accepts them and answers with a stale value, the one of
// an earlier input.
func (e *engine) checkExprStmts(list []ast.Stmt) error {
	for _, s := range list {
		es, ok := s.(*ast.ExprStmt)
		if !ok {
			continue
		}
		if why := e.notAValue(es.X); why != "" {
			return scanner.ErrorList{{Pos: e.i.FileSet().Position(es.Pos()), Msg: why}}
		}
	}
	return nil
}

// notAValue says why x is not a value, or returns "" when it may be one.
func (e *engine) notAValue(x ast.Expr) string {
	x = ast.Unparen(x)
	switch x := x.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.FuncType, *ast.StructType, *ast.InterfaceType:
		return types.ExprString(x) + " (type) is not an expression"
	case *ast.Ident:
		kind, defined := e.defined[x.Name]
		switch {
		case defined && kind == "type", !defined && builtinNames[x.Name] == "type":
			return x.Name + " (type) is not an expression"
		case !defined && builtinFuncs[x.Name]:
			return x.Name + " (built-in function) must be called"
		}
	case *ast.SelectorExpr:
		pkg, ok := x.X.(*ast.Ident)
		if !ok {
			return ""
		}
		if _, defined := e.defined[pkg.Name]; defined {
			return ""
		}
		path := e.packagePath(pkg.Name)
		if path == "" {
			return ""
		}
		if strings.HasPrefix(describeSymbol(hostPackage(path + "/" + pathBase(path))[x.Sel.Name]), "type ") {
			return types.ExprString(x) + " (type) is not an expression"
		}
	}
	return ""
}

// posPrefix is the position one of yaegi's errors begins with, in one of
// the inputs' source names.
//
// It and inputPos are compiled on first use: every process of the binary
// runs package init, and only the evaluator needs them.
var posPrefix = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^` + yaegiassume.PositionPattern(`(?:\d+/)?`+sourceName))
})

// inputPos is a position in one of the inputs' source names, leading a
// message.
var inputPos = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:` + yaegiassume.PositionPattern(`(?:\d+/)?`+sourceName) + `)+`)
})

// learnerNames writes a message of yaegi's with the names the learner
// knows: the playground's own (x_pg1 is x) undone, and package pg's types
// as pg's (*builtins.App is *pg.App).
func learnerNames(msg string) string {
	return pgTypeNames.Replace(rewrite.Unmangle(msg))
}

// notAvailable says in the learner's terms that a package cannot be
// imported: the playground has the standard library and pg, no modules.
func notAvailable(msg string) string {
	return yaegiassume.MissingPackage().ReplaceAllString(msg, `package $1 is not in the playground: it imports only the standard library (of Go 1.22) and package pg`)
}

// toError turns what yaegi returned into a protocol Error with positions
// counted in the learner's input.
func (e *engine) toError(err error) *Error {
	var list scanner.ErrorList
	var p yaegi.Panic
	switch {
	case errors.As(err, &list) && len(list) > 0:
		first := list[0]
		return &Error{Kind: ErrCompile, Msg: learnerNames(first.Msg), Line: first.Pos.Line, Col: first.Pos.Column}
	case errors.As(err, &p):
		e.mu.Lock()
		frames, trace := e.frames.positions(), e.frames.trace()
		e.mu.Unlock()
		// yaegi's own run-time errors begin with their place in its
		// source names ("6/input:1:10: "): the frames say where.
		msg := inputPos().ReplaceAllString(learnerNames(fmt.Sprint(p.Value)), "")
		return &Error{Kind: ErrPanic, Msg: msg, Frames: frames, Trace: trace}
	case errors.Is(err, context.Canceled):
		msg := "interrupted"
		switch {
		case e.nStopped > len(e.stopped):
			msg += fmt.Sprintf("; Ctrl-C also stopped %d tasks: %s and %d more (:tasks shows them)", e.nStopped, strings.Join(e.stopped, ", "), e.nStopped-len(e.stopped))
		case e.nStopped > 0:
			msg += "; Ctrl-C also stopped the tasks " + strings.Join(e.stopped, ", ") + " (:tasks shows them)"
		}
		e.stopped, e.nStopped = nil, 0
		return &Error{Kind: ErrCanceled, Msg: msg}
	}
	msg := notAvailable(learnerNames(err.Error()))
	if m := posPrefix().FindStringSubmatch(msg); m != nil && m[1] == e.source() {
		line, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return &Error{Kind: ErrCompile, Msg: msg[len(m[0]):], Line: line, Col: col}
	}
	return &Error{Kind: ErrOther, Msg: msg}
}

// notePanicFrame records one "N/input:L:C: panic: fn(...)" line from
// yaegi: a frame a panic passed through on goroutine g, in the input
// numbered N.
func (e *engine) notePanicFrame(file, pos, fn string, g int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	current := ""
	if file == e.src {
		current = pos
	}
	in, ok := inputNumber(file)
	line, col, _ := parsePos(pos)
	e.frames.add(g, current, TraceFrame{Func: learnerFunc(fn), In: in, Line: line, Col: col}, ok)
}

// noteRecovered records yaegi's "recovered" line: learner code on
// goroutine g recovered its panic, whose frames are gone.
func (e *engine) noteRecovered(g int64) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.frames.recovered(g)
}

// inputNumber returns N of a source name "N/input".
func inputNumber(file string) (int, bool) {
	n, rest, ok := strings.Cut(file, "/")
	if !ok || rest != sourceName {
		return 0, false
	}
	in, err := strconv.Atoi(n)
	return in, err == nil
}

// learnerFunc is yaegi's name of a function as the learner wrote it:
// "main.f", "main.f.func1" for a function literal in f; "main" (code at
// the top of an input) becomes "".
func learnerFunc(fn string) string {
	fn = strings.TrimSuffix(fn, yaegiassume.PanicCallSuffix)
	fn = strings.ReplaceAll(fn, mainAlias, "main")
	if fn == "main" {
		return ""
	}
	return fn
}

// newInput starts a new input: a fresh source name and no frames.
func (e *engine) newInput() {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	e.src = fmt.Sprintf("%d/%s", e.seq, sourceName)
	e.frames.reset()
	e.warnings = nil
}

// source returns the current input's source name.
func (e *engine) source() string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.src
}

// isCurrentSource reports whether file, a source name in a position yaegi
// printed, is the current input's (rather than an earlier input's).
func (e *engine) isCurrentSource(file string) bool {
	return file == e.source()
}

// TypeOf returns the static type of expression src. It evaluates src once.
func (e *engine) TypeOf(ctx context.Context, src string) Result {
	if strings.TrimSpace(src) == "" {
		return Result{Err: &Error{Kind: ErrOther, Msg: "usage: :type EXPR"}}
	}
	e.newInput()
	x, err := parser.ParseExpr(src)
	if err != nil {
		return Result{Err: &Error{Kind: ErrCompile, Msg: fmt.Sprintf("%s is not an expression", strings.TrimSpace(src))}}
	}
	if why := e.notAValue(x); why != "" {
		return Result{Err: &Error{Kind: ErrCompile, Msg: why}}
	}
	// Taking the address keeps interface types static: for var err error,
	// the type of err is error, not the type of the value inside.
	wrapped := "func() interface{} { _pgV := " + src + "\n return &_pgV }()"
	v, err := e.compileRun(ctx, wrapped, false, 1, 1)
	if yaegiassume.IsAssignmentMismatch(err) {
		// A call of several results: its type is their list, as the
		// value of the call shows it, (string, string, bool).
		if res := e.eval(ctx, src); res.Err != nil || res.Type != "" {
			return Result{Text: res.Type, Err: res.Err}
		}
	}
	if err != nil {
		res := Result{Err: e.toError(err)}
		if res.Err.Kind == ErrCompile {
			res.Err.Line, res.Err.Col = 0, 0 // positions in the wrapper mean nothing to the learner
		}
		return res
	}
	if t, ok := valueInterface(v).([]interface{}); ok && len(t) == 1 {
		v = reflect.ValueOf(t[0]) // the call was wrapped by wrapLastCall
	}
	for v.IsValid() && v.Kind() == reflect.Interface {
		v = v.Elem()
	}
	if !v.IsValid() || v.Kind() != reflect.Pointer {
		return Result{Err: &Error{Kind: ErrOther, Msg: "could not determine the type of " + src}}
	}
	return Result{Text: pgTypeNames.Replace(v.Type().Elem().String())}
}

func valueInterface(v reflect.Value) any {
	if !v.IsValid() || !v.CanInterface() {
		return nil
	}
	return v.Interface()
}
