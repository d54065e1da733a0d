package shell

import "testing"

func TestIndentDepth(t *testing.T) {
	for src, want := range map[string]int{
		"func f() {":                1,
		"func f() {\n\tif x {":      2,
		"func f() {\n\tif x {\n\t}": 1,
		"x := []int{\n1,":           1,
		`s := "{{{" + f(`:           1,
		"// {\nvar (":               1,
		"}}":                        0,
		"m := map[string]func() {\n\"a\": func() {": 2,
	} {
		if got := indentDepth(src); got != want {
			t.Errorf("indentDepth(%q) = %d, want %d", src, got, want)
		}
	}
}
