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

var (
	metaMu       sync.Mutex
	metaCommands = map[string]MetaCommand{}
)

// registerMeta makes RunMeta(name, …) call f.
func registerMeta(name string, f MetaCommand) {
	metaMu.Lock()
	defer metaMu.Unlock()
	metaCommands[name] = f
}

// RunMeta runs the meta command name ("tasks", "procs", "kill") with arg.
func RunMeta(name, arg string) (string, error) {
	metaMu.Lock()
	f := metaCommands[name]
	metaMu.Unlock()
	if f == nil {
		return "", &unknownMetaError{name}
	}
	return f(arg)
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
