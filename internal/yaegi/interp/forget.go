package interp

// SaveNames saves how names are defined in the main package now, and
// returns a function that defines them so again: names that were not
// defined are removed, and a variable defined again gets back its old
// symbol (and with it the value in its old place in the frame). The
// playground's input that fails defines nothing, while yaegi defines the
// names of a statement such as z := f() when it compiles it, before it
// runs. (Not in v0.16.1.)
func (interp *Interpreter) SaveNames(names ...string) (restore func()) {
	interp.mutex.RLock()
	sc := interp.scopes[mainID]
	saved := make(map[string]*symbol, len(names))
	exported := make(map[string]*symbol, len(names))
	for _, name := range names {
		if sc != nil {
			saved[name] = sc.sym[name]
		}
		exported[name] = interp.srcPkg[mainID][name]
	}
	interp.mutex.RUnlock()
	return func() {
		interp.mutex.Lock()
		defer interp.mutex.Unlock()
		sc := interp.scopes[mainID]
		for name, sym := range saved {
			switch {
			case sc == nil:
			case sym == nil:
				delete(sc.sym, name)
			default:
				sc.sym[name] = sym
			}
		}
		for name, sym := range exported {
			switch pkg := interp.srcPkg[mainID]; {
			case pkg == nil:
			case sym == nil:
				delete(pkg, name)
			default:
				pkg[name] = sym
			}
		}
	}
}
