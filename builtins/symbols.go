package builtins

import (
	"reflect"
	"sort"
	"sync"
)

// ImportPath is the import path learner code uses: import "pg".
const ImportPath = "pg"

// Symbols is package pg as yaegi wants it: import path + "/" + package
// name → exported name → value (types as typed nil pointers). Each
// concept's file adds its names in an init function, with export.
var Symbols = map[string]map[string]reflect.Value{
	ImportPath + "/" + ImportPath: {},
}

// export adds names to package pg.
func export(names map[string]reflect.Value) {
	pkg := Symbols[ImportPath+"/"+ImportPath]
	for name, v := range names {
		if _, dup := pkg[name]; dup {
			panic("pg: " + name + " exported twice")
		}
		pkg[name] = v
	}
}

// A MetaCommand answers one of the shell's meta commands inside the
// evaluator: arg is what followed the command, the result is shown as is.
type MetaCommand func(arg string) (string, error)

// A MetaContext tells a meta command where its answer is shown, for the
// ones that draw (:timeline, :tree). The zero value means 80 columns
// without colour.
type MetaContext struct {
	Width  int  // the shell's terminal width in columns; 0 if unknown
	Colour bool // the shell shows ANSI colour
}

// width is Width, or 80 when it is not known.
func (mc MetaContext) width() int {
	if mc.Width <= 0 {
		return 80
	}
	return mc.Width
}

var (
	metaMu       sync.Mutex
	metaCommands = map[string]func(MetaContext, string) (string, error){}
)

// registerMeta makes RunMeta(name, …) call f.
func registerMeta(name string, f MetaCommand) {
	registerMetaDrawn(name, func(_ MetaContext, arg string) (string, error) { return f(arg) })
}

// registerMetaDrawn makes RunMeta(name, …) call f, with the width and
// colour of the shell's terminal.
func registerMetaDrawn(name string, f func(mc MetaContext, arg string) (string, error)) {
	metaMu.Lock()
	defer metaMu.Unlock()
	metaCommands[name] = f
}

// RunMeta runs the meta command name ("tasks", "procs", "kill") with arg,
// for 80 columns without colour.
func RunMeta(name, arg string) (string, error) {
	return RunMetaIn(MetaContext{}, name, arg)
}

// RunMetaIn runs the meta command name with arg, drawing (if it draws)
// for the terminal mc describes.
func RunMetaIn(mc MetaContext, name, arg string) (string, error) {
	metaMu.Lock()
	f := metaCommands[name]
	metaMu.Unlock()
	if f == nil {
		return "", &unknownMetaError{name}
	}
	return f(mc, arg)
}

// MetaNames lists the meta commands the evaluator answers, sorted.
func MetaNames() []string {
	metaMu.Lock()
	defer metaMu.Unlock()
	var names []string
	for n := range metaCommands {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

type unknownMetaError struct{ name string }

func (e *unknownMetaError) Error() string { return "pg has no meta command " + e.name }

var (
	shutdownMu    sync.Mutex
	shutdownHooks []func()
)

// registerShutdown adds f to what Shutdown runs.
func registerShutdown(f func()) {
	shutdownMu.Lock()
	defer shutdownMu.Unlock()
	shutdownHooks = append(shutdownHooks, f)
}

// Shutdown stops everything pg started (processes, servers) before the
// evaluator exits. A crash skips it; then the parent-death signal and the
// shell's process-group kill do the work.
func Shutdown() {
	shutdownMu.Lock()
	hooks := append([]func(){}, shutdownHooks...)
	shutdownMu.Unlock()
	for _, f := range hooks {
		f()
	}
}

// TermInfo describes the shell's terminal, as Terminal returns it.
type TermInfo struct {
	Width, Height int  // columns and rows
	Colour        bool // the shell uses colour
}

// Terminal, if set, asks the shell for its terminal: raw, each key
// reaching standard input as it is typed, unechoed, Ctrl-C as the byte 3
// instead of a cancel; or, with raw false, back as it was. It returns the
// terminal's size and whether there is a terminal at all (there is none
// under playground run, or when no input is running). The evaluator sets
// it; nil means there is no terminal.
var Terminal func(raw bool) (TermInfo, bool)
