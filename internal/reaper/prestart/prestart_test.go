package prestart

import "testing"

// The command lines that start a session, as shell.Main reads them, and
// some that do not.
func TestWantsSession(t *testing.T) {
	for _, c := range []struct {
		args []string
		want bool
	}{
		{nil, true},
		{[]string{"run", "prog.go"}, true},
		{[]string{"run", "-"}, true},
		{[]string{"--keep-going", "run", "prog.go"}, true},
		{[]string{"-k", "run", "prog.go"}, true},
		{[]string{"--mem-limit", "1G", "run", "prog.go"}, true},
		{[]string{"--mem-limit=1G", "run", "prog.go"}, true},
		{[]string{"--no-history"}, true},
		{[]string{"lesson", "threads"}, true},
		{[]string{"lessons", "check"}, true},
		{[]string{"lessons", "check", "dir"}, true},
		{[]string{"lessons"}, false},
		{[]string{"--help"}, false},
		{[]string{"-h"}, false},
		{[]string{"--version"}, false},
		{[]string{"-version", "run", "x.go"}, false},
		{[]string{"frobnicate"}, false},
		{[]string{"--mem-limit", "run"}, true}, // "run" is the limit, which shell.Main refuses; the reaper is let go
		{[]string{"-test.run", "run"}, false},
		{[]string{"-test.v"}, false},
	} {
		if got := wantsSession(c.args); got != c.want {
			t.Errorf("wantsSession(%q) = %v, want %v", c.args, got, c.want)
		}
	}
}
