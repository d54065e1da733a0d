package interp

import (
	"reflect"
	"testing"
)

// An input's parts cover it, comments and all, as :save needs them.
func TestSplitInput(t *testing.T) {
	got := SplitInput("// a counter\nvar n int; n++\nfunc f() {}\n// twice\nf(); f()")
	want := []InputPart{
		{Decl: true, Text: "// a counter\nvar n int", Line: 1, Col: 1},
		{Decl: false, Text: " n++", Line: 2, Col: 11},
		{Decl: true, Text: "func f() {}", Line: 3, Col: 1},
		{Decl: false, Text: "// twice\nf(); f()", Line: 4, Col: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SplitInput =\n%#v\nwant\n%#v", got, want)
	}
}

func TestAutoImportPath(t *testing.T) {
	for name, want := range map[string]string{"fmt": "fmt", "pg": "pg", "rand": "", "nosuch": "", "http": "net/http"} {
		if got := AutoImportPath(name); got != want {
			t.Errorf("AutoImportPath(%q) = %q, want %q", name, got, want)
		}
	}
}
