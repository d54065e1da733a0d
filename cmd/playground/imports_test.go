package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

// module is the playground's module path.
const module = "github.com/learn-concurrency/playground"

// listedPackage is what TestImportsFlowOneWay reads of go list -json.
type listedPackage struct {
	ImportPath   string
	Deps         []string // every package it needs to build, transitively
	TestImports  []string
	XTestImports []string
}

// TestImportsFlowOneWay holds the packages to their layers: cmd/playground
// -> shell -> lessons and interp -> builtins. A package may not need, by
// any path nor from its tests, a package above it: the evaluator
// (interp, builtins) knows nothing of the shell, and learner code's
// package pg nothing of the evaluator.
func TestImportsFlowOneWay(t *testing.T) {
	out, err := exec.Command("go", "list", "-json", module+"/...").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	pkgs := map[string]listedPackage{}
	dec := json.NewDecoder(bytes.NewReader(out))
	for {
		var p listedPackage
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("reading go list -json: %v", err)
		}
		pkgs[strings.TrimPrefix(p.ImportPath, module+"/")] = p
	}

	// above lists, for each package, the packages (with those under them)
	// it must not need.
	above := map[string][]string{
		"shell":          {"cmd"},
		"lessons":        {"cmd", "shell"},
		"interp":         {"cmd", "shell", "lessons"},
		"interp/rewrite": {"cmd", "shell", "lessons"},
		"builtins":       {"cmd", "shell", "lessons", "interp"},
	}
	for _, pkg := range slices.Sorted(maps.Keys(above)) {
		forbidden := above[pkg]
		p, ok := pkgs[pkg]
		if !ok {
			t.Errorf("go list does not list %s: the test's layers name a package the module no longer has", pkg)
			continue
		}
		needs := func(from string, paths []string) {
			for _, path := range paths {
				rel, ok := strings.CutPrefix(path, module+"/")
				if !ok {
					continue
				}
				if slices.ContainsFunc(forbidden, func(f string) bool { return rel == f || strings.HasPrefix(rel, f+"/") }) {
					t.Errorf("%s needs %s (%s), a package above it", pkg, rel, from)
				}
			}
		}
		needs("imports, directly or not", p.Deps)
		needs("a test imports it", p.TestImports)
		needs("an external test imports it", p.XTestImports)
	}
}
