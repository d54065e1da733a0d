package interp

import "strings"

// What the shell needs to know of an input to write the session as a Go
// program (:save): its parts, as the evaluator splits them, and the
// packages the evaluator imports without an import declaration.

// An InputPart is a run of top-level declarations (var, const, type,
// func, import), or of statements, in one input.
type InputPart struct {
	Decl bool
	Text string
	// Line and Col are where Text starts in the input, from 1.
	Line, Col int
}

// SplitInput cuts an input into its parts as the evaluator does: "var x
// int; x++" is a declaration, then a statement. It never fails: text that
// does not scan is left for the parser to report.
//
// The parts cover the input: comments before a part (a declaration's
// doc comment) belong to it; the semicolon or newline between two parts
// to neither.
func SplitInput(src string) []InputPart {
	var parts []InputPart
	prev := 0
	for _, s := range splitSegments(src) {
		start := prev
		if start < s.start && (src[start] == ';' || src[start] == '\n') {
			start++
		}
		line, col := lineCol(src, start)
		parts = append(parts, InputPart{Decl: s.decl, Text: src[start:s.end], Line: line, Col: col})
		prev = s.end
	}
	return parts
}

// AutoImportPath is the import path of the package the evaluator imports
// when an input uses name without importing it (fmt for fmt.Println, pg's
// own "pg" for pg), or "" when it imports none: no package has that name,
// or more than one does (rand is math/rand or crypto/rand). It mirrors
// engine.autoImport.
func AutoImportPath(name string) string {
	var found []string
	for _, key := range hostPackageKeys() {
		if !strings.Contains(key, "/") {
			continue // "." holds interface wrappers, not a package
		}
		dir, pkg := splitKey(key)
		if pkg != name || strings.HasPrefix(dir, "internal/") || strings.Contains(dir, "/internal/") {
			continue
		}
		found = append(found, dir)
	}
	if len(found) != 1 {
		return ""
	}
	return found[0]
}
