package lessons

import (
	"go/scanner"
	"go/token"
	"slices"
	"strings"
	"unicode"
)

// resumes reports whether a learner's input may have fixed what a paused
// check waited for: it declares or assigns the function fn, or, when fn
// is "", any function.
func resumes(input, fn string) bool {
	found := false
	prev := token.ILLEGAL
	var names []string // identifiers before an = or :=
	scan(input, func(tok token.Token, lit string) bool {
		switch {
		case prev == token.FUNC && tok == token.IDENT:
			found = fn == "" || lit == fn
		case tok == token.IDENT:
			names = append(names, lit)
		case tok == token.DEFINE || tok == token.ASSIGN:
			found = fn != "" && slices.Contains(names, fn)
		case tok != token.COMMA:
			names = nil
		}
		prev = tok
		return !found
	})
	return found
}

// waitedFor names the learner's function that a check's message says it
// waited for ("countChan(5) had not returned after 5 s"): the first of
// the functions the inputs declare that the message names; "" if none.
func waitedFor(msg string, inputs []string) string {
	var funcs []string
	for _, in := range inputs {
		prev := token.ILLEGAL
		scan(in, func(tok token.Token, lit string) bool {
			if prev == token.FUNC && tok == token.IDENT {
				funcs = append(funcs, lit)
			}
			prev = tok
			return true
		})
	}
	best, at := "", -1
	for _, f := range funcs {
		if i := wordIndex(msg, f); i >= 0 && (at < 0 || i < at) {
			best, at = f, i
		}
	}
	return best
}

// wordIndex is where word first stands alone in s (not inside a longer
// name), or -1.
func wordIndex(s, word string) int {
	for from := 0; ; {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(word)
		if (i == 0 || !isNameByte(s[i-1])) && (end == len(s) || !isNameByte(s[end])) {
			return i
		}
		from = i + 1
	}
}

func isNameByte(c byte) bool {
	return c == '_' || c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)))
}

// scan calls f with each token of src until f returns false.
func scan(src string, f func(tok token.Token, lit string) bool) {
	var sc scanner.Scanner
	fset := token.NewFileSet()
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, 0)
	for {
		_, tok, lit := sc.Scan()
		if tok == token.EOF || !f(tok, lit) {
			return
		}
	}
}
