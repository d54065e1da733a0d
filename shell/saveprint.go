package shell

// Printing the session's program: each declaration and statement printed
// from the learner's own syntax tree (comments and all), the whole
// formatted by go/format, and each line of the result traced back to the
// input line it came from.

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	goprinter "go/printer"
	"go/token"
	"sort"
	"strconv"
	"strings"

	"github.com/learn-concurrency/playground/interp"
)

// write prints the program, formats it and maps its lines to inputs.
func (b *progBuilder) write() error {
	decls := append(append([]progItem(nil), b.hoisted...), b.decls...)
	declared := map[string]bool{}
	for _, it := range decls {
		for _, k := range declKeys(it.node.(ast.Decl)) {
			if kind, name, _ := strings.Cut(k, " "); kind != "method" {
				declared[name] = true
			}
		}
	}
	for _, it := range b.stmts {
		for _, id := range definedNames(it.node) {
			declared[id.Name] = true
		}
	}
	used := b.usedPackages(append(append([]progItem(nil), decls...), b.stmts...), declared)
	if b.usesFmt {
		used["fmt"] = true
	}
	var imports []importSpec
	for name := range used {
		if spec, ok := b.imports[name]; ok {
			imports = append(imports, spec)
			continue
		}
		p := interp.AutoImportPath(name)
		switch {
		case p == "pg":
			imports = append(imports, importSpec{name: "pg", path: pgImportPath})
		case p != "":
			imports = append(imports, importSpec{path: p})
		}
	}
	for name, spec := range b.imports {
		if strings.HasPrefix(name, "_ ") || strings.HasPrefix(name, ". ") {
			imports = append(imports, spec)
		}
	}
	sort.Slice(imports, func(i, j int) bool { return imports[i].path < imports[j].path })

	var buf bytes.Buffer
	buf.WriteString(savedHeader + "\n")
	if b.showsValues {
		buf.WriteString("// Values the prompt showed are printed with fmt.Println.\n")
	}
	for _, spec := range imports {
		if spec.path == pgImportPath {
			b.prog.usesPG = true
			buf.WriteString("//\n// Package pg is " + pgImportPath + ": go run needs a go.mod that\n// requires github.com/learn-concurrency/playground (README: \"Saving a session\").\n")
		}
	}
	buf.WriteString("\npackage main\n\n")
	importLine := func(spec importSpec) string {
		if spec.name != "" {
			return spec.name + " " + strconv.Quote(spec.path)
		}
		return strconv.Quote(spec.path)
	}
	switch len(imports) {
	case 0:
	case 1:
		buf.WriteString("import " + importLine(imports[0]) + "\n\n")
	default:
		buf.WriteString("import (\n")
		for _, spec := range imports {
			buf.WriteString(importLine(spec) + "\n")
		}
		buf.WriteString(")\n\n")
	}
	for _, it := range decls {
		if err := printItem(&buf, it); err != nil {
			return err
		}
		buf.WriteString("\n\n")
	}
	buf.WriteString("func main() {\n")
	prev, prevLong := -1, false
	for _, it := range b.stmts {
		var stmt bytes.Buffer
		if err := printItem(&stmt, it); err != nil {
			return err
		}
		long := bytes.Contains(stmt.Bytes(), []byte("\n"))
		if it.part != nil && prev >= 0 && it.part.input != prev && (long || prevLong) {
			buf.WriteString("\n") // a blank line around an input of several lines
		}
		if it.part != nil && it.part.input >= 0 {
			prev, prevLong = it.part.input, long
		}
		buf.Write(stmt.Bytes())
		buf.WriteString("\n")
	}
	buf.WriteString("}\n")
	src, err := format.Source(buf.Bytes())
	if err != nil {
		return fmt.Errorf("formatting the program: %v", err)
	}
	b.prog.src = src
	b.mapLines(decls)
	return nil
}

func printItem(buf *bytes.Buffer, it progItem) error {
	fset := token.NewFileSet()
	var node any = it.node
	if it.part != nil {
		fset = it.part.printFileSet()
		node = &goprinter.CommentedNode{Node: it.node, Comments: it.part.file.Comments}
	}
	cfg := goprinter.Config{Mode: goprinter.UseSpaces | goprinter.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(buf, fset, node); err != nil {
		return fmt.Errorf("printing the program: %v", err)
	}
	if it.part != nil {
		// A comment after the item, on its last line, is the item's too.
		pf := it.part.fset
		end := pf.Position(it.node.End())
		for _, cg := range it.part.file.Comments {
			if at := pf.Position(cg.Pos()); cg.Pos() >= it.node.End() && at.Line == end.Line && !it.part.startsBetween(it.node.End(), cg.Pos()) {
				buf.WriteString(" " + strings.TrimSpace(printedComment(cg)))
				break
			}
		}
	}
	return nil
}

// startsBetween reports whether a top-level declaration or statement of
// the part starts between from and to.
func (pp *parsedPart) startsBetween(from, to token.Pos) bool {
	var nodes []ast.Node
	if body := pp.mainBody(); body != nil {
		for _, s := range body.List {
			nodes = append(nodes, s)
		}
	} else {
		for _, d := range pp.file.Decls {
			nodes = append(nodes, d)
		}
	}
	for _, n := range nodes {
		if n.Pos() >= from && n.Pos() < to {
			return true
		}
	}
	return false
}

// printedComment is a comment group's text as written.
func printedComment(cg *ast.CommentGroup) string {
	var b strings.Builder
	for _, c := range cg.List {
		b.WriteString(c.Text + " ")
	}
	return b.String()
}

// mapLines finds, for each line of the formatted program, the input line
// it came from: the formatted program is parsed again, and its nodes are
// matched one for one with the nodes they were printed from.
func (b *progBuilder) mapLines(decls []progItem) {
	p := b.prog
	nlines := bytes.Count(p.src, []byte("\n")) + 1
	p.lineFrom = make([]inputPos, nlines)
	for i := range p.lineFrom {
		p.lineFrom[i].input = -1
	}
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", p.src, parser.ParseComments)
	if err != nil {
		return
	}
	var newDecls []ast.Node
	var body []ast.Stmt
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			continue
		}
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Name.Name == "main" && fd.Recv == nil {
			body = fd.Body.List
			continue
		}
		newDecls = append(newDecls, d)
	}
	var items []progItem
	var printed []ast.Node
	if len(newDecls) == len(decls) {
		items = append(items, decls...)
		printed = append(printed, newDecls...)
	}
	stmts := b.stmts
	if len(body) == len(stmts) {
		items = append(items, stmts...)
		for _, s := range body {
			printed = append(printed, s)
		}
	}
	for i, it := range items {
		if it.part == nil || it.part.input < 0 {
			continue
		}
		from, to := nodesOf(it.node), nodesOf(printed[i])
		if len(from) != len(to) {
			from, to = from[:1], to[:1]
		}
		start := fset.Position(printed[i].Pos()).Line
		end := fset.Position(printed[i].End()).Line
		var last inputPos
		for j := range from {
			if !from[j].Pos().IsValid() || !to[j].Pos().IsValid() {
				continue
			}
			line := fset.Position(to[j].Pos()).Line
			if line < 1 || line > nlines || p.lineFrom[line-1].input >= 0 {
				continue
			}
			l, c := it.part.pos(from[j].Pos())
			p.lineFrom[line-1] = inputPos{input: it.part.input, line: l, col: c}
		}
		// Lines within the item that no node starts on (a closing
		// brace) belong to the line before them.
		for line := start; line <= end && line <= nlines; line++ {
			if at := p.lineFrom[line-1]; at.input >= 0 {
				last = at
			} else if last.line > 0 {
				p.lineFrom[line-1] = last
			}
		}
	}
}

// printFileSet is the part's file set as the printer should see it: a
// function body of several statements on one line (func incr() { v :=
// counter; counter = v + 1 }) has a line for each, so that the race
// detector, which names lines, can tell its statements apart. Positions
// stay the same; only the lines the printer reads them on differ.
func (pp *parsedPart) printFileSet() *token.FileSet {
	tf := pp.fset.File(pp.file.Package)
	if tf == nil {
		return pp.fset
	}
	lineOf := func(p token.Pos) int { return pp.fset.Position(p).Line }
	offsets := map[int]bool{}
	ast.Inspect(pp.file, func(n ast.Node) bool {
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		}
		if body == nil || len(body.List) < 2 || lineOf(body.Lbrace) != lineOf(body.Rbrace) {
			return true
		}
		for _, st := range body.List {
			offsets[tf.Offset(st.Pos())] = true
		}
		offsets[tf.Offset(body.Rbrace)] = true
		return true
	})
	if len(offsets) == 0 {
		return pp.fset
	}
	for _, l := range tf.Lines() {
		offsets[l] = true
	}
	lines := make([]int, 0, len(offsets))
	for off := range offsets {
		lines = append(lines, off)
	}
	sort.Ints(lines)
	fset := token.NewFileSet()
	f := fset.AddFile(tf.Name(), tf.Base(), tf.Size())
	if !f.SetLines(lines) {
		return pp.fset
	}
	return fset
}

// nodesOf lists n's nodes in the order ast.Inspect visits them.
func nodesOf(n ast.Node) []ast.Node {
	var list []ast.Node
	ast.Inspect(n, func(n ast.Node) bool {
		if n != nil {
			list = append(list, n)
		}
		return true
	})
	return list
}
