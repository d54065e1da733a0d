package interp

import (
	"bytes"
	"context"
	"go/token"
	"slices"
	"strings"
	"sync"
	"testing"
)

// syncBuffer is a bytes.Buffer safe for the interpreter's goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func (b *syncBuffer) Reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

// panicStderr is the engine's standard error in these tests: as the
// evaluator's stderrWriter does, it hands the positions of panicking frames
// that yaegi reports to the engine, and keeps the rest.
type panicStderr struct {
	e       *engine
	mu      sync.Mutex
	partial []byte
	other   bytes.Buffer
}

func (w *panicStderr) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.partial = append(w.partial, b...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			break
		}
		line := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		if m := panicLine().FindStringSubmatch(line); m != nil && w.e != nil {
			file, _, _ := strings.Cut(line, ":")
			w.e.notePanicFrame(file, m[1], m[2], 0)
			continue
		}
		if recoverLine().MatchString(line) && w.e != nil {
			w.e.noteRecovered(0)
			continue
		}
		w.other.WriteString(line + "\n")
	}
	return len(b), nil
}

func (w *panicStderr) text() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.other.String()
}

type exitCall struct {
	code int
	why  string
}

type testEngine struct {
	*engine
	stdout *syncBuffer
	stderr *panicStderr
	exits  []exitCall
}

func newTestEngine(t *testing.T) *testEngine {
	t.Helper()
	te := &testEngine{stdout: &syncBuffer{}, stderr: &panicStderr{}}
	e, err := newEngine(engineOptions{
		Stdin:  strings.NewReader(""),
		Stdout: te.stdout,
		Stderr: te.stderr,
		Exit:   func(code int, why string) { te.exits = append(te.exits, exitCall{code, why}) },
	})
	if err != nil {
		t.Fatalf("newEngine: %v", err)
	}
	te.engine = e
	te.stderr.e = e
	return te
}

// eval runs src and fails the test if it does not succeed.
func (te *testEngine) eval(t *testing.T, src string) Result {
	t.Helper()
	res := te.Eval(context.Background(), src)
	if res.Err != nil {
		t.Fatalf("Eval(%q): %v (%s)", src, res.Err, res.Err.Kind)
	}
	return res
}

// value runs src and checks the value and type it shows.
func (te *testEngine) value(t *testing.T, src, value, typ string) {
	t.Helper()
	res := te.eval(t, src)
	if res.Value != value || res.Type != typ {
		t.Errorf("Eval(%q) shows %q of type %q, want %q of type %q", src, res.Value, res.Type, value, typ)
	}
}

// noValue runs src and checks that it shows nothing.
func (te *testEngine) noValue(t *testing.T, src string) {
	t.Helper()
	res := te.eval(t, src)
	if res.Value != "" || res.Type != "" || res.Text != "" {
		t.Errorf("Eval(%q) shows %+v, want nothing", src, res)
	}
}

func TestEngineExpressionValues(t *testing.T) {
	te := newTestEngine(t)
	cases := []struct{ src, value, typ string }{
		{"1+1", "2", "int"},
		{"7 / 2", "3", "int"},
		{"7 / 2.0", "3.5", "float64"},
		{`"hi" + " there"`, `"hi there"`, "string"},
		{`"tab\there"`, `"tab\there"`, "string"},
		{"'x'", "'x'", "rune"},
		{"true && !false", "true", "bool"},
		{"[]int{1, 2, 3}", "[1 2 3]", "[]int"},
		{`map[string]int{"a": 1}`, "map[a:1]", "map[string]int"},
		{"uint8(255)", "255", "uint8"},
		{`len("héllo")`, "6", "int"},
		{`strings.ToUpper("go")`, `"GO"`, "string"},
		{"math.Sqrt(16)", "4", "float64"},
		{`errors.New("bad")`, "bad", "error"}, // the type errors.New declares
		{"x := 3\nx * x", "9", "int"},
	}
	for _, c := range cases {
		te.value(t, c.src, c.value, c.typ)
	}
	// Statements that are not expressions show nothing.
	for _, src := range []string{"y := 1", "y++", "var z = 5", "if y > 0 { y = 0 }", "for i := 0; i < 3; i++ {}", "type Celsius float64", "const Pi = 3.14"} {
		te.noValue(t, src)
	}
	// And the values they left are there.
	te.value(t, "y", "0", "int")
	te.value(t, "z", "5", "int")
	te.value(t, "Pi * 2", "6.28", "float64")
}

func TestEngineMultiValueCalls(t *testing.T) {
	te := newTestEngine(t)
	te.noValue(t, "func divmod(a, b int) (int, int) { return a / b, a % b }")
	te.value(t, "divmod(17, 5)", "3, 2", "(int, int)")
	te.noValue(t, `func pair() (string, bool) { return "k", true }`)
	te.value(t, "pair()", `"k", true`, "(string, bool)")
	res := te.eval(t, `strconv.Atoi("12")`)
	if res.Value != "12, <nil>" {
		t.Errorf(`strconv.Atoi("12") shows %q, want "12, <nil>"`, res.Value)
	}
	res = te.eval(t, `strconv.Atoi("x")`)
	if res.Value != `0, strconv.Atoi: parsing "x": invalid syntax` {
		t.Errorf(`strconv.Atoi("x") shows %q`, res.Value)
	}
	// A single result is shown as itself, not as a list of one.
	te.noValue(t, "func one() int { return 1 }")
	te.value(t, "one()", "1", "int")
	te.value(t, "divmod(9, 2)\n", "4, 1", "(int, int)")
}

func TestEngineDeclarationThenStatement(t *testing.T) {
	te := newTestEngine(t)
	te.noValue(t, "var x int; x++")
	te.value(t, "x", "1", "int")
	te.value(t, "var s []string; s = append(s, \"a\", \"b\"); len(s)", "2", "int")
	te.value(t, "x := 10\nfunc double(n int) int { return 2 * n }\ndouble(x)", "20", "int")
	te.value(t, "type P struct{ X, Y int }\nfunc (p P) Sum() int { return p.X + p.Y }\nP{2, 3}.Sum()", "5", "int")
}

func TestEngineRepeatedImports(t *testing.T) {
	te := newTestEngine(t)
	te.noValue(t, `import "fmt"`)
	te.noValue(t, `import "fmt"`)
	te.noValue(t, "import (\n\t\"fmt\"\n\t\"strings\"\n)")
	te.noValue(t, "import (\n\t\"fmt\"\n\t\"strings\"\n)")
	te.value(t, "import \"strings\"\nstrings.Repeat(\"ab\", 2)", `"abab"`, "string")
	te.value(t, `fmt.Sprint("ok")`, `"ok"`, "string")
	// An import under another name is a new import.
	te.value(t, "import str \"strings\"\nstr.ToLower(\"A\")", `"a"`, "string")
}

func TestEngineAutoImport(t *testing.T) {
	te := newTestEngine(t)
	te.noValue(t, `fmt.Println("hello", 42)`)
	if got := te.stdout.String(); got != "hello 42\n" {
		t.Errorf("stdout %q, want %q", got, "hello 42\n")
	}
	te.value(t, `strings.Fields(" a b ")`, "[a b]", "[]string")
	te.value(t, "time.Duration(90) * time.Second", "1m30s", "time.Duration")
	// In a declaration too.
	te.noValue(t, `func greet(name string) string { return fmt.Sprintf("hi %s", name) }`)
	te.value(t, `greet("gopher")`, `"hi gopher"`, "string")
	// A name the learner defined is not taken for a package.
	te.noValue(t, "type sortBox struct{ Ints []int }")
	te.noValue(t, "sort := sortBox{Ints: []int{3, 1}}")
	te.value(t, "sort.Ints", "[3 1]", "[]int")
}

func TestEngineCallWithoutResult(t *testing.T) {
	te := newTestEngine(t)
	te.noValue(t, `func hello() { fmt.Println("hello") }`)
	te.stdout.Reset()
	te.noValue(t, "hello()")
	if got := te.stdout.String(); got != "hello\n" {
		t.Errorf("hello() printed %q, want %q once", got, "hello\n")
	}
	// A call with a result after one without shows only the last.
	te.noValue(t, "func one() int { return 1 }")
	te.stdout.Reset()
	te.value(t, "hello(); one()", "1", "int")
	if got := te.stdout.String(); got != "hello\n" {
		t.Errorf("printed %q, want %q", got, "hello\n")
	}
	// Printing calls show no value either (fmt.Println returns n, err).
	te.stdout.Reset()
	te.noValue(t, `fmt.Printf("%d\n", 5)`)
	te.noValue(t, `fmt.Print("to stdout\n")`)
	if got := te.stdout.String(); got != "5\nto stdout\n" {
		t.Errorf("printed %q", got)
	}
	// A value is shown only when the input ends in an expression.
	te.noValue(t, "n := one()")
	te.value(t, "n", "1", "int")
}

func TestEngineCompileErrorPositions(t *testing.T) {
	te := newTestEngine(t)
	cases := []struct {
		src       string
		line, col int
		msg       string // a part of the message
	}{
		{"n := 1\nn = \"s\"", 2, 5, "cannot"},
		{"a := 1\nb := )", 2, 6, "expected operand"},
		{"x := 1\n    fmt.Sprint(undefinedName)", 2, 16, "undefined: undefinedName"},
		{"fmt.Println(notThere)", 1, 13, "undefined: notThere"},
		// In the second segment of a line: columns count from the line's start.
		{"var y int; y = \"s\"", 1, 16, "cannot"},
		{"q := 1\nvar z int = \"s\"", 2, 13, "cannot"},
		{"\n\n\tvar w int = \"s\"", 3, 14, "cannot"},
		{"func h() {}\nh(1)", 2, 3, "too many arguments"},
		{"func bad() int {\n\treturn \"s\"\n}", 2, 9, ""},
	}
	for _, c := range cases {
		res := te.Eval(context.Background(), c.src)
		if res.Err == nil {
			t.Errorf("Eval(%q) succeeded", c.src)
			continue
		}
		if res.Err.Kind != ErrCompile || res.Err.Line != c.line || res.Err.Col != c.col || !strings.Contains(res.Err.Msg, c.msg) {
			t.Errorf("Eval(%q) = %s error %q at %d:%d, want a compile error containing %q at %d:%d",
				c.src, res.Err.Kind, res.Err.Msg, res.Err.Line, res.Err.Col, c.msg, c.line, c.col)
		}
		if strings.Contains(res.Err.Msg, sourceName+":") {
			t.Errorf("Eval(%q): message %q still carries a file position", c.src, res.Err.Msg)
		}
	}
	// After errors the engine goes on.
	te.value(t, "40 + 2", "42", "int")
}

func TestEnginePanic(t *testing.T) {
	te := newTestEngine(t)
	res := te.Eval(context.Background(), "func boom() { panic(\"boom\") }\nx := 1\n_ = x\nboom()")
	if res.Err == nil || res.Err.Kind != ErrPanic {
		t.Fatalf("Eval of a panicking call: %+v, want a panic error", res)
	}
	if res.Err.Msg != "boom" {
		t.Errorf("panic message %q, want %q", res.Err.Msg, "boom")
	}
	// The innermost frame is the panic call in boom, at line 1 column 15.
	if len(res.Err.Frames) == 0 || res.Err.Frames[0] != "1:15" {
		t.Errorf("panic frames %q, want 1:15 first", res.Err.Frames)
	}
	// Called from a later input, boom still panics.
	res = te.Eval(context.Background(), "boom()")
	if res.Err == nil || res.Err.Kind != ErrPanic || res.Err.Msg != "boom" {
		t.Errorf("boom() from a later input: %+v", res.Err)
	}

	// A runtime error in the input itself.
	res = te.Eval(context.Background(), "var m map[string]int\nm[\"a\"] = 1")
	if res.Err == nil || res.Err.Kind != ErrPanic || !strings.Contains(res.Err.Msg, "nil map") {
		t.Errorf("writing to a nil map: %+v", res.Err)
	}
	// Frames belong to one input only.
	res = te.Eval(context.Background(), `panic(fmt.Sprintf("code %d", 7))`)
	if res.Err == nil || res.Err.Kind != ErrPanic || res.Err.Msg != "code 7" {
		t.Fatalf("direct panic: %+v", res.Err)
	}
	for _, f := range res.Err.Frames {
		if !strings.HasPrefix(f, "1:") || f == "1:15" {
			t.Errorf("frames %q: stale, or outside this one-line input", res.Err.Frames)
		}
	}
	// A recovered panic is no error.
	te.value(t, "func safe() (err error) {\n\tdefer func() {\n\t\tif r := recover(); r != nil {\n\t\t\terr = fmt.Errorf(\"recovered: %v\", r)\n\t\t}\n\t}()\n\tboom()\n\treturn nil\n}\nsafe()", "recovered: boom", "error")
	te.value(t, "1", "1", "int")
}

func TestEngineTypeOf(t *testing.T) {
	te := newTestEngine(t)
	ctx := context.Background()
	te.noValue(t, "var err error")
	te.noValue(t, `var e2 error = fmt.Errorf("wrapped: %w", io.EOF)`)
	te.noValue(t, "var r io.Reader = strings.NewReader(\"x\")")
	te.noValue(t, "n := 3")
	cases := []struct{ src, want string }{
		{"err", "error"},
		{"e2", "error"}, // the static type, not *fmt.wrapError
		{"r", "io.Reader"},
		{"n", "int"},
		{"1.5", "float64"},
		{`"s"`, "string"},
		{"[]byte(\"ab\")", "[]uint8"},
		{"strings.Split", "func(string, string) []string"},
		{`strings.Split("a,b", ",")`, "[]string"},
		{"&n", "*int"},
	}
	for _, c := range cases {
		res := te.TypeOf(ctx, c.src)
		if res.Err != nil || res.Text != c.want {
			t.Errorf("TypeOf(%q) = %q, %v; want %q", c.src, res.Text, res.Err, c.want)
		}
	}
	if res := te.TypeOf(ctx, "x := 1"); res.Err == nil || res.Err.Kind != ErrCompile || !strings.Contains(res.Err.Msg, "not an expression") {
		t.Errorf("TypeOf of a statement: %+v", res.Err)
	}
	if res := te.TypeOf(ctx, "  "); res.Err == nil || !strings.Contains(res.Err.Msg, "usage") {
		t.Errorf("TypeOf of nothing: %+v", res.Err)
	}
	if res := te.TypeOf(ctx, "nosuch"); res.Err == nil || res.Err.Line != 0 || !strings.Contains(res.Err.Msg, "undefined: nosuch") {
		t.Errorf("TypeOf of an undefined name: %+v", res.Err)
	}
}

func TestEngineComplete(t *testing.T) {
	te := newTestEngine(t)
	got := te.Complete("strings.Sp", 10)
	want := []Candidate{
		{Text: "Split", Desc: "func(string, string) []string"},
		{Text: "SplitAfter", Desc: "func(string, string) []string"},
		{Text: "SplitAfterN", Desc: "func(string, string, int) []string"},
		{Text: "SplitN", Desc: "func(string, string, int) []string"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Complete(strings.Sp) = %+v\nwant %+v", got, want)
	}
	// The cursor in the middle of the line.
	if got := te.Complete("x := strings.Sp + y", 15); !slices.Equal(got, want) {
		t.Errorf("Complete with the cursor after strings.Sp = %+v", got)
	}
	// Types and variables of a package.
	if c := findCandidate(te.Complete("sync.WaitG", 10), "WaitGroup"); c == nil || c.Desc != "type sync.WaitGroup" {
		t.Errorf("Complete(sync.WaitG) gives %+v for WaitGroup", c)
	}
	if c := findCandidate(te.Complete("os.Std", 6), "Stdout"); c == nil || c.Desc != "*os.File" {
		t.Errorf("Complete(os.Std) gives %+v for Stdout", c)
	}
	// No unexported names, nothing for an unknown package.
	for _, c := range te.Complete("strings.", 8) {
		if !token.IsExported(c.Text) {
			t.Errorf("Complete(strings.) offers unexported %q", c.Text)
		}
	}
	if got := te.Complete("nopkg.X", 7); len(got) != 0 {
		t.Errorf("Complete(nopkg.X) = %+v", got)
	}
	if got := te.Complete("x := ", 5); len(got) != 0 {
		t.Errorf("Complete with no word = %+v", got)
	}

	// Names the learner defined.
	te.noValue(t, "myCounter := 0\nvar myTotal int\nfunc myFunc() {}\ntype myType struct{}\nconst myConst = 1")
	got = te.Complete("x := my", 7)
	want = []Candidate{
		{Text: "myConst", Desc: "const untyped int"},
		{Text: "myCounter", Desc: "int"},
		{Text: "myFunc", Desc: "func()"},
		{Text: "myTotal", Desc: "int"},
		{Text: "myType", Desc: "type"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Complete(my) = %+v\nwant %+v", got, want)
	}
	// Keywords, predeclared names and package names mix with them, sorted.
	got = te.Complete("go", 2)
	for _, name := range []string{"go", "goto"} {
		if c := findCandidate(got, name); c == nil || c.Desc != "keyword" {
			t.Errorf("Complete(go) gives %+v for %s", c, name)
		}
	}
	if c := findCandidate(te.Complete("le", 2), "len"); c == nil || !strings.HasPrefix(c.Desc, "func(") {
		t.Errorf("Complete(le) gives %+v for len", c)
	}
	if c := findCandidate(te.Complete("strc", 4), "strconv"); c == nil || c.Desc != "package strconv" {
		t.Errorf("Complete(strc) gives %+v for strconv", c)
	}
	for i := 1; i < len(got); i++ {
		if got[i-1].Text >= got[i].Text {
			t.Errorf("Complete(go) not sorted or not unique: %q then %q", got[i-1].Text, got[i].Text)
		}
	}
	// The engine's own helpers are not offered.
	if got := te.Complete("_pg", 3); len(got) != 0 {
		t.Errorf("Complete(_pg) = %+v", got)
	}
	// A package imported under another name.
	te.noValue(t, `import str "strings"`)
	if findCandidate(te.Complete("str.Spl", 7), "Split") == nil {
		t.Errorf("Complete(str.Spl) after import str \"strings\" offers no Split")
	}
}

func findCandidate(cs []Candidate, text string) *Candidate {
	for i := range cs {
		if cs[i].Text == text {
			return &cs[i]
		}
	}
	return nil
}

func TestEngineExitHooks(t *testing.T) {
	te := newTestEngine(t)
	te.Eval(context.Background(), "os.Exit(3)")
	te.Eval(context.Background(), `log.Fatalf("bye %d", 2)`)
	want := []exitCall{{3, "os.Exit"}, {1, "log.Fatal"}}
	if len(te.exits) != len(want) || te.exits[0] != want[0] || te.exits[1] != want[1] {
		t.Errorf("exits %+v, want %+v", te.exits, want)
	}
	if got := te.stderr.text(); !strings.HasSuffix(got, "bye 2\n") {
		t.Errorf("log.Fatalf wrote %q to stderr, want its message", got)
	}
}

func TestEngineProgram(t *testing.T) {
	te := newTestEngine(t)
	prog := "package main\n\nimport \"fmt\"\n\nvar greeting = \"hello\"\n\nfunc init() { greeting += \",\" }\n\nfunc main() {\n\tfmt.Println(greeting, \"world\")\n}\n"
	te.noValue(t, prog)
	if got := te.stdout.String(); got != "hello, world\n" {
		t.Fatalf("the program printed %q", got)
	}
	// main ran once: later inputs do not run it again.
	te.value(t, "1 + 1", "2", "int")
	te.noValue(t, "var later int")
	if got := te.stdout.String(); got != "hello, world\n" {
		t.Errorf("after two more inputs stdout is %q: main ran again", got)
	}
	// Compile errors in a program carry its own positions.
	res := te.Eval(context.Background(), "package main\n\nfunc main() {\n\tx := \"s\" + 1\n}\n")
	if res.Err == nil || res.Err.Kind != ErrCompile || res.Err.Line != 4 {
		t.Errorf("a program with an error on line 4: %+v", res.Err)
	}
}

func TestEngineMainIsNotRunWhenDefined(t *testing.T) {
	te := newTestEngine(t)
	// As :load does with a file whose package clause was stripped.
	te.noValue(t, "func main() {\n\tfmt.Println(\"in main\")\n}")
	te.value(t, "2 * 3", "6", "int")
	if got := te.stdout.String(); got != "" {
		t.Fatalf("defining main and evaluating 2*3 printed %q", got)
	}
	te.noValue(t, "main()")
	if got := te.stdout.String(); got != "in main\n" {
		t.Errorf("main() printed %q, want it once", got)
	}
	if findCandidate(te.Complete("mai", 3), "main") == nil {
		t.Errorf("Complete(mai) does not offer main")
	}
	if res := te.TypeOf(context.Background(), "main"); res.Text != "func()" {
		t.Errorf("TypeOf(main) = %+v", res)
	}
}

// Values of the learner's types show those types, which yaegi's values do
// not carry (Point, not struct { X int; Y int }), and an interface value
// shows the value inside, not yaegi's wrapper of it.
func TestEngineShowsDeclaredTypes(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "type Celsius float64\ntype Point struct{ X, Y int }")
	te.eval(t, "type Shape interface{ Area() float64 }\ntype Sq struct{ S float64 }\nfunc (q Sq) Area() float64 { return q.S * q.S }")
	for _, c := range []struct{ src, value, typ string }{
		{"c := Celsius(3); c", "3", "Celsius"},
		{"Celsius(4)", "4", "Celsius"},
		{"p := Point{1, 2}; p", "{1 2}", "Point"},
		{"[]Point{{1, 2}}", "[{1 2}]", "[]Point"},
		{"&p", "&{1 2}", "*Point"},
		{"p.X", "1", "int"},
		{"var sh Shape = Sq{2}; sh", "{2}", "Shape"},
		{"func pick() Shape { return Sq{3} }; pick()", "{3}", "Shape"},
		{"var err error; err", "<nil>", "error"},
		{"err = fmt.Errorf(\"no\"); err", "no", "error"},
	} {
		te.value(t, c.src, c.value, c.typ)
	}
}

// A list of values typed as a statement (len(ch), cap(ch)), which Go
// refuses, shows them all, as a call's several results are shown.
func TestEngineValueList(t *testing.T) {
	te := newTestEngine(t)
	te.eval(t, "ch := make(chan int, 3); ch <- 1")
	te.value(t, "len(ch), cap(ch)", "1, 3", "(int, int)")
	te.eval(t, "x := 3")
	te.value(t, `x, x*2, "s"`, `3, 6, "s"`, "(int, int, string)")
	res := te.Eval(context.Background(), "x, nope")
	if res.Err == nil || res.Err.Msg != "undefined: nope" || res.Err.Col != 4 {
		t.Errorf("x, nope: %+v, want undefined: nope at 1:4", res.Err)
	}
}
