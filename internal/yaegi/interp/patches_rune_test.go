package interp_test

import "testing"

// Patch 24: a rune literal is a rune when it is typed twice, as a
// package-level variable's value is (by GTA, then by cfg): var r = 'b'
// is an int32, as in Go, not an int.
func TestPatchPackageRuneLiteral(t *testing.T) {
	src := "package main\n\nimport \"fmt\"\n\nvar r = 'b'\n\nconst c = 'x'\n\nvar s = c\n\nfunc main() {\n\tn := 'q'\n\tfmt.Printf(\"%T %T %T %v %c\\n\", r, s, n, s+1, r)\n}\n"
	out, errOut, err := run(t, src)
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if want := "int32 int32 int32 121 b\n"; out != want {
		t.Errorf("printed %q, Go prints %q", out, want)
	}
}
