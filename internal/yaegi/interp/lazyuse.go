package interp

import (
	"fmt"
	"path"
	"reflect"
)

// LazyExports are symbol tables given as constructors, by package key
// (import path, "/", package name): a table is built when a program first
// needs its package, not when it is given (UseLazy).
type LazyExports = map[string]func() map[string]reflect.Value

// UseLazy is Use for tables given as constructors: each package's table
// is built, and what later Use calls gave the same package laid over it,
// the first time the package is imported or its symbols are looked up.
//
// Building every table of the standard library at start cost each process
// of the playground's binary a few milliseconds and the evaluator's Use as
// many again, for packages a program seldom imports.
func (interp *Interpreter) UseLazy(values LazyExports) error {
	if load, ok := values["."]; ok {
		if err := interp.Use(Exports{".": load()}); err != nil {
			return err
		}
	}
	interp.binMu.Lock()
	for k, load := range values {
		importPath, packageName := path.Dir(k), path.Base(k)
		switch {
		case k == ".":
			continue
		case importPath == ".":
			interp.binMu.Unlock()
			return fmt.Errorf("export path %[1]q is missing a package name; did you mean '%[1]s/%[1]s'?", k)
		case importPath == selfPrefix:
			interp.hooks.Parse(load())
			continue
		}
		add := func(p map[string]reflect.Value) {
			for s, sym := range load() {
				p[s] = sym
			}
			if k == selfPath {
				p["Self"] = reflect.ValueOf(interp)
			}
		}
		layers, pending := interp.binLazy[importPath]
		if p := interp.binPkg[importPath]; p != nil && !pending {
			add(p) // loaded already: the table goes over what is there
			continue
		}
		if !pending {
			interp.pkgNames[importPath] = packageName
		}
		interp.binLazy[importPath] = append(layers, add)
	}
	_, std := values["fmt/fmt"]
	if std {
		fixStdlib(interp)
	}
	interp.binMu.Unlock()
	if std {
		return interp.stdlibUsed()
	}
	return nil
}

// binPackage returns the symbols of the binary package of import path
// path, building them first if they were given lazily, or nil if there
// is no such package.
func (interp *Interpreter) binPackage(path string) map[string]reflect.Value {
	interp.binMu.Lock()
	defer interp.binMu.Unlock()
	return interp.loadBinPackage(path)
}

// loadBinPackage is binPackage for a caller that holds binMu.
func (interp *Interpreter) loadBinPackage(path string) map[string]reflect.Value {
	if layers, pending := interp.binLazy[path]; pending {
		delete(interp.binLazy, path)
		p := interp.binPkg[path]
		if p == nil {
			p = map[string]reflect.Value{}
			interp.binPkg[path] = p
		}
		for _, add := range layers {
			add(p)
		}
	}
	return interp.binPkg[path]
}

// loadAllBinPackages builds every table given lazily.
func (interp *Interpreter) loadAllBinPackages() {
	interp.binMu.Lock()
	defer interp.binMu.Unlock()
	for path := range interp.binLazy {
		interp.loadBinPackage(path)
	}
}
