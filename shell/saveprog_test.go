package shell

import (
	"fmt"
	"strings"
	"testing"
)

// buildProgram translates what a REPL allows into what a program must
// say; each case is a session and the program :save writes for it.
func TestBuildProgram(t *testing.T) {
	for _, tc := range []struct {
		name   string
		inputs []sessionInput
		types  map[string]string
		want   string
	}{{
		name: "a var whose value uses a variable of main's is declared in main",
		inputs: []sessionInput{
			{src: "n := 4"},
			{src: "var xs = make([]int, n)"},
			{src: "len(xs)", shown: true},
		},
		want: `package main

import "fmt"

func main() {
	n := 4
	var xs = make([]int, n)
	fmt.Println(len(xs))
}
`,
	}, {
		name: "variables a function uses move to the package level, with those defined beside them",
		inputs: []sessionInput{
			{src: `a, b := 1, "x"`},
			{src: "func show() { fmt.Println(a) }"},
			{src: "show()"},
		},
		types: map[string]string{"a": "int", "b": "string"},
		want: `package main

import "fmt"

var (
	a int
	b string
)

func show() { fmt.Println(a) }

func main() {
	a, b = 1, "x"
	show()
}
`,
	}, {
		name: "imports: a name given is kept, one not used is left out",
		inputs: []sessionInput{
			{src: `import m "math"`},
			{src: `import "os"`},
			{src: "m.Sqrt(4)", shown: true},
		},
		want: `package main

import (
	"fmt"
	m "math"
)

func main() {
	fmt.Println(m.Sqrt(4))
}
`,
	}, {
		name: "comments stay; a type and its method once; the last const group",
		inputs: []sessionInput{
			{src: "// Point is a point.\ntype Point struct{ X, Y int }"},
			{src: "func (p Point) Sum() int { return p.X + p.Y } // the sum"},
			{src: "const (\n\tA = iota\n\tB\n)"},
			{src: "const (\n\tA = iota + 1\n\tB\n)"},
			{src: "Point{A, B}.Sum()", shown: true},
		},
		want: `package main

import "fmt"

// Point is a point.
type Point struct{ X, Y int }

func (p Point) Sum() int { return p.X + p.Y } // the sum

const (
	A = iota + 1
	B
)

func main() {
	fmt.Println(Point{A, B}.Sum())
}
`,
	}, {
		name: "a variable defined again is assigned; one never read is used once",
		inputs: []sessionInput{
			{src: "x := 1"},
			{src: "x := 2; y := 0"},
			{src: "x++"},
		},
		want: `package main

func main() {
	x := 1
	_ = x
	x = 2
	y := 0
	_ = y
	x++
}
`,
	}, {
		name: "when the session cannot tell a type (a fresh evaluator), the value may",
		inputs: []sessionInput{
			{src: "total := 0"},
			{src: "m := map[string]int{}"},
			{src: "func add(n int) { total += n; m[\"a\"] = n }"},
		},
		want: `package main

var (
	m     map[string]int
	total int
)

func add(n int) {
	total += n
	m["a"] = n
}

func main() {
	total = 0
	m = map[string]int{}
}
`,
	}, {
		name: "a func main of the learner's, from :load, is renamed",
		inputs: []sessionInput{
			{src: "func main() { fmt.Println(\"hi\") }"},
			{src: "main()"},
		},
		want: `package main

import "fmt"

func sessionMain() { fmt.Println("hi") }

func main() {
	sessionMain()
}
`,
	}} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := buildProgram(tc.inputs, func(name string) (string, error) {
				if typ, ok := tc.types[name]; ok {
					return typ, nil
				}
				return "", fmt.Errorf("no type for %s", name)
			})
			if err != nil {
				t.Fatal(err)
			}
			_, got, _ := strings.Cut(string(p.src), "package main")
			if got = "package main" + got; got != tc.want {
				t.Errorf("the program is\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// Each line of the program names the input line it came from: the racing
// read and write of the threads lesson's incr, one line typed, are told
// apart by their columns.
func TestProgramLines(t *testing.T) {
	p, err := buildProgram([]sessionInput{
		{src: "var counter int"},
		{src: "func incr() { v := counter; runtime.Gosched(); counter = v + 1 }"},
		{src: "incr()", from: origin{file: "lost.pg", line: 7}},
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"v := counter":    "1:15 of `func incr() { v := counter; runtime.G...`",
		"counter = v + 1": "1:48 of `func incr() { v := counter; runtime.G...`",
		"incr()":          "lost.pg:7:1",
		"var counter int": "1:1 of `var counter int`",
	}
	for n := 1; n <= len(p.lineFrom); n++ {
		line := p.sourceLine(n)
		if w, ok := want[line]; ok {
			if got := p.where(n); got != w {
				t.Errorf("line %d, %s, comes from %q, want %q", n, line, got, w)
			}
			delete(want, line)
		}
	}
	for line := range want {
		t.Errorf("no line %q in\n%s", line, p.src)
	}
}
