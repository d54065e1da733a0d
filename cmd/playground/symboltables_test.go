package main

import (
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// TestStartBuildsNoSymbolTables: every process of the binary (the shell,
// the evaluator, each reaper) runs every package's init, and yaegi's
// upstream symbol tables built the reflect.Value of every symbol of the
// standard library there: about 700 KB in 1,850 allocations per process.
// The playground's copy (internal/yaegi/stdlib) builds a package's table
// when a program imports it, so its init allocates next to nothing. The
// figures come from the runtime's init trace: allocations, not times.
// Nor is goldmark's extension package linked (see internal/gfm).
func TestStartBuildsNoSymbolTables(t *testing.T) {
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
	const tables = "github.com/learn-concurrency/playground/internal/yaegi/stdlib"
	var bytesAllocated, packages int
	for _, line := range strings.Split(stderr.String(), "\n") {
		// init PACKAGE @0.5 ms, 0.1 ms clock, 1234 bytes, 5 allocs
		f := strings.Fields(line)
		if len(f) < 11 || f[0] != "init" || f[8] != "bytes," {
			continue
		}
		if strings.HasPrefix(f[1], "github.com/traefik/yaegi/stdlib") {
			t.Errorf("yaegi's upstream symbol tables are linked: %s", line)
		}
		if f[1] == "github.com/yuin/goldmark/extension" {
			// Its init compiles Linkify's URL regexps, 3 ms of every start;
			// the lessons take tables and strikethrough from internal/gfm.
			t.Errorf("goldmark's extension package is linked: %s", line)
		}
		if f[1] == tables || f[1] == tables+"/syscall" || f[1] == tables+"/unrestricted" {
			n, err := strconv.Atoi(f[7])
			if err != nil {
				t.Fatalf("init trace line %q: %v", line, err)
			}
			bytesAllocated += n
			packages++
		}
	}
	if packages != 3 {
		t.Fatalf("init traced %d packages of %s, want 3 (stdlib, syscall, unrestricted); stderr:\n%s", packages, tables, stderr.String())
	}
	if bytesAllocated > 64<<10 {
		t.Errorf("the symbol tables' init allocated %d bytes: a table is built at start", bytesAllocated)
	}
}
