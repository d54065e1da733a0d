package interp

import (
	"go/token"
	"reflect"
	"sort"
	"strings"
	"unicode"
)

// maxCandidates bounds one completion answer.
const maxCandidates = 200

// builtinNames are Go's predeclared identifiers, with what they are.
var builtinNames = map[string]string{
	"append": "func(slice []T, elems ...T) []T", "cap": "func(v Type) int", "clear": "func(t T)",
	"close": "func(c chan<- Type)", "complex": "func(r, i FloatType) ComplexType", "copy": "func(dst, src []Type) int",
	"delete": "func(m map[Type]Type1, key Type)", "imag": "func(c ComplexType) FloatType", "len": "func(v Type) int",
	"make": "func(t Type, size ...IntegerType) Type", "new": "func(Type) *Type", "panic": "func(v any)",
	"print": "func(args ...Type)", "println": "func(args ...Type)", "real": "func(c ComplexType) FloatType",
	"recover": "func() any", "min": "func(x T, y ...T) T", "max": "func(x T, y ...T) T",
	"bool": "type", "byte": "type", "complex64": "type", "complex128": "type", "error": "type", "float32": "type",
	"float64": "type", "int": "type", "int8": "type", "int16": "type", "int32": "type", "int64": "type",
	"rune": "type", "string": "type", "uint": "type", "uint8": "type", "uint16": "type", "uint32": "type",
	"uint64": "type", "uintptr": "type", "any": "type",
	"true": "const", "false": "const", "iota": "const", "nil": "value",
}

// Complete returns candidates for the word before byte offset pos of line:
// members of a package after "pkg.", otherwise keywords, predeclared names,
// package names and names the learner defined.
func (e *engine) Complete(line string, pos int) []Candidate {
	if pos < 0 || pos > len(line) {
		pos = len(line)
	}
	word := wordBefore(line[:pos])
	var out []Candidate
	if dot := strings.LastIndexByte(word, '.'); dot >= 0 {
		pkg, prefix := word[:dot], word[dot+1:]
		path := e.packagePath(pkg)
		if path == "" {
			return nil
		}
		for name, v := range hostSymbols()[path+"/"+pathBase(path)] {
			if strings.HasPrefix(name, prefix) && token.IsExported(name) {
				out = append(out, Candidate{Text: name, Desc: describeSymbol(v)})
			}
		}
	} else {
		if word == "" {
			return nil
		}
		for i := token.BREAK; i <= token.VAR; i++ {
			if kw := i.String(); token.IsKeyword(kw) && strings.HasPrefix(kw, word) {
				out = append(out, Candidate{Text: kw, Desc: "keyword"})
			}
		}
		for name, desc := range builtinNames {
			if strings.HasPrefix(name, word) {
				out = append(out, Candidate{Text: name, Desc: desc})
			}
		}
		for name, paths := range e.pkgs {
			if strings.HasPrefix(name, word) {
				out = append(out, Candidate{Text: name, Desc: "package " + strings.Join(paths, ", ")})
			}
		}
		for name, kind := range e.defined {
			if strings.HasPrefix(name, word) && !strings.HasPrefix(name, "_pg") {
				out = append(out, Candidate{Text: name, Desc: kind})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Text != out[j].Text {
			return out[i].Text < out[j].Text
		}
		return out[i].Desc < out[j].Desc
	})
	out = dedupe(out)
	if len(out) > maxCandidates {
		out = out[:maxCandidates]
	}
	return out
}

func dedupe(c []Candidate) []Candidate {
	out := c[:0]
	for i, x := range c {
		if i > 0 && x.Text == c[i-1].Text {
			continue
		}
		out = append(out, x)
	}
	return out
}

// wordBefore returns the identifier, possibly qualified ("strings.Sp"),
// that ends s.
func wordBefore(s string) string {
	i := len(s)
	for i > 0 {
		r := rune(s[i-1])
		if r == '.' || r == '_' || r >= 0x80 || unicode.IsLetter(r) || unicode.IsDigit(r) {
			i--
			continue
		}
		break
	}
	return s[i:]
}

// packagePath returns the import path the name pkg refers to: the
// learner's import if there is one, else the only standard package of
// that name, else "".
func (e *engine) packagePath(pkg string) string {
	for path, name := range e.imported {
		if name == pkg {
			return path
		}
	}
	if paths := e.pkgs[pkg]; len(paths) == 1 {
		return paths[0]
	}
	return ""
}

func pathBase(path string) string {
	return path[strings.LastIndexByte(path, '/')+1:]
}

// describeSymbol gives the signature of a function, "type" for a type, and
// the type of a variable or constant, as exported by yaegi's symbol maps
// (types are stored as typed nil pointers).
func describeSymbol(v reflect.Value) string {
	if !v.IsValid() {
		return ""
	}
	t := v.Type()
	switch {
	case t.Kind() == reflect.Func:
		return t.String()
	case t.Kind() == reflect.Pointer && v.IsNil():
		return "type " + t.Elem().String()
	}
	return t.String()
}
