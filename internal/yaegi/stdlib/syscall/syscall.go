// Package syscall holds yaegi's symbol table of package syscall, a
// constructor called when a program first imports it (see package stdlib).
// Only Linux and macOS have one.
package syscall

import "reflect"

// Symbols holds a constructor of each package's symbols, by yaegi's key.
var Symbols = map[string]func() map[string]reflect.Value{}
