package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// The programs of run_deadlock.txtar behave under playground run as the
// Go toolchain builds them: the same standard output, the same exit
// status, and the same first line on standard error (Go goes on with
// every goroutine's stack, which the playground does not print).
func TestDeadlockLikeGo(t *testing.T) {
	goTool := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goTool); err != nil {
		if goTool, err = exec.LookPath("go"); err != nil {
			t.Fatalf("the go command, to compare with: %v", err)
		}
	}
	pg, err := exec.LookPath("playground") // testscript.Main put it on PATH
	if err != nil {
		t.Fatal(err)
	}
	ar, err := txtar.ParseFile(filepath.Join("testdata", "script", "run_deadlock.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	n := 0
	for _, f := range ar.Files {
		if !strings.HasSuffix(f.Name, ".go") {
			continue
		}
		n++
		t.Run(strings.TrimSuffix(f.Name, ".go"), func(t *testing.T) {
			src := filepath.Join(dir, f.Name)
			if err := os.WriteFile(src, f.Data, 0o644); err != nil {
				t.Fatal(err)
			}
			bin := filepath.Join(dir, strings.TrimSuffix(f.Name, ".go"))
			build := exec.Command(goTool, "build", "-o", bin, src)
			build.Dir = dir
			build.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=")
			if out, err := build.CombinedOutput(); err != nil {
				t.Fatalf("go build: %v\n%s", err, out)
			}
			goOut, goErr, goStatus := runFor(t, exec.Command(bin))
			pgOut, pgErr, pgStatus := runFor(t, exec.Command(pg, "run", src))
			if pgStatus != goStatus {
				t.Errorf("status %d, Go's %d", pgStatus, goStatus)
			}
			if pgOut != goOut {
				t.Errorf("stdout %q, Go's %q", pgOut, goOut)
			}
			if first(pgErr) != first(goErr) {
				t.Errorf("stderr begins %q, Go's %q", first(pgErr), first(goErr))
			}
		})
	}
	if n == 0 {
		t.Fatal("no programs in run_deadlock.txtar")
	}
}

// runFor runs cmd and returns its output and exit status.
func runFor(t *testing.T, cmd *exec.Cmd) (stdout, stderr string, status int) {
	t.Helper()
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		status = ee.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", cmd.Path, err)
	}
	return out.String(), errOut.String(), status
}

func first(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
