package interp

import (
	"context"
	"testing"
)

// Statements at the top level of an input that yaegi's global scope
// cannot compile as written (toplevel.go), and what they print.
var topLevelCases = []struct {
	name, src, want string
}{
	{"two-value define in a for", "var tabs []int\nfor j := 0; j < 3; j++ { v, _ := strconv.Atoi(\"4\"); tabs = append(tabs, v+j) }\nfmt.Print(tabs)", "[4 5 6]"},
	{"two-value define in a range", "for _, e := range []string{\"1\", \"2\"} { n, err := strconv.Atoi(e); fmt.Print(n, err, \" \") }", "1 <nil> 2 <nil> "},
	{"two-value define in an if", "if true { x, y := 1, 2; fmt.Print(x + y) }", "3"},
	{"if with a two-value init", "if s, err := strconv.Atoi(\"7\"); err == nil { fmt.Print(\"got \", s) }", "got 7"},
	{"switch with a two-value init", "switch n, err := strconv.Atoi(\"x\"); { case err != nil: fmt.Print(\"bad \", n) }", "bad 0"},
	{"type switch", "var x any = 2.5\nswitch v := x.(type) { case float64: fmt.Print(v * 2) }", "5"},
	{"comma-ok type assertion", "var x any = 3\nc, ok := x.(int)\nd, ok2 := x.(string)\nfmt.Printf(\"%d %v %q %v\", c, ok, d, ok2)", "3 true \"\" false"},
	{"comma-ok map index", "m := map[string]int{\"a\": 1}\nv, found := m[\"a\"]\nw, found2 := m[\"zz\"]\n_, has := m[\"a\"]\nfmt.Print(v, found, w, found2, has)", "1 true 0 false true"},
	{"defined values last", "var x any = \"s\"\n----\ns, ok := x.(string)\n----\ns + \"!\"", "\"s!\"  string"},
	{"comma-ok receive", "ch := make(chan int, 1)\nch <- 5\n----\nv, ok := <-ch\nclose(ch)\nw, more := <-ch\nfmt.Print(v, ok, w, more)", "5 true 0 false"},
	{"comma-ok receive of errors", "ec := make(chan error, 1)\nec <- errors.New(\"boom\")\n----\nerr, ok := <-ec\nfmt.Print(err, ok)", "boom true"},
	{"defer at the top level runs once, when the input ends", "x := 1\ndefer fmt.Print(\"d\", x, \" \")\nfor i := range 2 { defer fmt.Print(\"loop\", i, \" \") }\nx = 2\nfmt.Print(\"b\", x, \" \")\n----\nfmt.Print(\"next \")\n----\nfmt.Print(\"last\")", "b2 loop1 loop0 d1 next last"},
	{"outer variables still assigned", "total := 0\nfor _, e := range []string{\"4\", \"5\"} { n, _ := strconv.Atoi(e); total += n }\nfmt.Print(total)", "9"},
}

func TestTopLevelWorkarounds(t *testing.T) {
	for _, c := range topLevelCases {
		t.Run(c.name, func(t *testing.T) {
			if got := printedBy(t, c.src); got != c.want {
				t.Errorf("%s\nprinted %q, want %q", c.src, got, c.want)
			}
		})
	}
}

// A comma-ok receive from a channel whose element type the playground
// cannot write is refused with what to write instead (yaegi: "nil type").
func TestTopLevelReceiveDefineRefused(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "type msg struct{ s string }\nmc := make(chan msg, 1)")
	te.compileError(t, "m, ok := <-mc", 1, 1, "m, ok := <-mc at the top level of an input is not supported")
	te.value(t, "var m msg; var ok bool; mc <- msg{\"a\"}; m, ok = <-mc; fmt.Sprintf(\"%s %v\", m.s, ok)", `"a true"`, "string")
}

// Errors inside a rewritten statement still point at the learner's text.
func TestTopLevelErrorPositions(t *testing.T) {
	for _, c := range []struct {
		src       string
		line, col int
	}{
		{"for j := 0; j < 3; j++ {\n\tv, _ := strconv.Atoi(nope)\n\t_ = v\n}", 2, 23},
		{"x, ok := y.(int)", 1, 10},
		{"m := map[string]int{}\nv, ok := m[k]", 2, 12},
	} {
		te := newTestEngine(t)
		res := te.Eval(context.Background(), c.src)
		if res.Err == nil || res.Err.Line != c.line || res.Err.Col != c.col {
			t.Errorf("%q: got %+v, want an error at %d:%d", c.src, res.Err, c.line, c.col)
		}
	}
}

// A panic at the top level still runs what the input deferred, first.
func TestTopLevelDeferBeforePanic(t *testing.T) {
	te := newTestEngine(t)
	res := te.Eval(context.Background(), "defer fmt.Print(\"cleanup \")\npanic(\"boom\")")
	if res.Err == nil || res.Err.Kind != ErrPanic {
		t.Fatalf("got %+v, want the panic", res.Err)
	}
	te.eval(t, "fmt.Print(\"after\")")
	if got := te.stdout.String(); got != "cleanup after" {
		t.Errorf("printed %q, want %q", got, "cleanup after")
	}
}
