package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/rogpeppe/go-internal/testscript"
)

// Under -race, the transcripts' processes (the shell and its evaluators,
// all this test binary) write the race detector's reports to files in the
// script's work directory instead of among the output: yaegi races with
// itself while it runs goroutines (it resizes a frame that a goroutine reads
// as the next input starts), and a report could cut any line of a
// transcript's output in two. Once the script has ended, the reports are
// read: those on memory the playground's own code touched fail the script.

// raceLogs sets GORACE so that the script's processes log races under its
// work directory, and checks the logs when the script ends.
func raceLogs(env *testscript.Env, gorace string) (string, error) {
	dir := filepath.Join(env.WorkDir, ".race")
	if err := os.Mkdir(dir, 0o755); err != nil {
		return "", err
	}
	env.Defer(func() {
		report, err := ownRaceLogged(dir)
		if err != nil {
			env.T().Fatal(err)
		}
		if report != "" {
			env.T().Fatal("a data race in the playground's own code:\n" + report)
		}
	})
	return strings.TrimSpace(gorace + " log_path=" + filepath.Join(dir, "report")), nil
}

// ownRaceLogged reads the race reports logged in dir (GORACE
// log_path=dir/report) and returns the first on memory the playground's
// own code touched, or "".
func ownRaceLogged(dir string) (string, error) {
	logs, _ := filepath.Glob(filepath.Join(dir, "report.*"))
	for _, name := range logs {
		data, err := os.ReadFile(name)
		if err != nil {
			return "", err
		}
		if report := ownRace(string(data)); report != "" {
			return report, nil
		}
	}
	return "", nil
}

// raceReport matches one report of the race detector.
var raceReport = regexp.MustCompile(`(?s)==================\nWARNING: DATA RACE\n.*?==================\n`)

// raceAccess matches the first frame of each access a report names: the
// function that touched the memory.
var raceAccess = regexp.MustCompile(`(?m)^(?:Previous )?(?:[Rr]ead|[Ww]rite) at 0x[0-9a-f]+ by (?:goroutine \d+|main goroutine):\n\s+(\S+)\(`)

// ownRace returns the first report in log whose memory was touched by the
// playground's own code, rather than by yaegi running interpreted code (its
// own races, and the learner's), or "" if there is none.
func ownRace(log string) string {
	for _, report := range raceReport.FindAllString(log, -1) {
		for _, m := range raceAccess.FindAllStringSubmatch(report, -1) {
			if !interpreterFrame(m[1]) {
				return report
			}
		}
	}
	return ""
}

// interpreterFrame tells whether fn, a function named in a stack trace, is
// code through which yaegi runs an interpreted program.
func interpreterFrame(fn string) bool {
	for _, prefix := range []string{"github.com/learn-concurrency/playground/internal/yaegi/", "reflect.", "runtime.", "sync.", "sync/atomic."} {
		if strings.HasPrefix(fn, prefix) {
			return true
		}
	}
	return false
}
