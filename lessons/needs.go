package lessons

import (
	"fmt"
	"go/token"
	"slices"
)

// A Need is a name a step's example uses that an earlier step's solution
// defines: opened at that step in a fresh session, the example cannot run
// without it.
type Need struct {
	Name  string
	Step  int // 1-based
	Title string
	Done  bool // the learner completed that step (in any session)
}

// ExampleNeeds lists the names the open step's example uses that earlier
// steps define, each with the latest step before this one that defines it.
func (t *Tutor) ExampleNeeds() ([]Need, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return nil, errNoLesson
	}
	ex := t.lesson.Steps[t.step-1].Example
	own := declaredAnywhere(ex)
	var needs []Need
	seen := map[string]bool{}
	scan(ex, func(tok token.Token, lit string) bool {
		if tok != token.IDENT || seen[lit] || slices.Contains(own, lit) {
			return true
		}
		seen[lit] = true
		for n := t.step - 1; n >= 1; n-- {
			if slices.Contains(declared(t.lesson.Steps[n-1].Solution), lit) {
				needs = append(needs, Need{Name: lit, Step: n, Title: t.lesson.Steps[n-1].Title, Done: t.progress(t.lesson).IsDone(n)})
				break
			}
		}
		return true
	})
	return needs, nil
}

// Solutions returns the solutions of the open lesson's steps, in order,
// for the shell to run as if typed: only of steps the learner has done,
// so that no answer is given away. It names a step not done.
func (t *Tutor) Solutions(steps []int) (string, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.lesson == nil {
		return "", errNoLesson
	}
	steps = slices.Clone(steps)
	slices.Sort(steps)
	steps = slices.Compact(steps)
	var src string
	for _, n := range steps {
		if n < 1 || n >= t.step {
			continue
		}
		if !t.progress(t.lesson).IsDone(n) {
			return "", fmt.Errorf("step %d is not done yet, and its solution is yours to find: do it first (:lesson %s %d)", n, t.lesson.Name, n)
		}
		src += t.lesson.Steps[n-1].Solution + "\n"
	}
	return src, nil
}

// declaredAnywhere lists the names src declares, at its top level or
// inside a function (a local shadows an earlier step's name).
func declaredAnywhere(src string) []string {
	names := declared(src)
	var pending []string
	prev := token.SEMICOLON
	scan(src, func(tok token.Token, lit string) bool {
		switch {
		case tok == token.IDENT && (prev == token.SEMICOLON || prev == token.LBRACE || prev == token.COMMA):
			pending = append(pending, lit)
		case tok == token.IDENT && (prev == token.VAR || prev == token.CONST || prev == token.TYPE):
			names = append(names, lit)
		case tok == token.DEFINE:
			names = append(names, pending...)
			pending = nil
		case tok == token.COMMA:
		default:
			pending = nil
		}
		if tok != token.COMMENT {
			prev = tok
		}
		return true
	})
	return names
}

// declared lists the names shell input src declares at its top level:
// after func (not a method), var, const or type, and before := outside
// braces.
func declared(src string) []string {
	var names, pending []string
	depth := 0
	prev := token.SEMICOLON
	scan(src, func(tok token.Token, lit string) bool {
		switch tok {
		case token.LBRACE, token.LPAREN, token.LBRACK:
			depth++
		case token.RBRACE, token.RPAREN, token.RBRACK:
			depth--
		}
		switch {
		case tok == token.IDENT && (prev == token.FUNC || prev == token.VAR || prev == token.CONST || prev == token.TYPE):
			names = append(names, lit)
		case tok == token.IDENT && depth == 0 && (prev == token.SEMICOLON || prev == token.COMMA):
			pending = append(pending, lit)
		case tok == token.DEFINE && depth == 0:
			names = append(names, pending...)
			pending = nil
		case tok == token.COMMA && depth == 0:
		default:
			pending = nil
		}
		if tok != token.COMMENT {
			prev = tok
		}
		return true
	})
	return names
}
