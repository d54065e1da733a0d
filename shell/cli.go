package shell

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"

	"golang.org/x/term"

	"github.com/learn-concurrency/playground/interp"
	"github.com/learn-concurrency/playground/lessons"
)

const usage = `playground: learn concurrency by doing, in an interactive Go shell.

Usage:
  playground                 the interactive shell (on a terminal; piped input runs as "run -")
  playground run [-k] FILE [ARG...]
                             run a file of shell input, or a Go program (FILE "-" is stdin);
                             the ARGs follow FILE in os.Args, as with go run
  playground lessons         list the lessons, with your progress
  playground lesson NAME [STEP]
                             the shell, opened in lesson NAME (at STEP, or where you were)
  playground lessons check [DIR]
                             prove every lesson in DIR (default: the playground's own): each
                             step's solution passes its check, each wrong answer fails it
  playground --version       print the version
  playground --help          print this help

Flags:
  -k, --keep-going   with run: go on after an input fails (the exit status is still 1)
  --mem-limit SIZE   the evaluator's memory limit (default 1GiB; 0 for none)
  --no-history       do not read or write the history file

Colour is used on a terminal unless NO_COLOR is set. History is kept in
%s, lesson progress in
%s.
`

// Version is the playground's version, set at build time with
// -ldflags "-X github.com/learn-concurrency/playground/shell.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

func version() string {
	if Version != "" {
		return Version
	}
	bi, _ := debug.ReadBuildInfo()
	return buildVersion(bi)
}

// buildVersion is the module's version as the go command recorded it in
// the binary: v1.2.3 (or a pseudo-version) for go install …@version;
// "devel" for go build and go run in a checkout, followed by the commit
// when the go command recorded one (devel-0123456789ab, +dirty when the
// checkout had changes).
func buildVersion(bi *debug.BuildInfo) string {
	if bi == nil {
		return "devel"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", ""
	for _, s := range bi.Settings {
		switch {
		case s.Key == "vcs.revision" && s.Value != "":
			rev = "-" + s.Value[:min(len(s.Value), 12)]
		case s.Key == "vcs.modified" && s.Value == "true":
			dirty = "+dirty"
		}
	}
	if rev == "" {
		return "devel"
	}
	return "devel" + rev + dirty
}

// Main runs the playground's command line and returns its exit status.
func Main(args []string, stdin *os.File, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("playground", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	var (
		showVersion, showHelp, keepGoing, noHistory bool
		memLimit                                    string
	)
	fs.BoolVar(&showVersion, "version", false, "")
	fs.BoolVar(&showHelp, "help", false, "")
	fs.BoolVar(&showHelp, "h", false, "")
	fs.BoolVar(&keepGoing, "keep-going", false, "")
	fs.BoolVar(&keepGoing, "k", false, "")
	fs.BoolVar(&noHistory, "no-history", false, "")
	fs.StringVar(&memLimit, "mem-limit", "", "")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "playground: %v\nRun playground --help for usage.\n", err)
		return 2
	}
	rest := fs.Args()
	// Flags may also follow the subcommand: playground run --keep-going FILE.
	if len(rest) > 0 {
		if err := fs.Parse(rest[1:]); err != nil {
			fmt.Fprintf(stderr, "playground: %v\nRun playground --help for usage.\n", err)
			return 2
		}
		rest = append([]string{rest[0]}, fs.Args()...)
	}
	histFile := historyPath()
	if showHelp {
		fmt.Fprintf(stdout, usage, histFile, lessons.DefaultPath())
		return 0
	}
	if showVersion {
		fmt.Fprintf(stdout, "playground %s\n", version())
		return 0
	}

	colour := os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb"
	cfg := Config{
		Stdin:        stdin,
		Stdout:       stdout,
		Stderr:       stderr,
		KeepGoing:    keepGoing,
		Version:      version(),
		ProgressFile: lessons.DefaultPath(),
	}
	if memLimit != "" {
		n, err := interp.ParseSize(memLimit)
		if err != nil {
			fmt.Fprintf(stderr, "playground: --mem-limit: %v\n", err)
			return 2
		}
		cfg.Session.MemoryLimit = n
		if n == 0 {
			cfg.Session.MemoryLimit = -1
		}
	}

	if len(rest) > 0 && rest[0] == "lesson" {
		if len(rest) < 2 || len(rest) > 3 {
			fmt.Fprintln(stderr, "playground: usage: playground lesson NAME [STEP] (playground lessons lists them)")
			return 2
		}
		if code := checkLessonArg(&cfg, rest[1:], stderr); code != 0 {
			return code
		}
		rest = nil // the shell, in the lesson
	}
	switch {
	case len(rest) == 0:
		if term.IsTerminal(int(stdin.Fd())) && isTerminalWriter(stdout) {
			cfg.Colour = colour
			if !noHistory {
				cfg.HistoryFile = histFile
			}
			return RunTerminal(cfg, stdin)
		}
		cfg.Colour = colour && isTerminalWriter(stdout)
		return Run(cfg, "-")
	case rest[0] == "run":
		if len(rest) < 2 {
			fmt.Fprintln(stderr, "playground: usage: playground run [--keep-going] FILE [ARG...] (FILE - reads standard input)")
			return 2
		}
		cfg.Colour = colour && isTerminalWriter(stdout)
		// As go run does: the program's os.Args are its name and the rest.
		cfg.Session.Args = rest[1:]
		return Run(cfg, rest[1])
	case rest[0] == "lessons" && len(rest) == 1:
		cfg.Colour = colour && isTerminalWriter(stdout)
		return listLessons(cfg)
	case rest[0] == "lessons" && rest[1] == "check" && len(rest) <= 3:
		dir := ""
		if len(rest) == 3 {
			dir = rest[2]
		}
		return checkLessons(cfg, dir)
	case rest[0] == "lessons":
		fmt.Fprintln(stderr, "playground: usage: playground lessons, or playground lessons check [DIR]")
		return 2
	default:
		fmt.Fprintf(stderr, "playground: unknown command %q\nRun playground --help for usage.\n", rest[0])
		return 2
	}
}

// checkLessonArg checks `playground lesson NAME [STEP]` names a lesson
// and a step of it, and sets cfg to open it.
func checkLessonArg(cfg *Config, args []string, stderr io.Writer) int {
	all, err := lessons.Builtin()
	if err != nil {
		fmt.Fprintf(stderr, "playground: %v\n", err)
		return 1
	}
	l := lessons.Find(all, args[0])
	if l == nil {
		fmt.Fprintf(stderr, "playground: no lesson %q; the lessons are %s\n", args[0], lessons.Names(all))
		return 2
	}
	cfg.Lessons, cfg.OpenLesson = all, l.Name
	if len(args) == 2 {
		n, err := strconv.Atoi(args[1])
		if err != nil || n < 1 || n > len(l.Steps) {
			fmt.Fprintf(stderr, "playground: lesson %s has steps 1 to %d, not %q\n", l.Name, len(l.Steps), args[1])
			return 2
		}
		cfg.OpenStep = n
	}
	return 0
}

func isTerminalWriter(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// historyPath is the history file under the user's config directory, or
// "" when there is none.
func historyPath() string {
	dir, err := os.UserConfigDir()
	if err != nil {
		return ""
	}
	return filepath.Join(dir, "playground", "history")
}
