package parser_test

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	upstream "github.com/yuin/goldmark"

	"github.com/learn-concurrency/playground/internal/goldmark/parser"
	"github.com/learn-concurrency/playground/internal/goldmark/renderer"
	"github.com/learn-concurrency/playground/internal/goldmark/renderer/html"
	"github.com/learn-concurrency/playground/internal/goldmark/text"
	"github.com/learn-concurrency/playground/internal/goldmark/util"
)

// TestSameHTMLAsUpstream: the patched copy parses as goldmark v1.8.7
// does, its regexps and case-folding table built on first use (see
// PATCHES.md). Every example of the CommonMark spec that goldmark tests
// itself with (its _test/spec.json: HTML blocks of each kind, raw HTML,
// autolinks and e-mail addresses, link labels matched by Unicode case
// folding) is rendered to HTML by each, and they agree.
func TestSameHTMLAsUpstream(t *testing.T) {
	examples := specExamples(t)
	if len(examples) < 600 {
		t.Fatalf("%d examples in spec.json; want the whole spec", len(examples))
	}
	ours := parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
	)
	render := renderer.NewRenderer(renderer.WithNodeRenderers(util.Prioritized(html.NewRenderer(), 1000)))
	theirs := upstream.New()
	for _, ex := range examples {
		src := []byte(ex.Markdown)
		var got, want bytes.Buffer
		if err := render.Render(&got, src, ours.Parse(text.NewReader(src))); err != nil {
			t.Fatalf("example %d: %v", ex.Example, err)
		}
		if err := theirs.Convert(src, &want); err != nil {
			t.Fatalf("example %d: upstream: %v", ex.Example, err)
		}
		if got.String() != want.String() {
			t.Errorf("example %d (%s) %q:\ngot  %q\nwant %q (goldmark v1.8.7)", ex.Example, ex.Section, ex.Markdown, got.String(), want.String())
		}
	}
}

type specExample struct {
	Markdown string
	Example  int
	Section  string
}

// specExamples reads goldmark's copy of the CommonMark spec's examples
// from the module cache (the tests link upstream goldmark, so it is
// there).
func specExamples(t *testing.T) []specExample {
	t.Helper()
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/yuin/goldmark").Output()
	if err != nil {
		t.Fatalf("go list -m github.com/yuin/goldmark: %v", err)
	}
	b, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(out)), "_test", "spec.json"))
	if err != nil {
		t.Fatal(err)
	}
	var examples []specExample
	if err := json.Unmarshal(b, &examples); err != nil {
		t.Fatal(err)
	}
	return examples
}
