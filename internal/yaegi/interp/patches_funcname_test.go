package interp_test

import (
	"strings"
	"testing"
)

// Patch 28: the frames a panic unwinds are named as Go's runtime names
// them: methods with their receiver's type, function literals numbered in
// source order in the function around them, a literal in a literal after
// its own, those of a package-level declaration in init. Each want is what
// the Go toolchain's traceback says (built with -gcflags=-l, which keeps
// the literals from being inlined and renamed).
func TestPatchFuncNames(t *testing.T) {
	src := `package main

func call(f func()) { f() }

type T struct{ xs []int }

func (t T) At(i int) (n int) {
	call(func() { n = t.xs[i] })
	return n
}

func (t *T) Get(i int) (n int) {
	call(func() { println("get") })
	call(func() { n = t.At(i) })
	return n
}

var get = func(i int) (n int) {
	call(func() { n = (&T{}).Get(i) })
	return n
}

func main() {
	call(func() { println("main") })
	call(func() {
		defer func() { println("deferred") }()
		call(func() { println(get(3)) })
	})
}`
	_, stderr, err := run(t, src)
	if err == nil {
		t.Fatal("no panic")
	}
	var got []string
	for _, m := range framePos.FindAllStringSubmatch(stderr, -1) {
		if m[2] != "main.call" {
			got = append(got, m[2])
		}
	}
	want := []string{"main.T.At.func1", "main.T.At", "main.(*T).Get.func2", "main.(*T).Get",
		"main.init.func1.1", "main.init.func1", "main.main.func2.2", "main.main.func2", "main.main"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("frames %q, want %q\n%s", got, want, stderr)
	}

	_, stderr, err = run(t, `package main

type List[E any] struct{ xs []E }

func (l *List[E]) Get(i int) E { return l.xs[i] }

func First[E any](xs []E) E { return (&List[E]{xs}).Get(0) }

func main() { println(First([]int{})) }`)
	if err == nil {
		t.Fatal("no panic")
	}
	got = nil
	for _, m := range framePos.FindAllStringSubmatch(stderr, -1) {
		got = append(got, m[2])
	}
	want = []string{"main.(*List[...]).Get", "main.First[...]", "main.main"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("frames %q, want %q\n%s", got, want, stderr)
	}
}
