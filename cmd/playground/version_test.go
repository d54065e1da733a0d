package main

import (
	"os/exec"
	"path/filepath"
	"testing"
)

// A playground built with go build (no VCS stamp: -buildvcs=false) says
// it is a development build; go install …@version would say the version
// (shell.TestBuildVersion covers what the go command records then).
func TestVersionOfGoBuild(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH to build the playground with")
	}
	bin := filepath.Join(t.TempDir(), "playground")
	build := exec.Command("go", "build", "-buildvcs=false", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	out, err := exec.Command(bin, "--version").Output()
	if err != nil {
		t.Fatalf("playground --version: %v", err)
	}
	if got, want := string(out), "playground devel\n"; got != want {
		t.Errorf("playground --version = %q, want %q", got, want)
	}
}
