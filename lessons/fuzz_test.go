package lessons

import (
	"os"
	"path/filepath"
	"testing"
)

// A learner's own lesson file may hold anything: parsing and rendering it
// must never crash the shell.
func FuzzParseAndRender(f *testing.F) {
	for _, name := range []string{"good/counting.md", "crash/crash.md", "bad/lenient.md"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("---\nname: a\ntitle: A\n---\n## S\n```\nno language\n```\n| a |\n| - |\n> quote\n1. one\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		l, err := Parse("fuzz.md", src)
		Render(string(src), Style{Width: 30, Colour: true})
		Wrap(string(src), Style{Width: 10})
		if err != nil {
			return
		}
		for _, s := range l.Steps {
			Render(s.Prose, Style{})
			Render(s.Task, Style{})
		}
	})
}
