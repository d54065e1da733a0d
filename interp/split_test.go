package interp

import (
	"slices"
	"strings"
	"testing"
)

// seg describes an expected segment by its text rather than its offsets.
type seg struct {
	decl      bool
	text      string
	line, col int
}

func TestSplitSegments(t *testing.T) {
	cases := []struct {
		src  string
		want []seg
	}{
		{"var x int; x++", []seg{
			{true, "var x int", 1, 1},
			{false, "x++", 1, 12},
		}},
		{"x := 1\nfunc f() {}\nf()", []seg{
			{false, "x := 1", 1, 1},
			{true, "func f() {}", 2, 1},
			{false, "f()", 3, 1},
		}},
		// Consecutive pieces of one kind make one segment.
		{"x := 1\ny := 2\nfmt.Println(x + y)", []seg{
			{false, "x := 1\ny := 2\nfmt.Println(x + y)", 1, 1},
		}},
		{"import \"fmt\"\ntype T struct{}\nvar t T\nconst c = 1", []seg{
			{true, "import \"fmt\"\ntype T struct{}\nvar t T\nconst c = 1", 1, 1},
		}},
		// A method declaration is a declaration; a function literal
		// called at once is a statement.
		{"func (p P) M() {}", []seg{{true, "func (p P) M() {}", 1, 1}}},
		{"func (p *P) M(x int) (int, error) { return x, nil }", []seg{{true, "func (p *P) M(x int) (int, error) { return x, nil }", 1, 1}}},
		{"func() {}()", []seg{{false, "func() {}()", 1, 1}}},
		{"func(x int) { fmt.Println(x) }(1)", []seg{{false, "func(x int) { fmt.Println(x) }(1)", 1, 1}}},
		{"func (p P) M() {}\nfunc() {}()", []seg{
			{true, "func (p P) M() {}", 1, 1},
			{false, "func() {}()", 2, 1},
		}},
		{"func[T any](x T) {}", []seg{{false, "func[T any](x T) {}", 1, 1}}},
		// Comments before a piece are not part of it.
		{"// set up\nvar a = 1 // one\n/* then */ a++", []seg{
			{true, "var a = 1 // one", 2, 1},
			{false, "a++", 3, 12},
		}},
		{"/* a\nb */ x := 1", []seg{{false, "x := 1", 2, 6}}},
		// Semicolons inside braces, parentheses and brackets do not split.
		{"if true {\n\ta := 1\n\t_ = a\n}\nvar b int", []seg{
			{false, "if true {\n\ta := 1\n\t_ = a\n}", 1, 1},
			{true, "var b int", 5, 1},
		}},
		{"func f() {\n\tx := 1; x++\n}\n\nf()", []seg{
			{true, "func f() {\n\tx := 1; x++\n}", 1, 1},
			{false, "f()", 5, 1},
		}},
		{"var (\n\ta = 1\n\tb = 2\n)\nfmt.Println(a, b)", []seg{
			{true, "var (\n\ta = 1\n\tb = 2\n)", 1, 1},
			{false, "fmt.Println(a, b)", 5, 1},
		}},
		{"for i := 0; i < 3; i++ {\n}\ntype T int", []seg{
			{false, "for i := 0; i < 3; i++ {\n}", 1, 1},
			{true, "type T int", 3, 1},
		}},
		// Empty statements and blank space.
		{"  var a int;;  b := 2", []seg{
			{true, "var a int", 1, 3},
			{false, "b := 2", 1, 16},
		}},
		{"\n\n\tx := 1\n\n", []seg{{false, "x := 1", 3, 2}}},
		// Columns count bytes.
		{"s := \"é\"; var v int", []seg{
			{false, "s := \"é\"", 1, 1},
			{true, "var v int", 1, 12},
		}},
		// Input that does not parse is still cut, for the parser to report.
		{"x := )", []seg{{false, "x := )", 1, 1}}},
		{"}\nvar a int", []seg{{false, "}", 1, 1}, {true, "var a int", 2, 1}}},
		{"", nil},
		{"   \n\t", nil},
		{"// only a comment", nil},
		{";;;", nil},
	}
	for _, c := range cases {
		got := splitSegments(c.src)
		var gotSegs []seg
		for _, s := range got {
			gotSegs = append(gotSegs, seg{s.decl, c.src[s.start:s.end], s.line, s.col})
		}
		if !slices.Equal(gotSegs, c.want) {
			t.Errorf("splitSegments(%q):\n got %+v\nwant %+v", c.src, gotSegs, c.want)
		}
	}
}

func TestIsDeclStart(t *testing.T) {
	cases := []struct {
		src  string
		want bool
	}{
		{"var x int", true},
		{"const c = 1", true},
		{"type T int", true},
		{"import \"fmt\"", true},
		{"func f() {}", true},
		{"func (p P) M() {}", true},
		{"func (P) M() {}", true},
		{"func (p *pkg.T) M() {}", true},
		{"func() {}()", false},
		{"func(a, b int) int { return a + b }(1, 2)", false},
		{"func (x int) {}", false}, // a literal with a parameter named x, not a receiver
		{"func", false},
		{"x := 1", false},
		{"go func() {}()", false},
		{"", false},
	}
	for _, c := range cases {
		segs := splitSegments(c.src)
		got := len(segs) > 0 && segs[0].decl
		if got != c.want {
			t.Errorf("%q is a declaration: %v, want %v", c.src, got, c.want)
		}
	}
}

func TestLineCol(t *testing.T) {
	src := "ab\ncd\n\nef"
	cases := []struct{ off, line, col int }{
		{0, 1, 1}, {1, 1, 2}, {2, 1, 3}, {3, 2, 1}, {5, 2, 3}, {6, 3, 1}, {7, 4, 1}, {9, 4, 3},
		{100, 4, 3}, // past the end: the end
	}
	for _, c := range cases {
		if line, col := lineCol(src, c.off); line != c.line || col != c.col {
			t.Errorf("lineCol(%q, %d) = %d:%d, want %d:%d", src, c.off, line, col, c.line, c.col)
		}
	}
}

func FuzzSplitSegments(f *testing.F) {
	for _, s := range []string{
		"var x int; x++", "x := 1\nfunc f() {}\nf()", "func (p P) M() {}", "func() {}()",
		"// c\nvar a = 1 // d\n/* e */ a++", "if x {\n}\nvar b int", "}}}{{{", "s := `raw\nstring",
		"/* open", "x := \"unterminated\nvar y int", "\xff\xfe\x00", ";;;\n;", "import (\n\t\"fmt\"\n)\nfmt.Println()",
		"func (", "func (a", "func ()", "var\n", "x /* c\n */ y",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		segs := splitSegments(src)
		prevEnd := 0
		for i, s := range segs {
			if s.start < prevEnd || s.start > s.end || s.end > len(src) {
				t.Fatalf("segment %d of %q is [%d, %d) after %d: out of order or out of bounds (%+v)", i, src, s.start, s.end, prevEnd, segs)
			}
			if line, col := lineCol(src, s.start); line != s.line || col != s.col {
				t.Fatalf("segment %d of %q starts at %d:%d, lineCol says %d:%d", i, src, s.line, s.col, line, col)
			}
			if i > 0 && segs[i-1].decl == s.decl {
				t.Fatalf("segments %d and %d of %q are of the same kind and were not merged", i-1, i, src)
			}
			if strings.Trim(src[s.start:s.end], " \t\r\n") == "" { // Go's white space; "\f" is a token
				t.Fatalf("segment %d of %q is blank", i, src)
			}
			prevEnd = s.end
		}
	})
}
