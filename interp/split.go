package interp

import (
	"go/scanner"
	"go/token"
)

// A segment is a run of consecutive top-level declarations, or of
// consecutive statements, in one input. yaegi compiles an input that starts
// with var, const, func, type or import as declarations only, and anything
// else as statements only, so "var x int; x++" must be split in two.
type segment struct {
	decl       bool
	start, end int // byte offsets in the input
	line, col  int // position of start, counting from 1
}

// splitSegments cuts src at top-level semicolons (written or inserted at
// line ends) and groups the pieces into segments. It never fails: text that
// does not scan is left for the parser to report.
func splitSegments(src string) []segment {
	fset := token.NewFileSet()
	file := fset.AddFile("input", -1, len(src))
	var s scanner.Scanner
	s.Init(file, []byte(src), func(token.Position, string) {}, 0)

	type piece struct {
		decl       bool
		start, end int
	}
	var pieces []piece
	depth := 0
	cur := piece{start: -1}
	// toks holds the first tokens of the current piece, enough to tell a
	// method declaration "func (r T) M(" from a function literal "func() {".
	var toks []token.Token
	flush := func(end int) {
		if cur.start >= 0 {
			cur.end = end
			cur.decl = isDeclStart(toks)
			pieces = append(pieces, cur)
		}
		cur = piece{start: -1}
		toks = toks[:0]
	}
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			flush(len(src))
			break
		}
		off := file.Offset(pos)
		if tok == token.SEMICOLON && depth == 0 {
			end := off
			if lit == "\n" || lit == "" { // inserted semicolon
				end = off
			}
			flush(end)
			continue
		}
		if tok == token.COMMENT {
			continue
		}
		switch tok {
		case token.LPAREN, token.LBRACK, token.LBRACE:
			depth++
		case token.RPAREN, token.RBRACK, token.RBRACE:
			if depth > 0 {
				depth--
			}
		}
		if cur.start < 0 {
			cur.start = off
		}
		if len(toks) < 64 {
			toks = append(toks, tok)
		}
	}

	var segs []segment
	for _, p := range pieces {
		if n := len(segs); n > 0 && segs[n-1].decl == p.decl {
			segs[n-1].end = p.end
			continue
		}
		line, col := lineCol(src, p.start)
		segs = append(segs, segment{decl: p.decl, start: p.start, end: p.end, line: line, col: col})
	}
	return segs
}

// isDeclStart reports whether a piece beginning with toks is a top-level
// declaration rather than a statement.
func isDeclStart(toks []token.Token) bool {
	if len(toks) == 0 {
		return false
	}
	switch toks[0] {
	case token.VAR, token.CONST, token.TYPE, token.IMPORT:
		return true
	case token.FUNC:
		if len(toks) < 2 {
			return false
		}
		if toks[1] == token.IDENT {
			return true // func Name(
		}
		if toks[1] != token.LPAREN {
			return false
		}
		// func (recv T) Name( is a method; func(args) ... { is a literal.
		depth := 0
		for i := 1; i < len(toks); i++ {
			switch toks[i] {
			case token.LPAREN:
				depth++
			case token.RPAREN:
				depth--
				if depth == 0 {
					return i+2 < len(toks) && toks[i+1] == token.IDENT && toks[i+2] == token.LPAREN
				}
			}
		}
	}
	return false
}

// lineCol returns the 1-based line and column (in bytes) of offset off in src.
func lineCol(src string, off int) (line, col int) {
	line, col = 1, 1
	for i := 0; i < off && i < len(src); i++ {
		if src[i] == '\n' {
			line++
			col = 1
		} else {
			col++
		}
	}
	return line, col
}
