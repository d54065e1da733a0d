package interp_test

import (
	"strings"
	"testing"
)

// Patch 43: a generic function used as a value that nothing gives type
// arguments is refused when the program compiles, at its name, in Go's
// words; instantiated or called, it runs.
func TestPatchGenericValueRefused(t *testing.T) {
	const decl = "package main\n\nimport \"fmt\"\n\nfunc Id[T any](x T) T { return x }\n\nfunc main() {\n"
	for _, c := range []struct{ body, err string }{
		{"\tx := Id\n\t_ = x\n", "8:7: cannot use generic function Id without instantiation"},
		{"\tvar y = Id\n\t_ = y\n", "8:10: cannot use generic function Id without instantiation"},
		{"\tId\n", "8:2: cannot use generic function Id without instantiation"},
		{"\tapply := func(f func(int) int) int { return f(2) }\n\tfmt.Println(Id(3), Id[string](\"a\"), apply(Id[int]))\n", ""},
	} {
		out, _, err := run(t, decl+c.body+"}\n")
		switch {
		case c.err == "" && err != nil:
			t.Errorf("%s: %v", c.body, err)
		case c.err == "" && out != "3 a 2\n":
			t.Errorf("%s: printed %q, Go prints %q", c.body, out, "3 a 2\n")
		case c.err != "" && (err == nil || !strings.HasSuffix(err.Error(), c.err)):
			t.Errorf("%s: error %v, want one ending %q", c.body, err, c.err)
		}
	}
}
