package interp

import (
	"context"
	"testing"
)

// Functions that end in a terminating statement compile; those that can
// reach the end of their body are refused as Go refuses them.
func TestMissingReturn(t *testing.T) {
	valid := []string{
		"func a() int { return 1 }",
		"func b(x int) int { if x > 0 { return 1 } else { return 2 } }",
		"func c(x int) int { if x > 0 { return 1 } else if x < 0 { return -1 } else { panic(\"zero\") } }",
		"func d() int { for { } }",
		"func e(ch chan int) int { for { select { case v := <-ch: return v } } }",
		"func f(x int) int { switch { case x > 0: return 1; default: return 0 } }",
		"func g(x any) int { switch x.(type) { case int: return 1; default: panic(\"no\") } }",
		"func h() int { select {} }",
		"func i(x int) int { switch x { case 1: fallthrough; default: return 2 } }",
		"func k() (n int) { n = 1; return }",
		"func l() int { { return 1 } }",
		"func m() int { for { for { break } } }", // the inner break leaves the inner loop only
		"func n() int { goto end; end: return 1 }",
		"var fn = func() int { return 3 }",
		"func o() { }",
	}
	te := newTestEngine(t)
	for _, src := range valid {
		res := te.Eval(context.Background(), src)
		if res.Err != nil {
			t.Errorf("%s: %v", src, res.Err)
		}
	}
	for _, c := range []struct {
		src       string
		line, col int
	}{
		{"func p(x int) int {\n\tif x > 0 {\n\t\treturn 1\n\t}\n}", 5, 1},
		{"func q() int { for i := range 3 { return i } }", 1, 46},
		{"func r(x int) int { switch x { case 1: return 1 } }", 1, 51},
		{"func s() int { for { break } }", 1, 30},
		{"func u(x int) int { switch { case x > 0: return 1; default: break } }", 1, 69},
		{"f := func() int { fmt.Println(\"x\") }", 1, 36},
		{"func j() int { L: for { for { break L } } }", 1, 43}, // the break leaves the loop labelled L
		{"func w() int { log.Fatal(\"no\") }", 1, 32},
	} {
		res := te.Eval(context.Background(), c.src)
		if res.Err == nil || res.Err.Msg != "missing return" || res.Err.Line != c.line || res.Err.Col != c.col {
			t.Errorf("%q: got %+v, want missing return at %d:%d", c.src, res.Err, c.line, c.col)
		}
	}
}
