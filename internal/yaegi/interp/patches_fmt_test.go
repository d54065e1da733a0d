package interp_test

import "testing"

// runMain runs a program of decls and a main of body, and gives what it
// printed.
func runMain(t *testing.T, decls, body string) string {
	t.Helper()
	out, errOut, err := run(t, "package main\n\nimport \"fmt\"\n\n"+decls+"\nfunc main() {\n"+body+"\n}\n")
	if err != nil {
		t.Fatalf("%v\n%s", err, errOut)
	}
	return out
}

// Patch 22: a value of the program's type, wrapped for its Error or
// String method, is formatted as fmt formats such a value: by the method
// for %v, %s, %q, %x, %X, as itself for %d and the other verbs. The
// wants are what the Go toolchain prints.
func TestPatchWrappedValuesFormatLikeFmt(t *testing.T) {
	decls := `type T int

func (t T) Error() string { return fmt.Sprintf("T%d", int(t)) }

type C int

func (c C) String() string { return fmt.Sprintf("C%d", int(c)) }

type Self int

func (s Self) Error() string { return fmt.Sprintf("error %d", s) }
`
	body := `var err error = T(5)
fmt.Printf("%v|%s|%q|%x|%d|%5.2s|%+v\n", err, err, err, err, err, err, err)
fmt.Printf("%d %v %s %d %05d\n", T(6), T(6), C(7), C(7), C(8))
fmt.Println(Self(9))`
	want := "T5|T5|\"T5\"|5435|5|   T5|T5\n6 T6 C7 7 00008\nerror 9\n"
	if got := runMain(t, decls, body); got != want {
		t.Errorf("printed %q, Go prints %q", got, want)
	}
}

// Patch 23: a method declared on *P is not in the method set of a P: fmt
// prints a P's fields, and calls String for a *P, or for a struct that
// embeds a *P.
func TestPatchPointerMethodsNotOfValues(t *testing.T) {
	decls := `type P struct{ X, Y int }

func (p *P) String() string { return fmt.Sprintf("(%d, %d)", p.X, p.Y) }

type E struct{ msg string }

func (e *E) Error() string { return "E: " + e.msg }

type Outer struct{ *P }
`
	body := `p := P{3, 4}
fmt.Println(P{3, 4}, p, &p, Outer{&p})
fmt.Println(E{"x"}, &E{"y"})`
	want := "{3 4} {3 4} (3, 4) (3, 4)\n{x} E: y\n"
	if got := runMain(t, decls, body); got != want {
		t.Errorf("printed %q, Go prints %q", got, want)
	}
}
