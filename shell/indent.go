package shell

import (
	"go/scanner"
	"go/token"
)

// indentDepth is how deep the next line of an unfinished input is nested:
// the braces, parentheses and brackets src opens and does not close.
// What is inside strings and comments does not count.
func indentDepth(src string) int {
	fset := token.NewFileSet()
	file := fset.AddFile("", fset.Base(), len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), nil, 0) // errors (an unfinished string) are the evaluator's to report
	depth := 0
	for {
		_, tok, _ := s.Scan()
		switch tok {
		case token.EOF:
			return depth
		case token.LBRACE, token.LPAREN, token.LBRACK:
			depth++
		case token.RBRACE, token.RPAREN, token.RBRACK:
			if depth > 0 {
				depth--
			}
		}
	}
}
