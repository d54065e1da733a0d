package lessons

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestParseCounting(t *testing.T) {
	l, err := LoadFile(filepath.Join("testdata", "good", "counting.md"))
	if err != nil {
		t.Fatal(err)
	}
	if l.Name != "counting" || l.Title != "Counting with goroutines" || l.Order != 1 {
		t.Errorf("front matter: got name %q title %q order %d", l.Name, l.Title, l.Order)
	}
	if l.Intro != "A small lesson for the engine's tests." {
		t.Errorf("intro: %q", l.Intro)
	}
	if len(l.Steps) != 2 {
		t.Fatalf("got %d steps, want 2", len(l.Steps))
	}
	s := l.Steps[0]
	checks := []struct{ what, got, want string }{
		{"title", s.Title, "A counter"},
		{"example", s.Example, `fmt.Println("hello from the example")`},
		{"task", s.Task, "Define `n` as an int holding 3."},
		{"solution", s.Solution, "n := 3"},
		{"hint 1", s.Hints[0], "`n := ...` defines a variable."},
		{"hint 2", s.Hints[1], "`n := 3`"},
		{"wrong", s.Wrong[0].Code, "n := 2"},
		{"wrong why", s.Wrong[0].Why, "Close, but not 3."},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("step 1 %s: got %q, want %q", c.what, c.got, c.want)
		}
	}
	if !strings.HasPrefix(s.Check, "if n != 3 {") || s.CheckLine != 24 {
		t.Errorf("check at line %d: %q", s.CheckLine, s.Check)
	}
	if s.Line != 9 || s.Wrong[0].Line != 49 {
		t.Errorf("lines: step %d, wrong %d; want 9, 49", s.Line, s.Wrong[0].Line)
	}
	if l.Steps[1].Example != "" {
		t.Errorf("step 2 has no example, got %q", l.Steps[1].Example)
	}
}

func TestParseErrors(t *testing.T) {
	const step = "## S\n### Task\nt\n### Check\n```go\nreturn nil\n```\n### Hint\nh\n### Solution\n```go\nx := 1\n```\n"
	tests := []struct {
		name, src, want string
	}{
		{"no front matter", "## S\n", "x.md:1: a lesson starts with a front matter"},
		{"unclosed front matter", "---\nname: a\n", "x.md:1: the front matter is not closed"},
		{"unknown field", "---\nname: a\ntitle: A\nlevle: 2\n---\n" + step, `x.md:4: front matter: unknown field "levle"`},
		{"bad yaml", "---\nname: a\ntitle: [A\n---\n" + step, "x.md:"},
		{"bad type", "---\nname: a\ntitle: A\norder: first\n---\n" + step, "x.md:4: front matter: "},
		{"no name", "---\ntitle: A\n---\n" + step, "the front matter has no name"},
		{"bad name", "---\nname: Big One\ntitle: A\n---\n" + step, `name "Big One": a lesson's name is lower-case`},
		{"no title", "---\nname: a\n---\n" + step, "the front matter has no title"},
		{"no steps", "---\nname: a\ntitle: A\n---\nJust prose.\n", "no steps"},
		{"level-1 heading", "---\nname: a\ntitle: A\n---\n# A\n" + step, "x.md:5: a lesson has no level-1 heading"},
		{"unknown section", "---\nname: a\ntitle: A\n---\n" + step + "### Answer\n", `x.md:18: unknown section "Answer"`},
		{"no check", "---\nname: a\ntitle: A\n---\n## S\n### Task\nt\n### Hint\nh\n### Solution\n```go\nx\n```\n", `x.md:5: step "S" has no ### Check`},
		{"check without code", "---\nname: a\ntitle: A\n---\n## S\n### Task\nt\n### Check\nreturn nil\n### Hint\nh\n### Solution\n```go\nx\n```\n", "the check section has no ```go code block"},
		{"unclosed code", "---\nname: a\ntitle: A\n---\n" + step + "```go\n", "is not closed"},
		{"two examples", "---\nname: a\ntitle: A\n---\n## S\n```go example\na\n```\n```go example\nb\n```\n### Task\nt\n### Check\n```go\nreturn nil\n```\n### Hint\nh\n### Solution\n```go\nx\n```\n", "x.md:9: step \"S\" has a second example"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("x.md", []byte(tt.src))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

func TestParseHeadingsInsideCodeAreCode(t *testing.T) {
	src := "---\nname: a\ntitle: A\n---\n## S\n```go example\n## not a step\n### Task not a section\n```\n### Task\nt\n### Check\n```go\nreturn nil\n```\n### Hint\nh\n### Solution\n```go\nx := 1\n```\n"
	l, err := Parse("x.md", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Steps) != 1 || l.Steps[0].Example != "## not a step\n### Task not a section" {
		t.Errorf("got %d steps, example %q", len(l.Steps), l.Steps[0].Example)
	}
}

func TestBuiltinLessonsParse(t *testing.T) {
	all, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if Find(all, "threads") == nil {
		t.Fatalf("no threads lesson among %s", Names(all))
	}
}

func TestLoadDirReportsDuplicateNames(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile(filepath.Join("testdata", "good", "counting.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"a.md", "b.md"} {
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	all, err := LoadDir(dir)
	if err == nil || !strings.Contains(err.Error(), `lesson name "counting" is also used by`) {
		t.Errorf("got %v, want a duplicate-name error", err)
	}
	if len(all) != 1 {
		t.Errorf("got %d lessons, want the first one kept", len(all))
	}
}

func TestParseAlsoRight(t *testing.T) {
	l, err := LoadFile(filepath.Join("testdata", "alsoright", "sum.md"))
	if err != nil {
		t.Fatal(err)
	}
	s := l.Steps[0]
	if len(s.AlsoRight) != 2 || len(s.Wrong) != 1 {
		t.Fatalf("got %d also right and %d wrong answers, want 2 and 1", len(s.AlsoRight), len(s.Wrong))
	}
	a := s.AlsoRight[1]
	if a.Code != "func sum(xs []int) int { if len(xs) == 0 { return 0 }; return xs[0] + sum(xs[1:]) }" || a.Why != "So is recursion." || a.Line != 55 {
		t.Errorf("also right 2: code %q, why %q, line %d", a.Code, a.Why, a.Line)
	}
	if !strings.Contains(s.AlsoRight[0].Code, "i < len(xs)") || s.AlsoRight[0].Line != 47 {
		t.Errorf("also right 1: %+v", s.AlsoRight[0])
	}
}

func TestParseAlsoRightHeadings(t *testing.T) {
	const head = "---\nname: a\ntitle: A\n---\n## S\n### Task\nt\n### Check\n```go\nreturn nil\n```\n### Hint\nh\n### Solution\n```go\nx := 1\n```\n"
	l, err := Parse("x.md", []byte(head+"### ALSO  Right\n```go\nx := 2\n```\n"))
	if err != nil || len(l.Steps[0].AlsoRight) != 1 {
		t.Fatalf("### ALSO  Right: %v", err)
	}
	for _, tt := range []struct{ src, want string }{
		{"### Also\n", `x.md:18: unknown section "Also": a step's sections are ### Task, ### Check, ### Hint, ### Solution, ### Wrong and ### Also right`},
		{"### Also right\nprose only\n", `x.md:18: step "S": the also right answer section has no ` + "```go code block"},
		{"### Also right\n```go\na\n```\n```go\nb\n```\n", `x.md:22: step "S": the also right answer section has more than one code block`},
	} {
		_, err := Parse("x.md", []byte(head+tt.src))
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: got %v, want an error containing %q", tt.src, err, tt.want)
		}
	}
}
