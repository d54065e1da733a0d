package interp_test

import "testing"

// Patch 25: errors.Is finds an error of the program's type, held in a
// wrapper, as == would: in a chain of %w, and not for another value or
// an uncomparable type. The want is what the Go toolchain prints.
func TestPatchErrorsIsDeclaredTypes(t *testing.T) {
	decls := `import "errors"

type NotFound struct{ name string }

func (e NotFound) Error() string { return e.name + ": not found" }

type Many struct{ names []string }

func (m Many) Error() string { return fmt.Sprint(m.names) }

var ErrGone error = NotFound{"gone"}
`
	body := `w := fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", ErrGone))
var m error = Many{[]string{"x"}}
fmt.Println(errors.Is(ErrGone, ErrGone), errors.Is(w, NotFound{"gone"}), errors.Is(w, NotFound{"b"}), errors.Is(m, m))`
	want := "true true false false\n"
	out, errOut, err := run(t, "package main\n\nimport \"fmt\"\n\n"+decls+"\nfunc main() {\n"+body+"\n}\n")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	if out != want {
		t.Errorf("printed %q, Go prints %q", out, want)
	}
}
