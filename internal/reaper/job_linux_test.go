package reaper

import (
	"reflect"
	"testing"
)

// A job survives its trip down the job socket whatever its strings hold:
// spaces, quotes, newlines, backslashes, other scripts, empty ones.
func TestJobEncodeDecode(t *testing.T) {
	want := Job{
		Path: "/tmp/a dir/play\"ground",
		Argv: []string{"play ground", "", "a\nb", `c:\d`, "日本\t語", `"quoted"`},
		Env:  []string{"A=1", "B=two words", "C=", "D=\x01\n"},
		Dir:  "/tmp/another dir",
	}
	got, err := decodeJob(want.Encode())
	if err != nil {
		t.Fatalf("decodeJob(%q): %v", want.Encode(), err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip gave %+v, want %+v", got, want)
	}
	noEnv := Job{Path: "/bin/x", Argv: []string{"x"}}
	if got, err := decodeJob(noEnv.Encode()); err != nil || !reflect.DeepEqual(got, noEnv) {
		t.Errorf("round trip of %+v gave %+v, %v", noEnv, got, err)
	}
	for _, bad := range []string{
		"", "not-a-job",
		`"/bin/x" ""`,             // no argument count
		`"/bin/x" "" "0"`,         // no arguments
		`"/bin/x" "" "2" "x"`,     // fewer than it says
		`"/bin/x" "" "x" "x"`,     // a count that is not one
		`"" "" "1" "x"`,           // no program
		`"/bin/x" "" "1" "x"junk`, // fields run together
		`"/bin/x" "" "1" "unterminated`,
	} {
		if j, err := decodeJob(bad); err == nil {
			t.Errorf("decodeJob(%q) = %+v, want an error", bad, j)
		}
	}
}
