// Package stdlib holds yaegi's symbol tables of the standard library, each
// package's table a constructor (Symbols) that the interpreter calls when a
// program first imports the package (interp.Interpreter.UseLazy).
//
// The tables are yaegi v0.16.1's, rewritten by lazygen (see PATCHES.md):
// upstream fills every table in init, which every process of the
// playground's binary paid for at start, though only the evaluator uses
// them and a program needs a handful.
package stdlib

//go:generate go run ./lazygen

import "reflect"

// Symbols holds a constructor of each package's symbols, by yaegi's key:
// import path, "/", package name ("fmt/fmt", "math/rand/rand").
var Symbols = map[string]func() map[string]reflect.Value{}

// MapTypes variable contains a map of functions which have an interface{} as parameter but
// do something special if the parameter implements a given interface.
var MapTypes = map[reflect.Value][]reflect.Type{}

func init() {
	Symbols["."] = func() map[string]reflect.Value {
		return map[string]reflect.Value{"MapTypes": reflect.ValueOf(MapTypes)}
	}
}
