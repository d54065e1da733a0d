//go:build corpus

package main

// The differential harness over yaegi's own corpus: the programs in the
// _test directory of github.com/traefik/yaegi v0.16.1 (the version the
// playground's interpreter is a patched copy of), each run through
// playground run and built by the Go toolchain. Where they disagree the
// playground is wrong; what is known to disagree is listed, with why, in
// testdata/corpus_known.txt, and the list must stay exact: a program that
// disagrees and is not listed fails, and so does a listed one that now
// agrees (take it off the list).
//
// It is slow (some 900 programs, each built by go and run twice), so it
// runs on its own in CI:
//
//	go test -tags corpus -run TestYaegiCorpusLikeGo ./cmd/playground

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// corpusTimeout bounds one run of a corpus program compiled by Go: some
// are servers that never end. A program that ends under Go is given
// interpretedTimeout in the playground, an interpreter: fib(35), the
// corpus's benchmark, takes it 12 s on a quiet machine, and more than 20
// beside the harness's other runs.
const (
	corpusTimeout      = 20 * time.Second
	interpretedTimeout = 90 * time.Second
)

// fixedPort matches a program that listens on a port it names (the
// corpus's servers all use :8080). Such programs are run one at a time,
// under portMu, both sides, so that what one of them does never depends
// on which other program holds the port at that moment.
var (
	fixedPort = regexp.MustCompile(`Listen[A-Za-z]*\((?:"[a-z0-9]+", )?"[^"]*:[1-9][0-9]*"`)
	portMu    sync.Mutex
)

// A corpusRun is what one side did with a program.
type corpusRun struct {
	refused  string // the first compile error, for a program Go refuses
	stdout   string
	stderr   string
	status   int
	timedOut bool
}

// corpusVerdict compares the playground's run of a program with Go's. It
// returns "" when they agree, else the first difference, in a few words.
// A program Go refuses must be refused (status 1) with an error on the
// same line; one Go runs must print the same standard output, end with
// the same status, begin standard error the same way and show the same
// frames of its own functions for a panic, as TestProgramsLikeGo asks.
func corpusVerdict(pg, gc corpusRun) string {
	switch {
	case gc.refused != "":
		if pg.status != 1 {
			return fmt.Sprintf("Go refuses it (%s); the playground ran it (status %d)", gc.refused, pg.status)
		}
		if got, want := errorLine(first(pg.stderr)), errorLine(gc.refused); got != want {
			return fmt.Sprintf("Go refuses it at line %s (%s); the playground at %s (%s)", want, gc.refused, got, first(pg.stderr))
		}
		return ""
	case pg.timedOut:
		return "the playground did not end; Go's run did"
	case pg.status != gc.status:
		return fmt.Sprintf("status %d, Go's %d (stderr %q)", pg.status, gc.status, first(pg.stderr))
	case pg.stdout != gc.stdout:
		return fmt.Sprintf("stdout differs: %s", firstDifference(pg.stdout, gc.stdout))
	}
	if got, want := baseNames(withoutWhere(first(pg.stderr))), baseNames(first(gc.stderr)); got != want {
		return fmt.Sprintf("stderr begins %q, Go's %q", got, want)
	}
	if got, want := strings.Join(pgFrames(pg.stderr), " "), strings.Join(goFrames(gc.stderr), " "); got != want {
		return fmt.Sprintf("frames %q, Go's %q", got, want)
	}
	return ""
}

// errorLine is the line number of a "file.go:LINE:COL: msg" error, or
// the whole text when it has none.
func errorLine(msg string) string {
	msg = baseNames(msg)
	_, rest, ok := strings.Cut(msg, ".go:")
	if !ok {
		return msg
	}
	line, _, _ := strings.Cut(rest, ":")
	return line
}

// firstDifference shows where two outputs part: the line of each.
func firstDifference(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d is %.80q, Go's %.80q", i+1, gl, wl)
		}
	}
	return "in its last newline"
}

// corpusDir is the _test directory of the yaegi module the playground's
// copy was made from, in the module cache.
func corpusDir(t *testing.T) string {
	out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/traefik/yaegi").Output()
	if err != nil {
		t.Fatalf("go list -m github.com/traefik/yaegi: %v", err)
	}
	dir := filepath.Join(strings.TrimSpace(string(out)), "_test")
	if _, err := os.Stat(dir); err != nil {
		t.Fatal(err)
	}
	return dir
}

// corpusExcluded says why a program of the corpus is not compared, or "":
// it is not a program (another package, or one for yaegi's own tests
// that imports the corpus's packages), or it cannot be compared by
// output (it prints the time, random numbers or addresses).
func corpusExcluded(src []byte) string {
	head := src
	if i := bytes.Index(src, []byte("\nfunc ")); i >= 0 {
		head = src[:i]
	}
	switch {
	case !bytes.Contains(head, []byte("package main")):
		return "not package main"
	case !bytes.Contains(src, []byte("func main()")):
		return "no func main"
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
	if err != nil {
		return "" // Go refuses it, and so must the playground
	}
	for _, imp := range f.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		if first, _, _ := strings.Cut(path, "/"); strings.Contains(first, ".") {
			return "imports " + path + ", not in the standard library"
		}
	}
	return ""
}

// knownDisagreements reads testdata/corpus_known.txt: a program's name,
// then why it disagrees with Go.
func knownDisagreements(t *testing.T) map[string]string {
	f, err := os.Open(filepath.Join("testdata", "corpus_known.txt"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	known := map[string]string{}
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, why, _ := strings.Cut(line, " ")
		if why = strings.TrimSpace(why); why == "" {
			t.Fatalf("corpus_known.txt:%d: %s says not why it disagrees", n, name)
		}
		if _, dup := known[name]; dup {
			t.Fatalf("corpus_known.txt:%d: %s is listed twice", n, name)
		}
		known[name] = why
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return known
}

// A corpusOutcome is what comparing one program found: why it was not
// compared, or how it disagrees with Go ("" when it agrees).
type corpusOutcome struct {
	name, excluded, verdict string
}

// runCorpus runs cmd for at most limit.
func runCorpus(cmd *exec.Cmd, dir string, limit time.Duration) corpusRun {
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	defer cancel()
	c := exec.CommandContext(ctx, cmd.Path, cmd.Args[1:]...)
	c.Dir = dir
	c.Stdin = nil
	c.WaitDelay = 2 * time.Second
	var out, errOut bytes.Buffer
	c.Stdout, c.Stderr = &out, &errOut
	err := c.Run()
	r := corpusRun{stdout: out.String(), stderr: errOut.String()}
	var ee *exec.ExitError
	switch {
	case ctx.Err() != nil:
		r.timedOut = true
	case errors.As(err, &ee):
		r.status = ee.ExitCode()
	case err != nil:
		r.status, r.stderr = -1, err.Error()
	}
	return r
}

func TestYaegiCorpusLikeGo(t *testing.T) {
	goTool, pg := goAndPlayground(t)
	known := knownDisagreements(t)
	progs, excluded := corpusPrograms(t, corpusDir(t))
	for name, why := range known {
		if strings.HasPrefix(why, "varies:") && progs[name] != nil {
			delete(progs, name)
			delete(known, name)
			excluded[name] = why
		}
	}
	work := t.TempDir()
	refused := buildCorpus(t, goTool, work, progs)

	results := make(chan corpusOutcome)
	names := make(chan string)
	var wg sync.WaitGroup
	for range runtime.NumCPU() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for name := range names {
				if fixedPort.Match(progs[name]) {
					// One at a time: beside another that holds the
					// port, Go's run would fail at once and end, and
					// the playground's, after it, would hold the port
					// and serve forever (or the other way round).
					portMu.Lock()
					results <- compareCorpusProgram(pg, work, name, refused[name])
					portMu.Unlock()
					continue
				}
				results <- compareCorpusProgram(pg, work, name, refused[name])
			}
		}()
	}
	go func() {
		for name := range progs {
			names <- name
		}
		close(names)
		wg.Wait()
		close(results)
	}()

	compared := 0
	var disagree, nowAgree []string
	seen := map[string]bool{}
	for r := range results {
		seen[r.name] = true
		if r.excluded != "" {
			excluded[r.name] = r.excluded
			continue
		}
		compared++
		_, listed := known[r.name]
		switch {
		case r.verdict != "" && !listed:
			disagree = append(disagree, r.name+" "+r.verdict)
		case r.verdict == "" && listed:
			nowAgree = append(nowAgree, r.name)
		}
	}
	sort.Strings(disagree)
	sort.Strings(nowAgree)
	var gone []string
	for name := range known {
		if !seen[name] {
			gone = append(gone, name)
		}
	}
	sort.Strings(gone)
	t.Logf("%d programs compared with Go, %d known to disagree, %d not compared", compared, len(known)-len(gone), len(excluded))
	for _, name := range slices.Sorted(maps.Keys(excluded)) {
		t.Logf("not compared: %s: %s", name, excluded[name])
	}
	for _, d := range disagree {
		t.Errorf("disagrees with Go, and is not in corpus_known.txt: %s", d)
	}
	for _, n := range nowAgree {
		t.Errorf("%s now agrees with Go: take it off corpus_known.txt", n)
	}
	for _, n := range gone {
		t.Errorf("%s is in corpus_known.txt but not compared", n)
	}
}

// corpusPrograms reads the corpus: the programs to compare, by name, and
// the files that are not compared, with why.
func corpusPrograms(t *testing.T, dir string) (progs map[string][]byte, excluded map[string]string) {
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	progs, excluded = map[string][]byte{}, map[string]string{}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := filepath.Base(f)
		if why := corpusExcluded(src); why != "" {
			excluded[name] = why
			continue
		}
		progs[name] = src
	}
	if len(progs) < 800 {
		t.Fatalf("only %d programs in %s", len(progs), dir)
	}
	return progs, excluded
}

// buildCorpus builds every program with one go build, each its own
// package of a module in work (work/NAME/NAME.go, built to
// work/bin/NAME), and returns the first compile error of each program Go
// refuses, "NAME.go:LINE:COL: msg". One go command for them all builds
// them in parallel, without starting the go command 900 times.
func buildCorpus(t *testing.T, goTool, work string, progs map[string][]byte) map[string]string {
	if err := os.WriteFile(filepath.Join(work, "go.mod"), []byte("module corpus\n\ngo 1.26\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, src := range progs {
		dir := filepath.Join(work, corpusPackage(name))
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	build := exec.Command(goTool, "build", "-o", "bin"+string(filepath.Separator), "./...")
	build.Dir = work
	build.Env = append(os.Environ(), "GOFLAGS=", "GOWORK=off", "GO111MODULE=on")
	out, err := build.CombinedOutput()
	refused := map[string]string{}
	pkg := ""
	for _, line := range strings.Split(string(out), "\n") {
		if p, ok := strings.CutPrefix(line, "# corpus/"); ok {
			pkg = p
			continue
		}
		if pkg == "" || !strings.HasPrefix(line, pkg+"/") {
			continue
		}
		name := strings.TrimPrefix(line, pkg+"/")
		file, _, _ := strings.Cut(name, ":")
		if _, done := refused[file]; !done && progs[file] != nil {
			refused[file] = name
		}
	}
	if err != nil && len(refused) == 0 {
		t.Fatalf("go build of the corpus: %v\n%s", err, out)
	}
	return refused
}

// corpusPackage is the directory, and the binary, of program name.
func corpusPackage(name string) string { return strings.TrimSuffix(name, ".go") }

// compareCorpusProgram runs one program, built by buildCorpus unless Go
// refused it, and runs it through the playground.
func compareCorpusProgram(pg, work, name, refused string) (o corpusOutcome) {
	o.name = name
	dir := filepath.Join(work, corpusPackage(name))
	gc := corpusRun{refused: refused}
	if refused == "" {
		bin := filepath.Join(work, "bin", corpusPackage(name))
		if _, err := os.Stat(bin); err != nil {
			o.excluded = "go build made no program of it"
			return o
		}
		gc = runCorpus(exec.Command(bin), dir, corpusTimeout)
		if gc.timedOut {
			o.excluded = "does not end under Go either"
			return o
		}
	}
	o.verdict = corpusVerdict(runCorpus(exec.Command(pg, "run", name), dir, interpretedTimeout), gc)
	return o
}
