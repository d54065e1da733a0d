package interp

import (
	"context"
	"io"
	"strings"
	"testing"
)

// Completion must stay cheap: it runs on each key while the menu is open.
// BenchmarkCompletePackage is the baseline (a package's members, a map
// lookup); the others type an expression with the compiler, afresh each
// time (the cache is dropped), or from the cache.
func benchComplete(b *testing.B, line string, fresh bool) {
	te, err := newEngine(engineOptions{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: io.Discard})
	if err != nil {
		b.Fatal(err)
	}
	if res := te.Eval(context.Background(), "var sb strings.Builder\ntype Point struct{ X, Y int }\nfunc (p *Point) Move(dx int) { p.X += dx }\np := Point{1, 2}"); res.Err != nil {
		b.Fatal(res.Err)
	}
	if len(te.Complete(line, len(line))) == 0 {
		b.Fatalf("no candidates for %q", line)
	}
	b.ResetTimer()
	for b.Loop() {
		if fresh {
			te.complete.recv = ""
		}
		te.Complete(line, len(line))
	}
}

func BenchmarkCompletePackage(b *testing.B)        { benchComplete(b, "strings.Sp", false) }
func BenchmarkCompleteVariable(b *testing.B)       { benchComplete(b, "sb.Wr", true) }
func BenchmarkCompleteCall(b *testing.B)           { benchComplete(b, "time.Now().Mo", true) }
func BenchmarkCompleteStruct(b *testing.B)         { benchComplete(b, "p.", true) }
func BenchmarkCompleteVariableCached(b *testing.B) { benchComplete(b, "sb.Wr", false) }
func BenchmarkCompleteNames(b *testing.B)          { benchComplete(b, "s", false) }
