package interp

import (
	"strings"
	"testing"
)

// Completion after a dot offers the fields and methods of what is before
// it: a variable of the session, a call's result, any expression, typed by
// the compiler and never run.
func TestCompleteMembers(t *testing.T) {
	te := newTestEngine(t)
	te.noValue(t, `var sb strings.Builder
type Point struct{ X, Y int }
func (p *Point) Move(dx, dy int) { p.X += dx; p.Y += dy }
func (p Point) Dist() float64 { return 0 }
p := Point{1, 2}
calls := 0
func newPoint() Point { calls++; fmt.Println("newPoint ran"); return Point{} }
func split(s string) (string, error) { return s, nil }
ps := []*Point{&p}`)
	for _, c := range []struct {
		line string
		want []string // Text: Desc of each candidate, in order
	}{
		{"sb.Wr", []string{"Write: func([]uint8) (int, error)", "WriteByte: func(uint8) error", "WriteRune: func(int32) (int, error)", "WriteString: func(string) (int, error)"}},
		{"p.", []string{"Dist: func() float64", "Move: func(int, int)", "X: int", "Y: int"}},
		{"x := p.M", []string{"Move: func(int, int)"}},
		{"newPoint().", []string{"Dist: func() float64", "X: int", "Y: int"}}, // not addressable: no Move
		{"ps[0].", []string{"Dist: func() float64", "Move: func(int, int)", "X: int", "Y: int"}},
		{"fmt.Println(p.X, time.Now().Mon", []string{"Month: func() time.Month"}},
		{"(&p).D", []string{"Dist: func() float64"}},
		{"Point{3, 4}.D", []string{"Dist: func() float64"}},
		{`strings.NewReader("abc").Len`, []string{"Len: func() int"}},
		{"pg.Sys().GOMAX", []string{"GOMAXPROCS: int"}},
		{"nosuch.", nil},
		{"p.X.", nil},
	} {
		var got []string
		for _, cand := range te.Complete(c.line, len(c.line)) {
			got = append(got, cand.Text+": "+cand.Desc)
		}
		if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
			t.Errorf("Complete(%q) =\n\t%s\nwant\n\t%s", c.line, strings.Join(got, "\n\t"), strings.Join(c.want, "\n\t"))
		}
	}
	if out := te.stdout.String(); out != "" {
		t.Errorf("completion ran learner code: %q", out)
	}
	te.value(t, "calls", "0", "int")
	// What completion imported to type time.Now() is not imported for the
	// learner: time is still free to be a name of theirs.
	te.noValue(t, "time := 3")
	te.value(t, "time", "3", "int")

	// The session's functions with their signatures, variables with their types.
	got := map[string]string{}
	for _, c := range te.Complete("x := sp", 7) {
		got[c.Text] = c.Desc
	}
	if got["split"] != "func(s string) (string, error)" {
		t.Errorf("Complete(sp) describes split as %q", got["split"])
	}
	for _, c := range te.Complete("s", 1) {
		got[c.Text] = c.Desc
	}
	if got["sb"] != "strings.Builder" {
		t.Errorf("Complete(s) describes sb as %q", got["sb"])
	}
}

func TestReceiverBefore(t *testing.T) {
	for s, want := range map[string]string{
		"sb":                       "sb",
		"x := sb":                  "sb",
		`pg.Run("a", "b")`:         `pg.Run("a", "b")`,
		`fmt.Println(a, m["k"]`:    `m["k"]`,
		"time.Now()":               "time.Now()",
		"a + b":                    "b",
		"(a + b)":                  "(a + b)",
		"<-ch":                     "ch",
		"x.(fmt.Stringer)":         "x.(fmt.Stringer)",
		"Point{1, 2}":              "Point{1, 2}",
		"f(g(1), \")\")":           "f(g(1), \")\")",
		"return p":                 "p",
		"unbalanced)":              "",
		"":                         "",
		"for i := 0; i < n; i++ {": "",
	} {
		if got := receiverBefore(s); got != want {
			t.Errorf("receiverBefore(%q) = %q, want %q", s, got, want)
		}
	}
}
