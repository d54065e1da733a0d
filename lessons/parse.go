package lessons

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"go.yaml.in/yaml/v3"
)

// frontMatter is the YAML block between the two --- lines that open a
// lesson file.
type frontMatter struct {
	Name     string       `yaml:"name"`
	Title    string       `yaml:"title"`
	Order    int          `yaml:"order"`
	Summary  string       `yaml:"summary"`
	Requires Requirements `yaml:"requires"`
}

// validName is what a lesson's name may be.
//
// This file's regexps are compiled on first use: every process of the
// binary runs package init, and most never parse a lesson.
var validName = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^[a-z][a-z0-9-]*$`)
})

// A ParseError is a problem in a lesson file, at a line of it.
type ParseError struct {
	File string
	Line int // 0 when the problem is the whole file's
	Msg  string
}

func (e *ParseError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return e.File + ": " + e.Msg
}

// section names a step's parts, as written in its ### headings.
type section int

const (
	secProse section = iota
	secTask
	secCheck
	secHint
	secSolution
	secWrong
	secAlsoRight
)

// sectionNames maps a ### heading, in lower case and without what follows
// its first word ("Hint 2" is a hint), to its section; "also right" is two
// words and is matched whole.
var sectionNames = map[string]section{
	"task": secTask, "check": secCheck, "hint": secHint, "solution": secSolution, "wrong": secWrong,
	"also right": secAlsoRight,
}

// sectionList names the sections in messages.
const sectionList = "### Task, ### Check, ### Hint, ### Solution, ### Wrong and ### Also right"

// sectionOf returns the section a ### heading's text names.
func sectionOf(heading string) (section, bool) {
	name := strings.Join(strings.Fields(strings.ToLower(heading)), " ")
	if sec, ok := sectionNames[name]; ok {
		return sec, true
	}
	name, _, _ = strings.Cut(name, " ")
	sec, ok := sectionNames[name]
	return sec, ok && sec != secAlsoRight
}

// Parse reads one lesson file. file names it in errors. All the problems
// found are returned together, joined.
func Parse(file string, src []byte) (*Lesson, error) {
	p := &parser{file: file, l: &Lesson{File: file}}
	p.parse(src)
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return p.l, nil
}

type parser struct {
	file string
	l    *Lesson
	errs []error

	step *Step
	sec  section
	// buf collects the current section's lines; bufLine is the first's.
	buf     []string
	bufLine int
}

func (p *parser) errorf(line int, format string, args ...any) {
	p.errs = append(p.errs, &ParseError{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (p *parser) parse(src []byte) {
	src = bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))
	lines := strings.Split(string(src), "\n")
	first := p.frontMatter(lines)
	if first < 0 {
		return
	}
	var fence string // the open fence's marker, "" outside code
	p.bufLine = first + 1
	for i := first; i < len(lines); i++ {
		line, n := lines[i], i+1
		if marker := fenceMarker(line); marker != "" {
			switch {
			case fence == "":
				fence = marker
			case strings.HasPrefix(marker, fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), fence[:1])) == "":
				fence = ""
			}
		}
		if fence == "" {
			switch {
			case strings.HasPrefix(line, "# "):
				p.errorf(n, "a lesson has no level-1 heading: its title is the front matter's title, and each step starts with ## ")
				continue
			case strings.HasPrefix(line, "## "):
				p.endSection()
				p.endStep()
				p.step = &Step{Title: strings.TrimSpace(line[3:]), Line: n}
				p.sec, p.buf, p.bufLine = secProse, nil, n+1
				continue
			case strings.HasPrefix(line, "### "):
				sec, ok := sectionOf(line[4:])
				if !ok {
					p.errorf(n, "unknown section %q: a step's sections are "+sectionList, strings.TrimSpace(line[4:]))
					continue
				}
				if p.step == nil {
					p.errorf(n, "### %s before the first step (## heading)", strings.TrimSpace(line[4:]))
					continue
				}
				p.endSection()
				p.sec, p.buf, p.bufLine = sec, nil, n+1
				continue
			}
		}
		p.buf = append(p.buf, line)
	}
	if fence != "" {
		p.errorf(len(lines), "a code block (%s) is not closed", fence)
	}
	p.endSection()
	p.endStep()
	if len(p.l.Steps) == 0 && len(p.errs) == 0 {
		p.errorf(0, "no steps: each step starts with a ## heading")
	}
}

// frontMatter parses the YAML front matter and returns the index of the
// first line after it, or -1.
func (p *parser) frontMatter(lines []string) int {
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "---" {
		p.errorf(1, "a lesson starts with a front matter: a line ---, YAML (name, title, order, summary, requires), and a line ---")
		return -1
	}
	end := -1
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(lines[i]) == "---" {
			end = i
			break
		}
	}
	if end < 0 {
		p.errorf(1, "the front matter is not closed by a line ---")
		return -1
	}
	var fm frontMatter
	dec := yaml.NewDecoder(strings.NewReader(strings.Join(lines[1:end], "\n")))
	dec.KnownFields(true)
	if err := dec.Decode(&fm); err != nil {
		p.yamlError(err)
		return -1
	}
	switch {
	case fm.Name == "":
		p.errorf(1, "the front matter has no name")
	case !validName().MatchString(fm.Name):
		p.errorf(1, "name %q: a lesson's name is lower-case letters, digits and -, starting with a letter", fm.Name)
	}
	if fm.Title == "" {
		p.errorf(1, "the front matter has no title")
	}
	if fm.Requires.CPUs < 0 {
		p.errorf(1, "requires: cpus must not be negative")
	}
	p.l.Name, p.l.Title, p.l.Order, p.l.Summary, p.l.Requires = fm.Name, fm.Title, fm.Order, strings.TrimSpace(fm.Summary), fm.Requires
	return end + 1
}

var unknownField = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`field (\S+) not found in type`)
})

var yamlLine = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`line (\d+): `)
})

// yamlError reports a YAML error at its line in the lesson file (the
// front matter starts on the file's second line).
func (p *parser) yamlError(err error) {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		msg = te.Errors[0]
	}
	line := 1
	if m := yamlLine().FindStringSubmatchIndex(msg); m != nil {
		n, _ := strconv.Atoi(msg[m[2]:m[3]])
		line = n + 1
		msg = msg[:m[0]] + msg[m[1]:]
	}
	if strings.HasPrefix(msg, "unmarshal errors:") {
		msg = strings.TrimSpace(strings.TrimPrefix(msg, "unmarshal errors:"))
	}
	if m := unknownField().FindStringSubmatch(msg); m != nil {
		msg = fmt.Sprintf("unknown field %q; the fields are name, title, order, summary and requires (os, cpus)", m[1])
	}
	p.errorf(line, "front matter: %s", msg)
}

// fenceMarker returns the ``` or ~~~ run that opens or closes a code
// block on line, or "".
func fenceMarker(line string) string {
	t := strings.TrimLeft(line, " ")
	if len(line)-len(t) > 3 || len(t) < 3 || (t[0] != '`' && t[0] != '~') {
		return ""
	}
	n := 0
	for n < len(t) && t[n] == t[0] {
		n++
	}
	if n < 3 {
		return ""
	}
	return t[:n]
}

// endSection files the lines collected for the current section.
func (p *parser) endSection() {
	text := strings.TrimSpace(strings.Join(p.buf, "\n"))
	s := p.step
	if s == nil {
		p.l.Intro = text
		return
	}
	switch p.sec {
	case secProse:
		s.Prose = text
		blocks := codeBlocks(p.buf, p.bufLine)
		for _, b := range blocks {
			if b.info == "go example" {
				if s.Example != "" {
					p.errorf(b.line, "step %q has a second example: one ```go example block a step", s.Title)
				}
				s.Example = b.code
			}
		}
	case secTask:
		s.Task = text
	case secHint:
		if text == "" {
			p.errorf(p.bufLine-1, "step %q: an empty hint", s.Title)
		}
		s.Hints = append(s.Hints, text)
	case secCheck:
		b, ok := p.oneGoBlock("check")
		s.Check, s.CheckLine = b.code, b.line+1
		if ok && strings.TrimSpace(b.code) == "" {
			p.errorf(b.line, "step %q: the check is empty", s.Title)
		}
	case secSolution:
		if s.Solution != "" {
			p.errorf(p.bufLine-1, "step %q has a second ### Solution", s.Title)
		}
		b, _ := p.oneGoBlock("solution")
		s.Solution = b.code
	case secWrong:
		b, ok := p.oneGoBlock("wrong answer")
		if ok {
			s.Wrong = append(s.Wrong, Answer{Code: b.code, Why: proseOutside(p.buf), Line: b.line + 1})
		}
	case secAlsoRight:
		b, ok := p.oneGoBlock("also right answer")
		if ok {
			s.AlsoRight = append(s.AlsoRight, Answer{Code: b.code, Why: proseOutside(p.buf), Line: b.line + 1})
		}
	}
}

// oneGoBlock returns the only code block of the current section, and
// reports a missing or second one.
func (p *parser) oneGoBlock(what string) (codeBlock, bool) {
	blocks := codeBlocks(p.buf, p.bufLine)
	switch {
	case len(blocks) == 0:
		p.errorf(p.bufLine-1, "step %q: the %s section has no ```go code block", p.step.Title, what)
		return codeBlock{}, false
	case len(blocks) > 1:
		p.errorf(blocks[1].line, "step %q: the %s section has more than one code block", p.step.Title, what)
	}
	return blocks[0], true
}

// endStep checks the step just read has what every step needs.
func (p *parser) endStep() {
	s := p.step
	if s == nil {
		return
	}
	missing := func(what string) {
		p.errorf(s.Line, "step %q has no %s", s.Title, what)
	}
	if s.Title == "" {
		p.errorf(s.Line, "a step's ## heading has no title")
	}
	if s.Task == "" {
		missing("### Task")
	}
	if s.Check == "" {
		missing("### Check")
	}
	if s.Solution == "" {
		missing("### Solution")
	}
	if len(s.Hints) == 0 {
		missing("### Hint")
	}
	p.l.Steps = append(p.l.Steps, s)
	p.step = nil
}

type codeBlock struct {
	info string // what follows the opening fence, such as "go example"
	code string
	line int // of the opening fence
}

// codeBlocks finds the fenced code blocks in lines; first is the line
// number of lines[0].
func codeBlocks(lines []string, first int) []codeBlock {
	var blocks []codeBlock
	var cur *codeBlock
	var fence string
	var body []string
	for i, line := range lines {
		marker := fenceMarker(line)
		switch {
		case cur == nil && marker != "":
			fence = marker
			cur = &codeBlock{info: strings.Join(strings.Fields(strings.TrimSpace(line)[len(marker):]), " "), line: first + i}
			body = nil
		case cur != nil && marker != "" && strings.HasPrefix(marker, fence) && strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(line), fence[:1])) == "":
			cur.code = strings.Join(body, "\n")
			blocks = append(blocks, *cur)
			cur = nil
		case cur != nil:
			body = append(body, line)
		}
	}
	return blocks
}

// proseOutside returns the text of lines outside code blocks.
func proseOutside(lines []string) string {
	var out []string
	var fence string
	for _, line := range lines {
		marker := fenceMarker(line)
		switch {
		case fence == "" && marker != "":
			fence = marker
		case fence != "" && marker != "" && strings.HasPrefix(marker, fence):
			fence = ""
		case fence == "":
			out = append(out, line)
		}
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}
