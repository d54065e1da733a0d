package shell

// :race [FILE] builds the session as a program (or FILE) with the Go
// toolchain's race detector, runs it, and reports each race with the
// learner's own lines. The interpreter cannot detect races: it runs
// learner code through reflection, which the detector does not watch as
// it watches compiled code.

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/learn-concurrency/playground/internal/ownfile"
	"github.com/learn-concurrency/playground/interp"
)

// errRaceInterrupted is :race's answer to Ctrl-C, which stops the build
// or the program.
var errRaceInterrupted = errors.New("interrupted")

const raceUsage = "usage: :race runs the session under the race detector; :race FILE.go runs a Go program"

func (sh *Shell) metaRace(ctx context.Context, arg string, _ origin) error {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		return errors.New("race: the race detector is part of the Go toolchain, and there is no go command on PATH; install Go (https://go.dev/dl/) and try again")
	}
	var prog *sessionProgram
	switch {
	case arg == "":
		if prog, err = sh.sessionProgram(ctx); err != nil {
			return fmt.Errorf("race: %w", err)
		}
		for _, note := range prog.notes {
			sh.p.warnf("note: %s", note)
		}
	case strings.ContainsAny(arg, " \t"):
		return errors.New(raceUsage)
	default:
		if prog, err = fileProgram(arg); err != nil {
			return fmt.Errorf("race: %w", err)
		}
	}
	dir, err := os.MkdirTemp("", "playground-race-")
	if err != nil {
		return fmt.Errorf("race: %w", err)
	}
	defer os.RemoveAll(dir)
	if err := writeRaceModule(ctx, goCmd, dir, prog); err != nil {
		return fmt.Errorf("race: %w", err)
	}
	what := "the session"
	if arg != "" {
		what = arg
	}
	sh.p.infof("building %s with the race detector (go build -race) ...", what)
	build := exec.CommandContext(ctx, goCmd, "build", "-race", "-o", "prog", ".")
	build.Dir = dir
	build.Env = raceBuildEnv()
	if out, err := build.CombinedOutput(); err != nil {
		if ctx.Err() != nil {
			return errRaceInterrupted
		}
		if len(out) == 0 {
			return fmt.Errorf("race: go build: %w", err)
		}
		hint := ""
		if arg == "" && bytes.Contains(out, []byte("cannot use")) {
			hint = "\n(:save FILE.go writes the program, to look at it; a variable defined again with another type cannot be one variable in a program: give the new one another name)"
		}
		return fmt.Errorf("race: %s does not build:\n%s%s", what, strings.TrimRight(prog.translate(string(out), dir), "\n"), hint)
	}
	sh.p.infof("running it (Ctrl-C stops it) ...")
	races, status, err := sh.runRaced(ctx, filepath.Join(dir, "prog"), prog, dir)
	switch {
	case ctx.Err() != nil:
		return errRaceInterrupted
	case err != nil:
		return fmt.Errorf("race: running %s: %w", what, err)
	}
	switch races {
	case 0:
		sh.p.infof("no data race in this run. The race detector sees the races that happen while it watches: one that did not happen this time may still be there.")
	case 1:
		sh.p.warnf("1 data race: the two accesses above, at your lines, happened at the same time with no lock or channel ordering them.")
	default:
		sh.p.warnf("%d data races: each report above names two accesses, at your lines, that happened at the same time with no lock or channel ordering them.", races)
	}
	if status != 0 && !(races > 0 && status == raceExitCode) {
		sh.p.infof("the program exited with status %d", status)
	}
	return nil
}

// raceExitCode is the status a program built with -race exits with when
// it found races (GORACE exitcode, 66 unless set).
const raceExitCode = 66

// fileProgram reads FILE, a Go program, for :race FILE.
func fileProgram(name string) (*sessionProgram, error) {
	b, err := ownfile.Read(name, maxLoadSize)
	if err != nil {
		return nil, err
	}
	if !interp.IsGoFile(string(b)) {
		return nil, fmt.Errorf("%s is not a Go program (it has no package clause); :load it, then :race runs the session", name)
	}
	p := &sessionProgram{src: b, file: name}
	p.usesPG = bytes.Contains(b, []byte(`"`+pgModulePath+`/`))
	return p, nil
}

// raceBuildEnv is the environment go build runs in: modules on, no
// workspace, and go.mod may be completed (with the playground's own
// requirements, when the program imports pg).
func raceBuildEnv() []string {
	return append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GO111MODULE=on")
}

// raceModulePath is the module :race builds the program in.
const raceModulePath = "playground.local/race"

// pgModulePath is the playground's module, which package pg is part of.
const pgModulePath = "github.com/learn-concurrency/playground"

// writeRaceModule makes dir a module holding prog as main.go. A program
// that imports pg requires the playground's module, replaced by its
// source on this machine (moduleSource).
func writeRaceModule(ctx context.Context, goCmd, dir string, prog *sessionProgram) error {
	if err := os.WriteFile(filepath.Join(dir, "main.go"), prog.src, 0o644); err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOVERSION").Output()
	if err != nil {
		return fmt.Errorf("go env GOVERSION: %w", err)
	}
	version := strings.TrimPrefix(strings.TrimSpace(string(out)), "go")
	version, _, _ = strings.Cut(version, " ") // go1.27rc1 X:exp → 1.27rc1
	mod := "module " + raceModulePath + "\n\ngo " + version + "\n"
	if prog.usesPG {
		src, err := moduleSource()
		if err != nil {
			return err
		}
		mod += "\nrequire " + pgModulePath + " v0.0.0\n\nreplace " + pgModulePath + " => " + strconv.Quote(src) + "\n"
		// The playground's own requirements, so that the go command
		// needs no look-up to complete them (none is possible offline).
		if gomod, err := os.ReadFile(filepath.Join(src, "go.mod")); err == nil {
			for _, req := range requireBlocks().FindAllString(string(gomod), -1) {
				mod += "\n" + req + "\n"
			}
		}
		if sum, err := os.ReadFile(filepath.Join(src, "go.sum")); err == nil {
			if err := os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644); err != nil {
				return err
			}
		}
	}
	return os.WriteFile(filepath.Join(dir, "go.mod"), []byte(mod), 0o644)
}

// requireBlocks are a go.mod's require directives.
//
// This file's regexps are compiled on first use: every process of the
// binary runs package init, and most never run a program with -race.
var requireBlocks = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`(?m)^require (?:\([^)]*\)|[^\n(]+)$`)
})

// runRaced runs the program built with -race: its output goes where the
// shell's does, and the race detector's reports, on standard error, are
// translated line by line to the learner's lines. It returns the number
// of races reported and the program's exit status.
func (sh *Shell) runRaced(ctx context.Context, bin string, prog *sessionProgram, dir string) (races, status int, err error) {
	cmd := exec.Command(bin)
	cmd.Dir, _ = os.Getwd()
	cmd.Env = append(os.Environ(), "GORACE="+raceOptions(os.Getenv("GORACE")))
	cmd.Stdout = writerFunc(func(b []byte) { sh.p.output(interp.Output{Stream: "stdout", Data: string(b)}) })
	tr := &raceTranslator{prog: prog, dir: dir, out: func(s string) { sh.p.output(interp.Output{Stream: "stderr", Data: s}) }}
	cmd.Stderr = tr
	// Its own process group, so that Ctrl-C stops what it started too.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		return 0, 0, err
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		select {
		case <-ctx.Done():
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		case <-done:
		}
	}()
	err = cmd.Wait()
	close(done)
	wg.Wait()
	tr.flush()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		return tr.races, ee.ExitCode(), nil
	}
	return tr.races, 0, err
}

// raceOptions are the race detector's options (GORACE) for the program:
// the learner's own, but that the reports come on standard error, where
// :race reads them (not to log_path's files), and the program does not
// wait a second before it exits.
func raceOptions(gorace string) string {
	var opts []string
	for _, o := range strings.Fields(gorace) {
		if !strings.HasPrefix(o, "log_path=") && !strings.HasPrefix(o, "atexit_sleep_ms=") {
			opts = append(opts, o)
		}
	}
	return strings.Join(append(opts, "atexit_sleep_ms=0"), " ")
}

type writerFunc func([]byte)

func (f writerFunc) Write(b []byte) (int, error) {
	f(append([]byte(nil), b...))
	return len(b), nil
}

// A raceTranslator rewrites the program's standard error a line at a
// time: a position in main.go becomes the learner's line, with the
// statement there.
type raceTranslator struct {
	prog    *sessionProgram
	dir     string
	out     func(string)
	mu      sync.Mutex
	partial []byte
	races   int
	skipPos bool // the next line is the position of a frame left out
}

func (t *raceTranslator) Write(b []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.partial = append(t.partial, b...)
	for {
		i := bytes.IndexByte(t.partial, '\n')
		if i < 0 {
			break
		}
		line := string(t.partial[:i])
		t.partial = t.partial[i+1:]
		if line == "WARNING: DATA RACE" {
			t.races++
		}
		if t.skipPos {
			t.skipPos = false
			if tracePosAny().MatchString(line) {
				continue
			}
		}
		if fn, ok := strings.CutPrefix(strings.TrimSpace(line), pgImportPath+"."); ok {
			// pg's own frames: the function learner code called, by the
			// name it knows (pg.Go), without pg's file; pg's inner
			// workings not at all.
			t.skipPos = true
			if first := strings.TrimLeft(fn, "(*"); first == "" || first[0] < 'A' || first[0] > 'Z' || strings.Contains(fn, ".") {
				continue
			}
			line = line[:len(line)-len(strings.TrimLeft(line, " \t"))] + "pg." + fn
		}
		t.out(t.prog.translateLine(line, t.dir) + "\n")
	}
	return len(b), nil
}

func (t *raceTranslator) flush() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.partial) > 0 {
		t.out(t.prog.translateLine(string(t.partial), t.dir) + "\n")
		t.partial = nil
	}
}

// A frame's position in a stack trace: "      /tmp/x/main.go:26 +0x3c".
var tracePos = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(\s+)(\S*main\.go):(\d+)(?: \+0x[0-9a-f]+)?$`)
})

// Any frame's position in a stack trace.
var tracePosAny = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^\s+\S+\.go:\d+(?: \+0x[0-9a-f]+)?$`)
})

// A compiler error's position: "./main.go:12:5: undefined: x".
var buildPos = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:\./)?(\S*main\.go):(\d+):(\d+): (.*)$`)
})

// translate rewrites every line of text (translateLine).
func (p *sessionProgram) translate(text, dir string) string {
	var b strings.Builder
	sc := bufio.NewScanner(strings.NewReader(text))
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "# "+raceModulePath) {
			continue // go build names the package; the learner never wrote it
		}
		b.WriteString(p.translateLine(sc.Text(), dir) + "\n")
	}
	return b.String()
}

// translateLine rewrites a position in the program's main.go (in dir) to
// the learner's: where the line came from in the session, or FILE:line,
// followed by the statement there.
func (p *sessionProgram) translateLine(line, dir string) string {
	if m := tracePos().FindStringSubmatch(line); m != nil && p.ours(m[2], dir) {
		n, _ := strconv.Atoi(m[3])
		return m[1] + p.at(n) + ": " + p.sourceLine(n)
	}
	if m := buildPos().FindStringSubmatch(line); m != nil && p.ours(m[1], dir) {
		n, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		if p.file != "" {
			return fmt.Sprintf("%s:%d:%d: %s", p.file, n, col, m[4])
		}
		return p.at(n) + ": " + m[4] + " (in: " + p.sourceLine(n) + ")"
	}
	return line
}

// ours reports whether path is the program's main.go in dir.
func (p *sessionProgram) ours(path, dir string) bool {
	return path == "main.go" || path == filepath.Join(dir, "main.go") || filepath.Base(path) == "main.go" && strings.HasPrefix(path, os.TempDir())
}

// at names line n of the program for the learner: FILE:n for a file,
// the input's line otherwise (or "the saved program's line n" for a line
// the translation added).
func (p *sessionProgram) at(n int) string {
	if p.file != "" {
		return fmt.Sprintf("%s:%d", p.file, n)
	}
	if w := p.where(n); w != "" {
		return w
	}
	return fmt.Sprintf("line %d of the program :save writes", n)
}
