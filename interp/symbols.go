package interp

import (
	"reflect"
	"strings"
	"sync"

	"github.com/learn-concurrency/playground/builtins"
	"github.com/learn-concurrency/playground/internal/yaegi/stdlib"
	"github.com/learn-concurrency/playground/internal/yaegi/stdlib/syscall"
	"github.com/learn-concurrency/playground/internal/yaegi/stdlib/unrestricted"
)

// lazySymbolSets are the standard library's packages learner code can
// import, in the order they are loaded, each package's table built when
// first needed (internal/yaegi/stdlib). yaegi's plain stdlib leaves out
// what can end or escape the process (os/exec, syscall, os.FindProcess);
// a playground for processes and signals needs them, and the evaluator is
// a process of the learner's own.
var lazySymbolSets = []map[string]func() map[string]reflect.Value{
	stdlib.Symbols,
	syscall.Symbols,
	unrestricted.Symbols,
}

// symbolSets are the playground's own host symbols, loaded after the
// standard library's (they replace some of its functions).
var symbolSets = []map[string]map[string]reflect.Value{
	builtins.Symbols, // package pg
}

// hostPackageKeys lists the package keys of every set ("os/exec/exec"),
// each once: what a new engine and the auto-import need, without
// building the symbols themselves (hostPackage).
var hostPackageKeys = sync.OnceValue(func() []string {
	seen := map[string]bool{}
	var keys []string
	add := func(key string) {
		if !seen[key] && !strings.HasPrefix(key, "github.com/traefik/yaegi/") {
			seen[key] = true
			keys = append(keys, key)
		}
	}
	for _, set := range lazySymbolSets {
		for key := range set {
			add(key)
		}
	}
	for _, set := range symbolSets {
		for key := range set {
			add(key)
		}
	}
	return keys
})

// hostPackages holds what hostPackage built.
var hostPackages struct {
	sync.Mutex
	m map[string]map[string]reflect.Value
}

// hostPackage returns the symbols of one host package, by key
// ("os/exec/exec"), every set's merged, or nil: for completion,
// documentation and the rewriting. Only the packages asked for are
// built: the shell process, which imports this package too, builds none.
func hostPackage(key string) map[string]reflect.Value {
	hostPackages.Lock()
	defer hostPackages.Unlock()
	if p, ok := hostPackages.m[key]; ok {
		return p
	}
	var p map[string]reflect.Value
	add := func(syms map[string]reflect.Value) {
		if p == nil {
			p = map[string]reflect.Value{}
		}
		for name, v := range syms {
			p[name] = v
		}
	}
	for _, set := range lazySymbolSets {
		if load := set[key]; load != nil {
			add(load())
		}
	}
	for _, set := range symbolSets {
		if syms, ok := set[key]; ok {
			add(syms)
		}
	}
	if hostPackages.m == nil {
		hostPackages.m = map[string]map[string]reflect.Value{}
	}
	hostPackages.m[key] = p
	return p
}
