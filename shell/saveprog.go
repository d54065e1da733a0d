package shell

// The session as a Go program, for :save and :race: the declarations that
// succeeded at the package level, the last version of each, and the
// statements in main, in the order they ran. What a REPL allows and a
// program does not is translated:
//
//   - a value the prompt showed (1+1 showed 2  int) is printed with
//     fmt.Println, as Go formats it;
//   - a variable defined at the prompt (total := 0) that a function uses is
//     declared at the package level, with the type the session gives it,
//     and assigned in main;
//   - a variable defined again (x := 2 after x := 1) is assigned, and one
//     never read gets _ = x, which go build demands;
//   - a var declaration whose value uses such a variable runs in main,
//     where that variable is;
//   - imports the evaluator made for you (fmt, strings, pg) are written
//     out, and imports no longer used are left out.
//
// The program remembers, for each of its lines, the input line it came
// from, so that the race detector's reports and the compiler's errors can
// name the learner's own lines.

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/learn-concurrency/playground/interp"
)

// pgImportPath is the import path of package pg (package builtins) for a
// program built by the Go toolchain; in the evaluator it is "pg".
const pgImportPath = "github.com/learn-concurrency/playground/builtins"

// savedHeader begins every file :save writes; :save replaces a file that
// begins with it without asking.
const savedHeader = "// This program is a playground session, saved by :save."

// A sessionInput is one Go input that succeeded, as the shell recorded it.
type sessionInput struct {
	src   string
	from  origin // where it came from: a file, or typed
	shown bool   // the prompt showed its value
}

// pos names a position in the input as tracebacks do: file:line:col for
// an input from a file, line:col of `its first line` for a typed one.
func (in sessionInput) pos(line, col int) string {
	if in.from.file != "" {
		return in.from.pos(line, col)
	}
	first, _, _ := strings.Cut(strings.TrimSpace(in.src), "\n")
	if len(first) > 40 {
		first = first[:37] + "..."
	}
	return fmt.Sprintf("%d:%d of `%s`", line, col, first)
}

// A sessionProgram is the session written as a Go program.
type sessionProgram struct {
	src    []byte
	usesPG bool
	// notes tell the learner where the program may not do what the
	// session did.
	notes []string
	// lines maps a line of src to where it came from: lineFrom[i] for
	// line i+1, input -1 for lines the translation added.
	lineFrom []inputPos
	inputs   []sessionInput
	// file, for :race FILE, is the program's own file: its lines are
	// its own.
	file string
}

type inputPos struct{ input, line, col int }

// where names the input position of line (from 1) of the program, or ""
// for a line that did not come from an input.
func (p *sessionProgram) where(line int) string {
	if line < 1 || line > len(p.lineFrom) {
		return ""
	}
	at := p.lineFrom[line-1]
	if at.input < 0 {
		return ""
	}
	return p.inputs[at.input].pos(at.line, at.col)
}

// sourceLine is line (from 1) of the program, trimmed.
func (p *sessionProgram) sourceLine(line int) string {
	lines := strings.Split(string(p.src), "\n")
	if line < 1 || line > len(lines) {
		return ""
	}
	return strings.TrimSpace(lines[line-1])
}

// A parsedPart is one part of an input (interp.SplitInput), parsed in a
// file of its own: declarations as a file, statements as main's body.
type parsedPart struct {
	fset   *token.FileSet
	file   *ast.File
	input  int // index among the inputs; -1 for what the translation adds
	header int // lines of the file before the part's text
	line   int // where the part starts in its input
	col    int
	// unresolved are the identifiers that name nothing declared in the
	// part: names from earlier inputs, packages, predeclared names.
	unresolved map[*ast.Ident]bool
}

// pos is where p lies in the input.
func (pp *parsedPart) pos(p token.Pos) (line, col int) {
	at := pp.fset.Position(p)
	line = at.Line - pp.header
	col = at.Column
	if line == 1 {
		col = max(col+pp.col-1, 1) // 1 for fmt.Println( added before a list of values
	}
	return line + pp.line - 1, col
}

// A progItem is a declaration of the program or a statement of main.
type progItem struct {
	node ast.Node
	part *parsedPart
}

// typeOfFunc asks the session for a variable's type, as :type does.
type typeOfFunc func(name string) (string, error)

// buildProgram writes inputs as a Go program. typeOf gives the types of
// the variables that must move to the package level.
func buildProgram(inputs []sessionInput, typeOf typeOfFunc) (*sessionProgram, error) {
	b := &progBuilder{prog: &sessionProgram{inputs: inputs}, imports: map[string]importSpec{}}
	for i, in := range inputs {
		b.addInput(i, in)
	}
	b.keepLastVersions()
	b.renameMain()
	b.placeVariables(typeOf)
	b.defineOnce()
	b.markUnused()
	if err := b.write(); err != nil {
		return nil, err
	}
	return b.prog, nil
}

type importSpec struct {
	name, path string // name is "" for the package's own name
}

type progBuilder struct {
	prog    *sessionProgram
	decls   []progItem
	stmts   []progItem
	imports map[string]importSpec // by the name code uses, "_" and "." by path
	usesFmt bool                  // a shown value is printed with fmt.Println
	// showsValues is set when a value the prompt showed is printed.
	showsValues bool
	again       []string   // names declared more than once
	hoisted     []progItem // var declarations of variables moved out of main
	noted       map[string]bool
}

func (b *progBuilder) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	if b.noted == nil {
		b.noted = map[string]bool{}
	}
	if !b.noted[msg] {
		b.noted[msg] = true
		b.prog.notes = append(b.prog.notes, msg)
	}
}

// addInput parses input i into items.
func (b *progBuilder) addInput(i int, in sessionInput) {
	firstStmt := len(b.stmts)
	for _, part := range interp.SplitInput(in.src) {
		if part.Decl {
			pp, err := parsePart(i, part, "package main\n", "", 1)
			if err != nil {
				b.note("left out %s: %v", in.pos(part.Line, part.Col), err)
				continue
			}
			for _, d := range pp.file.Decls {
				if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
					b.addImports(gd)
					continue
				}
				b.decls = append(b.decls, progItem{node: d, part: pp})
			}
			continue
		}
		pp, err := parsePart(i, part, "package main\nfunc main() {\n", "\n}", 2)
		if err != nil && in.shown {
			// A list of values (len(ch), cap(ch)) is shown at the prompt,
			// and printed here.
			pp, err = parsePart(i, part, "package main\nfunc main() {\nfmt.Println(", ")\n}", 2)
			if err == nil {
				pp.col -= len("fmt.Println(")
				b.usesFmt, b.showsValues = true, true
				in.shown = false
			}
		}
		if err != nil {
			b.note("left out %s: %v", in.pos(part.Line, part.Col), err)
			continue
		}
		for _, s := range pp.file.Decls[0].(*ast.FuncDecl).Body.List {
			b.stmts = append(b.stmts, progItem{node: s, part: pp})
		}
	}
	if !in.shown || len(b.stmts) == firstStmt {
		return
	}
	// The value the prompt showed is the last statement's.
	last := &b.stmts[len(b.stmts)-1]
	if es, ok := last.node.(*ast.ExprStmt); ok {
		last.node = &ast.ExprStmt{X: &ast.CallExpr{
			Fun:  &ast.SelectorExpr{X: ast.NewIdent("fmt"), Sel: ast.NewIdent("Println")},
			Args: []ast.Expr{es.X},
		}}
		b.usesFmt, b.showsValues = true, true
	}
}

// parsePart parses part between head and tail; header is the number of
// lines head takes.
func parsePart(input int, part interp.InputPart, head, tail string, header int) (*parsedPart, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+part.Text+tail, parser.ParseComments)
	if err != nil {
		return nil, fmt.Errorf("the Go toolchain cannot parse it (%s)", firstErr(err))
	}
	pp := &parsedPart{fset: fset, file: f, input: input, header: header, line: part.Line, col: part.Col, unresolved: map[*ast.Ident]bool{}}
	for _, id := range f.Unresolved {
		pp.unresolved[id] = true
	}
	return pp, nil
}

func firstErr(err error) string {
	msg, _, _ := strings.Cut(err.Error(), " (and ")
	return msg
}

func (b *progBuilder) addImports(gd *ast.GenDecl) {
	for _, s := range gd.Specs {
		is := s.(*ast.ImportSpec)
		p, err := strconv.Unquote(is.Path.Value)
		if err != nil {
			continue
		}
		if p == "pg" {
			p = pgImportPath
		}
		spec := importSpec{path: p}
		name := packageName(p)
		if is.Name != nil {
			spec.name, name = is.Name.Name, is.Name.Name
		}
		if name == "_" || name == "." {
			name += " " + p // kept whether used or not
		}
		b.imports[name] = spec
	}
}

// majorVersion is an import path's last element when it is a major
// version (v2), compiled on first use: every process of the binary runs
// package init, and most never need it.
var majorVersion = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^v[0-9]+$`)
})

// packageName is the name a package's import path gives it by default.
func packageName(p string) string {
	if p == pgImportPath {
		return "pg"
	}
	base := path.Base(p)
	if majorVersion().MatchString(base) {
		base = path.Base(path.Dir(p))
	}
	return base
}

// declKeys names what a declaration declares: "func f", "method T.M",
// "type T", "var x", "const c".
func declKeys(d ast.Decl) []string {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			return []string{"method " + recvName(d.Recv.List[0].Type) + "." + d.Name.Name}
		}
		return []string{"func " + d.Name.Name}
	case *ast.GenDecl:
		var keys []string
		for _, s := range d.Specs {
			keys = append(keys, specKeys(d.Tok, s)...)
		}
		return keys
	}
	return nil
}

func specKeys(tok token.Token, s ast.Spec) []string {
	switch s := s.(type) {
	case *ast.TypeSpec:
		return []string{"type " + s.Name.Name}
	case *ast.ValueSpec:
		var keys []string
		for _, n := range s.Names {
			if n.Name != "_" {
				keys = append(keys, tok.String()+" "+n.Name)
			}
		}
		return keys
	}
	return nil
}

func recvName(x ast.Expr) string {
	for {
		switch t := x.(type) {
		case *ast.StarExpr:
			x = t.X
		case *ast.IndexExpr:
			x = t.X
		case *ast.IndexListExpr:
			x = t.X
		case *ast.ParenExpr:
			x = t.X
		case *ast.Ident:
			return t.Name
		default:
			return "?"
		}
	}
}
