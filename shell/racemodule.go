package shell

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
)

// sourceEnv names a copy of the playground's source for :race to build
// programs that import pg with, when the playground cannot find its own.
const sourceEnv = "PLAYGROUND_SOURCE"

// moduleSource finds the playground module's source on this machine, for
// a program that imports pg to build against the very pg the session ran:
// $PLAYGROUND_SOURCE if set; the module cache's copy of the version
// installed (go install …@v1.2.3); or the checkout this binary was built
// from (go run ./cmd/playground, go build).
func moduleSource() (string, error) {
	if dir := os.Getenv(sourceEnv); dir != "" {
		if !isPlaygroundModule(dir) {
			return "", fmt.Errorf("%s=%s is not a copy of %s (no go.mod for it there)", sourceEnv, dir, pgModulePath)
		}
		return dir, nil
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Path == pgModulePath && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		if dir, err := moduleCacheDir(bi.Main.Version); err == nil && isPlaygroundModule(dir) {
			return dir, nil
		}
	}
	// The path this file was compiled from, unless built with -trimpath.
	if _, file, _, ok := runtime.Caller(0); ok && filepath.IsAbs(file) {
		if dir := filepath.Dir(filepath.Dir(file)); isPlaygroundModule(dir) {
			return dir, nil
		}
	}
	return "", fmt.Errorf("the program imports package pg, and the playground cannot find its own source to build it with; set %s to a copy of %s", sourceEnv, pgModulePath)
}

// moduleCacheDir is where the module cache keeps version of the
// playground's module.
func moduleCacheDir(version string) (string, error) {
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		return "", err
	}
	// The module path has no capital letters: the cache's directory
	// name is the path itself.
	return filepath.Join(strings.TrimSpace(string(out)), filepath.FromSlash(pgModulePath)+"@"+version), nil
}

// isPlaygroundModule reports whether dir holds the playground's go.mod.
func isPlaygroundModule(dir string) bool {
	b, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && bytes.HasPrefix(bytes.TrimSpace(b), []byte("module "+pgModulePath+"\n"))
}
