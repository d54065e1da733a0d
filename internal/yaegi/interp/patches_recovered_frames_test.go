package interp_test

import (
	"regexp"
	"strings"
	"testing"
)

// recoveredLine matches the line yaegi writes when interpreted code
// recovers a panic: "14:15: recovered: main.safe.func1(...)".
var recoveredLine = regexp.MustCompile(`(?m)^(?:\S*:)?(\d+:\d+): recovered: (\S+)\(\.\.\.\)$`)

// Patch 27: recovering a panic is reported after the frames it unwound,
// at the recover call, so that whoever reads the frames can drop them;
// a panic nobody recovers is not.
func TestPatchRecoverReported(t *testing.T) {
	src := `package main

import "fmt"

func at(xs []int, i int) int {
	return xs[i]
}

func safe() {
	defer func() {
		fmt.Println("recovered", recover() != nil)
	}()
	at(nil, 3)
}

func main() {
	safe()
	var m map[string]int
	m["a"] = 1
}`
	out, stderr, err := run(t, src)
	if err == nil {
		t.Fatal("no panic")
	}
	if out != "recovered true\n" {
		t.Errorf("stdout %q", out)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
		if m := framePos.FindStringSubmatch(line); m != nil {
			got = append(got, "panic "+m[1]+" "+m[2])
		}
		if m := recoveredLine.FindStringSubmatch(line); m != nil {
			got = append(got, "recovered "+m[1]+" "+m[2])
		}
	}
	// The index in at, recovered in safe's deferred literal; then the
	// map store in main, not recovered.
	want := []string{"panic 6:9 main.at", "recovered 11:28 main.safe.func1", "panic 19:2 main.main"}
	if strings.Join(got, ", ") != strings.Join(want, ", ") {
		t.Errorf("lines %q, want %q\n%s", got, want, stderr)
	}
}
