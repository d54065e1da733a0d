package main

import (
	"os"
	"strings"
	"testing"
)

// A race log holding only yaegi's own race (recorded from a CI run) fails
// nothing; one holding a race in the playground's own code names it.
func TestOwnRace(t *testing.T) {
	for _, tc := range []struct {
		file, want string
	}{
		{"testdata/race/yaegi.txt", ""},
		{"testdata/race/ours.txt", "builtins.(*Task).finish"},
	} {
		log, err := os.ReadFile(tc.file)
		if err != nil {
			t.Fatal(err)
		}
		got := ownRace(string(log))
		if (got == "") != (tc.want == "") || !strings.Contains(got, tc.want) {
			t.Errorf("ownRace(%s) = %q, want a report naming %q", tc.file, got, tc.want)
		}
	}
}
