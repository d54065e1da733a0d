//go:build !linux

package reaper

// Prestart does nothing here: there is no reaper outside Linux (the
// evaluator is started directly; see interp's startEvaluator).
func Prestart() {}

// Release does nothing here: Prestart started nothing.
func Release() {}
