package shell

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/learn-concurrency/playground/internal/ownfile"
	"github.com/learn-concurrency/playground/interp"
)

// A metaCommand is one of the shell's own commands, typed with a leading ':'.
type metaCommand struct {
	name  string
	args  string // argument synopsis, "" for none
	short string // one line for :help
	long  string // more for :help NAME
	run   func(sh *Shell, ctx context.Context, arg string, from origin) error
}

var metaCommands []metaCommand

func init() {
	metaCommands = []metaCommand{
		{name: "help", args: "[CMD]", short: "list the commands, or explain one",
			long: "With no argument, lists every command with a line each. :help CMD says more about CMD.",
			run:  (*Shell).metaHelp},
		{name: "quit", short: "leave the playground (Ctrl-D on an empty line does too)",
			long: "Stops the evaluator and everything your code started, saves history and exits.",
			run:  func(*Shell, context.Context, string, origin) error { return errQuit }},
		{name: "reset", short: "forget every definition: a fresh evaluator, and nothing to replay",
			long: "Starts a fresh evaluator process and clears the list of inputs that :replay would rerun.",
			run:  (*Shell).metaReset},
		{name: "restart", short: "start a fresh evaluator; :replay then rebuilds your definitions",
			long: "Stops the evaluator (and any goroutine still running in it) and starts a fresh one. The inputs that succeeded are kept: :replay reruns them.",
			run:  (*Shell).metaRestart},
		{name: "replay", short: "rerun, in a fresh evaluator, the inputs that succeeded since :reset",
			long: "Starts a fresh evaluator and reruns, in order, every Go input that succeeded since the last :reset, showing what they print.\n  An input that waited for the outside world (a client to connect, a datagram, your typing) is skipped, and said so;\n  one still running after a few seconds is named, and Ctrl-C skips it and goes on with the rest.",
			run:  (*Shell).metaReplay},
		{name: "load", args: "FILE", short: "run a file: a Go file's declarations, or a file of shell input",
			long: "A file with a package clause is Go source: its declarations are added to the session (main is not run; call main() to run it). Any other file is shell input, run as if typed.",
			run:  (*Shell).metaLoad},
		{name: "type", args: "EXPR", short: "show the type of an expression",
			long: "Shows the static type of EXPR. EXPR is evaluated once to find it, so side effects happen.",
			run:  (*Shell).metaType},
		{name: "tasks", short: "list the goroutines started with pg.Go, their states and threads",
			long: "Shows every task pg.Go started: id, name, state (running, waiting and why, done, cancelled, panicked), age, goroutine id and the OS thread it was last seen on; and how many goroutines were started with a plain go statement.",
			run:  pgMeta("tasks")},
		{name: "procs", short: "list the processes started with pg.Start and pg.Run",
			long: "Shows every process pg started: id, pid, command, state, age and exit status.",
			run:  pgMeta("procs")},
		{name: "socks", short: "list the sockets pg opened: listeners, connections, servers, UDP",
			long: "Shows every listener, connection, server and UDP socket pg opened: id (s1, ...), kind, local and remote address, state, bytes in and out, age. :kill sN closes one.",
			run:  pgMeta("socks")},
		{name: "timeline", args: "[DURATION] [NAME]", short: "draw what ran when: tasks, processes and sockets on one time axis",
			long: "Draws the lifetimes of the session's tasks, processes and sockets as bars on one time axis, fitted to the\n  terminal: running, waiting (and on what; a process sleeping, on Linux), connected, listening; marks where each\n  started and how it ended (done, cancelled, panicked, failed, closed); a legend explains the glyphs.\n  :timeline 5s shows the last five seconds; :timeline NAME one task, process or socket, by name or id (t3, p2, s1).\n  What tasks and processes do is sampled every 10 to 100 ms: shorter waits may not show, and none show while more\n  than 5,000 goroutines run.",
			run:  pgMeta("timeline")},
		{name: "tree", short: "draw the process tree: shell, evaluator, threads, goroutines, sockets, children",
			long: "Draws the shell and, under it, the evaluator that runs your code: its OS threads (and the tasks last seen on each),\n  its goroutines (the pg.Go tasks by name and state), its open sockets (connections under the listener that accepted\n  them) and every process it started, with its sockets and its own children. Read from /proc on Linux; elsewhere\n  it shows what pg knows: the processes it started and how many threads there are.",
			run:  pgMeta("tree")},
		{name: "kill", args: "ID [SIGNAL]", short: "cancel a task, or signal a process",
			long: "ID is a task (t3, as :tasks lists them), a process (p2, or the pid of one pg started, as :procs lists\n  them) or a socket (as :socks lists them). A task is cancelled: its context is done. A process's whole\n  process group gets SIGNAL, by name (TERM, SIGTERM, INT, HUP, USR1, ...) or number; SIGKILL if none\n  is given. A socket is closed. Only what pg started can be killed this way.",
			run:  pgMeta("kill")},
		{name: "doc", args: "NAME", short: "show documentation: a package, pkg.Name, or a builtin such as len",
			long: "Shows the documentation of a standard-library package or member (from go doc) or of a predeclared name. Names defined in the session have no doc comments.",
			run:  (*Shell).metaDoc},
		{name: "save", args: "[-f] FILE.go", short: "write the session as a Go program: go run FILE.go prints what the session printed",
			long: "Writes the Go inputs that succeeded since :reset as a program: declarations (the last version of each) at the package level, statements in main,\n  values the prompt showed printed with fmt.Println, imports written out, formatted as gofmt does. A file :save did not write is\n  replaced only with -f. A program that uses pg imports github.com/learn-concurrency/playground/builtins (see the README).",
			run:  (*Shell).metaSave},
		{name: "race", args: "[FILE.go]", short: "run the session (or FILE.go) under the Go race detector; races name your lines",
			long: "Builds the session as :save writes it (or the Go program FILE.go) with go build -race, runs it, and shows each data race\n  the detector reports with your own inputs' lines and the statements there. Needs the go command on PATH. The detector\n  sees only the races that happen in the run; Ctrl-C stops the program.",
			run:  (*Shell).metaRace},
	}
	metaCommands = append(metaCommands, lessonCommands()...)
}

func lookupMeta(name string) *metaCommand {
	for i := range metaCommands {
		if metaCommands[i].name == name {
			return &metaCommands[i]
		}
	}
	return nil
}

// meta runs a meta command line such as ":type x".
func (sh *Shell) meta(ctx context.Context, line string, from origin) error {
	name, arg, _ := strings.Cut(strings.TrimPrefix(line, ":"), " ")
	arg = strings.TrimSpace(arg)
	cmd := lookupMeta(name)
	if cmd == nil {
		return unknownMeta(name)
	}
	return cmd.run(sh, ctx, arg, from)
}

// unknownMeta names the nearest known commands to a mistyped one.
func unknownMeta(name string) error {
	if name == "" {
		return errors.New("a lone ':' is not a command; :help lists them")
	}
	type cand struct {
		name string
		d    int
	}
	var cs []cand
	for _, c := range metaCommands {
		d := editDistance(name, c.name)
		if strings.HasPrefix(c.name, name) {
			d = 0
		}
		if d <= 2 {
			cs = append(cs, cand{c.name, d})
		}
	}
	sort.Slice(cs, func(i, j int) bool { return cs[i].d < cs[j].d || cs[i].d == cs[j].d && cs[i].name < cs[j].name })
	// Only the nearest: a distance-2 match is noise beside a closer one.
	for i := range cs {
		if cs[i].d > cs[0].d+1 {
			cs = cs[:i]
			break
		}
	}
	if len(cs) == 0 {
		return fmt.Errorf("unknown command :%s; :help lists the commands", name)
	}
	var names []string
	for _, c := range cs {
		names = append(names, ":"+c.name)
	}
	return fmt.Errorf("unknown command :%s; did you mean %s?", name, strings.Join(names, " or "))
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// pgMeta makes a meta command that package pg answers in the evaluator.
func pgMeta(name string) func(sh *Shell, ctx context.Context, arg string, _ origin) error {
	return func(sh *Shell, ctx context.Context, arg string, _ origin) error {
		res, err := sh.sess.RunMeta(ctx, name, arg, interp.MetaView{Width: sh.termWidth(), Colour: sh.cfg.Colour})
		if err != nil {
			return err
		}
		if res.Err != nil {
			return res.Err
		}
		sh.p.text(res.Text)
		return nil
	}
}

func (sh *Shell) metaHelp(ctx context.Context, arg string, _ origin) error {
	if arg == "pg" {
		res, err := sh.sess.Doc(ctx, "pg.")
		if err != nil {
			return err
		}
		if res.Err != nil {
			return res.Err
		}
		sh.p.text("package pg, in every session (import \"pg\" is implied):\n" + res.Text + "\n\n:doc pg.NAME tells more about one.")
		return nil
	}
	if arg != "" {
		cmd := lookupMeta(strings.TrimPrefix(arg, ":"))
		if cmd == nil {
			return unknownMeta(strings.TrimPrefix(arg, ":"))
		}
		sh.p.text(fmt.Sprintf(":%s %s\n  %s\n  %s", cmd.name, cmd.args, cmd.short, cmd.long))
		return nil
	}
	var b strings.Builder
	b.WriteString("Type Go: an expression shows its value; declarations last for the session.\n")
	b.WriteString("Unfinished input (an open brace, a trailing operator) continues on the next line.\n")
	b.WriteString("Ctrl-C stops running code or clears the line; Ctrl-D on an empty line quits.\n\n")
	width := 0
	for _, c := range metaCommands {
		width = max(width, len(":"+c.name+" "+c.args))
	}
	for _, c := range metaCommands {
		fmt.Fprintf(&b, "  %-*s %s\n", width, ":"+c.name+" "+c.args, c.short)
	}
	b.WriteString("\n:help CMD tells more about one command; :help pg lists package pg (pg.Go, pg.Run, pg.Sys, ...).")
	sh.p.text(b.String())
	return nil
}

func (sh *Shell) metaReset(context.Context, string, origin) error {
	if err := sh.sess.Restart(); err != nil {
		return fmt.Errorf("reset: %w", err)
	}
	sh.takeReplay()
	sh.p.infof("fresh evaluator: every definition is gone.")
	return nil
}

func (sh *Shell) metaRestart(context.Context, string, origin) error {
	if err := sh.sess.Restart(); err != nil {
		return fmt.Errorf("restart: %w", err)
	}
	sh.p.infof("%s", sh.freshLine())
	return nil
}

// maxLoadSize bounds a file :load reads: Go code or shell input typed by
// a person is kilobytes, and /dev/zero or a log file named by mistake
// must not fill the shell's memory.
const maxLoadSize = 1 << 20

func (sh *Shell) metaLoad(ctx context.Context, arg string, _ origin) error {
	if arg == "" {
		return errors.New("usage: :load FILE")
	}
	b, err := ownfile.Read(arg, maxLoadSize)
	var tooLarge *ownfile.TooLargeError
	if errors.As(err, &tooLarge) {
		return fmt.Errorf("load: %w; :load reads a Go file or a file of shell input, and a larger one is not what you meant", err)
	}
	if err != nil {
		return fmt.Errorf("load: %w", err)
	}
	src := string(b)
	if interp.IsGoFile(src) {
		decls, err := stripPackageClause(src)
		if err != nil {
			return fmt.Errorf("load %s: %w", arg, err)
		}
		if sh.evalGo(ctx, decls, origin{file: arg, line: 1}) != succeeded {
			return fmt.Errorf("load %s: failed", arg)
		}
		if strings.Contains(decls, "func main()") {
			sh.p.infof("loaded %s (main was not run: call main() to run it)", arg)
		} else {
			sh.p.infof("loaded %s", arg)
		}
		return nil
	}
	ok, quitting, err := sh.runInputs(ctx, strings.NewReader(src), arg, false)
	if err != nil {
		return fmt.Errorf("load %s: %w", arg, err)
	}
	if quitting {
		return errQuit
	}
	if !ok {
		return fmt.Errorf("load %s: stopped at the first input that failed", arg)
	}
	return nil
}

func (sh *Shell) metaType(ctx context.Context, arg string, _ origin) error {
	if arg == "" {
		return errors.New("usage: :type EXPR")
	}
	res, err := sh.sess.TypeOf(ctx, arg)
	if err != nil {
		return err
	}
	if res.Err != nil {
		return res.Err
	}
	sh.p.text(sh.p.typ.Sprint(res.Text))
	return nil
}

func (sh *Shell) metaDoc(ctx context.Context, arg string, _ origin) error {
	if arg == "" {
		return errors.New("usage: :doc NAME (a package, pkg.Name, or a predeclared name such as len)")
	}
	res, err := sh.sess.Doc(ctx, arg)
	if err != nil {
		return err
	}
	if res.Err != nil {
		return res.Err
	}
	sh.p.text(res.Text)
	return nil
}

func firstLine(s string) string {
	line, _, more := strings.Cut(strings.TrimSpace(s), "\n")
	if more {
		line += " …"
	}
	return line
}
