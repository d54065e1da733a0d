package gfm

import (
	"fmt"
	"strings"
	"testing"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// outline writes a node tree as one line a node: kind, table
// alignments, and the text of text nodes.
func outline(n gast.Node, src []byte) string {
	var b strings.Builder
	_ = gast.Walk(n, func(n gast.Node, entering bool) (gast.WalkStatus, error) {
		if !entering {
			return gast.WalkContinue, nil
		}
		depth := 0
		for p := n.Parent(); p != nil; p = p.Parent() {
			depth++
		}
		fmt.Fprintf(&b, "%s%s", strings.Repeat("  ", depth), n.Kind())
		switch n := n.(type) {
		case *east.Table:
			fmt.Fprintf(&b, " %v", n.Alignments)
		case *east.TableCell:
			fmt.Fprintf(&b, " %v", n.Alignment)
		case *gast.Text:
			fmt.Fprintf(&b, " %q", n.Segment.Value(src))
		}
		b.WriteString("\n")
		return gast.WalkContinue, nil
	})
	return b.String()
}

// TestSameTreesAsGoldmarksExtensions: the copied parsers build the trees
// goldmark's own extensions build.
func TestSameTreesAsGoldmarksExtensions(t *testing.T) {
	docs := []string{
		"| a | b | c | d |\n|:--|--:|:-:|---|\n| 1 | 2 | 3 | 4 |\n| x |\n",
		"a | b\n- | -\n`p\\|q` | r\n",
		"Before\n| h |\n| - |\n| v |\n",
		"| not | a table |\n| also not |\n",
		"~~gone~~ kept ~one~ ~~~three~~~\n",
		"| *em* | ~~s~~ |\n| --- | --- |\n| `c` | [l](u) |\n",
	}
	ours := goldmark.New(goldmark.WithParserOptions(ParserOptions()...))
	theirs := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	for _, doc := range docs {
		src := []byte(doc)
		got := outline(ours.Parser().Parse(text.NewReader(src)), src)
		want := outline(theirs.Parser().Parse(text.NewReader(src)), src)
		if got != want {
			t.Errorf("%q:\ngot\n%s\ngoldmark's extensions\n%s", doc, got, want)
		}
	}
	// And the parsers are in: a table and a strikethrough are found.
	src := []byte(docs[0] + "\n" + docs[4])
	tree := outline(ours.Parser().Parse(text.NewReader(src)), src)
	for _, kind := range []string{"Table", "TableHeader", "TableCell", "Strikethrough"} {
		if !strings.Contains(tree, kind) {
			t.Errorf("no %s in\n%s", kind, tree)
		}
	}
}
