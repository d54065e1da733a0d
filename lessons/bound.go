package lessons

import (
	"bytes"
	"unicode/utf8"
)

// maxNesting bounds how deep quotes and lists nest when Markdown is shown:
// eight levels take a third of an 80-column terminal already, and deeper
// ones only ever come from damaged or hostile text.
const maxNesting = 8

// maxParagraph bounds the bytes of one paragraph (a run of lines without
// a blank one) given to the Markdown parser: it spends time quadratic in
// a paragraph's length on some text (80 KB of [a]( took 2 s, a megabyte
// minutes). A lesson's paragraphs are a few hundred bytes.
const maxParagraph = 4 << 10

// boundMarkdown makes md cheap to parse and show, whatever it holds, and
// leaves a lesson's text as it is:
//
//   - From each line it drops the quote and list markers that open
//     containers past maxNesting: the parser spends time quadratic in the
//     containers one line opens (a line of 20,000 > took seconds), and
//     nothing deeper could be shown anyway. The markers counted are those
//     at the start of a line, after blanks: > and list markers (-, +, *,
//     or a number and . or ), then a blank).
//   - A paragraph longer than maxParagraph is cut in two by a blank line,
//     and a line longer than that is cut at a space (or anywhere, when it
//     has none), so that the parser's time grows linearly with md.
//
// Lines inside a fenced code block are shown as they are and left alone.
func boundMarkdown(md []byte) []byte {
	var out []byte // nil until a line changes
	change := func(start int) {
		if out == nil {
			out = append(make([]byte, 0, len(md)+len(md)/maxParagraph*2), md[:start]...)
		}
	}
	var fence []byte
	para := 0 // bytes in the paragraph so far
	for start := 0; start < len(md); {
		end := bytes.IndexByte(md[start:], '\n')
		if end < 0 {
			end = len(md)
		} else {
			end += start + 1
		}
		line := md[start:end]
		switch {
		case fence != nil:
			if isFence(line, fence) {
				fence = nil
			}
		case openFence(line) != nil:
			fence, para = openFence(line), 0
		case len(bytes.TrimSpace(line)) == 0:
			para = 0
		default:
			if cut, keep := deepMarkers(line); cut > 0 {
				change(start)
				out = append(out, line[:keep]...)
				line = line[keep+cut:]
			}
			if para > 0 && para+len(line) > maxParagraph {
				change(start)
				out = append(out, '\n')
				para = 0
			}
			for len(line) > maxParagraph {
				change(start)
				i := cutAt(line, maxParagraph-1) // and its newline
				out = append(append(out, line[:i]...), '\n', '\n')
				line = line[i:]
			}
			para += len(line)
		}
		if out != nil {
			out = append(out, line...)
		}
		start = end
	}
	if out == nil {
		return md
	}
	return out
}

// cutAt says where to cut line, longer than n bytes, to leave at most n
// before the cut: after the last space there, or else between two runes.
func cutAt(line []byte, n int) int {
	if i := bytes.LastIndexByte(line[:n], ' '); i > 0 {
		return i + 1
	}
	i := n
	for i > 1 && !utf8.RuneStart(line[i]) {
		i--
	}
	return i
}

// deepMarkers finds the container markers at the start of line past the
// first maxNesting: keep is how many bytes of line come before them, cut
// how many bytes they take (0 when the line has no more than maxNesting).
func deepMarkers(line []byte) (cut, keep int) {
	i, n := 0, 0
	for {
		j := skipBlanks(line, i)
		m := marker(line[j:])
		if m == 0 {
			return 0, 0
		}
		n++
		if n > maxNesting {
			keep = i
			break
		}
		i = j + m
	}
	// Past the limit: drop every further marker.
	end := i
	for {
		j := skipBlanks(line, end)
		m := marker(line[j:])
		if m == 0 {
			break
		}
		end = j + m
	}
	return end - keep, keep
}

func skipBlanks(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	return i
}

// marker returns the length of the container marker b starts with: ">",
// or a list marker and the blank after it; 0 if there is none.
func marker(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	if b[0] == '>' {
		return 1
	}
	i := 0
	switch {
	case b[0] == '-' || b[0] == '+' || b[0] == '*':
		i = 1
	case b[0] >= '0' && b[0] <= '9':
		for i < len(b) && i < 9 && b[i] >= '0' && b[i] <= '9' {
			i++
		}
		if i == len(b) || b[i] != '.' && b[i] != ')' {
			return 0
		}
		i++
	default:
		return 0
	}
	if i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		return i + 1
	}
	return 0
}

// openFence returns the fence a line opens a fenced code block with
// (``` or ~~~, three or more, after at most three spaces), or nil.
func openFence(line []byte) []byte {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || t[0] != '`' && t[0] != '~' {
		return nil
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 || t[0] == '`' && bytes.IndexByte(t[n:], '`') >= 0 {
		return nil
	}
	return t[:n]
}

// isFence reports whether line closes a code block that fence opened: at
// least as many of the same character, and nothing else.
func isFence(line, fence []byte) bool {
	t := bytes.TrimLeft(line, " ")
	if len(line)-len(t) > 3 {
		return false
	}
	n := 0
	for n < len(t) && t[n] == fence[0] {
		n++
	}
	return n >= len(fence) && len(bytes.TrimSpace(t[n:])) == 0
}
