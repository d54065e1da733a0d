// Package yaegiassume holds, in one place, what the playground assumes of
// its patched yaegi (internal/yaegi) beyond the interpreter's exported
// API: the texts of yaegi's errors that the playground matches to say
// something better, the lines yaegi writes for a panic, and the names of
// yaegi's functions that the playground reads in goroutine dumps. Each
// assumption has a contract test (assume_test.go) that runs the real
// interpreter and fails the day the assumption stops holding.
//
// The package imports nothing of the playground's, so that interp, its
// rewrites and package pg (builtins) can all use it.
package yaegiassume

import (
	"reflect"
	"regexp"
	"strings"
	"sync"
)

// IsConstantDefinitionLoop reports yaegi's compile error for a top-level
// variable or constant whose value names something undefined
// (var w = nope): it waits for the name to be declared, then gives up
// with "constant definition loop".
func IsConstantDefinitionLoop(err error) bool {
	return err != nil && strings.Contains(err.Error(), "constant definition loop")
}

// IsNilType reports the error of yaegi's compiler that could not tell a
// type: it panics with "nil type" (scope.go), for v, ok := <-ch at the top
// level of an input and for a range over an operand whose type it lost
// (for i := range c.N, c of a struct type the input declared).
func IsNilType(err error) bool {
	return err != nil && strings.Contains(err.Error(), "nil type")
}

// IsAssignmentMismatch reports yaegi's compile error for one variable
// given a call of several results: "assignment mismatch: 1 variable but
// strconv.Atoi returns 2 values" (patch 4).
func IsAssignmentMismatch(err error) bool {
	return err != nil && strings.Contains(err.Error(), "assignment mismatch: 1 variable but")
}

// MissingPackage matches yaegi's message for an import it cannot find,
// which speaks of GOPATH and its own Options.GoPath; $1 is the import path.
// It is compiled on first use: every process of the binary runs package
// init, and compiling it there cost each of them most of a millisecond.
var MissingPackage = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`import "([^"]+)" error: unable to find source related to: "[^"]+"\. Either the GOPATH environment variable, or the Interpreter\.Options\.GoPath needs to be set`)
})

// PositionPattern is a regular expression for how yaegi's own errors
// begin, its compile errors and the run-time panics it raises itself
// alike (cfgErrorf): the node's position as go/token writes it, in the
// source name the code was parsed with, then ": ". file is a pattern for
// that name; the groups are the name, the line and the column.
func PositionPattern(file string) string {
	return `(` + file + `):(\d+):(\d+): `
}

// PanicMark and PanicCallSuffix are the parts of the line yaegi writes to
// its standard error for each frame of interpreted code that a panic
// unwinds: "4/input:3:5: panic: main.f(...)", the source name and position
// first.
const (
	PanicMark       = ": panic: "
	PanicCallSuffix = "(...)"
)

// RecoverMark is in the line yaegi writes, on the recovering goroutine,
// when interpreted code recovers a panic: "4/input:7:8: recovered:
// main.f.func1(...)". The frames that panic passed through are gone.
const RecoverMark = ": recovered: "

// Unwrap returns the value inside x, if x is one of yaegi's wrappers: a
// struct whose first field, IValue, holds the interpreted value and whose
// other fields hold its methods (genInterfaceWrapper; stdlib's
// _fmt_Stringer and the like). yaegi hands such a wrapper to a compiled
// function listed in its MapTypes with the interfaces to keep.
func Unwrap(x any) (any, bool) {
	v := reflect.ValueOf(x)
	if v.Kind() != reflect.Struct || v.NumField() < 2 || v.Type().Field(0).Name != "IValue" {
		return nil, false
	}
	return v.Field(0).Interface(), true
}

// FramePrefix prefixes the names of the interpreter's functions in stack
// traces: the package path of the patched copy.
const FramePrefix = "github.com/learn-concurrency/playground/internal/yaegi/interp."

// StartsGoStatement reports whether fn, a function's name in a stack
// trace, is where yaegi starts the goroutine of a go statement: a closure
// of call (an interpreted function) or of callBin (a compiled one).
func StartsGoStatement(fn string) bool {
	return strings.HasPrefix(fn, FramePrefix+"call.") || strings.HasPrefix(fn, FramePrefix+"callBin.")
}

// CallsCompiled reports whether fn, a function's name in a stack trace,
// is yaegi's call of a compiled function (callBin's closures).
func CallsCompiled(fn string) bool {
	return strings.HasPrefix(fn, FramePrefix+"callBin.")
}

// ChanOp names the channel operation that fn, the name of one of the
// interpreter's functions without FramePrefix ("recv", "send"), performs:
// "chan receive" or "chan send", or "" if it is none. While a run can be
// stopped, yaegi makes each blocking send and receive a reflect.Select
// that also waits for the stop, and the runtime says "select" for them.
func ChanOp(fn string) string {
	switch fn {
	case "recv", "recv2", "rangeChan":
		return "chan receive"
	case "send":
		return "chan send"
	}
	return ""
}
