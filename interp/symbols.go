package interp

import (
	"reflect"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib"

	"github.com/learn-concurrency/playground/builtins"
	"github.com/traefik/yaegi/stdlib/syscall"
	"github.com/traefik/yaegi/stdlib/unrestricted"
)

// symbolSets are the host packages learner code can import, in the order
// they are loaded. yaegi's plain stdlib leaves out what can end or escape
// the process (os/exec, syscall, os.FindProcess); a playground for
// processes and signals needs them, and the evaluator is a process of the
// learner's own.
var symbolSets = []map[string]map[string]reflect.Value{
	stdlib.Symbols,
	syscall.Symbols,
	unrestricted.Symbols,
	builtins.Symbols, // package pg
}

// hostPackageKeys lists the package keys of every set ("os/exec/exec"),
// each once: what a new engine and the auto-import need, without
// merging the symbols themselves (hostSymbols), which an evaluator's
// start would pay for.
var hostPackageKeys = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var keys []string
	for _, set := range symbolSets {
		for key := range set {
			if !seen[key] && !strings.HasPrefix(key, "github.com/traefik/yaegi/") {
				seen[key] = true
				keys = append(keys, key)
			}
		}
	}
	return keys
})

// hostSymbols is every set merged: package key ("os/exec/exec") → name →
// value, for completion and documentation. It is built on first use: the
// shell process, which imports this package too, never needs it.
var hostSymbols = sync.OnceValue(func() map[string]map[string]reflect.Value {
	all := map[string]map[string]reflect.Value{}
	for _, set := range symbolSets {
		for key, syms := range set {
			if strings.HasPrefix(key, "github.com/traefik/yaegi/") {
				continue // each set exporting itself, not a package for learners
			}
			if all[key] == nil {
				all[key] = map[string]reflect.Value{}
			}
			for name, v := range syms {
				all[key][name] = v
			}
		}
	}
	return all
})
