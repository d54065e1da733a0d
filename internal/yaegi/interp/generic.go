package interp

import (
	"go/token"
	"reflect"
	"strings"
	"sync/atomic"
)

// adot produces an AST dot(1) directed acyclic graph for the given node. For debugging only.
// func (n *node) adot() { n.astDot(dotWriter(n.interp.dotCmd), n.ident) }

// genAST returns a new AST where generic types are replaced by instantiated types.
func genAST(sc *scope, root *node, types []*itype) (*node, bool, error) {
	typeParam := map[string]*node{}
	pindex := 0
	tname := ""
	rtname := ""
	recvrPtr := false
	fixNodes := []*node{}
	var gtree func(*node, *node) (*node, error)
	// Input type parameters must be resolved prior AST generation, as compilation
	// of generated AST may occur in a different scope.
	sname := genericKey(root, types)

	gtree = func(n, anc *node) (*node, error) {
		nod := copyNode(n, anc, false)
		switch n.kind {
		case funcDecl, funcType:
			nod.val = nod

		case identExpr:
			// Replace generic type by instantiated one.
			nt, ok := typeParam[n.ident]
			if !ok {
				break
			}
			nod = copyNode(nt, anc, true)
			nod.typ = nt.typ

		case indexExpr:
			// Catch a possible recursive generic type definition
			if root.kind != typeSpec {
				break
			}
			if root.child[0].ident != n.child[0].ident {
				break
			}
			nod := copyNode(n.child[0], anc, false)
			fixNodes = append(fixNodes, nod)
			return nod, nil

		case fieldList:
			//  Node is the type parameters list of a generic function.
			if root.kind == funcDecl && n.anc == root.child[2] && childPos(n) == 0 {
				// Fill the types lookup table used for type substitution.
				for _, c := range n.child {
					l := len(c.child) - 1
					for _, cc := range c.child[:l] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						t, err := nodeType(c.interp, sc, c.child[l])
						if err != nil {
							return nil, err
						}
						if err := checkConstraint(types[pindex], t); err != nil {
							return nil, err
						}
						typeParam[cc.ident] = copyNode(cc, cc.anc, false)
						typeParam[cc.ident].ident = types[pindex].id()
						typeParam[cc.ident].typ = types[pindex]
						pindex++
					}
				}
				// Skip type parameters specification, so generated func doesn't look generic.
				return nod, nil
			}

			// Node is the receiver of a generic method.
			if root.kind == funcDecl && n.anc == root && childPos(n) == 0 && len(n.child) > 0 {
				rtn := n.child[0].child[1]
				// Method receiver is a generic type if it takes some type parameters.
				if rtn.kind == indexExpr || rtn.kind == indexListExpr || (rtn.kind == starExpr && (rtn.child[0].kind == indexExpr || rtn.child[0].kind == indexListExpr)) {
					if rtn.kind == starExpr {
						// Method receiver is a pointer on a generic type.
						rtn = rtn.child[0]
						recvrPtr = true
					}
					rtname = rtn.child[0].ident + "["
					for _, cc := range rtn.child[1:] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						it := types[pindex]
						typeParam[cc.ident] = copyNode(cc, cc.anc, false)
						typeParam[cc.ident].ident = it.id()
						typeParam[cc.ident].typ = it
						rtname += it.id() + ","
						pindex++
					}
					rtname = strings.TrimSuffix(rtname, ",") + "]"
				}
			}

			// Node is the type parameters list of a generic type.
			if root.kind == typeSpec && n.anc == root && childPos(n) == 1 {
				// Fill the types lookup table used for type substitution.
				tname = n.anc.child[0].ident + "["
				for _, c := range n.child {
					l := len(c.child) - 1
					for _, cc := range c.child[:l] {
						if pindex >= len(types) {
							return nil, cc.cfgErrorf("undefined type for %s", cc.ident)
						}
						it := types[pindex]
						t, err := nodeType(c.interp, sc, c.child[l])
						if err != nil {
							return nil, err
						}
						if err := checkConstraint(types[pindex], t); err != nil {
							return nil, err
						}
						typeParam[cc.ident] = copyNode(cc, cc.anc, false)
						typeParam[cc.ident].ident = it.id()
						typeParam[cc.ident].typ = it
						tname += it.id() + ","
						pindex++
					}
				}
				tname = strings.TrimSuffix(tname, ",") + "]"
				return nod, nil
			}
		}

		for _, c := range n.child {
			gn, err := gtree(c, nod)
			if err != nil {
				return nil, err
			}
			nod.child = append(nod.child, gn)
		}
		return nod, nil
	}

	if nod, found := root.interp.generic[sname]; found {
		return nod, true, nil
	}

	r, err := gtree(root, root.anc)
	if err != nil {
		return nil, false, err
	}
	root.interp.generic[sname] = r
	r.param = append(r.param, types...)
	if tname != "" {
		for _, nod := range fixNodes {
			nod.ident = tname
		}
		r.child[0].ident = tname
	}
	if rtname != "" {
		// Replace method receiver type by synthetized ident.
		nod := r.child[0].child[0].child[1]
		if recvrPtr {
			nod = nod.child[0]
		}
		nod.kind = identExpr
		nod.ident = rtname
		nod.child = nil
	}
	// r.adot() // Used for debugging only.
	return r, false, nil
}

// genericKey names the instance of the generic declaration root for
// types, as interp.generic keeps it.
func genericKey(root *node, types []*itype) string {
	sname := root.child[0].ident + "["
	if root.kind == funcDecl {
		sname = root.child[1].ident + "["
	}
	for _, t := range types {
		sname += t.id() + ","
	}
	return strings.TrimSuffix(sname, ",") + "]"
}

func copyNode(n, anc *node, recursive bool) *node {
	var i interface{}
	nindex := atomic.AddInt64(&n.interp.nindex, 1)
	nod := &node{
		debug:  n.debug,
		anc:    anc,
		interp: n.interp,
		index:  nindex,
		level:  n.level,
		nleft:  n.nleft,
		nright: n.nright,
		kind:   n.kind,
		pos:    n.pos,
		action: n.action,
		gen:    n.gen,
		val:    &i,
		rval:   n.rval,
		ident:  n.ident,
		meta:   n.meta,
	}
	nod.start = nod
	if recursive {
		for _, c := range n.child {
			nod.child = append(nod.child, copyNode(c, nod, true))
		}
	}
	return nod
}

// inferTypesFromCall returns the type arguments of call, a call of the
// generic function fun, in the order of fun's type parameters.
//
// Patched (PATCHES.md row 40): v0.16.1 appended what each argument gave,
// in the order of the arguments, so that a type parameter met only
// through a constraint (E of S ~[]E in slices.Clip(s)), only in a
// variadic parameter (cmp.Or(vals ...T)), or after another one (E, T of
// BinarySearchFunc(x S, target T, cmp func(E, T) int)) was missing or
// shifted, and genAST said "undefined type for E" at yaegi's own source.
// Here each type parameter is inferred by name, from the arguments, then
// from the core types of the constraints (~[]E, ~map[K]V) of those
// already known, as Go infers them; one that cannot be is refused at the
// call, as Go does.
func inferTypesFromCall(sc *scope, fun *node, args []*node, call *node) ([]*itype, error) {
	argTypes := make([]*itype, len(args))
	for i, a := range args {
		argTypes[i] = a.typ
	}
	return inferTypes(sc, fun, argTypes, call)
}

// inferTypes is inferTypesFromCall given the types of the arguments.
func inferTypes(sc *scope, fun *node, args []*itype, call *node) ([]*itype, error) {
	ftn := fun.typ.node
	// The type parameters, in order, with their constraints.
	var names []string
	paramTypes := map[string]*itype{}
	for _, c := range ftn.child[0].child {
		typ, err := nodeType(fun.interp, sc, c.lastChild())
		if err != nil {
			return nil, err
		}
		for _, cc := range c.child[:len(c.child)-1] {
			paramTypes[cc.ident] = typ
			names = append(names, cc.ident)
		}
	}

	inferred := map[string]*itype{}
	var unify func(param, input *itype)
	unify = func(param, input *itype) {
		if param == nil || input == nil {
			return
		}
		if (param.cat == genericT || param.cat == nilT) && paramTypes[param.name] != nil {
			if old := inferred[param.name]; old == nil || old.untyped && (!input.untyped || untypedRank(input) > untypedRank(old)) {
				inferred[param.name] = input
			}
			return
		}
		input = structuralType(input)
		switch param.cat {
		case chanT, chanSendT, chanRecvT, ptrT, sliceT, arrayT, variadicT:
			unify(param.val, input.val)
		case mapT:
			unify(param.key, input.key)
			unify(param.val, input.val)
		case structT:
			for i, f := range param.field {
				if i < len(input.field) {
					unify(f.typ, input.field[i].typ)
				}
			}
		case funcT:
			for i, t := range param.arg {
				if i < len(input.arg) {
					unify(t, input.arg[i])
				}
			}
			for i, t := range param.ret {
				if i < len(input.ret) {
					unify(t, input.ret[i])
				}
			}
		}
	}

	// The parameters, one per name (func(a, b T) has two).
	var params []*itype
	for _, c := range ftn.child[1].child {
		typ, err := nodeType(fun.interp, sc, c.lastChild())
		if err != nil {
			return nil, err
		}
		for i := max(len(c.child)-1, 1); i > 0; i-- {
			params = append(params, typ)
		}
	}
	spread := call != nil && call.action == aCallSlice
	for i, p := range params {
		if p.cat == variadicT && i == len(params)-1 && !spread {
			for _, a := range args[min(i, len(args)):] {
				unify(p.val, a)
			}
			break
		}
		if i < len(args) {
			if p.cat == variadicT {
				unify(p.val, structuralType(args[i]).val)
			} else {
				unify(p, args[i])
			}
		}
	}

	// The core types of the constraints of the parameters known.
	for more := true; more; {
		more = false
		for _, name := range names {
			t, core := inferred[name], paramTypes[name]
			if t == nil || core == nil {
				continue
			}
			switch core.cat {
			case chanT, ptrT, sliceT, arrayT, mapT, funcT:
				n := len(inferred)
				unify(core, t)
				more = more || len(inferred) > n
			}
		}
	}

	types := make([]*itype, 0, len(names))
	for _, name := range names {
		t := inferred[name]
		if t == nil {
			at := call
			if at == nil {
				at = fun
			} else if len(args) == 0 {
				// Go says it at the closing parenthesis: f().
				id := call.child[0]
				if len(id.child) > 0 {
					id = id.lastChild() // Or of cmp.Or
				}
				c := *call
				c.pos = id.pos + token.Pos(len(id.ident)) + 1
				at = &c
			}
			return nil, at.cfgErrorf("in call to %s, cannot infer %s", calledName(call, fun), name)
		}
		types = append(types, t)
	}
	return types, nil
}

// untypedRank orders the kinds of untyped constants as Go's default type
// of a mix of them does: cmp.Or(0, 2.5) is a float64.
func untypedRank(t *itype) int {
	switch t.cat {
	case int32T:
		return 1
	case float64T:
		return 2
	case complex128T:
		return 3
	}
	return 0
}

// structuralType is t's underlying type, with a compiled slice, map,
// pointer or func type (a valueT) spelled out, for inference to look into.
func structuralType(t *itype) *itype {
	t = t.underlying()
	if t.cat != valueT || t.rtype == nil {
		return t
	}
	switch rt := t.rtype; rt.Kind() {
	case reflect.Slice:
		return sliceOf(valueTOf(rt.Elem()))
	case reflect.Map:
		return mapOf(valueTOf(rt.Key()), valueTOf(rt.Elem()))
	case reflect.Ptr:
		return ptrOf(valueTOf(rt.Elem()))
	case reflect.Func:
		var in, out []*itype
		for i := 0; i < rt.NumIn(); i++ {
			in = append(in, valueTOf(rt.In(i)))
		}
		for i := 0; i < rt.NumOut(); i++ {
			out = append(out, valueTOf(rt.Out(i)))
		}
		return funcOf(in, out)
	}
	return t
}

// calledName is the function of call as the program wrote it: cmp.Or, f.
func calledName(call, fun *node) string {
	if call != nil && len(call.child) > 0 {
		switch c0 := call.child[0]; c0.kind {
		case identExpr:
			return c0.ident
		case selectorExpr:
			if len(c0.child) == 2 {
				return c0.child[0].ident + "." + c0.child[1].ident
			}
		}
	}
	return fun.child[1].ident
}

func checkConstraint(it, ct *itype) error {
	if len(ct.constraint) == 0 && len(ct.ulconstraint) == 0 {
		return nil
	}
	for _, c := range ct.constraint {
		if it.equals(c) || it.matchDefault(c) {
			return nil
		}
	}
	for _, c := range ct.ulconstraint {
		if it.underlying().equals(c) || it.matchDefault(c) {
			return nil
		}
	}
	return it.node.cfgErrorf("%s does not implement %s", it.id(), ct.id())
}

// genericValueWithoutContext reports whether n, which names a generic
// function, is a value whose type arguments nothing can give: the value
// of x := Id (or var x = Id), or Id on its own. Go refuses both when it
// compiles; yaegi made a func value of the generic, and panicked when it
// ran ("reflect: call of MakeFunc with non-Func type"). A call, an
// instantiation (Id[int]) and a context of a func type are left alone;
// so is an argument (fmt.Println(Id)), which Go refuses in other words,
// at the call's parenthesis, which yaegi does not keep.
func genericValueWithoutContext(n *node) bool {
	a := n.anc
	if a == nil {
		return false
	}
	switch a.kind {
	case exprStmt:
		return true
	case defineStmt:
		return len(a.child) == 2 && a.child[1] == n
	}
	return false
}
