package interp

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"strings"
)

// syntaxOnly parses without resolving identifiers: whether an input is
// finished is a question of syntax, and the shell asks it of every line
// (resolving was a quarter of the parse).
const syntaxOnly = parser.SkipObjectResolution

// Incomplete reports whether src, the lines typed so far, is an unfinished
// input that should continue on the next line: an open brace, bracket or
// parenthesis, an unterminated raw string or block comment, a trailing
// binary operator or comma. It uses the rules of yaegi's own REPL
// (ignoreScannerError in yaegi's interp.go), parsing src the way yaegi
// would, and runs nothing.
func Incomplete(src string) bool {
	if strings.TrimSpace(src) == "" {
		return false
	}
	lastLine := src
	if i := strings.LastIndexByte(strings.TrimRight(src, "\n"), '\n'); i >= 0 {
		lastLine = src[i+1:]
	}
	lastLine = strings.TrimRight(lastLine, " \t\r\n")

	first := firstTokenOf(src)
	var tries []string
	switch first {
	case token.PACKAGE:
		tries = []string{src}
	case token.IMPORT:
		tries = []string{"package main;" + src}
	case token.CONST, token.TYPE, token.VAR:
		// Declarations, or a declaration followed by statements, which
		// the engine splits ("var wg sync.WaitGroup\nfor ... {").
		tries = []string{"package main;" + src, "package main; func main() {" + src + "\n}"}
	case token.FUNC:
		// A declaration, or a statement starting with a function literal.
		tries = []string{"package main;" + src, "package main; func main() {" + src + "\n}"}
	default:
		tries = []string{"package main; func main() {" + src + "\n}"}
	}
	for _, t := range tries {
		_, err := parser.ParseFile(token.NewFileSet(), "", t, syntaxOnly)
		if err == nil {
			return false
		}
		if list, ok := err.(scanner.ErrorList); ok && len(list) > 0 && unfinished(list[0].Msg, lastLine) {
			return true
		}
		if openBehindError(t, lastLine) {
			return true
		}
	}
	return false
}

// openBehindError reports whether t, which does not parse, is unfinished
// behind its first error, when the parser reports all errors: an
// unfinished-input error at the first error's position, or, behind a go or
// defer of a function literal, the end of the input reached while
// something is still open. By default the
// parser keeps one error a line: for "go func() {" it keeps "expression in
// go must be function call" and drops the "found 'EOF'" at the same place,
// which shows the function literal is still open; for a go func() { … }
// still open inside another, the end is reached further on, behind the
// inner literal's error.
func openBehindError(t, lastLine string) bool {
	_, err := parser.ParseFile(token.NewFileSet(), "", t, syntaxOnly|parser.AllErrors)
	list, ok := err.(scanner.ErrorList)
	if !ok {
		return false
	}
	// The go or defer of a function literal that is still open.
	litOpen := strings.HasPrefix(list[0].Msg, "expression in go must") || strings.HasPrefix(list[0].Msg, "expression in defer must")
	for _, e := range list {
		if e.Pos == list[0].Pos && unfinished(e.Msg, lastLine) || litOpen && strings.HasSuffix(e.Msg, "found 'EOF'") {
			return true
		}
	}
	return false
}

// unfinished is yaegi's ignoreScannerError, plus unterminated block
// comments, which yaegi's REPL reports as errors.
func unfinished(msg, lastLine string) bool {
	switch {
	case strings.HasSuffix(msg, "found 'EOF'"):
		return true
	case msg == "raw string literal not terminated", msg == "comment not terminated":
		return true
	case strings.HasPrefix(msg, "expected operand, found '}'") && !strings.HasSuffix(lastLine, "}"):
		return true
	}
	return false
}

// IsGoFile reports whether src is a Go file rather than shell input: its
// first token, after comments, is "package".
func IsGoFile(src string) bool {
	return firstTokenOf(src) == token.PACKAGE
}

func firstTokenOf(src string) token.Token {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, _ := s.Scan()
		if tok != token.COMMENT {
			return tok
		}
	}
}
