package interp_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/learn-concurrency/playground/internal/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// Patch 41: with Options.LazyGenerics, Use of the standard library does
// not compile the generic packages' source; LoadGenerics does, once, and
// then a program that uses them runs as it does without the option.
func TestPatchLazyGenerics(t *testing.T) {
	src := `package main

import (
	"cmp"
	"fmt"
	"maps"
	"slices"
)

func main() {
	m := map[string]int{"a": 1}
	fmt.Println(cmp.Or(0, 3), len(slices.Clip(make([]int, 2, 5))), slices.Replace([]int{1, 2, 3}, 0, 1, 9), maps.EqualFunc(m, m, func(a, b int) bool { return a == b }))
}
`
	const want = "3 2 [9 2 3] true\n"
	var out bytes.Buffer
	i := interp.New(interp.Options{Stdout: &out, LazyGenerics: true})
	if err := i.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	// Not compiled yet: the generic functions are not there.
	if _, err := i.Compile(src); err == nil || !strings.Contains(err.Error(), `package cmp "cmp" has no symbol Or`) {
		t.Fatalf("compiled before LoadGenerics (err %v): the generic source was compiled by Use", err)
	}
	for range 2 { // the second call does nothing
		if err := i.LoadGenerics(); err != nil {
			t.Fatal(err)
		}
	}
	i2 := interp.New(interp.Options{Stdout: &out, LazyGenerics: true})
	if err := i2.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	if err := i2.LoadGenerics(); err != nil {
		t.Fatal(err)
	}
	if _, err := i2.Eval(src); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("printed %q, Go prints %q", out.String(), want)
	}

	// Without the option, Use compiles them, as yaegi does.
	out.Reset()
	if stdout, stderr, err := run(t, src); err != nil || stdout != want {
		t.Errorf("without LazyGenerics: printed %q, %v\n%s", stdout, err, stderr)
	}
}
