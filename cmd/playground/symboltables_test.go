package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// An initTraced is a package's line of the runtime's init trace
// (GODEBUG=inittrace=1): what its init allocated.
type initTraced struct {
	pkg   string
	bytes int
	line  string
}

// initTrace runs this binary (which links what the playground links)
// with the init trace on, and returns its lines. Allocations, not times:
// they are the same on every run.
func initTrace(t *testing.T) []initTraced {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(self, "-test.run=^$")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v; stderr:\n%s", err, stderr.String())
	}
	var traced []initTraced
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init PACKAGE @0.5 ms, 0.1 ms clock, 1234 bytes, 5 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		n, err := strconv.Atoi(f[7])
		if err != nil {
			t.Fatalf("init trace line %q: %v", line, err)
		}
		traced = append(traced, initTraced{pkg: f[1], bytes: n, line: line})
	}
	if len(traced) == 0 {
		t.Fatalf("no init trace on stderr:\n%s", stderr.String())
	}
	return traced
}

// TestStartBuildsNoSymbolTables: every process of the binary (the shell,
// the evaluator, each reaper) runs every package's init, and yaegi's
// upstream symbol tables built the reflect.Value of every symbol of the
// standard library there: about 700 KB in 1,850 allocations per process.
// The playground's copy (internal/yaegi/stdlib) builds a package's table
// when a program imports it, so its init allocates next to nothing.
func TestStartBuildsNoSymbolTables(t *testing.T) {
	const tables = "github.com/learn-concurrency/playground/internal/yaegi/stdlib"
	var bytesAllocated, packages int
	for _, p := range initTrace(t) {
		if strings.HasPrefix(p.pkg, "github.com/traefik/yaegi/stdlib") {
			t.Errorf("yaegi's upstream symbol tables are linked: %s", p.line)
		}
		if p.pkg == tables || p.pkg == tables+"/syscall" || p.pkg == tables+"/unrestricted" {
			bytesAllocated += p.bytes
			packages++
		}
	}
	if packages != 3 {
		t.Fatalf("init traced %d packages of %s, want 3 (stdlib, syscall, unrestricted)", packages, tables)
	}
	if bytesAllocated > 64<<10 {
		t.Errorf("the symbol tables' init allocated %d bytes: a table is built at start", bytesAllocated)
	}
}

// TestStartBuildsNoLessonRenderer: only the shell renders lessons, but
// every process runs the renderer's init. goldmark's built its Unicode
// case-folding table and compiled its HTML regexps there (250 KB in 1,370
// allocations, 1.8 ms of every start), and its extension package
// compiled Linkify's URL regexps (3 ms). The playground's copy
// (internal/goldmark, internal/gfm) builds them on first use, and
// neither upstream package is linked.
func TestStartBuildsNoLessonRenderer(t *testing.T) {
	const own = "github.com/learn-concurrency/playground/"
	var bytesAllocated, packages int
	for _, p := range initTrace(t) {
		if strings.HasPrefix(p.pkg, "github.com/yuin/goldmark") {
			t.Errorf("upstream goldmark is linked: %s", p.line)
		}
		if strings.HasPrefix(p.pkg, own+"internal/goldmark/") || p.pkg == own+"internal/gfm" || p.pkg == own+"lessons" {
			bytesAllocated += p.bytes
			packages++
		}
	}
	if packages < 6 {
		t.Fatalf("init traced %d packages of the lesson renderer (lessons, internal/gfm, internal/goldmark/...), want 6 or more", packages)
	}
	if bytesAllocated > 8<<10 {
		t.Errorf("the lesson renderer's init allocated %d bytes: a table or regexp is built at start", bytesAllocated)
	}
}
