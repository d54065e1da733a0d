// Package gfm parses GitHub-flavoured Markdown's tables and strikethrough
// with goldmark: goldmark's own parsers for them, copied from its
// extension package (MIT licence, see LICENSE), without their HTML
// renderers, which the lessons' terminal renderer does not use.
//
// Why a copy: importing goldmark/extension runs its init in every process
// of the playground's binary (the shell, the evaluator, each reaper), and
// that init compiles the Linkify extension's URL regexps, whose {1,256}
// repetitions make it 3 ms of every start. The lessons need only tables
// and strikethrough. One change besides: the table parser's regexps are
// compiled on first use, not in init, for the same reason.
package gfm

import (
	"github.com/learn-concurrency/playground/internal/goldmark/parser"
	"github.com/learn-concurrency/playground/internal/goldmark/util"
)

// NewParser returns a parser of CommonMark (goldmark's default parser)
// with tables and strikethrough, at the priorities goldmark's extensions
// give them.
func NewParser() parser.Parser {
	return parser.NewParser(
		parser.WithBlockParsers(parser.DefaultBlockParsers()...),
		parser.WithInlineParsers(parser.DefaultInlineParsers()...),
		parser.WithParagraphTransformers(parser.DefaultParagraphTransformers()...),
		parser.WithParagraphTransformers(
			util.Prioritized(NewTableParagraphTransformer(), 200),
		),
		parser.WithASTTransformers(
			util.Prioritized(defaultTableASTTransformer, 0),
		),
		parser.WithInlineParsers(
			util.Prioritized(NewStrikethroughParser(), 500),
		),
	)
}
