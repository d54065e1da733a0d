package rewrite

// Standard-library functions newer than yaegi's Go 1.22 library, or broken
// in it, that learners use often, and the prelude of helpers the rewrites
// call.
//
// yaegi runs slices and maps from their source, and its generics cannot
// infer E from S ~[]E: slices.Sort, Max, Min, Reverse, Clone, Equal and
// maps.Clone, Copy fail. They become calls of the prelude's versions,
// generic over []E. sync.OnceFunc becomes the prelude's; sync.OnceValue and
// OnceValues, whose type yaegi cannot instantiate, are written out in place
// for a function literal or a function whose signature is known.
// sync.WaitGroup.Go (Go 1.25) becomes Add, go and Done.
//
// Iterators (Go 1.23) cannot run, since yaegi cannot call range-over-func
// loops. The common standard ones are rewritten where they are consumed:
// for line := range strings.Lines(s), for k := range maps.Keys(m),
// slices.Collect(maps.Keys(m)), slices.Sorted(maps.Keys(m)) range over or
// collect a slice. Any other use is refused with a message.

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// Prelude declares the helpers the rewrites call. The engine compiles it
// into a session before the first input that may need it (NeedsPrelude).
const Prelude = `import (
	"errors"
	_pgrand "math/rand/v2"
	"reflect"
	"sort"
	"strings"
	"sync"
)

func _pgMin[T any](x T, y ...T) T {
	for _, v := range y {
		if v != v || v < x {
			x = v
		}
	}
	return x
}

func _pgMax[T any](x T, y ...T) T {
	for _, v := range y {
		if v != v || v > x {
			x = v
		}
	}
	return x
}

func _pgClear[T any](x T) { reflect.ValueOf(x).Clear() }

func _pgSyncOnceFunc(f func()) func() {
	var once sync.Once
	var valid bool
	var p any
	g := func() {
		defer func() {
			if !valid {
				p = recover()
				panic(p)
			}
		}()
		f()
		valid = true
	}
	return func() {
		once.Do(g)
		if !valid {
			panic(p)
		}
	}
}

func _pgSyncWaitGroupGo(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	go _pgSyncWaitGroupRun(wg, f)
}

// A go statement of a declared function, not of a literal: its frame
// in a traceback is named for what it does.
func _pgSyncWaitGroupRun(wg *sync.WaitGroup, f func()) {
	defer wg.Done()
	f()
}

func _pgSlicesSort[E any](x []E) { sort.Slice(x, func(i, j int) bool { return x[i] < x[j] }) }

func _pgSlicesSortFunc[E any](x []E, cmp func(a, b E) int) {
	sort.Slice(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

func _pgSlicesSortStableFunc[E any](x []E, cmp func(a, b E) int) {
	sort.SliceStable(x, func(i, j int) bool { return cmp(x[i], x[j]) < 0 })
}

func _pgSlicesIsSorted[E any](x []E) bool {
	for i := 1; i < len(x); i++ {
		if x[i] < x[i-1] {
			return false
		}
	}
	return true
}

func _pgSlicesSorted[E any](x []E) []E {
	_pgSlicesSort(x)
	return x
}

func _pgSlicesMax[E any](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	return _pgMax(x[0], x[1:]...)
}

func _pgSlicesMin[E any](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	return _pgMin(x[0], x[1:]...)
}

func _pgSlicesReverse[E any](x []E) {
	for i, j := 0, len(x)-1; i < j; i, j = i+1, j-1 {
		x[i], x[j] = x[j], x[i]
	}
}

func _pgSlicesClone[E any](x []E) []E {
	if x == nil {
		return nil
	}
	return append(x[:0:0], x...)
}

func _pgSlicesEqual[E any](a, b []E) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func _pgSlicesBinarySearch[E any](x []E, target E) (int, bool) {
	i, j := 0, len(x)
	for i < j {
		h := int(uint(i+j) >> 1)
		if x[h] < target {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < len(x) && x[i] == target
}

func _pgSlicesInsert[E any](s []E, i int, v ...E) []E {
	_ = s[i:] // bounds check
	r := make([]E, 0, len(s)+len(v))
	r = append(r, s[:i]...)
	r = append(r, v...)
	return append(r, s[i:]...)
}

func _pgSlicesDelete[E any](s []E, i, j int) []E {
	_ = s[i:j:len(s)] // bounds check
	n := len(s)
	s = append(s[:i], s[j:]...)
	var zero E
	for k := len(s); k < n; k++ {
		s[:n][k] = zero
	}
	return s
}

func _pgSlicesDeleteFunc[E any](s []E, del func(E) bool) []E {
	n := len(s)
	r := s[:0]
	for _, v := range s {
		if !del(v) {
			r = append(r, v)
		}
	}
	var zero E
	for k := len(r); k < n; k++ {
		s[k] = zero
	}
	return r
}

func _pgSlicesCompact[E any](s []E) []E {
	if len(s) < 2 {
		return s
	}
	n := len(s)
	r := s[:1]
	for _, v := range s[1:] {
		if v != r[len(r)-1] {
			r = append(r, v)
		}
	}
	var zero E
	for k := len(r); k < n; k++ {
		s[k] = zero
	}
	return r
}

func _pgSlicesConcat[E any](first []E, rest ...[]E) []E {
	r := append([]E(nil), first...)
	for _, s := range rest {
		r = append(r, s...)
	}
	return r
}

func _pgSlicesCompare[E any](a, b []E) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		if a[i] < b[i] {
			return -1
		}
		if a[i] > b[i] {
			return 1
		}
	}
	if len(a) < len(b) {
		return -1
	}
	if len(a) > len(b) {
		return 1
	}
	return 0
}

func _pgSlicesRepeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	r := make([]E, 0, len(x)*count)
	for range count {
		r = append(r, x...)
	}
	return r
}

func _pgSlicesMaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) > 0 {
			m = v
		}
	}
	return m
}

func _pgSlicesMinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) < 0 {
			m = v
		}
	}
	return m
}

func _pgMapsDeleteFunc[K comparable, V any](m map[K]V, del func(K, V) bool) {
	for k, v := range m {
		if del(k, v) {
			delete(m, k)
		}
	}
}

func _pgMapsEqual[K, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || v != w {
			return false
		}
	}
	return true
}

func _pgMapsClone[K comparable, V any](m map[K]V) map[K]V {
	if m == nil {
		return nil
	}
	r := make(map[K]V, len(m))
	for k, v := range m {
		r[k] = v
	}
	return r
}

func _pgMapsCopy[K comparable, V any](dst, src map[K]V) {
	for k, v := range src {
		dst[k] = v
	}
}

func _pgMapsKeys[K comparable, V any](m map[K]V) []K {
	r := make([]K, 0, len(m))
	for k := range m {
		r = append(r, k)
	}
	return r
}

func _pgMapsValues[K comparable, V any](m map[K]V) []V {
	r := make([]V, 0, len(m))
	for _, v := range m {
		r = append(r, v)
	}
	return r
}

func _pgSlicesIsSortedFunc[E any](x []E, cmp func(a, b E) int) bool {
	for i := len(x) - 1; i > 0; i-- {
		if cmp(x[i], x[i-1]) < 0 {
			return false
		}
	}
	return true
}

func _pgSlicesBinarySearchFunc[E, T any](x []E, target T, cmp func(E, T) int) (int, bool) {
	i, j := 0, len(x)
	for i < j {
		h := int(uint(i+j) >> 1)
		if cmp(x[h], target) < 0 {
			i = h + 1
		} else {
			j = h
		}
	}
	return i, i < len(x) && cmp(x[i], target) == 0
}

// A mutex stands for the atomic pointer, which yaegi cannot build from
// sync/atomic's source: the same methods, the same guarantees.
type _pgAtomicPointer[T any] struct {
	mu sync.Mutex
	p  *T
}

func (x *_pgAtomicPointer[T]) Load() *T {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.p
}

func (x *_pgAtomicPointer[T]) Store(val *T) {
	x.mu.Lock()
	defer x.mu.Unlock()
	x.p = val
}

func (x *_pgAtomicPointer[T]) Swap(new *T) (old *T) {
	x.mu.Lock()
	defer x.mu.Unlock()
	old, x.p = x.p, new
	return old
}

func (x *_pgAtomicPointer[T]) CompareAndSwap(old, new *T) (swapped bool) {
	x.mu.Lock()
	defer x.mu.Unlock()
	if x.p != old {
		return false
	}
	x.p = new
	return true
}

// Through reflect: yaegi cannot convert to a type parameter that is a
// compiled type (T(x), T a time.Duration).
func _pgRandN[T any](n T) T {
	v := reflect.ValueOf(&n).Elem()
	switch {
	case v.CanInt() && v.Int() > 0:
		v.SetInt(_pgrand.Int64N(v.Int()))
	case v.CanUint() && v.Uint() > 0:
		v.SetUint(_pgrand.Uint64N(v.Uint()))
	default:
		panic("invalid argument to N")
	}
	return n
}

func _pgErrorsAsType[E any](err error) (E, bool) {
	var e E
	ok := errors.As(err, &e)
	return e, ok
}

func _pgStringsLines(s string) []string {
	var lines []string
	for s != "" {
		i := strings.IndexByte(s, '\n') + 1
		if i == 0 {
			i = len(s)
		}
		lines = append(lines, s[:i])
		s = s[i:]
	}
	return lines
}
`

// NeedsPrelude reports whether src may need the prelude: whether it
// names something a rewrite turns into a call of a helper. It errs on the
// side of yes; it is a cheap test, so that sessions that never need the
// prelude do not pay for compiling it.
func NeedsPrelude(src string) bool {
	for _, w := range []string{"min(", "max(", "clear(", "slices.", "maps.", "strings.Lines", "sync.Once", ".Go(",
		".Pointer[", ".N(", ".AsType["} {
		if strings.Contains(src, w) {
			return true
		}
	}
	return false
}

// Provides reports whether the rewrites provide name ("strings.Lines",
// "sync.WaitGroup.Go"), which yaegi's standard library lacks.
func Provides(name string) bool {
	if iterators[name] {
		return true
	}
	for _, std := range helperNames {
		if std == name {
			return true
		}
	}
	return false
}

// helperNames are the prelude's helpers as the learner wrote them, for
// messages.
var helperNames = map[string]string{
	"_pgMin": "min", "_pgMax": "max", "_pgClear": "clear",
	"_pgSyncOnceFunc": "sync.OnceFunc", "_pgSyncWaitGroupGo": "sync.WaitGroup.Go", "_pgSyncWaitGroupRun": "sync.WaitGroup.Go",
	"_pgSlicesSort": "slices.Sort", "_pgSlicesSortFunc": "slices.SortFunc",
	"_pgSlicesSortStableFunc": "slices.SortStableFunc", "_pgSlicesIsSorted": "slices.IsSorted",
	"_pgSlicesSorted": "slices.Sorted", "_pgSlicesMax": "slices.Max", "_pgSlicesMin": "slices.Min",
	"_pgSlicesReverse": "slices.Reverse", "_pgSlicesClone": "slices.Clone", "_pgSlicesEqual": "slices.Equal",
	"_pgSlicesBinarySearch": "slices.BinarySearch", "_pgSlicesInsert": "slices.Insert",
	"_pgSlicesDelete": "slices.Delete", "_pgSlicesDeleteFunc": "slices.DeleteFunc",
	"_pgSlicesCompact": "slices.Compact", "_pgSlicesConcat": "slices.Concat", "_pgSlicesCompare": "slices.Compare",
	"_pgSlicesRepeat": "slices.Repeat", "_pgSlicesMaxFunc": "slices.MaxFunc", "_pgSlicesMinFunc": "slices.MinFunc",
	"_pgMapsDeleteFunc": "maps.DeleteFunc", "_pgMapsEqual": "maps.Equal",
	"_pgMapsClone": "maps.Clone", "_pgMapsCopy": "maps.Copy", "_pgMapsKeys": "maps.Keys",
	"_pgMapsValues": "maps.Values", "_pgStringsLines": "strings.Lines",
	"_pgSlicesIsSortedFunc": "slices.IsSortedFunc", "_pgSlicesBinarySearchFunc": "slices.BinarySearchFunc",
	"_pgAtomicPointer": "atomic.Pointer", "_pgRandN": "rand.N", "_pgErrorsAsType": "errors.AsType",
}

// pathHelpers are the generic functions and types of standard packages
// whose name is not enough to tell them (math/rand has no N), by import
// path: "math/rand/v2.N" → "_pgRandN". yaegi's library is compiled code,
// which holds no generic function or type.
var pathHelpers = map[string]string{
	"sync/atomic.Pointer": "_pgAtomicPointer", "math/rand/v2.N": "_pgRandN",
	"errors.AsType": "_pgErrorsAsType",
}

// genericNames are the names of pathHelpers and unavailable, for a cheap
// test of whether an input may use them.
var genericNames = func() map[string]bool {
	names := map[string]bool{}
	for _, m := range []map[string]string{pathHelpers, unavailable} {
		for k := range m {
			names[k[strings.LastIndex(k, ".")+1:]] = true
		}
	}
	return names
}()

// unavailable are the generic functions and types of the standard library
// the playground has no stand-in for, by import path, with what to write
// instead.
var unavailable = map[string]string{
	"reflect.TypeFor":              "write reflect.TypeOf((*T)(nil)).Elem() instead", // yaegi crashes on an instantiation without arguments
	"reflect.TypeAssert":           "write v.Interface().(T) instead",
	"runtime.AddCleanup":           "use runtime.SetFinalizer instead",
	"database/sql.Null":            "use sql.NullString, sql.NullInt64 and the other sql.Null types instead",
	"hash/maphash.Comparable":      "hash a string with maphash.String instead",
	"hash/maphash.WriteComparable": "write a string with h.WriteString instead",
}

// stdHelpers are the standard functions the prelude replaces: "slices.Sort"
// → "_pgSlicesSort".
var stdHelpers = func() map[string]string {
	m := map[string]string{}
	for helper, std := range helperNames {
		if strings.Count(std, ".") == 1 && !iterators[std] {
			m[std] = helper
		}
	}
	return m
}()

// iterators are the standard functions that return an iterator (Go 1.23).
var iterators = map[string]bool{
	"strings.Lines": true, "strings.SplitSeq": true, "strings.SplitAfterSeq": true,
	"strings.FieldsSeq": true, "strings.FieldsFuncSeq": true,
	"bytes.Lines": true, "bytes.SplitSeq": true, "bytes.SplitAfterSeq": true,
	"bytes.FieldsSeq": true, "bytes.FieldsFuncSeq": true,
	"maps.Keys": true, "maps.Values": true, "maps.All": true, "maps.Insert": true, "maps.Collect": true,
	"slices.All": true, "slices.Values": true, "slices.Backward": true, "slices.Collect": true,
	"slices.AppendSeq": true, "slices.Sorted": true, "slices.SortedFunc": true,
	"slices.SortedStableFunc": true, "slices.Chunk": true,
}

// stdName is "pkg.Name" for a selector of a standard package, or "".
func (m *Rewriter) stdName(sel *ast.SelectorExpr) string {
	pkg, ok := sel.X.(*ast.Ident)
	if !ok || !m.isUniverse(pkg) {
		return ""
	}
	switch pkg.Name {
	case "slices", "maps", "strings", "bytes", "sync":
		return pkg.Name + "." + sel.Sel.Name
	}
	return ""
}

// selector replaces the standard functions the prelude provides, and
// refuses the generic ones it cannot.
func (m *Rewriter) selector(c *astutil.Cursor, sel *ast.SelectorExpr) {
	if helper := stdHelpers[m.stdName(sel)]; helper != "" {
		c.Replace(&ast.Ident{NamePos: sel.Pos(), Name: helper})
		return
	}
	path := m.importPath(sel.X)
	if path == "" {
		return
	}
	if helper := pathHelpers[path+"."+sel.Sel.Name]; helper != "" {
		c.Replace(&ast.Ident{NamePos: sel.Pos(), Name: helper})
	} else if instead, ok := unavailable[path+"."+sel.Sel.Name]; ok {
		m.refuse(sel.Pos(), "%s is not available in the playground; %s", ExprText(sel), instead)
	}
}

// importPath is the path of the package x names, imported by the input
// or earlier in the session; "" if x is not a package name or the path
// is not known.
func (m *Rewriter) importPath(x ast.Expr) string {
	pkg, ok := x.(*ast.Ident)
	if !ok || !m.isUniverse(pkg) {
		return ""
	}
	if f, ok := m.root.(*ast.File); ok {
		for _, is := range f.Imports {
			path := strings.Trim(is.Path.Value, "`\"")
			name := path[strings.LastIndex(path, "/")+1:]
			if is.Name != nil {
				name = is.Name.Name
			} else if path == "math/rand/v2" { // the only standard path ending in a version
				name = "rand"
			}
			if name == pkg.Name {
				return path
			}
		}
	}
	return m.s.env.PackagePath(pkg.Name)
}

// asSlice returns a slice expression with the values of call, an iterator
// of one value, and whether it is a fresh slice; nil if call is not one
// the playground knows.
func (m *Rewriter) asSlice(x ast.Expr) (s ast.Expr, fresh bool) {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return nil, false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || call.Ellipsis.IsValid() {
		return nil, false
	}
	name := m.stdName(sel)
	helper := func(h string) ast.Expr {
		return &ast.CallExpr{Fun: &ast.Ident{NamePos: sel.Pos(), Name: h}, Lparen: call.Lparen, Args: call.Args, Rparen: call.Rparen}
	}
	switch name {
	case "strings.Lines":
		return helper("_pgStringsLines"), true
	case "maps.Keys":
		return helper("_pgMapsKeys"), true
	case "maps.Values":
		return helper("_pgMapsValues"), true
	case "slices.Values":
		if len(call.Args) == 1 {
			return call.Args[0], false
		}
	case "strings.SplitSeq", "strings.SplitAfterSeq", "strings.FieldsSeq", "strings.FieldsFuncSeq",
		"bytes.SplitSeq", "bytes.SplitAfterSeq", "bytes.FieldsSeq", "bytes.FieldsFuncSeq":
		sel.Sel = &ast.Ident{NamePos: sel.Sel.NamePos, Name: strings.TrimSuffix(sel.Sel.Name, "Seq")}
		return call, true
	}
	return nil, false
}

// iteratorRange makes a range over a standard iterator a range over a
// slice: for l := range strings.Lines(s) → for _, l := range lines(s).
func (m *Rewriter) iteratorRange(rs *ast.RangeStmt) {
	if s, _ := m.asSlice(rs.X); s != nil {
		rs.X = s
		if rs.Key != nil {
			rs.Key, rs.Value = &ast.Ident{NamePos: rs.Key.Pos(), Name: "_"}, rs.Key
		}
		return
	}
	call, ok := rs.X.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		switch m.stdName(sel) {
		case "maps.All", "slices.All": // the same pairs as ranging over the map or slice
			rs.X = call.Args[0]
		}
	}
}

// stdCall rewrites calls of the standard library the prelude cannot
// replace by name, and refuses iterators left over.
func (m *Rewriter) stdCall(c *astutil.Cursor, call *ast.CallExpr, sel *ast.SelectorExpr) {
	name := m.stdName(sel)
	switch {
	case name == "sync.OnceValue" || name == "sync.OnceValues":
		m.onceValue(c, call, name)
	case iterators[name]:
		m.refuse(call.Pos(), "%s returns an iterator (Go 1.23), which the playground cannot run yet; "+
			"it works in a for range loop, and in slices.Collect or slices.Sorted", name)
	case sel.Sel.Name == "Go" && len(call.Args) == 1 && m.isWaitGroup(sel.X):
		recv := sel.X
		if t := m.typeOf(recv, 0); t.expr == nil || !isPointer(t.expr) {
			recv = &ast.UnaryExpr{OpPos: recv.Pos(), Op: token.AND, X: recv}
		}
		call.Fun = &ast.Ident{NamePos: sel.Pos(), Name: "_pgSyncWaitGroupGo"}
		call.Args = []ast.Expr{recv, call.Args[0]}
	}
}

// collect rewrites slices.Collect and slices.Sorted of an iterator the
// playground knows, before the iterator is refused on its own.
func (m *Rewriter) collect(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 {
		return
	}
	name := m.stdName(sel)
	if name != "slices.Collect" && name != "slices.Sorted" {
		return
	}
	s, fresh := m.asSlice(call.Args[0])
	if s == nil {
		return
	}
	// The call is changed in place: astutil walks the children of the
	// node pre saw, not of a replacement.
	helper := func(name string) *ast.Ident { return &ast.Ident{NamePos: sel.Pos(), Name: name} }
	switch {
	case name == "slices.Sorted" && !fresh:
		s = &ast.CallExpr{Fun: helper("_pgSlicesClone"), Lparen: call.Lparen, Args: []ast.Expr{s}, Rparen: call.Rparen}
		fallthrough
	case name == "slices.Sorted":
		call.Fun, call.Args = helper("_pgSlicesSorted"), []ast.Expr{s}
	case !fresh:
		call.Fun, call.Args = helper("_pgSlicesClone"), []ast.Expr{s}
	default:
		inner := s.(*ast.CallExpr)
		call.Fun, call.Args = inner.Fun, inner.Args
	}
}

func isPointer(x ast.Expr) bool {
	_, ok := x.(*ast.StarExpr)
	return ok
}

// isWaitGroup reports whether x is known to be a sync.WaitGroup or a
// pointer to one.
func (m *Rewriter) isWaitGroup(x ast.Expr) bool {
	if id, ok := x.(*ast.Ident); ok && id.Obj == nil {
		if v, ok := m.global(id.Name); ok {
			t := v.Type()
			return t.String() == "sync.WaitGroup" || t.String() == "*sync.WaitGroup"
		}
	}
	t := m.typeOf(x, 0).expr
	if p, ok := t.(*ast.StarExpr); ok {
		t = p.X
	}
	sel, ok := t.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "sync" && m.isUniverse(pkg) && sel.Sel.Name == "WaitGroup"
}

// onceValue writes sync.OnceValue(f) out in place, with f's result types.
func (m *Rewriter) onceValue(c *astutil.Cursor, call *ast.CallExpr, name string) {
	var ft *ast.FuncType
	if len(call.Args) == 1 {
		switch f := call.Args[0].(type) {
		case *ast.FuncLit:
			ft = f.Type
		case *ast.Ident:
			ft = m.funcType(f)
		}
	}
	want := 1
	if name == "sync.OnceValues" {
		want = 2
	}
	results := fieldTypes(ftResults(ft))
	if ft == nil || len(fieldTypes(ft.Params)) != 0 || len(results) != want {
		m.refuse(call.Pos(), "%s needs a function literal here in the playground (or a function declared in the session): %s(func() %s { … })",
			name, name, map[int]string{1: "T", 2: "(T1, T2)"}[want])
		return
	}
	var ts []string
	for _, r := range results {
		ts = append(ts, ExprText(r))
	}
	t := strings.Join(ts, ", ")
	if want == 2 {
		t = "(" + t + ")"
	}
	rs := "_pgR"
	if want == 2 {
		rs = "_pgR, _pgR2"
	}
	src := `func() func() ` + t + ` {
	_pgF := _pgFunc
	var _pgOnce sync.Once
	var _pgValid bool
	var _pgP any
	var _pgR ` + ts[0] + "\n"
	if want == 2 {
		src += "\tvar _pgR2 " + ts[1] + "\n"
	}
	src += `	return func() ` + t + ` {
		_pgOnce.Do(func() {
			defer func() {
				if !_pgValid {
					_pgP = recover()
					panic(_pgP)
				}
			}()
			` + rs + ` = _pgF()
			_pgValid = true
		})
		if !_pgValid {
			panic(_pgP)
		}
		return ` + rs + `
	}
}()`
	x, err := parser.ParseExpr(src)
	if err != nil {
		m.refuse(call.Pos(), "%s(…) could not be rewritten for the playground: %v", name, err)
		return
	}
	atPos(x, call.Pos())
	ast.Inspect(x, func(n ast.Node) bool {
		if as, ok := n.(*ast.AssignStmt); ok && len(as.Rhs) == 1 {
			if id, ok := as.Rhs[0].(*ast.Ident); ok && id.Name == "_pgFunc" {
				as.Rhs[0] = call.Args[0]
			}
		}
		return true
	})
	c.Replace(x)
}

func ftResults(ft *ast.FuncType) *ast.FieldList {
	if ft == nil {
		return nil
	}
	return ft.Results
}
