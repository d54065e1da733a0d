package shell

import (
	"bufio"
	"io"
	"strings"

	"github.com/learn-concurrency/playground/interp"
)

// An input is one complete thing to run: a meta command, or Go code that
// may span lines. Line is where it starts in its file, counting from 1.
type input struct {
	Text string
	Line int
}

// inputScanner splits a stream of shell input into inputs the way the
// interactive shell does: a line starting with ':' (outside pending Go
// code) is a meta command; Go code continues while interp.Incomplete says so.
type inputScanner struct {
	lines *bufio.Scanner
	line  int
	cur   input
	err   error
}

func newInputScanner(r io.Reader) *inputScanner {
	s := bufio.NewScanner(r)
	s.Buffer(make([]byte, 64<<10), 16<<20)
	return &inputScanner{lines: s}
}

// Scan advances to the next input, returning false at the end of the stream.
func (s *inputScanner) Scan() bool {
	var pending []string
	start := 0
	for s.lines.Scan() {
		s.line++
		text := strings.TrimSuffix(s.lines.Text(), "\r")
		if pending == nil {
			if strings.TrimSpace(text) == "" {
				continue
			}
			start = s.line
			if strings.HasPrefix(strings.TrimSpace(text), ":") {
				s.cur = input{Text: text, Line: start}
				return true
			}
		}
		pending = append(pending, text)
		src := strings.Join(pending, "\n")
		if !interp.Incomplete(src) {
			s.cur = input{Text: src, Line: start}
			return true
		}
	}
	s.err = s.lines.Err()
	if pending != nil {
		// The stream ended inside an unfinished input: run it, so that the
		// learner sees the parser's complaint about it.
		s.cur = input{Text: strings.Join(pending, "\n"), Line: start}
		return true
	}
	return false
}

func (s *inputScanner) Input() input { return s.cur }
func (s *inputScanner) Err() error   { return s.err }
