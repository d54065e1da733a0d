package interp

import (
	"context"
	"fmt"
	"log"
	"runtime"
	"strings"
	"testing"
	"time"
)

// modernCases are Go 1.22+ inputs and what they print (their output, then
// the value the shell shows, if any, as "value  type"). Each runs in a
// fresh engine; inputs of one case are separated by "\n----\n".
//
// Goroutines started in a loop wait at a gate until the loop has ended:
// yaegi v0.16.1 races with itself (go test -race) when a goroutine returns
// from a closure while another goroutine makes one.
var modernCases = []struct {
	name, src, want string
}{
	// range over an int
	{"range int literal", `for i := range 3 { fmt.Print(i, " ") }`, "0 1 2 "},
	{"range int variable", "n := 4\nfor i := range n { fmt.Print(i) }", "0123"},
	{"range int session variable", "n := 2\n----\nfor i := range n { fmt.Print(i) }", "01"},
	{"range int typed", "var n int64 = 2\nfor i := range n { fmt.Printf(\"%T \", i) }", "int64 int64 "},
	{"range int no variable", `c := 0; for range 5 { c++ }; fmt.Print(c)`, "5"},
	{"range int evaluated once", "n := 3\nfor i := range n { n = 10; fmt.Print(i) }", "012"},
	{"range int len", `s := "abc"; for i := range len(s) { fmt.Print(s[i:i+1]) }`, "abc"},
	{"range int param", "func count(n int) { for i := range n { fmt.Print(i) } }\ncount(3)", "012"},
	{"range int assign form", "var i int\nfor i = range 3 {}\nfmt.Print(i)", "2"},
	{"range int labelled", "outer:\nfor i := range 3 {\n\tfor j := range 3 {\n\t\tif j == 1 { continue outer }\n\t\tif i == 2 { break outer }\n\t\tfmt.Print(i, j, \" \")\n\t}\n}", "0 0 1 0 "},
	{"range int body changes variable", `for i := range 3 { i += 10; fmt.Print(i, " ") }`, "10 11 12 "},
	{"range int struct field retried", "type cfg struct{ N int }\nc := cfg{N: 3}\nfor i := range c.N { fmt.Print(i) }", "012"},
	{"range int session struct field", "type cfg struct{ N int }\n----\nc := cfg{N: 2}\n----\nfor i := range c.N { fmt.Print(i) }", "01"},
	{"range int constant", "const N = 3\nfor i := range N { fmt.Print(i) }", "012"},
	{"range int time constant", "for i := range time.Duration(2) { fmt.Printf(\"%v \", i) }", "0s 1ns "},

	{"range int keeps a session variable", "i := 7\n----\nfor i := range 3 { _ = i }\n----\nfmt.Print(i)", "7"},
	{"loop keeps a session variable", "i, v := 7, \"x\"\n----\nfor i := 0; i < 3; i++ {}\nfor _, v := range []string{\"a\"} { _ = v }\nfmt.Print(i, v)", "7x"},

	// loop variables: one per iteration (Go 1.22)
	{"loopvar closures three-clause", "var fs []func()\nfor i := 0; i < 3; i++ { fs = append(fs, func() { fmt.Print(i, \" \") }) }\nfor _, f := range fs { f() }", "0 1 2 "},
	{"loopvar closures range", "var fs []func()\nfor _, v := range []string{\"a\", \"b\", \"c\"} { fs = append(fs, func() { fmt.Print(v) }) }\nfor _, f := range fs { f() }", "abc"},
	{"loopvar closures range int", "var fs []func() int\nfor i := range 3 { fs = append(fs, func() int { return i }) }\nfor _, f := range fs { fmt.Print(f()) }", "012"},
	{"loopvar goroutines three-clause", "gate := make(chan bool)\nvar wg sync.WaitGroup\nres := make([]int, 3)\nfor i := 0; i < 3; i++ {\n\twg.Add(1)\n\tgo func() { <-gate; defer wg.Done(); res[i] = i * 10 }()\n}\nclose(gate)\nwg.Wait()\nfmt.Print(res)", "[0 10 20]"},
	{"loopvar goroutines range", "gate := make(chan bool)\nvar wg sync.WaitGroup\nvar mu sync.Mutex\nseen := map[string]bool{}\nfor _, w := range []string{\"x\", \"y\", \"z\"} {\n\twg.Add(1)\n\tgo func() { <-gate; defer wg.Done(); mu.Lock(); seen[w] = true; mu.Unlock() }()\n}\nclose(gate)\nwg.Wait()\nfmt.Print(len(seen))", "3"},
	{"loopvar goroutines channel", "gate := make(chan bool)\nch := make(chan int, 3)\nfor i := range 3 { go func() { <-gate; ch <- i }() }\nclose(gate)\nsum := 0\nfor range 3 { sum += <-ch }\nfmt.Print(sum)", "3"},
	{"loopvar pg tasks", "gate := make(chan bool)\nvar ts []*pg.Task\nout := make([]int, 3)\nfor i := 0; i < 3; i++ { ts = append(ts, pg.Go(\"w\", func(ctx context.Context) { <-gate; out[i] = i + 1 })) }\nclose(gate)\nfor _, t := range ts { t.Wait() }\nfmt.Print(out)", "[1 2 3]"},
	{"loopvar defer closure", "func f() { for i := 0; i < 3; i++ { defer func() { fmt.Print(i) }() } }\nf()", "210"},
	{"loopvar defer method", "type T struct{ n int }\nfunc (t *T) show() { fmt.Print(t.n) }\nfunc g() { for _, t := range []T{{1}, {2}, {3}} { defer t.show() } }\ng()", "321"},
	{"loopvar address", "var ps []*int\nfor i := 0; i < 3; i++ { ps = append(ps, &i) }\nfor _, p := range ps { fmt.Print(*p) }", "012"},
	{"loopvar body changes three-clause", "var fs []func()\nfor i := 0; i < 6; i++ { fs = append(fs, func() { fmt.Print(i) }); if i%2 == 0 { i++ } }\nfor _, f := range fs { f() }", "135"},
	{"loopvar skip with continue", "var fs []func()\nfor i := 0; i < 6; i++ { if i%2 == 1 { i++; continue }; fs = append(fs, func() { fmt.Print(i) }) }\nfor _, f := range fs { f() }", "0"},
	{"loopvar copy back before continue", "var fs []func() int\nfor i := 0; i < 5; i++ {\n\tfs = append(fs, func() int { return i })\n\tif i == 1 { i = 3; continue }\n}\nfor _, f := range fs { fmt.Print(f(), \" \") }", "0 3 4 "},
	{"loopvar labelled continue", "var fs []func() int\nouter:\nfor i := 0; i < 4; i++ {\n\tfor j := 0; j < 2; j++ {\n\t\tif i == 1 { i++; continue outer }\n\t}\n\tfs = append(fs, func() int { return i })\n}\nfor _, f := range fs { fmt.Print(f()) }", "03"},
	{"loopvar address goroutines", "gate := make(chan bool)\nvar wg sync.WaitGroup\nps := make([]*int, 3)\nfor i := 0; i < 3; i++ { wg.Add(1); go func() { <-gate; defer wg.Done(); ps[i] = &i }() }\nclose(gate)\nwg.Wait()\nfor _, p := range ps { fmt.Print(*p) }", "012"},
	{"loopvar body changes goroutines", "gate := make(chan bool)\nvar wg sync.WaitGroup\nout := make(chan int, 3)\nfor i := 0; i < 6; i++ {\n\tif i%2 == 0 { i++ }\n\twg.Add(1)\n\tgo func() { <-gate; defer wg.Done(); out <- i }()\n}\nclose(gate)\nwg.Wait()\nclose(out)\nsum := 0\nfor v := range out { sum += v }\nfmt.Print(sum)", "9"},
	{"loopvar labelled continue goroutines", "gate := make(chan bool)\nvar wg sync.WaitGroup\nres := make([]int, 4)\nouter:\nfor i := 0; i < 4; i++ {\n\tfor j := range 2 {\n\t\tif i == 1 && j == 0 { continue outer }\n\t}\n\twg.Add(1)\n\tgo func() { <-gate; defer wg.Done(); res[i] = i + 1 }()\n}\nclose(gate)\nwg.Wait()\nfmt.Print(res)", "[1 0 3 4]"},
	{"loopvar defer in goroutines", "func work(ids []int, out chan<- int) { for _, id := range ids { defer func() { out <- id }() } }\n----\nout := make(chan int, 3)\ndone := make(chan bool)\ngo func() { work([]int{1, 2, 3}, out); done <- true }()\n<-done\nclose(out)\nfor v := range out { fmt.Print(v) }", "321"},
	{"loopvar pg tasks range", "gate := make(chan bool)\nvar ts []*pg.Task\nvar mu sync.Mutex\ngot := map[string]bool{}\nfor _, name := range []string{\"a\", \"b\"} { ts = append(ts, pg.Go(name, func(ctx context.Context) { <-gate; mu.Lock(); got[name] = true; mu.Unlock() })) }\nclose(gate)\nfor _, t := range ts { t.Wait() }\nfmt.Print(len(got))", "2"},
	{"loopvar pg tasks range int", "gate := make(chan bool)\nvar ts []*pg.Task\nout := make([]int, 3)\nfor i := range 3 { ts = append(ts, pg.Go(\"w\", func(ctx context.Context) { <-gate; out[i] = i + 1 })) }\nclose(gate)\nfor _, t := range ts { t.Wait() }\nfmt.Print(out)", "[1 2 3]"},
	{"loopvar defer closure range int", "func f() { for i := range 3 { defer func() { fmt.Print(i) }() } }\nf()", "210"},
	{"select sends a composite literal", "type result struct{ id, val int }\n----\nout := make(chan result, 1)\nj := 3\nselect {\ncase out <- result{1, j * j}:\n}\nfmt.Print(<-out)", "{1 9}"},
	{"select sends evaluated once in order", "func next(n *int) int { *n++; return *n }\n----\nn := 0\na, b := make(chan []int, 1), make(chan []int, 1)\nfor range 2 {\n\tselect {\n\tcase a <- []int{next(&n)}:\n\tcase b <- []int{next(&n)}:\n\t}\n}\nfmt.Print(n, len(a)+len(b))", "4 2"},
	{"select labelled break", "func f() []int {\n\tch := make(chan []int, 1)\n\tx := 5\nloop:\n\tfor {\n\t\tselect {\n\t\tcase ch <- []int{x}:\n\t\t\tbreak loop\n\t\t}\n\t}\n\tv := <-ch\n\treturn v\n}\nfmt.Print(f())", "[5]"},
	{"select break inside an if", "func f() (n int) {\n\tfor n < 10 {\n\t\tn++\n\t\tselect {\n\t\tdefault:\n\t\t\tif n < 3 {\n\t\t\t\tbreak\n\t\t\t}\n\t\t\tn += 100\n\t\t}\n\t}\n\treturn n\n}\nfmt.Print(f())", "103"},
	{"select labelled continue and break", "func f() (n int) {\n\tdone := make(chan bool)\nloop:\n\tfor {\n\t\tn++\n\t\tif n == 3 { close(done) }\n\t\tselect {\n\t\tcase <-done:\n\t\t\tbreak loop\n\t\tdefault:\n\t\t\tcontinue loop\n\t\t}\n\t}\n\treturn n\n}\nfmt.Print(f())", "3"},
	{"select labelled break of the select", "func f() int {\n\tn := 0\nsel:\n\tselect {\n\tdefault:\n\t\tn = 1\n\t\tbreak sel\n\t}\n\treturn n\n}\nfmt.Print(f())", "1"},
	{"defer arguments evaluated at once", "func f() { x := 1; defer fmt.Print(x, \" \"); x = 2; defer fmt.Print(x, \" \") }\nf()", "2 1 "},
	{"defer arguments of a closure", "func f() { for i := 0; i < 3; i++ { defer func(n int) { fmt.Print(n) }(i) } }\nf()", "210"},
	{"loopvar nested loops", "var fs []func()\nfor i := range 2 { for j := 0; j < 2; j++ { fs = append(fs, func() { fmt.Printf(\"%d%d \", i, j) }) } }\nfor _, f := range fs { f() }", "00 01 10 11 "},
	{"loopvar nested defer", "func f() { for _, a := range []string{\"x\", \"y\"} { for i := range 2 { defer func() { fmt.Print(a, i, \" \") }() } } }\nf()", "y1 y0 x1 x0 "},
	{"loopvar inside function", "func collect() []func() int { var fs []func() int; for i := 0; i < 3; i++ { fs = append(fs, func() int { return i * i }) }; return fs }\nfor _, f := range collect() { fmt.Print(f(), \" \") }", "0 1 4 "},
	{"loopvar program", "package main\n\nimport (\n\t\"fmt\"\n\t\"sync\"\n)\n\nfunc main() {\n\tvar wg sync.WaitGroup\n\tgate := make(chan bool)\n\tout := make([]int, 3)\n\tfor i := range 3 {\n\t\twg.Add(1)\n\t\tgo func() {\n\t\t\t<-gate\n\t\t\tdefer wg.Done()\n\t\t\tout[i] = i\n\t\t}()\n\t}\n\tclose(gate)\n\twg.Wait()\n\tfmt.Println(out, min(3, 1, 2), max(2.5, 1))\n}\n", "[0 1 2] 1 2.5\n"},

	// min, max, clear
	{"min constants", "min(3, 1, 2)", "1  int"},
	{"max constants float", "max(1, 2.5)", "2.5  float64"},
	{"min constant widened", "x := min(1, 2.5)\nfmt.Printf(\"%v %T\", x, x)", "1 float64"},
	{"min strings", `min("b", "a", "c")`, `"a"  string`},
	{"min negative", "min(-3, 2)", "-3  int"},
	{"min const declaration", "const c = max(2, 7)\nfmt.Print(c)", "7"},
	{"min typed and untyped", "f := 2.5\nmin(1, f)", "1  float64"},
	{"max typed first", "n := 4\nmax(n, 10)", "10  int"},
	{"max duration", "d := 3 * time.Second\nmax(d, time.Second)", "3s  time.Duration"},
	{"min three typed", "a, b, c := 3, 1, 2\nmin(a, b, c)", "1  int"},
	{"min NaN", "nan := math.NaN()\nfmt.Print(min(1.0, nan), max(nan, 1.0))", "NaN NaN"},
	{"min in expression", "s := []int{5, 2, 8}\nlo := s[0]\nfor _, v := range s { lo = min(lo, v) }\nfmt.Print(lo)", "2"},
	{"min shadowed by learner", "func min(a, b int) int { return a*100 + b }\nmin(1, 2)", "102  int"},
	{"max local variable", "max := 0\nfor _, v := range []int{3, 9, 4} { if v > max { max = v } }\nfmt.Print(max)", "9"},
	{"clear map", `m := map[string]int{"a": 1, "b": 2}; clear(m); fmt.Print(len(m))`, "0"},
	{"clear slice", `s := []int{1, 2, 3}; clear(s); fmt.Print(s)`, "[0 0 0]"},
	{"clear struct map", "type P struct{ X int }\nm := map[int]P{1: {2}}\nclear(m)\nfmt.Print(len(m))", "0"},

	// generic inference
	{"generic untyped floats", "func Sum[T int | float64](xs ...T) T { var s T; for _, x := range xs { s += x }; return s }\n----\nSum(1.5, 2.5)", "4  float64"},
	{"generic untyped mixed", "func Add[T int | float64](a, b T) T { return a + b }\n----\nAdd(1, 2.5)", "3.5  float64"},
	{"generic variadic typed", "func Sum[T int | float64](xs ...T) T { var s T; for _, x := range xs { s += x }; return s }\n----\na, b := 1.5, 2.0\n----\nSum(a, b)", "3.5  float64"},
	{"generic spread", "func Sum[T int | float64](xs ...T) T { var s T; for _, x := range xs { s += x }; return s }\n----\nSum([]int{1, 2, 3}...)", "6  int"},
	{"generic func argument", "func Map[T, U any](xs []T, f func(T) U) []U { var r []U; for _, x := range xs { r = append(r, f(x)) }; return r }\n----\nMap([]int{1, 2}, func(x int) string { return fmt.Sprint(x, \"!\") })", `[1! 2!]  []string`},
	{"generic result defined at top level", "func Map[T, U any](xs []T, f func(T) U) []U { var r []U; for _, x := range xs { r = append(r, f(x)) }; return r }\n----\nsq := Map([]int{1, 2, 3}, func(x int) int { return x * x })\n----\nfmt.Print(sq, len(sq))", "[1 4 9] 3"},
	{"min defined at top level", "a, b := 3, 2\nm := min(a, b)\nfmt.Print(m)", "2"},
	{"generic core type of a session type", "type Names []string\n----\nfunc First[S ~[]E, E any](s S) E { return s[0] }\n----\nFirst(Names{\"a\", \"b\"})\n----\nf := First(Names{\"c\"})\n----\nfmt.Print(f)", "c\"a\"  string"},
	{"range over a session int type", "type Count int\n----\nvar n Count = 3\n----\nfor i := range n { fmt.Print(i) }", "012"},
	{"generic typed call left to yaegi", "type Float interface{ ~float32 | ~float64 }\nfunc add[T Float](a, b T) float64 { return float64(a) + float64(b) }\n----\nx, y := 1.5, 2.0\nadd(x, y)", "3.5  float64"},
	{"generic define from a method's result", "func Rev[E any](x []E) []E { for i, j := 0, len(x)-1; i < j; i, j = i+1, j-1 { x[i], x[j] = x[j], x[i] }; return x }\n----\ntype P struct{ xs []int }\nfunc (p P) list() []int { return p.xs }\n----\np := P{xs: []int{1, 2}}\nr := Rev(p.list())\n----\nr", "[2 1]  []int"},
	{"generic var at top level", "func Clone[S ~[]E, E any](s S) S { return append(S(nil), s...) }\n----\nvar c = Clone([]string{\"a\"})\n----\nc", "[a]  []string"},
	{"generic in same input", "func Max[T int | float64](a, b T) T { if a > b { return a }; return b }\nfmt.Print(Max(1, 2.5))", "2.5"},

	// the standard library
	{"slices.Sort", "s := []int{3, 1, 2}\nslices.Sort(s)\nfmt.Print(s)", "[1 2 3]"},
	{"slices.SortFunc", "type P struct{ Name string; Age int }\nps := []P{{\"b\", 30}, {\"a\", 20}}\nslices.SortFunc(ps, func(a, b P) int { return a.Age - b.Age })\nfmt.Print(ps)", "[{a 20} {b 30}]"},
	{"slices.Max Min", "s := []float64{2, 7.5, 1}\nfmt.Print(slices.Max(s), slices.Min(s))", "7.5 1"},
	{"slices.Reverse Contains", "s := []string{\"a\", \"b\"}\nslices.Reverse(s)\nfmt.Print(s, slices.Contains(s, \"a\"), slices.Index(s, \"a\"))", "[b a] true 1"},
	{"slices.Clone Equal", "s := []int{1, 2}\nc := slices.Clone(s)\nc[0] = 9\nfmt.Print(s, c, slices.Equal(s, []int{1, 2}))", "[1 2] [9 2] true"},
	{"slices.Insert Delete Compact Concat", "s := []int{1, 2, 2, 3}\ns = slices.Insert(s, 1, 9)\ns = slices.Delete(s, 0, 1)\ns = slices.Compact(s)\nfmt.Print(s, slices.Concat(s, []int{7}, []int{8}))", "[9 2 3] [9 2 3 7 8]"},
	{"slices.BinarySearch", "i, ok := slices.BinarySearch([]int{1, 3, 5}, 3)\nfmt.Print(i, ok)", "1 true"},
	{"slices.MaxFunc defined at top level", "type P struct{ N string; A int }\n----\nps := []P{{\"a\", 3}, {\"b\", 9}}\n----\noldest := slices.MaxFunc(ps, func(a, b P) int { return cmp.Compare(a.A, b.A) })\n----\nfmt.Print(oldest.N)", "b"},
	{"slices.DeleteFunc Compare Repeat", "fmt.Print(slices.DeleteFunc([]int{1, 2, 3, 4}, func(x int) bool { return x%2 == 0 }), slices.Compare([]int{1}, []int{2}), slices.Repeat([]string{\"a\"}, 2))", "[1 3] -1 [a a]"},
	{"maps.DeleteFunc Equal", "m := map[string]int{\"a\": 1, \"b\": 2}\nmaps.DeleteFunc(m, func(k string, v int) bool { return v == 1 })\nfmt.Print(m, maps.Equal(m, map[string]int{\"b\": 2}))", "map[b:2] true"},
	{"maps.Clone", `m := map[string]int{"a": 1}; c := maps.Clone(m); c["b"] = 2; fmt.Print(len(m), len(c))`, "1 2"},
	{"maps.Keys sorted", `m := map[string]int{"b": 1, "a": 2}; fmt.Print(slices.Sorted(maps.Keys(m)))`, "[a b]"},
	{"maps.Keys collect", `m := map[string]int{"k": 1}; fmt.Print(slices.Collect(maps.Keys(m)))`, "[k]"},
	{"maps.Keys range", `m := map[int]bool{1: true, 2: true}; sum := 0; for k := range maps.Keys(m) { sum += k }; fmt.Print(sum)`, "3"},
	{"maps.All range", `m := map[string]int{"a": 1}; for k, v := range maps.All(m) { fmt.Print(k, v) }`, "a1"},
	{"strings.Lines range", "for line := range strings.Lines(\"a\\nb\\n\") { fmt.Printf(\"%q \", line) }", `"a\n" "b\n" `},
	{"strings.SplitSeq range", `for f := range strings.SplitSeq("a,b,c", ",") { fmt.Print(f) }`, "abc"},
	{"slices.Values range", `for v := range slices.Values([]int{4, 5}) { fmt.Print(v) }`, "45"},
	{"prelude after an import", "import \"sync\"\n----\nf := sync.OnceFunc(func() { fmt.Print(\"x\") })\nf()\nf()", "x"},
	{"prelude and an import in one input", "import \"strings\"\nfor l := range strings.Lines(\"a\\nb\") { fmt.Print(strings.TrimSpace(l)) }", "ab"},
	{"sync.OnceFunc", "f := sync.OnceFunc(func() { fmt.Print(\"once \") })\nf()\nf()", "once "},
	{"sync.OnceValue", "v := sync.OnceValue(func() int { fmt.Print(\"computing \"); return 42 })\nfmt.Print(v() + v())", "computing 84"},
	{"sync.OnceValues", "load := sync.OnceValues(func() (string, error) { return \"cfg\", nil })\ns, err := load()\nfmt.Print(s, err)", "cfg<nil>"},
	{"sync.OnceValue named", "func answer() int { return 42 }\n----\nget := sync.OnceValue(answer)\nfmt.Print(get())", "42"},
	{"WaitGroup.Go", "gate := make(chan bool)\nvar wg sync.WaitGroup\nvar n atomic.Int64\nfor range 5 { wg.Go(func() { <-gate; n.Add(1) }) }\nclose(gate)\nwg.Wait()\nfmt.Print(n.Load())", "5"},
	{"WaitGroup.Go pointer", "func run(wg *sync.WaitGroup, out chan<- int) { wg.Go(func() { out <- 1 }) }\n----\nvar wg sync.WaitGroup\nout := make(chan int, 1)\nrun(&wg, out)\nwg.Wait()\nfmt.Print(<-out)", "1"},
}

func TestModernGo(t *testing.T) {
	for _, c := range modernCases {
		t.Run(c.name, func(t *testing.T) {
			if got := printedBy(t, c.src); got != c.want {
				t.Errorf("%s\nprinted %q, want %q", c.src, got, c.want)
			}
		})
	}
}

// printedBy runs the inputs of src (separated by "\n----\n") in a fresh
// engine and returns what they printed, then the last value shown, as
// "value  type"; an input that fails ends the test.
func printedBy(t *testing.T, src string) string {
	t.Helper()
	te := newTestEngine(t)
	var shown string
	for _, in := range strings.Split(src, "\n----\n") {
		res := te.Eval(context.Background(), in)
		if res.Err != nil {
			t.Fatalf("Eval(%q): %v (%s)", in, res.Err, res.Err.Kind)
		}
		if res.Value != "" {
			shown = res.Value + "  " + res.Type
		}
	}
	return te.stdout.String() + shown
}

// unsupportedCases are what the playground cannot run: each is refused
// with its message at the learner's line and column, and the session goes on.
var unsupportedCases = []struct {
	name, src string
	line, col int
	msg       string
}{
	{"range over func", "seq := func(yield func(int) bool) { yield(1) }\nfor x := range seq { fmt.Println(x) }", 2, 16,
		"range over a function is not supported in the playground yet; call seq with a yield function of your own, or collect its values in a slice and range over that"},
	{"range over func declared", "func count(yield func(int) bool) {}\nfor x := range count { _ = x }", 2, 16,
		"range over a function is not supported in the playground yet; call count with a yield function of your own, or collect its values in a slice and range over that"},
	{"range over iter.Seq", "func each(s iter.Seq[int]) {\n\tfor x := range s { _ = x }\n}", 1, 13,
		"package iter (Go 1.23) is not in the playground, whose standard library is Go 1.22's"},
	{"import iter", "import \"iter\"", 1, 8,
		"package iter (Go 1.23) is not in the playground, whose standard library is Go 1.22's"},
	{"import unique", "import (\n\t\"fmt\"\n\t\"unique\"\n)", 3, 2,
		"package unique (Go 1.23) is not in the playground, whose standard library is Go 1.22's"},
	{"range int two variables", "for i, j := range 3 { _, _ = i, j }", 1, 8,
		"range over 3 permits only one iteration variable"},
	{"iterator outside range", "m := map[string]int{\"a\": 1}\nkeys := maps.Keys(m)", 2, 9,
		"maps.Keys returns an iterator (Go 1.23), which the playground cannot run yet; it works in a for range loop, and in slices.Collect or slices.Sorted"},
	{"iterator backward", "for i, v := range slices.Backward([]int{1}) { _, _ = i, v }", 1, 19,
		"slices.Backward returns an iterator (Go 1.23), which the playground cannot run yet; it works in a for range loop, and in slices.Collect or slices.Sorted"},
	{"OnceValue of a variable", "f := func() int { return 1 }\ng := sync.OnceValue(f)", 2, 6,
		"sync.OnceValue needs a function literal here in the playground (or a function declared in the session): sync.OnceValue(func() T { … })"},
	{"generic type alias", "type Set[T comparable] = map[T]bool", 1, 6,
		"generic type aliases (Go 1.24) are not supported in the playground yet; declare a generic type instead: type Set[T comparable] map[T]bool"},
	{"labelled break from a loop in a select", "func f(ch chan int) {\nloop:\n\tfor {\n\t\tselect {\n\t\tcase <-ch:\n\t\t\tfor {\n\t\t\t\tbreak loop\n\t\t\t}\n\t\t}\n\t}\n}", 7, 5,
		"break loop from inside a select is not supported by the playground's interpreter yet, but for a plain break out of the select; set a variable and break loop after the select"},
	{"generic reflect.TypeFor", "import \"reflect\"\n----\nt := reflect.TypeFor[int]()", 1, 6,
		"reflect.TypeFor is not available in the playground; write reflect.TypeOf((*T)(nil)).Elem() instead"},
	{"generic runtime.AddCleanup", "import \"runtime\"\n----\nx := new(int)\nruntime.AddCleanup(x, func(int) {}, 0)", 2, 1,
		"runtime.AddCleanup is not available in the playground; use runtime.SetFinalizer instead"},
	{"generic sql.Null", "import \"database/sql\"\n----\nvar n sql.Null[int]", 1, 7,
		"sql.Null is not available in the playground; use sql.NullString, sql.NullInt64 and the other sql.Null types instead"},
	{"min without arguments", "x := min()", 1, 10,
		"not enough arguments for min() (expected 1, found 0)"},
	{"range over func field", "type S struct{ Seq func(func(int) bool) }\ns := S{Seq: func(yield func(int) bool) {}}\nfor x := range s.Seq { _ = x }", 3, 16,
		"range over a function is not supported in the playground yet; call s.Seq with a yield function of your own, or collect its values in a slice and range over that"},
	{"range of unknown type", "type S struct{ F func(func(int) bool) }\nfunc (s S) seq() func(func(int) bool) { return s.F }\n----\ns := S{}\nfor x := range s.seq() { _ = x }", 2, 16,
		"cannot range over s.seq(): the playground could not tell its type; if it is an int, write for i := 0; i < s.seq(); i++ (range over a function is not supported in the playground yet)"},
}

func TestModernUnsupported(t *testing.T) {
	for _, c := range unsupportedCases {
		t.Run(c.name, func(t *testing.T) {
			te := newTestEngine(t)
			ins := strings.Split(c.src, "\n----\n")
			for _, in := range ins[:len(ins)-1] {
				te.eval(t, in)
			}
			res := te.Eval(context.Background(), ins[len(ins)-1])
			if res.Err == nil {
				t.Fatalf("%s\nran without an error: %+v", c.src, res)
			}
			if res.Err.Kind != ErrCompile || res.Err.Msg != c.msg || res.Err.Line != c.line || res.Err.Col != c.col {
				t.Errorf("%s\ngot  %d:%d: %s (%s)\nwant %d:%d: %s", c.src, res.Err.Line, res.Err.Col, res.Err.Msg, res.Err.Kind, c.line, c.col, c.msg)
			}
			// The session goes on.
			te.value(t, "1 + 1", "2", "int")
		})
	}
}

// Errors in rewritten code point at the learner's own text, and name what
// the learner wrote, not what the rewrites introduced.
func TestModernErrorPositions(t *testing.T) {
	cases := []struct {
		src       string
		line, col int
		msg       string
	}{
		{"for i := range 3 {\n\tundefinedName(i)\n}", 2, 2, "undefined: undefinedName"},
		{"n := 2\nfor i := range n {\n\tfmt.Println(i)\n\tfmt.Println(i + \"a\")\n}", 4, 14, "invalid operation: mismatched types int and untyped string"},
		{"for i := 0; i < 3; i++ {\n\tgo func() {\n\t\tx := i + \"s\"\n\t\t_ = x\n\t}()\n}", 3, 8, "invalid operation: mismatched types int and untyped string"},
		{"x := 1\nmin(x, \"a\")", 2, 8, "cannot convert \"a\" to int"},
		{"type Float interface{ ~float32 | ~float64 }\nfunc add[T Float](a, b T) float64 { return float64(a) + float64(b) }\nfunc main() { println(add(1, 2)) }", 3, 27, "untyped int does not implement main.Float"},
		{"func f() {\n\tfor _, v := range []int{1} {\n\t\tdefer func() { undefinedName(v) }()\n\t}\n}", 3, 18, "undefined: undefinedName"},
	}
	for _, c := range cases {
		te := newTestEngine(t)
		res := te.Eval(context.Background(), c.src)
		if res.Err == nil {
			t.Errorf("%s\nran without an error", c.src)
			continue
		}
		if res.Err.Line != c.line || res.Err.Col != c.col || res.Err.Msg != c.msg || strings.Contains(res.Err.Msg, "_pg") {
			t.Errorf("%s\ngot %d:%d: %s, want %d:%d: %s", c.src, res.Err.Line, res.Err.Col, res.Err.Msg, c.line, c.col, c.msg)
		}
	}
}

// rand.N of math/rand/v2 imported in an earlier input is the prelude's
// (the prelude's own import of math/rand/v2 leaves the learner's name).
func TestModernRandN(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, `import "math/rand/v2"`)
	te.value(t, "rand.N(10) < 10", "true", "bool")
}

// A panic in a helper of the prelude reads as the standard function's.
func TestModernHelperPanic(t *testing.T) {
	te := newTestEngine(t)
	res := te.Eval(context.Background(), "var none []int\nslices.Max(none)")
	if res.Err == nil || res.Err.Kind != ErrPanic || res.Err.Msg != "slices.Max: empty list" {
		t.Fatalf("slices.Max of nothing: %+v", res.Err)
	}
	te.value(t, "slices.Max([]int{4, 9, 2})", "9", "int")
}

// session1000 is 1,000 lines of shell input, one input a line, in the mix
// of bench/run_test.go's session: declarations, loops, maps, a goroutine
// and a channel, printing, expressions. It is Go that yaegi runs as
// written, so it runs with the rewriting off too.
func session1000() []string {
	var ls []string
	for k := 0; len(ls) < 1000; k++ {
		ls = append(ls,
			fmt.Sprintf("var v%d = %d*2 + 1", k, k),
			fmt.Sprintf("func f%d(x int) int { return x*%d + v%d }", k, k%7+2, k),
			fmt.Sprintf("type p%d struct{ a, b int }", k),
			fmt.Sprintf("func (p p%d) sum() int { return p.a*2 + p.b }", k),
			fmt.Sprintf("s%d := 0", k),
			fmt.Sprintf("for i := 0; i < %d; i++ { s%d += f%d(i) }", 10+k%5, k, k),
			fmt.Sprintf(`fmt.Println("block", %d, s%d, strings.Repeat("*", %d))`, k, k, k%5+1),
			fmt.Sprintf("p%d{a: %d, b: s%d}.sum()", k, k, k),
			fmt.Sprintf("ch%d := make(chan int); go func() { ch%d <- f%d(3) }(); fmt.Println(<-ch%d)", k, k, k, k),
			fmt.Sprintf(`w%d := strings.Fields("the quick brown fox %d"); sort.Strings(w%d); fmt.Println(w%d, len(w%d))`, k, k, k, k, k),
		)
	}
	return ls[:1000]
}

// BenchmarkModernRewrite1000 is what the rewriting costs in the evaluator,
// without processes around it: the 1,000 inputs of session1000 evaluated
// in a fresh engine with the rewriting on and off, in each iteration.
// on/off is the ratio of the processor time each took (the benchmark's
// own, which other work on the machine disturbs less than wall-clock
// time); bench/modern_test.go measures the same through playground run.
func BenchmarkModernRewrite1000(b *testing.B) {
	lines := session1000()
	var used [2]time.Duration // on, off
	n := 0
	for b.Loop() {
		n++
		for k := range 2 {
			i := (k + n) % 2 // which goes first alternates
			b.StopTimer()
			te := newTestEngine(&testing.T{})
			te.plain = i == 1
			runtime.GC() // no garbage of the run before
			b.StartTimer()
			start, _ := cpuTime()
			for _, l := range lines {
				if res := te.Eval(context.Background(), l); res.Err != nil {
					b.Fatalf("%s: %v", l, res.Err)
				}
			}
			end, _ := cpuTime()
			used[i] += time.Duration(end - start)
		}
	}
	b.ReportMetric(float64(used[0])/float64(used[1]), "on/off")
}

// yaegi's compiler writes "nil type" to the standard logger when it fails
// on a range over an int or a function; the learner does not see it.
func TestModernQuietCompile(t *testing.T) {
	te := newTestEngine(t)
	var buf syncBuffer
	w := log.Writer()
	log.SetOutput(&buf)
	defer log.SetOutput(w)
	te.eval(t, "type cfg struct{ N int }")
	te.eval(t, "c := cfg{N: 2}; for i := range c.N { fmt.Print(i) }")
	te.eval(t, "type S struct{ F func(func(int) bool) }\nfunc (s S) seq() func(func(int) bool) { return s.F }")
	res := te.Eval(context.Background(), "s := S{}\nfor x := range s.seq() { _ = x }")
	if res.Err == nil || !strings.HasPrefix(res.Err.Msg, "cannot range over s.seq()") {
		t.Errorf("range over a function field: %+v", res.Err)
	}
	if buf.String() != "" {
		t.Errorf("the standard logger got %q", buf.String())
	}
	if te.stdout.String() != "01" {
		t.Errorf("printed %q", te.stdout.String())
	}
}
