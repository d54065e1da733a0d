package bench

import (
	"os"
	"regexp"
	"testing"
)

// TestBuiltAsTheREADMERunsIt: the benchmarks measure the playground a
// learner runs, built with the README's run command's tags.
func TestBuiltAsTheREADMERunsIt(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^    go run (?:-tags (\S+) )?\./cmd/playground$`).FindSubmatch(readme)
	if m == nil {
		t.Fatal("the README gives no run command (go run ./cmd/playground, with or without -tags)")
	}
	if got := string(m[1]); got != playgroundTags {
		t.Errorf("the README runs the playground with tags %q; the benchmarks build it with %q", got, playgroundTags)
	}
}
