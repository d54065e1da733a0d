package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"github.com/learn-concurrency/playground/interp"
)

// TestMain makes the test binary the playground: testscript runs it as the
// "playground" command, and the shell re-executes it (os.Executable) as its
// evaluator with PLAYGROUND_EVALUATOR=1, so that check must come first.
func TestMain(m *testing.M) {
	interp.MaybeRunEvaluator()
	testscript.Main(m, map[string]func(){
		"playground": func() { os.Exit(playground()) },
	})
}

// TestScripts runs the transcripts in testdata/script: each one runs
// "playground" on some shell input and checks what it printed.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		RequireUniqueNames:  true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"status": cmdStatus,
		},
		// [race]: built with -race, under which the evaluator reports
		// the learner's own data races and cannot grow a 1 GB stack.
		Condition: func(cond string) (bool, error) {
			if cond == "race" {
				return raceEnabled, nil
			}
			return false, fmt.Errorf("unknown condition %q", cond)
		},
		Setup: func(env *testscript.Env) error {
			home := filepath.Join(env.WorkDir, ".home")
			config := filepath.Join(home, ".config")
			if err := os.MkdirAll(config, 0o755); err != nil {
				return err
			}
			env.Setenv("HOME", home)
			env.Setenv("XDG_CONFIG_HOME", config)
			env.Setenv("NO_COLOR", "1")
			// Transcripts that compare with the compiled program build it
			// with the toolchain's own cache, not a cold one in HOME.
			if cache := goCache(); cache != "" {
				env.Setenv("GOCACHE", cache)
			}
			// Transcripts that build a saved session (:save, :race) find
			// the modules it needs in the machine's module cache, never on
			// the network, and the playground's own source at $PGROOT.
			if modCache := goEnv("GOMODCACHE"); modCache != "" {
				env.Setenv("GOMODCACHE", modCache)
			}
			env.Setenv("GOPROXY", "off")
			root, err := filepath.Abs(filepath.Join("..", ".."))
			if err != nil {
				return err
			}
			env.Setenv("PGROOT", root)
			// Under -race, every exiting process would otherwise sleep a
			// second, and the tests start and stop many evaluators.
			gorace := os.Getenv("GORACE") + " atexit_sleep_ms=0"
			if raceEnabled {
				var err error
				if gorace, err = raceLogs(env, gorace); err != nil {
					return err
				}
			}
			env.Setenv("GORACE", strings.TrimSpace(gorace))
			return nil
		},
	})
}

// goCache is the Go build cache of the toolchain on PATH, or "" if there
// is none.
var goCache = sync.OnceValue(func() string { return goEnv("GOCACHE") })

// goEnv is go env NAME of the toolchain on PATH, or "" if there is none.
func goEnv(name string) string {
	out, err := exec.Command("go", "env", name).Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

// cmdStatus is "status CODE CMD [ARGS...]": it runs CMD as exec would,
// keeping its stdout and stderr for the commands after it, and fails
// unless CMD exits with status CODE.
func cmdStatus(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: status CODE CMD [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%s: %v", args[1], err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with status %d, want %d", args[1], got, want)
	}
}
