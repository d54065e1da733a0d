package interp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The interpreter's standard library is Go 1.22's: it has math/rand/v2
// (new in Go 1.22) and not iter (Go 1.23). When yaegi's symbols change,
// interpreterGo must follow.
func TestInterpreterGo(t *testing.T) {
	if interpreterGo != "go1.22" {
		t.Fatalf("interpreterGo is %s: check the symbols below", interpreterGo)
	}
	if packageSymbols("math/rand/v2") == nil {
		t.Error("the interpreter has no math/rand/v2 (Go 1.22): its standard library is older than interpreterGo says")
	}
	if packageSymbols("iter") != nil || packageSymbols("unique") != nil {
		t.Error("the interpreter has iter or unique (Go 1.23): its standard library is newer than interpreterGo says")
	}
}

func TestReadAPI(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		"go1.22.txt": "pkg math/rand/v2, func IntN(int) int #61716\n",
		"go1.23.txt": "pkg sync, method (*Map) Clear() #61696\npkg unique, type Handle[$0 comparable] struct #62483\n",
		"go1.24.txt": "pkg strings, func Lines(string) iter.Seq[string] #61901\npkg os, type Root struct #67002\npkg syscall (linux-386), const X = 1\n",
		"go1.25.txt": "pkg sync, method (*WaitGroup) Go(func()) #63796\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	added := readAPI(dir, "go1.24")
	want := map[string]string{
		"sync.Map.Clear": "go1.23", "unique.Handle": "go1.23",
		"strings.Lines": "go1.24", "os.Root": "go1.24", "syscall.X": "go1.24",
	}
	if len(added) != len(want) {
		t.Errorf("readAPI = %v, want %v", added, want)
	}
	for k, v := range want {
		if added[k] != v {
			t.Errorf("readAPI[%s] = %q, want %q", k, added[k], v)
		}
	}
}

func TestDocNote(t *testing.T) {
	added := map[string]string{"strings.Lines": "go1.24", "os.Root": "go1.24", "os.OpenRoot": "go1.24", "os.Root.Chmod": "go1.25", "sync.Map.Clear": "go1.23"}
	root := "type Root struct {\n\t// Has unexported fields.\n}\n    Root may be used...\n\nfunc OpenRoot(name string) (*Root, error)\nfunc (r *Root) Chmod(name string, mode FileMode) error\n"
	for _, c := range []struct {
		installed, path, member, text string
		want                          []string
	}{
		{"go1.22.5", "os", "Root", root, nil}, // the interpreter's own release: nothing to say
		{"go1.26.8", "os", "Root", root, []string{
			"These are the docs of go1.26.8, installed here; the playground speaks Go 1.22, with its standard library.",
			"Newer, and not in the playground: os.Root (Go 1.24), os.OpenRoot (Go 1.24).",
		}},
		{"go1.26.8", "strings", "Lines", "func Lines(s string) iter.Seq[string]\n", []string{
			"These are the docs of go1.26.8, installed here; the playground speaks Go 1.22, with its standard library.",
			"Newer, and provided by the playground itself: strings.Lines (Go 1.24).",
		}},
		{"go1.26.8", "sync", "Map", "type Map struct{}\nfunc (m *Map) Clear()\nfunc (m *Map) Load(key any) (value any, ok bool)\n", []string{
			"These are the docs of go1.26.8, installed here; the playground speaks Go 1.22, with its standard library.",
			"Newer, and not in the playground: sync.Map.Clear (Go 1.23).",
		}},
		{"go1.26.8", "time", "Now", "func Now() Time\n", []string{
			"These are the docs of go1.26.8, installed here; the playground speaks Go 1.22, with its standard library.",
		}},
	} {
		got := docNote(c.installed, added, c.path, c.member, c.text)
		if want := strings.Join(c.want, "\n"); got != want {
			t.Errorf("docNote(%s, %s.%s) =\n%s\nwant\n%s", c.installed, c.path, c.member, got, want)
		}
	}
}
