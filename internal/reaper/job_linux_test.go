package reaper

import (
	"reflect"
	"testing"
)

// A job survives its trip through the environment whatever its
// arguments hold: spaces, quotes, newlines, backslashes, other scripts,
// an empty one.
func TestJobEncodeDecode(t *testing.T) {
	want := Job{Shell: 4242, Path: "/tmp/a dir/play\"ground", Argv: []string{"play ground", "", "a\nb", `c:\d`, "日本\t語", `"quoted"`}}
	got, err := decodeJob(want.Encode())
	if err != nil {
		t.Fatalf("decodeJob(%q): %v", want.Encode(), err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip gave %+v, want %+v", got, want)
	}
	for _, bad := range []string{"", "not-a-job", `"12" "/bin/x"`, `"x" "/bin/x" "x"`, `"12" "/bin/x" "unterminated`} {
		if j, err := decodeJob(bad); err == nil {
			t.Errorf("decodeJob(%q) = %+v, want an error", bad, j)
		}
	}
}
