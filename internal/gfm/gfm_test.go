package gfm

import (
	"fmt"
	"strings"
	"testing"

	upstream "github.com/yuin/goldmark"
	uast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	ueast "github.com/yuin/goldmark/extension/ast"
	utext "github.com/yuin/goldmark/text"

	"github.com/learn-concurrency/playground/internal/goldmark/ast"
	east "github.com/learn-concurrency/playground/internal/goldmark/extension/ast"
	"github.com/learn-concurrency/playground/internal/goldmark/text"
)

// outline writes a node tree as one line a node, indented by its depth:
// what describe says of it. It serves the trees of the playground's copy
// of goldmark and of goldmark itself, whose types differ.
func outline[N comparable](root N, firstChild, next func(N) N, describe func(N) string) string {
	var b strings.Builder
	var zero N
	var walk func(n N, depth int)
	walk = func(n N, depth int) {
		fmt.Fprintf(&b, "%s%s\n", strings.Repeat("  ", depth), describe(n))
		for c := firstChild(n); c != zero; c = next(c) {
			walk(c, depth+1)
		}
	}
	walk(root, 0)
	return b.String()
}

// ourOutline outlines a tree of the copy: kind, table alignments, and the
// text of text nodes.
func ourOutline(root ast.Node, src []byte) string {
	return outline(root, ast.Node.FirstChild, ast.Node.NextSibling, func(n ast.Node) string {
		switch n := n.(type) {
		case *east.Table:
			return fmt.Sprintf("%s %v", n.Kind(), n.Alignments)
		case *east.TableCell:
			return fmt.Sprintf("%s %v", n.Kind(), n.Alignment)
		case *ast.Text:
			return fmt.Sprintf("%s %q", n.Kind(), n.Segment.Value(src))
		}
		return n.Kind().String()
	})
}

// upstreamOutline outlines a tree of goldmark's, as ourOutline does.
func upstreamOutline(root uast.Node, src []byte) string {
	return outline(root, uast.Node.FirstChild, uast.Node.NextSibling, func(n uast.Node) string {
		switch n := n.(type) {
		case *ueast.Table:
			return fmt.Sprintf("%s %v", n.Kind(), n.Alignments)
		case *ueast.TableCell:
			return fmt.Sprintf("%s %v", n.Kind(), n.Alignment)
		case *uast.Text:
			return fmt.Sprintf("%s %q", n.Kind(), n.Segment.Value(src))
		}
		return n.Kind().String()
	})
}

// TestSameTreesAsGoldmarksExtensions: the copied parsers, on the
// playground's copy of goldmark, build the trees goldmark's own
// extensions build on goldmark.
func TestSameTreesAsGoldmarksExtensions(t *testing.T) {
	docs := []string{
		"| a | b | c | d |\n|:--|--:|:-:|---|\n| 1 | 2 | 3 | 4 |\n| x |\n",
		"a | b\n- | -\n`p\\|q` | r\n",
		"Before\n| h |\n| - |\n| v |\n",
		"| not | a table |\n| also not |\n",
		"~~gone~~ kept ~one~ ~~~three~~~\n",
		"| *em* | ~~s~~ |\n| --- | --- |\n| `c` | [l](u) |\n",
	}
	ours := NewParser()
	theirs := upstream.New(upstream.WithExtensions(extension.Table, extension.Strikethrough))
	for _, doc := range docs {
		src := []byte(doc)
		got := ourOutline(ours.Parse(text.NewReader(src)), src)
		want := upstreamOutline(theirs.Parser().Parse(utext.NewReader(src)), src)
		if got != want {
			t.Errorf("%q:\ngot\n%s\ngoldmark's extensions\n%s", doc, got, want)
		}
	}
	// And the parsers are in: a table and a strikethrough are found.
	src := []byte(docs[0] + "\n" + docs[4])
	tree := ourOutline(ours.Parse(text.NewReader(src)), src)
	for _, kind := range []string{"Table", "TableHeader", "TableCell", "Strikethrough"} {
		if !strings.Contains(tree, kind) {
			t.Errorf("no %s in\n%s", kind, tree)
		}
	}
}
