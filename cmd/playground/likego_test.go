package main

// The differential harness: programs run through playground run and built
// by the Go toolchain must agree (issue 12, "the Go it runs is Go"). The
// expected output is the toolchain's, never written by hand.

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// likeGoPrograms returns the programs the harness compares, by name: the
// corpus in testdata/likego and the programs of run_deadlock.txtar.
func likeGoPrograms(t *testing.T) map[string][]byte {
	progs := map[string][]byte{}
	files, err := filepath.Glob(filepath.Join("testdata", "likego", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		progs[filepath.Base(f)] = b
	}
	ar, err := txtar.ParseFile(filepath.Join("testdata", "script", "run_deadlock.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if strings.HasSuffix(f.Name, ".go") {
			progs["deadlock_"+f.Name] = f.Data
		}
	}
	if len(progs) < 10 {
		t.Fatalf("only %d programs to compare", len(progs))
	}
	return progs
}

// Each program behaves under playground run as the Go toolchain builds
// it: the same standard output and exit status; on standard error, the
// same first line (the playground adds where: " (at file:line:col)") and,
// for a panic, the same frames of the program's own functions, innermost
// first, by function and line (Go goes on with its runtime's frames and
// other goroutines, which the playground does not print).
func TestProgramsLikeGo(t *testing.T) {
	goTool, pg := goAndPlayground(t)
	dir := t.TempDir()
	for name, data := range likeGoPrograms(t) {
		t.Run(strings.TrimSuffix(name, ".go"), func(t *testing.T) {
			src := filepath.Join(dir, name)
			if err := os.WriteFile(src, data, 0o644); err != nil {
				t.Fatal(err)
			}
			bin := strings.TrimSuffix(src, ".go")
			build := exec.Command(goTool, "build", "-o", bin, src)
			build.Dir = dir
			build.Env = append(os.Environ(), "GO111MODULE=on", "GOFLAGS=")
			var goOut, goErr string
			var goStatus int
			if out, err := build.CombinedOutput(); err != nil {
				// Go refuses it: the playground must too, with the same
				// first error, and status 1 as go run's.
				goErr, goStatus = compileError(string(out)), 1
				if goErr == "" {
					t.Fatalf("go build: %v\n%s", err, out)
				}
			} else {
				goOut, goErr, goStatus = runFor(t, exec.Command(bin))
			}
			pgOut, pgErr, pgStatus := runFor(t, playgroundRun(t, pg, src))
			if pgStatus != goStatus {
				t.Errorf("status %d, Go's %d", pgStatus, goStatus)
			}
			if pgOut != goOut {
				t.Errorf("stdout %q, Go's %q", pgOut, goOut)
			}
			if got, want := baseNames(withoutWhere(first(pgErr))), baseNames(first(goErr)); got != want {
				t.Errorf("stderr begins %q, Go's %q", got, want)
			}
			if got, want := strings.Join(pgFrames(pgErr), " "), strings.Join(goFrames(goErr), " "); got != want {
				t.Errorf("frames %q, Go's %q\nplayground:\n%s\nGo:\n%s", got, want, pgErr, goErr)
			}
		})
	}
}

// goAndPlayground finds the two commands a differential test runs: the
// Go toolchain's, and the playground (the test binary, which
// testscript.Main put on PATH).
func goAndPlayground(t *testing.T) (goTool, pg string) {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command, to compare with: %v", err)
	}
	pg, err = exec.LookPath("playground")
	if err != nil {
		t.Fatal(err)
	}
	return goTool, pg
}

// playgroundRun is the command that runs src with playground run. Under
// -race, the race detector's reports go to files, not among the
// program's standard error (yaegi races with itself when interpreted
// goroutines run, as the transcripts find too); those on memory the
// playground's own code touched fail the test.
func playgroundRun(t *testing.T, pg, src string) *exec.Cmd {
	cmd := exec.Command(pg, "run", src)
	if !raceEnabled {
		return cmd
	}
	dir := t.TempDir()
	gorace := strings.TrimSpace(os.Getenv("GORACE") + " atexit_sleep_ms=0 log_path=" + filepath.Join(dir, "report"))
	cmd.Env = append(os.Environ(), "GORACE="+gorace)
	t.Cleanup(func() {
		report, err := ownRaceLogged(dir)
		if err != nil {
			t.Fatal(err)
		}
		if report != "" {
			t.Errorf("a data race in the playground's own code:\n%s", report)
		}
	})
	return cmd
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

// compileError is the first error go build printed, "x.go:6:7: msg",
// or "" if out holds none.
func compileError(out string) string {
	for _, line := range strings.Split(out, "\n") {
		if strings.HasPrefix(line, "./") && strings.Contains(line, ".go:") {
			return line + "\n"
		}
	}
	return ""
}

// filePath matches a path to a Go file at the start of a line.
var filePath = regexp.MustCompile(`^\S*/([^/\s]+\.go:)`)

// baseNames shortens a message's leading path to the file's base name:
// go build says ./x.go, playground run the path it was given.
func baseNames(line string) string { return filePath.ReplaceAllString(line, "$1") }

func first(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// where is what the playground adds to a panic's first line.
var where = regexp.MustCompile(` \(at [^()]*:\d+:\d+\)$`)

func withoutWhere(line string) string { return where.ReplaceAllString(line, "") }

// A frame of a traceback: the function ("main.f(0x5)", "main.f(...)"),
// then, indented, its file and line (Go: "/tmp/x.go:8 +0x1d"; the
// playground: "x.go:8:9").
var (
	traceFunc = regexp.MustCompile(`^(main\.[^(]*)\(.*\)$`)
	traceLine = regexp.MustCompile(`^\t\S*\.go:(\d+)(?::\d+)?(?: \+0x[0-9a-f]+)?$`)
)

// frames lists "function:line" for the program's own frames in a
// traceback, innermost first.
func frames(stderr string) []string {
	var out []string
	lines := strings.Split(stderr, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := traceFunc.FindStringSubmatch(lines[i])
		at := traceLine.FindStringSubmatch(lines[i+1])
		if fn != nil && at != nil {
			out = append(out, fn[1]+":"+at[1])
			i++
		}
	}
	return out
}

// goFrames are the frames of the panicking goroutine only, as the
// playground prints no other.
func goFrames(stderr string) []string {
	if !strings.HasPrefix(stderr, "panic: ") {
		return nil
	}
	text, _, _ := strings.Cut(stderr, "\n\ngoroutine ")
	if i := strings.Index(stderr, "\n\ngoroutine "); i >= 0 {
		text = stderr[i:]
		if j := strings.Index(text[2:], "\n\ngoroutine "); j >= 0 {
			text = text[:j+2]
		}
	}
	return frames(text)
}

func pgFrames(stderr string) []string {
	if !strings.HasPrefix(stderr, "panic: ") {
		return nil
	}
	return frames(stderr)
}
