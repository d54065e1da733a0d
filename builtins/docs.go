package builtins

import (
	"embed"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"io/fs"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// source is package pg's own source, for its documentation: the
// playground may run where Go's tools and module cache are not.
//
//go:embed *.go
var source embed.FS

var (
	docOnce sync.Once
	docPkg  *doc.Package
	docFset *token.FileSet
	docErr  error
)

func loadDoc() (*doc.Package, error) {
	docOnce.Do(func() {
		fset := token.NewFileSet()
		docFset = fset
		var files []*ast.File
		names, _ := fs.Glob(source, "*.go")
		for _, name := range names {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			b, err := source.ReadFile(name)
			if err != nil {
				docErr = err
				return
			}
			f, err := parser.ParseFile(fset, name, b, parser.ParseComments)
			if err != nil {
				docErr = err
				return
			}
			files = append(files, f)
		}
		docPkg, docErr = doc.NewFromFiles(fset, files, "pg")
	})
	return docPkg, docErr
}

// Doc returns the documentation of pg.name (a function, a type, or a
// type's method as "Type.Method"), and false if pg exports no such name.
// An empty name lists everything pg exports, a line each.
func Doc(name string) (string, bool) {
	pkg, err := loadDoc()
	if err != nil {
		return "pg's documentation could not be read: " + err.Error(), false
	}
	exported := Symbols[ImportPath+"/"+ImportPath]
	if name == "" {
		return summary(pkg, exported), true
	}
	typeName, method, isMethod := strings.Cut(name, ".")
	if _, ok := exported[typeName]; !ok {
		return "", false // host API of the evaluator, not part of pg
	}
	for _, f := range pkg.Funcs {
		if !isMethod && f.Name == name {
			return render(pkg, "func "+signature(f.Decl), f.Doc), true
		}
	}
	for _, t := range pkg.Types {
		if t.Name != typeName {
			// Constructors are listed under the type they return.
			for _, f := range t.Funcs {
				if !isMethod && f.Name == name {
					return render(pkg, "func "+signature(f.Decl), f.Doc), true
				}
			}
			continue
		}
		if !isMethod {
			var methods []string
			for _, m := range t.Methods {
				methods = append(methods, "  func ("+typeName+") "+signature(m.Decl))
			}
			text := "type " + t.Name
			if len(methods) > 0 {
				text += "\n" + strings.Join(methods, "\n")
			}
			return render(pkg, text, t.Doc), true
		}
		for _, m := range t.Methods {
			if m.Name == method {
				return render(pkg, "func ("+typeName+") "+signature(m.Decl), m.Doc), true
			}
		}
	}
	for _, vs := range [][]*doc.Value{pkg.Vars, pkg.Consts} {
		for _, v := range vs {
			for _, n := range v.Names {
				if n == name && !isMethod {
					return render(pkg, "var "+name, v.Doc), true
				}
			}
		}
	}
	for _, t := range pkg.Types {
		for _, v := range append(append([]*doc.Value{}, t.Vars...), t.Consts...) {
			for _, n := range v.Names {
				if n == name && !isMethod {
					return render(pkg, "var "+name+" "+t.Name, v.Doc), true
				}
			}
		}
	}
	if _, ok := exported[name]; ok {
		return "pg." + name + " has no documentation yet.", true
	}
	return "", false
}

// signature prints a function declaration without its body or receiver.
func signature(d *ast.FuncDecl) string {
	d2 := *d
	d2.Body = nil
	d2.Recv = nil
	d2.Doc = nil
	var b strings.Builder
	if err := printer.Fprint(&b, docFset, &d2); err != nil {
		return d.Name.Name
	}
	return strings.TrimPrefix(b.String(), "func ")
}

func render(pkg *doc.Package, head, text string) string {
	p := pkg.Printer()
	p.TextPrefix = "    "
	p.TextWidth = 76
	body := strings.TrimRight(string(p.Text(pkg.Parser().Parse(text))), "\n")
	if body == "" {
		return head
	}
	return head + "\n" + body
}

// summary lists pg's exported names with the first sentence of each doc.
func summary(pkg *doc.Package, exported map[string]reflect.Value) string {
	type entry struct{ name, line string }
	var es []entry
	add := func(name, docText string) {
		if _, ok := exported[strings.TrimPrefix(name, "pg.")]; ok {
			es = append(es, entry{name, firstSentence(docText)})
		}
	}
	for _, f := range pkg.Funcs {
		add("pg."+f.Name, f.Doc)
	}
	for _, v := range pkg.Vars {
		for _, n := range v.Names {
			add("pg."+n, v.Doc)
		}
	}
	for _, t := range pkg.Types {
		add("pg."+t.Name, t.Doc)
		for _, f := range t.Funcs {
			add("pg."+f.Name, f.Doc)
		}
		for _, v := range t.Vars {
			for _, n := range v.Names {
				add("pg."+n, v.Doc)
			}
		}
	}
	sort.Slice(es, func(i, j int) bool { return es[i].name < es[j].name })
	if len(es) == 0 {
		return "  (nothing yet)"
	}
	var b strings.Builder
	for _, e := range es {
		fmt.Fprintf(&b, "  %-18s %s\n", e.name, e.line)
	}
	return strings.TrimRight(b.String(), "\n")
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		s = s[:i+1]
	}
	return s
}
