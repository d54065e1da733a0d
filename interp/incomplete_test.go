package interp

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func TestIncomplete(t *testing.T) {
	cases := []struct {
		src  string
		want bool
	}{
		// Open braces, parentheses and brackets.
		{"{", true},
		{"(", true},
		{"[", true},
		{"x := []int{", true},
		{"m := map[string]int{\n\t\"a\": 1,", true},
		{"fmt.Println(", true},
		{"x := (1 +", true},
		{"func f() {", true},
		{"func f() {\n\tfor i := 0; i < 3; i++ {\n\t\tfmt.Println(i)\n\t}", true},
		{"func (p P) M() {", true},
		{"func() {", true},
		{"for {", true},
		{"for i := 0; i < 10; i++ {", true},
		{"switch x {", true},
		{"select {", true},
		{"if x {", true},
		{"if x {\n} else {", true},
		{"if x {\n\ty()\n} else if z {", true},
		{"type T struct {", true},
		{"type I interface {", true},
		{"import (", true},
		{"import (\n\t\"fmt\"", true},
		{"var (", true},
		{"const (\n\ta = iota", true},
		{"package main\n\nfunc main() {", true},
		// Goroutines and defers whose function literal is still open.
		{"go func() {", true},
		{"go func(n int) {\n\tfmt.Println(n)", true},
		{"defer func() {", true},
		{"defer func() {\n\tif r := recover(); r != nil {", true},
		{"go f(", true},
		// A declaration, then statements still open (a pasted block).
		{"var wg sync.WaitGroup\nfor i := 0; i < 3; i++ {", true},
		{"var mu sync.Mutex\nmu.Lock()\ngo func() {", true},
		// A go func() { still open inside another.
		{"go func() {\n\tfor i := 0; i < 2; i++ {\n\t\tgo func() {", true},
		{"go func() {\n\tfor i := 0; i < 2; i++ {\n\t\tgo func() {\n\t\t\tfmt.Println(i)\n\t\t}()\n\t}", true},
		{"go func() {\n\tgo func() {\n\t}()\n}()", false},
		// A trailing binary operator or comma.
		{"x := 1 +", true},
		{"x := 1 +\n", true},
		{"ok := a &&", true},
		{"f(1,", true},
		{"f(1,\n", true},
		{"x := []int{1,\n2,", true},
		// Unterminated raw strings and block comments.
		{"s := `raw", true},
		{"s := `line 1\nline 2", true},
		{"`", true},
		{"/* a comment", true},
		{"x := 1 /* a comment\nthat goes on", true},

		// Finished inputs.
		{"1+1", false},
		{"x := 1", false},
		{"x := 1\n", false},
		{"func f() {}", false},
		{"func f() {\n}", false},
		{"func (p P) M() {}", false},
		{"func() {}()", false},
		{"go func() {}()", false},
		{"go func() {\n\tfmt.Println(1)\n}()", false},
		{"defer func() {\n}()", false},
		{"import \"fmt\"", false},
		{"import (\n\t\"fmt\"\n)", false},
		{"type T struct{}", false},
		{"type T struct {\n\tA int\n}", false},
		{"if x {\n} else {\n}", false},
		{"for {\n}", false},
		{"s := `raw\nstring`", false},
		{"x := 1 /* a comment\n*/", false},
		{"// just a comment", false},
		{"x := 1 // a comment {", false},
		{"s := \"{\"", false},
		{"s := '('", false},
		{"s := \"a\" +\n\"b\"", false},
		{"package main\n\nfunc main() {}", false},
		{"var wg sync.WaitGroup\nfor i := 0; i < 3; i++ {\n}", false},

		// Syntax errors that more lines cannot fix.
		{"1 +* 2", false},
		{"x := )", false},
		{"x := 1\ny := )", false},
		{"\"unterminated interpreted string", false},
		{"s := \"abc", false},
		{"'a", false},
		{"}", false},
		{"x := 1\n}", false},
		{")", false},
		{"go func() {}", false}, // not a call
		{"defer x", false},
		{"func {", false},
		{"x :=: 1", false},
		{"if x { } }", false},
		{"var x int\nfor {\n}\n}", false},

		// Nothing at all.
		{"", false},
		{" ", false},
		{"\n", false},
		{"  \n\t\r\n", false},
	}
	for _, c := range cases {
		if got := Incomplete(c.src); got != c.want {
			t.Errorf("Incomplete(%q) = %v, want %v", c.src, got, c.want)
		}
	}
}

// TestIncompleteGrowsIntoComplete feeds inputs one line at a time, as the
// shell does, and checks that every prefix but the whole is incomplete.
func TestIncompleteGrowsIntoComplete(t *testing.T) {
	for _, src := range []string{
		"func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}",
		"for i := 0; i < 3; i++ {\n\twg.Add(1)\n\tgo func(i int) {\n\t\tdefer wg.Done()\n\t\tfmt.Println(i)\n\t}(i)\n}",
		"go func() {\n\tch <- 1\n}()",
		"defer func() {\n\tif r := recover(); r != nil {\n\t\tfmt.Println(r)\n\t}\n}()",
		"select {\ncase v := <-ch:\n\tfmt.Println(v)\ndefault:\n}",
		"type Point struct {\n\tX, Y int\n}",
		"import (\n\t\"fmt\"\n\t\"strings\"\n)",
		"s := `first\nsecond\nthird`",
		"total := 1 +\n\t2 +\n\t3",
	} {
		lines := strings.Split(src, "\n")
		for i := 1; i < len(lines); i++ {
			prefix := strings.Join(lines[:i], "\n") + "\n"
			if !Incomplete(prefix) {
				t.Errorf("Incomplete(%q) = false, but the input goes on", prefix)
			}
		}
		if Incomplete(src) {
			t.Errorf("Incomplete(%q) = true for a finished input", src)
		}
	}
}

// parsesAsStatements reports whether s is a complete statement list or a
// complete list of declarations, the two forms Incomplete tries.
func parsesAsStatements(s string) bool {
	if _, err := parser.ParseFile(token.NewFileSet(), "", "package main; func main() {"+s+"\n}", parser.DeclarationErrors); err == nil {
		return true
	}
	return false
}

func FuzzIncomplete(f *testing.F) {
	for _, s := range []string{
		"", "}", "{", "func f() {", "go func() {", "x := 1 +", "f(1,", "`raw", "/* c",
		"if x {\n} else {", "1+1", "x := 1", "import \"fmt\"", "type T struct{}",
		"1 +* 2", "x := )", "\"unterminated", "var x int; x++", "package main\nfunc main() {",
		"// c\n", "\xff\xfe", "func()", "func (p P) M() {", "x := []int{1,\n2,", "select {\ncase <-ch:",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Incomplete(s)
		if strings.TrimSpace(s) == "" && got {
			t.Fatalf("Incomplete(%q) = true for blank input", s)
		}
		if !parsesAsStatements(s) {
			return
		}
		if !got && Incomplete(s+"\n") {
			t.Fatalf("Incomplete(%q) = false but true with a newline appended", s)
		}
		// A complete statement list is finished, unless it starts with
		// func: "func()" parses as a statement (a function type) and is
		// also the start of a declaration.
		if got && firstTokenOf(s) != token.FUNC {
			t.Fatalf("Incomplete(%q) = true for a complete statement list", s)
		}
	})
}
