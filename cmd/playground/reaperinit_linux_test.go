package main

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// TestReaperStartsBeforeTheHeavyPackages: the reaper (internal/reaper)
// is this binary started again, and does its work from an init function.
// It must run before the packages it does not need are initialised: the
// symbol tables of yaegi's standard library, the interpreter, the lesson
// renderer, and the packages initialised only once a late import of the
// reaper's is (os/exec, path/filepath and golang.org/x/sys/unix made it
// wait for go/types and archive/zip). Every evaluator pays for its
// reaper's start-up.
func TestReaperStartsBeforeTheHeavyPackages(t *testing.T) {
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// A shell's pid that is not one: the reaper says so and exits, from its init.
	cmd := exec.Command(self)
	cmd.Env = append(os.Environ(), "PLAYGROUND_REAPER=not-a-job", "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err == nil {
		t.Fatalf("the reaper took %q for a shell's pid", "not-a-job")
	}
	out := stderr.String()
	if !strings.Contains(out, "pg-reaper: PLAYGROUND_REAPER is not a shell's pid") {
		t.Fatalf("the reaper did not run from its init; stderr:\n%s", out)
	}
	heavy := []string{
		"github.com/learn-concurrency/playground/internal/yaegi/stdlib ",
		"github.com/learn-concurrency/playground/internal/yaegi/interp ",
		"github.com/learn-concurrency/playground/internal/goldmark/",
		"github.com/learn-concurrency/playground/builtins ",
		"github.com/learn-concurrency/playground/interp ",
		"go/types ",
		"archive/zip ",
		"golang.org/x/sys/unix ",
		"encoding/gob ", // initialised before strings, once the reaper imported it
		"crypto/sha256 ",
	}
	inits := 0
	for _, line := range strings.Split(out, "\n") {
		if !strings.HasPrefix(line, "init ") {
			continue
		}
		inits++
		for _, h := range heavy {
			if strings.HasPrefix(line, "init "+h) {
				t.Errorf("initialised before the reaper ran: %s", line)
			}
		}
	}
	if inits == 0 {
		t.Fatalf("no init trace on stderr (GODEBUG=inittrace=1):\n%s", out)
	}
}
