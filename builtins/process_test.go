package builtins

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// startT starts a process for a test and makes sure it and its group are
// gone when the test ends.
func startT(t *testing.T, name string, args ...string) *Proc {
	t.Helper()
	p, err := Start(name, args...)
	if err != nil {
		t.Fatalf("Start(%q, %q): %v", name, args, err)
	}
	t.Cleanup(func() {
		killGroup(p.pid, syscall.SIGKILL)
		p.Wait()
	})
	return p
}

// waitOutput waits until p's output contains s.
func waitOutput(t *testing.T, p *Proc, s string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !strings.Contains(p.Output(), s) {
		if time.Now().After(deadline) {
			t.Fatalf("%v: output %q never contained %q", p, p.Output(), s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitTimeout calls p.Wait, failing the test if it takes more than d.
func waitTimeout(t *testing.T, p *Proc, d time.Duration) (int, error) {
	t.Helper()
	type result struct {
		code int
		err  error
	}
	ch := make(chan result, 1)
	go func() {
		code, err := p.Wait()
		ch <- result{code, err}
	}()
	select {
	case r := <-ch:
		return r.code, r.err
	case <-time.After(d):
		t.Fatalf("%v: Wait did not return within %v", p, d)
		return 0, nil
	}
}

func TestRunOutput(t *testing.T) {
	out, err := Run("echo", "hello", "world")
	if out != "hello world\n" || err != nil {
		t.Errorf(`Run("echo", "hello", "world") = %q, %v; want "hello world\n", nil`, out, err)
	}
	// No shell: nothing in an argument is special.
	out, err = Run("echo", "$HOME", "*", "a;b", "'q'")
	if want := "$HOME * a;b 'q'\n"; out != want || err != nil {
		t.Errorf("Run(echo with shell characters) = %q, %v; want %q, nil", out, err, want)
	}
	// Standard output and error both, in one string.
	out, err = Run("sh", "-c", "echo out; echo err >&2")
	if !strings.Contains(out, "out\n") || !strings.Contains(out, "err\n") || err != nil {
		t.Errorf("Run(sh printing to both) = %q, %v; want both lines, nil", out, err)
	}
	// The child reads the null device, not the evaluator's input.
	out, err = Run("cat")
	if out != "" || err != nil {
		t.Errorf(`Run("cat") = %q, %v; want "", nil`, out, err)
	}
}

func TestShOutput(t *testing.T) {
	out, err := Sh("echo $((6 * 7)) | tr 4 X")
	if out != "X2\n" || err != nil {
		t.Errorf("Sh(pipe) = %q, %v; want \"X2\\n\", nil", out, err)
	}
	_, err = Sh("exit 3")
	if err == nil || err.Error() != `pg.Sh "exit 3": exit status 3` {
		t.Errorf(`Sh("exit 3") error = %v; want pg.Sh "exit 3": exit status 3`, err)
	}
}

func TestRunExitStatus(t *testing.T) {
	out, err := Run("false")
	if out != "" || err == nil || err.Error() != `pg.Run "false": exit status 1` {
		t.Fatalf(`Run("false") = %q, %v; want "", pg.Run "false": exit status 1`, out, err)
	}
	var pe *ProcError
	if !errors.As(err, &pe) || pe.ExitCode() != 1 || pe.Op != "pg.Run" || pe.Name != "false" {
		t.Errorf("Run(false) error %#v: want a *ProcError, op pg.Run, name false, exit code 1", err)
	}
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 {
		t.Errorf("Run(false) error %v does not unwrap to an *exec.ExitError with code 1", err)
	}
}

func TestRunStderrTail(t *testing.T) {
	out, err := Sh("echo out; for i in 1 2 3 4 5 6 7; do echo err$i >&2; done; exit 4")
	if !strings.Contains(out, "out\n") || !strings.Contains(out, "err1\n") {
		t.Errorf("output %q: want every line", out)
	}
	if err == nil {
		t.Fatal("no error for exit 4")
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, `pg.Sh "echo out; for i in 1 2 3 4 5 6 7; do echo err$i >&2; done; exit 4": exit status 4`) {
		t.Errorf("error %q: want it to begin with the command line and exit status 4", msg)
	}
	for i := 3; i <= 7; i++ {
		if !strings.Contains(msg, "\terr"+strconv.Itoa(i)) {
			t.Errorf("error %q: want stderr line err%d", msg, i)
		}
	}
	if _, tail, _ := strings.Cut(msg, "exit status 4"); strings.Contains(tail, "err2") || strings.Contains(tail, "out") {
		t.Errorf("error %q: want only the last %d lines of stderr", msg, stderrTailLines)
	}

	// One line of stderr follows on the same line.
	_, err = Run("sh", "-c", "echo 'no such thing' >&2; exit 2")
	if want := `pg.Run "sh": exit status 2: no such thing`; err == nil || err.Error() != want {
		t.Errorf("error %v; want %s", err, want)
	}

	// Long lines are cut, and a huge stderr does not make a huge message.
	_, err = Sh("head -c 100000 /dev/zero | tr '\\0' x >&2; exit 1")
	if err == nil || len(err.Error()) > 400 {
		t.Errorf("error for 100,000 bytes of stderr: %d bytes; want a short one", len(fmt.Sprint(err)))
	}
}

func TestRunSignal(t *testing.T) {
	_, err := Run("sh", "-c", "kill $$")
	if want := `pg.Run "sh": killed by signal terminated`; err == nil || err.Error() != want {
		t.Errorf("Run(sh killing itself) error = %v; want %s", err, want)
	}
	var pe *ProcError
	if !errors.As(err, &pe) || pe.ExitCode() != -1 {
		t.Errorf("exit code of a process killed by a signal: want -1 (%v)", err)
	}
	_, err = Sh("kill -KILL $$")
	if want := `pg.Sh "kill -KILL $$": killed by signal killed`; err == nil || err.Error() != want {
		t.Errorf("Sh(kill -KILL $$) error = %v; want %s", err, want)
	}
}

func TestMissingProgram(t *testing.T) {
	_, err := Run("foo-no-such-program")
	if want := `pg.Run "foo-no-such-program": no such program in PATH`; err == nil || err.Error() != want {
		t.Errorf("Run(missing) error = %v; want %s", err, want)
	}
	if !errors.Is(err, ErrNoProgram) {
		t.Errorf("Run(missing) error %v: want errors.Is ErrNoProgram", err)
	}
	p, err := Start("foo-no-such-program", "x")
	if want := `pg.Start "foo-no-such-program": no such program in PATH`; p != nil || err == nil || err.Error() != want {
		t.Errorf("Start(missing) = %v, %v; want nil, %s", p, err, want)
	}
	_, err = Run("./no/such/file")
	if want := `pg.Run "./no/such/file": no such file or directory`; err == nil || err.Error() != want {
		t.Errorf("Run(missing path) error = %v; want %s", err, want)
	}
	// A file that is not executable.
	f := t.TempDir() + "/plain"
	os.WriteFile(f, []byte("echo hi\n"), 0o644)
	_, err = Run(f)
	if err == nil || !strings.HasSuffix(err.Error(), ": permission denied") {
		t.Errorf("Run(not executable) error = %v; want permission denied", err)
	}
}

func TestEmptyInput(t *testing.T) {
	if _, err := Run(""); err == nil || !strings.Contains(err.Error(), "empty program name") {
		t.Errorf(`Run("") error = %v; want empty program name`, err)
	}
	if p, err := Start(""); p != nil || err == nil || !strings.Contains(err.Error(), "empty program name") {
		t.Errorf(`Start("") = %v, %v; want nil, empty program name`, p, err)
	}
	if _, err := Sh("  "); err == nil || !strings.Contains(err.Error(), "empty command line") {
		t.Errorf(`Sh("  ") error = %v; want empty command line`, err)
	}
}

func TestRunOutputBound(t *testing.T) {
	const n = 3_000_000
	out, err := Sh(fmt.Sprintf("head -c %d /dev/zero | tr '\\0' a", n))
	if err != nil {
		t.Fatal(err)
	}
	note := fmt.Sprintf("\n[pg: output cut at 1 MiB: %d more bytes dropped]\n", n-runOutputLimit)
	if !strings.HasSuffix(out, note) {
		t.Errorf("output ends %q; want the note %q", out[max(0, len(out)-80):], note)
	}
	if body := strings.TrimSuffix(out, note); len(body) != runOutputLimit || strings.Trim(body, "a") != "" {
		t.Errorf("output kept %d bytes; want the first %d", len(body), runOutputLimit)
	}
}

func TestProcOutputRing(t *testing.T) {
	p := startT(t, "sh", "-c", "head -c 200000 /dev/zero | tr '\\0' a; echo; echo the end")
	if code, err := waitTimeout(t, p, 10*time.Second); code != 0 || err != nil {
		t.Fatalf("Wait = %d, %v", code, err)
	}
	out := p.Output()
	first, rest, _ := strings.Cut(out, "\n")
	want := fmt.Sprintf("[pg: %d earlier bytes dropped; the last 64 KiB follow]", 200000+1+len("the end\n")-procOutputLimit)
	if first != want {
		t.Errorf("first line %q; want %q", first, want)
	}
	if len(rest) != procOutputLimit || !strings.HasSuffix(rest, "a\nthe end\n") {
		t.Errorf("kept %d bytes ending %q; want the last %d", len(rest), rest[max(0, len(rest)-20):], procOutputLimit)
	}
}

func TestOutputBuffer(t *testing.T) {
	h := newHeadOutput(5)
	h.Write([]byte("abc"))
	h.Write([]byte("defgh"))
	if got, want := h.String(), "abcde\n[pg: output cut at 5 bytes: 3 more bytes dropped]\n"; got != want {
		t.Errorf("head buffer = %q; want %q", got, want)
	}
	r := newRingOutput(4)
	for _, s := range []string{"ab", "cd", "efghij", "k"} {
		r.Write([]byte(s))
	}
	if got, want := string(r.Bytes()), "hijk"; got != want {
		t.Errorf("ring buffer bytes = %q; want %q", got, want)
	}
	if got, want := r.String(), "[pg: 7 earlier bytes dropped; the last 4 bytes follow]\nhijk"; got != want {
		t.Errorf("ring buffer = %q; want %q", got, want)
	}
	if len(r.buf) > 2*r.limit {
		t.Errorf("ring buffer holds %d bytes; want at most %d", len(r.buf), 2*r.limit)
	}
}

func TestLastLines(t *testing.T) {
	long := strings.Repeat("é", 300)
	got := stderrTail([]byte("1\n2\n\n3\n4\n5\n6\n" + long + "\n\n"))
	lines := strings.Split(got, "\n")
	if len(lines) != 5 || lines[0] != "3" || lines[3] != "6" {
		t.Errorf("stderrTail = %q; want 3 4 5 6 and the long line", got)
	}
	if n := len([]rune(lines[4])); n != stderrLineRunes {
		t.Errorf("long line kept %d runes; want %d", n, stderrLineRunes)
	}
	if got := stderrTail([]byte("\xff\xfe bad\n")); got != "\uFFFD bad" {
		t.Errorf("stderrTail(invalid UTF-8) = %q", got)
	}
}

func TestStartWait(t *testing.T) {
	p := startT(t, "sh", "-c", "echo hi; exit 7")
	if p.PID <= 0 {
		t.Errorf("PID = %d", p.PID)
	}
	code, err := waitTimeout(t, p, 5*time.Second)
	if code != 7 || err == nil || err.Error() != `pg.Start "sh": exit status 7` {
		t.Errorf("Wait = %d, %v; want 7, pg.Start \"sh\": exit status 7", code, err)
	}
	if p.Running() {
		t.Error("Running after Wait")
	}
	if got := p.Output(); got != "hi\n" {
		t.Errorf("Output = %q; want %q", got, "hi\n")
	}
	// Again, at once.
	if code2, err2 := waitTimeout(t, p, time.Second); code2 != code || err2.Error() != err.Error() {
		t.Errorf("second Wait = %d, %v; want %d, %v", code2, err2, code, err)
	}
	if got := p.String(); got != fmt.Sprintf("%s sh -c 'echo hi; exit 7' (pid %d, exited 7)", p.ID(), p.PID) {
		t.Errorf("String = %q", got)
	}

	ok := startT(t, "true")
	if code, err := waitTimeout(t, ok, 5*time.Second); code != 0 || err != nil {
		t.Errorf("Wait(true) = %d, %v; want 0, nil", code, err)
	}
}

func TestStartRunning(t *testing.T) {
	p := startT(t, "sleep", "30")
	if !p.Running() || p.State() != "running" {
		t.Errorf("Running = %v, State = %q; want true, running", p.Running(), p.State())
	}
	if err := p.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("Signal(0) to a running process: %v", err)
	}
	if got, want := p.String(), fmt.Sprintf("%s sleep 30 (pid %d, running)", p.ID(), p.PID); got != want {
		t.Errorf("String = %q; want %q", got, want)
	}
}

func TestSignalTerm(t *testing.T) {
	p := startT(t, "sleep", "30")
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("Signal(SIGTERM): %v", err)
	}
	code, err := waitTimeout(t, p, 5*time.Second)
	if code != -1 || err == nil || err.Error() != `pg.Start "sleep": killed by signal terminated` {
		t.Errorf("Wait = %d, %v; want -1, killed by signal terminated", code, err)
	}
	if p.State() != "killed by SIGTERM" {
		t.Errorf("State = %q; want killed by SIGTERM", p.State())
	}
	err = p.Signal(syscall.SIGTERM)
	if !errors.Is(err, os.ErrProcessDone) || err.Error() != p.ID()+`.Signal "sleep": os: process already finished` {
		t.Errorf("Signal after exit = %v; want %s.Signal \"sleep\": os: process already finished, wrapping os.ErrProcessDone", err, p.ID())
	}
	if err := p.Kill(); !errors.Is(err, os.ErrProcessDone) || !strings.HasPrefix(err.Error(), p.ID()+".Kill") {
		t.Errorf("Kill after exit = %v; want %s.Kill ... wrapping os.ErrProcessDone", err, p.ID())
	}
}

func TestKillIgnoringTerm(t *testing.T) {
	p := startT(t, "sh", "-c", `trap "" TERM; echo ready; sleep 30`)
	waitOutput(t, p, "ready")
	if err := p.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond)
	if !p.Running() {
		t.Fatalf("%v ended on SIGTERM, which it ignores", p)
	}
	if err := p.Kill(); err != nil {
		t.Fatal(err)
	}
	code, err := waitTimeout(t, p, 5*time.Second)
	if code != -1 || err == nil || err.Error() != `pg.Start "sh": killed by signal killed` {
		t.Errorf("Wait after Kill = %d, %v; want -1, killed by signal killed", code, err)
	}
}

type fakeSignal struct{}

func (fakeSignal) String() string { return "fake" }
func (fakeSignal) Signal()        {}

func TestSignalBadInput(t *testing.T) {
	p := startT(t, "sleep", "30")
	for _, tc := range []struct {
		sig  os.Signal
		want string
	}{
		{nil, "no signal given (nil)"},
		{syscall.Signal(-1), "no signal -1"},
		{fakeSignal{}, "fake is not a signal of this system"},
	} {
		err := p.Signal(tc.sig)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), p.ID()+`.Signal "sleep": `) {
			t.Errorf("Signal(%v) = %v; want an error containing %q", tc.sig, err, tc.want)
		}
	}
	if !p.Running() {
		t.Error("a bad signal stopped the process")
	}
}

func TestProcNotStarted(t *testing.T) {
	for _, p := range []*Proc{nil, new(Proc), {PID: 1}} {
		if code, err := p.Wait(); code != -1 || err == nil || err.Error() != `pg.Proc.Wait "": no process: this Proc was not returned by pg.Start; use the one it returns` {
			t.Errorf("Wait on %#v = %d, %v", p, code, err)
		}
		if err := p.Kill(); err == nil || !strings.HasPrefix(err.Error(), `pg.Proc.Kill "": no process`) {
			t.Errorf("Kill on %#v = %v", p, err)
		}
		if err := p.Signal(syscall.Signal(0)); !errors.Is(err, errNotStarted) {
			t.Errorf("Signal on %#v = %v", p, err)
		}
		if p.Running() || p.Output() != "" || p.String() != "pg.Proc (not started)" || p.State() != "not started" || p.ID() != "" {
			t.Errorf("%#v: Running %v, Output %q, String %q, State %q, ID %q", p, p.Running(), p.Output(), p.String(), p.State(), p.ID())
		}
	}
}

func TestProcPIDChanged(t *testing.T) {
	// PID is a field a learner can change; signals still go to the
	// process the Proc started, never to a group the new value names.
	p := startT(t, "sleep", "30")
	pid := p.PID
	p.PID = 1 << 30 // no such process
	if err := p.Signal(syscall.Signal(0)); err != nil {
		t.Errorf("Signal(0) after PID was changed: %v", err)
	}
	if !strings.Contains(p.String(), "pid "+strconv.Itoa(pid)+",") {
		t.Errorf("String = %q; want the real pid %d", p.String(), pid)
	}
	if _, handled, err := killProc(strconv.Itoa(pid), syscall.Signal(0)); !handled || err != nil {
		t.Errorf(":kill by the real pid after PID was changed: %v, %v", handled, err)
	}
	if err := killGroup(0, syscall.Signal(0)); err == nil {
		t.Error("killGroup(0) sent a signal to the evaluator's own group")
	}
	if err := killGroup(1, syscall.Signal(0)); err == nil {
		t.Error("killGroup(1) sent a signal to every process")
	}
}

func TestWaitWithGrandchildHoldingOutput(t *testing.T) {
	// sh ends at once; the sleep it left behind keeps the output pipe
	// open. Wait must not wait for the sleep.
	p := startT(t, "sh", "-c", "sleep 30 & echo started")
	start := time.Now()
	code, err := waitTimeout(t, p, 5*time.Second)
	if code != 0 || err != nil {
		t.Errorf("Wait = %d, %v", code, err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Wait took %v", d)
	}
	if p.Output() != "started\n" {
		t.Errorf("Output = %q", p.Output())
	}
}

func TestRunWithGrandchildLeft(t *testing.T) {
	// Run returns when sh ends, though the sleep it left behind lives on
	// (and, where this process is a subreaper, is ours to reap later).
	start := time.Now()
	out, err := Run("sh", "-c", "sleep 30 & echo $!")
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Run took %v", d)
	}
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.TrimSpace(out))
	if err != nil {
		t.Fatalf("output %q", out)
	}
	syscall.Kill(pid, syscall.SIGKILL)
}

func TestProcLimit(t *testing.T) {
	old := SetProcLimit(2)
	defer SetProcLimit(old)
	if old != defaultProcLimit {
		t.Errorf("SetProcLimit returned %d; want the default %d", old, defaultProcLimit)
	}
	if got := SetProcLimit(0); got != 2 {
		t.Errorf("SetProcLimit(0) = %d; want 2, unchanged", got)
	}
	if got := SetProcLimit(-5); got != 2 {
		t.Errorf("SetProcLimit(-5) = %d; want 2, unchanged", got)
	}
	a := startT(t, "sleep", "30")
	startT(t, "sleep", "30")
	p, err := Start("sleep", "30")
	if p != nil || !errors.Is(err, ErrProcLimit) {
		t.Fatalf("third Start with limit 2 = %v, %v; want nil, ErrProcLimit", p, err)
	}
	want := `pg.Start "sleep": too many processes running: 2 are running, the limit; wait for some to end, :kill some (:procs lists them) or raise it with pg.SetProcLimit(4)`
	if err.Error() != want {
		t.Errorf("error = %q\nwant    %q", err, want)
	}
	if _, err := Run("true"); !errors.Is(err, ErrProcLimit) {
		t.Errorf("Run past the limit: %v; want ErrProcLimit", err)
	}
	a.Kill()
	waitTimeout(t, a, 5*time.Second)
	if _, err := Run("true"); err != nil {
		t.Errorf("Run after one ended: %v", err)
	}
}

func TestProcsTable(t *testing.T) {
	sleeper := startT(t, "sleep", "30")
	if _, err := Run("false"); err == nil {
		t.Fatal("false succeeded")
	}
	quoted := startT(t, "sh", "-c", `trap "" TERM; sleep 30`)
	term := startT(t, "sleep", "31")
	term.Signal(syscall.SIGTERM)
	waitTimeout(t, term, 5*time.Second)

	list := Procs()
	if len(list) < 4 || list[len(list)-1] != term || list[len(list)-4] != sleeper {
		t.Fatalf("Procs() = %v; want the four processes last, in order", list)
	}
	falseProc := list[len(list)-3]

	table, err := procsMeta("")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(table, "\n")
	if !strings.HasPrefix(lines[0], "ID ") || strings.Join(strings.Fields(lines[0]), " ") != "ID PID STATE AGE COMMAND" {
		t.Errorf("header %q", lines[0])
	}
	row := func(p *Proc) string {
		for _, l := range lines {
			if strings.HasPrefix(l, p.ID()+" ") {
				return l
			}
		}
		t.Errorf("no row for %s in\n%s", p.ID(), table)
		return ""
	}
	for _, tc := range []struct {
		p           *Proc
		state, comm string
	}{
		{sleeper, "running", "sleep 30"},
		{falseProc, "exited 1", "false"},
		{quoted, "running", `sh -c 'trap "" TERM; sleep 30'`},
		{term, "killed by SIGTERM", "sleep 31"},
	} {
		r := row(tc.p)
		if !strings.Contains(r, " "+strconv.Itoa(tc.p.PID)+" ") || !strings.Contains(r, " "+tc.state+" ") || !strings.HasSuffix(r, " "+tc.comm) {
			t.Errorf("row %q: want pid %d, state %q, command %q", r, tc.p.PID, tc.state, tc.comm)
		}
	}
	if _, err := procsMeta("extra"); err == nil {
		t.Error(":procs extra: no usage error")
	}
	if out, err := RunMeta("procs", ""); err != nil || !strings.Contains(out, sleeper.ID()) {
		t.Errorf("RunMeta(procs) = %q, %v", out, err)
	}
}

func TestCommandLine(t *testing.T) {
	for _, tc := range []struct {
		argv  []string
		width int
		want  string
	}{
		{[]string{"sleep", "30"}, 0, "sleep 30"},
		{[]string{"sh", "-c", "echo it's"}, 0, `sh -c 'echo it'\''s'`},
		{[]string{"echo", ""}, 0, "echo ''"},
		{[]string{"echo", "aaaaaaaaaa"}, 8, "echo aa…"},
	} {
		if got := procCommand(tc.argv, tc.width); got != tc.want {
			t.Errorf("procCommand(%q, %d) = %q; want %q", tc.argv, tc.width, got, tc.want)
		}
	}
	for d, want := range map[time.Duration]string{
		450 * time.Millisecond:  "450ms",
		3210 * time.Millisecond: "3.2s",
		245 * time.Second:       "4m5s",
		7390 * time.Second:      "2h3m",
	} {
		if got := tableAge(d); got != want {
			t.Errorf("tableAge(%v) = %q; want %q", d, got, want)
		}
	}
}

func TestKiller(t *testing.T) {
	byID := startT(t, "sleep", "30")
	what, handled, err := killProc(byID.ID(), syscall.SIGTERM)
	if !handled || err != nil || what != fmt.Sprintf("%s (pid %d, sleep 30): sent SIGTERM to its process group", byID.ID(), byID.PID) {
		t.Errorf("killProc(%s) = %q, %v, %v", byID.ID(), what, handled, err)
	}
	if _, err := waitTimeout(t, byID, 5*time.Second); err == nil || !strings.HasSuffix(err.Error(), "killed by signal terminated") {
		t.Errorf("after :kill %s TERM: %v", byID.ID(), err)
	}

	byPID := startT(t, "sleep", "30")
	if _, handled, err := killProc(strconv.Itoa(byPID.PID), syscall.SIGKILL); !handled || err != nil {
		t.Errorf("killProc(pid) = %v, %v", handled, err)
	}
	if _, err := waitTimeout(t, byPID, 5*time.Second); err == nil || !strings.HasSuffix(err.Error(), "killed by signal killed") {
		t.Errorf("after :kill pid: %v", err)
	}

	// Through :kill itself, with a signal by name.
	viaMeta := startT(t, "sleep", "30")
	if out, err := RunMeta("kill", viaMeta.ID()+" INT"); err != nil || !strings.Contains(out, "sent SIGINT") {
		t.Errorf(":kill %s INT = %q, %v", viaMeta.ID(), out, err)
	}
	if _, err := waitTimeout(t, viaMeta, 5*time.Second); err == nil || !strings.HasSuffix(err.Error(), "killed by signal interrupt") {
		t.Errorf("after :kill INT: %v", err)
	}

	// An ended process: a clear error, nothing sent.
	if _, handled, err := killProc(byID.ID(), syscall.SIGKILL); !handled || !errors.Is(err, os.ErrProcessDone) {
		t.Errorf("killProc(ended) = %v, %v; want handled, os.ErrProcessDone", handled, err)
	}

	// Foreign pids are refused: the test binary itself, its parent, init.
	for _, pid := range []int{os.Getpid(), os.Getppid(), 1} {
		_, handled, err := killProc(strconv.Itoa(pid), syscall.SIGKILL)
		if !handled || err == nil || !strings.Contains(err.Error(), "is not a process pg started") {
			t.Errorf("killProc(%d) = %v, %v; want it refused", pid, handled, err)
		}
	}
	if _, handled, err := killProc("p999999", syscall.SIGKILL); !handled || err == nil || !strings.Contains(err.Error(), "no process p999999") {
		t.Errorf("killProc(p999999) = %v, %v", handled, err)
	}
	// Other kinds of id are left to other killers.
	for _, id := range []string{"t3", "p", "px", "s1", "-1", "12a"} {
		if _, handled, _ := killProc(id, syscall.SIGKILL); handled {
			t.Errorf("killProc(%q) handled; want it left to others", id)
		}
	}
}

func TestPIDs(t *testing.T) {
	if PID() != os.Getpid() || PPID() != os.Getppid() {
		t.Errorf("PID, PPID = %d, %d; want %d, %d", PID(), PPID(), os.Getpid(), os.Getppid())
	}
	out, err := Sh("echo $PPID")
	if err != nil || out != strconv.Itoa(PID())+"\n" {
		t.Errorf("a child's parent pid = %q, %v; want %d", out, err, PID())
	}
	// Each child leads its own process group.
	p := startT(t, "sleep", "30")
	if pgid, err := syscall.Getpgid(p.PID); err != nil || pgid != p.PID {
		t.Errorf("process group of %v = %d, %v; want %d", p, pgid, err, p.PID)
	}
}

func TestConcurrentUse(t *testing.T) {
	p := startT(t, "sh", "-c", "i=0; while [ $i -lt 2000 ]; do echo line $i; i=$((i+1)); done; sleep 30")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 200; j++ {
				_ = p.Output()
				_ = p.Running()
				_ = p.String()
				_ = p.Signal(syscall.Signal(0))
				_ = Procs()
			}
		}()
	}
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if out, err := Run("echo", "x"); out != "x\n" || err != nil {
				t.Errorf("concurrent Run = %q, %v", out, err)
			}
		}()
	}
	wg.Wait()
	waitOutput(t, p, "line 1999\n")
	p.Kill()
	waitTimeout(t, p, 5*time.Second)
	if !strings.Contains(p.Output(), "line 1999\n") {
		t.Errorf("output lost lines: ends %q", p.Output()[max(0, len(p.Output())-30):])
	}
}

func TestExports(t *testing.T) {
	pkg := Symbols["pg/pg"]
	for _, name := range []string{"Run", "Sh", "Start", "Procs", "PID", "PPID", "SetProcLimit", "Proc", "ProcError", "ErrNoProgram", "ErrProcLimit"} {
		if !pkg[name].IsValid() {
			t.Errorf("pg.%s is not exported", name)
		}
	}
	if names := MetaNames(); !strings.Contains(strings.Join(names, " "), "procs") {
		t.Errorf("MetaNames() = %v; want procs", names)
	}
	// (The errors ErrNoProgram and ErrProcLimit are variables, which Doc
	// does not show yet.)
	for _, name := range []string{"Run", "Sh", "Start", "Procs", "PID", "PPID", "SetProcLimit", "Proc", "ProcError", "Proc.Wait", "Proc.Kill", "Proc.Signal", "Proc.Output", "Proc.Running", "Proc.String", "ProcError.ExitCode"} {
		text, ok := Doc(name)
		if !ok || strings.Contains(text, "no documentation yet") || !strings.Contains(text, "\n") {
			t.Errorf(":doc pg.%s = %q, %v; want a doc comment", name, text, ok)
		}
	}
}

// TestInterpreted runs pg through yaegi, as learner code does.
func TestInterpreted(t *testing.T) {
	eval := interpEval(t, `import ("errors"; "fmt"; "os"; "pg"; "syscall")`)

	eval(`out, err := pg.Run("echo", "hi")`)
	if got := eval(`fmt.Sprint(out, err)`).String(); got != "hi\n<nil>" {
		t.Errorf("pg.Run from yaegi: %q", got)
	}
	eval(`_, err = pg.Run("foo-no-such-program")`)
	if got := eval(`fmt.Sprint(err, " ", errors.Is(err, pg.ErrNoProgram))`).String(); got != `pg.Run "foo-no-such-program": no such program in PATH true` {
		t.Errorf("missing program from yaegi: %q", got)
	}
	eval(`_, err = pg.Sh("exit 3")`)
	eval(`var pe *pg.ProcError`)
	if got := eval(`fmt.Sprint(errors.As(err, &pe), " ", pe.ExitCode(), " ", pe.Op)`).String(); got != "true 3 pg.Sh" {
		t.Errorf("errors.As ProcError from yaegi: %q", got)
	}

	eval(`p, err := pg.Start("sh", "-c", "echo started; sleep 30")`)
	pid := eval(`p.PID`).Int()
	if pid <= 0 {
		t.Fatalf("p.PID from yaegi = %d", pid)
	}
	defer killGroup(int(pid), syscall.SIGKILL)
	if !eval(`p.Running()`).Bool() {
		t.Error("p.Running() from yaegi: false")
	}
	waitOutput(t, eval(`p`).Interface().(*Proc), "started")
	eval(`err = p.Signal(syscall.SIGTERM)`)
	eval(`code, werr := p.Wait()`)
	if got := eval(`fmt.Sprint(code, " ", werr, " ", p.Output())`).String(); got != "-1 pg.Start \"sh\": killed by signal terminated started\n" {
		t.Errorf("Start, Signal, Wait, Output from yaegi: %q", got)
	}
	eval(`err = p.Kill()`)
	if got := eval(`fmt.Sprint(errors.Is(err, os.ErrProcessDone))`).String(); got != "true" {
		t.Errorf("Kill after the end from yaegi: ErrProcessDone? %s", got)
	}
	if got := eval(`fmt.Sprint(pg.Procs()[len(pg.Procs())-1] == p, pg.PID() == os.Getpid(), pg.PPID() == os.Getppid())`).String(); got != "true true true" {
		t.Errorf("Procs, PID, PPID from yaegi: %q", got)
	}
	if got := eval(`fmt.Sprint(pg.SetProcLimit(0))`).String(); got != strconv.Itoa(defaultProcLimit) {
		t.Errorf("SetProcLimit(0) from yaegi: %q", got)
	}
	eval(`var procs []*pg.Proc = pg.Procs()`)
	if got := eval(`fmt.Sprint(procs[len(procs)-1])`).String(); !strings.HasPrefix(got, "p") || !strings.HasSuffix(got, "killed by SIGTERM)") {
		t.Errorf("a Proc printed from yaegi: %q", got)
	}
}
