package lessons

import (
	"slices"
	"testing"
)

func TestDeclaredNamesOfShellInput(t *testing.T) {
	src := "var calls int\nfunc probe() int { x := 1; return x }\nfunc (r T) Method() {}\na, b := 1, 2\ntype T struct{}\nconst k = 3\nfmt.Println(a)"
	got := declared(src)
	want := []string{"calls", "probe", "a", "b", "T", "k"}
	if !slices.Equal(got, want) {
		t.Errorf("declared: %q, want %q", got, want)
	}
}
