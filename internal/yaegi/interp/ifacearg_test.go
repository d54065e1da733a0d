package interp_test

import "testing"

// Patch 36: an argument whose type does not implement the compiled
// interface its parameter wants is refused when the program compiles, at
// the argument, with Go's message (go build's, Go 1.26). v0.16.1 accepted
// it, and the call panicked when it ran.
func TestPatchInterfaceArguments(t *testing.T) {
	const head = "package main\n\nimport (\n\t\"io\"\n\t\"os\"\n\t\"strings\"\n)\n\n" +
		"type Celsius float64\n\ntype Sink struct{ n int }\n\n" +
		"func (s *Sink) Write(p []byte) (int, error) { return len(p), nil }\n\nfunc main() {\n\t"
	for _, c := range []struct{ body, want string }{
		{`p, _ := os.FindProcess(os.Getpid())
	p.Signal("TERM")`, `17:11: cannot use "TERM" (constant of type string) as os.Signal value in argument to p.Signal: string does not implement os.Signal (missing method Signal)`},
		{`var c Celsius = 3
	io.Copy(c, strings.NewReader("x"))`, `17:10: cannot use c (variable of float64 type Celsius) as io.Writer value in argument to io.Copy: Celsius does not implement io.Writer (missing method Write)`},
		{`var s Sink
	io.Copy(s, strings.NewReader("x"))`, `17:10: cannot use s (variable of struct type Sink) as io.Writer value in argument to io.Copy: Sink does not implement io.Writer (method Write has pointer receiver)`},
		{`m := map[string]int{}
	io.Copy(m["a"], strings.NewReader("x"))`, `17:10: cannot use m["a"] (map index expression of type int) as io.Writer value in argument to io.Copy: int does not implement io.Writer (missing method Write)`},
		{`io.Copy(func() {}, strings.NewReader("x"))`, `16:10: cannot use func() {} (value of type func()) as io.Writer value in argument to io.Copy: func() does not implement io.Writer (missing method Write)`},
	} {
		_, _, err := run(t, head+c.body+"\n}\n")
		if err == nil || err.Error() != c.want {
			t.Errorf("%s:\n got %v\nwant %s", c.body, err, c.want)
		}
	}

	// What implements the interface is passed as before.
	_, stderr, err := run(t, head+`var s Sink
	n, err := io.Copy(&s, strings.NewReader("abc"))
	var sb strings.Builder
	var w io.Writer = &sb
	io.WriteString(w, "ok")
	println(n, err == nil, sb.String())
}
`)
	if err != nil || stderr != "3 true ok\n" {
		t.Errorf("a valid program: %q, %v", stderr, err)
	}
}
