package reaper

import (
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A reaper started before its job runs the job it is sent: the program,
// arguments, environment and directory it names, with its standard input
// and extra files, its output and errors on Output, and exits as the
// program did. (The reaper is this test binary again: package reaper's
// init turns it into one.)
func TestStartThenSend(t *testing.T) {
	w, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	stdinR, stdinW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	fd3R, fd3W, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	err = w.Send(Job{
		Path:  "/bin/sh",
		Argv:  []string{"sh", "-c", `read line; echo "out:$line:$(pwd):$ONLY:${HOME-unset}"; echo err >&2; echo three >&3; exit 7`},
		Env:   []string{"ONLY=this", "PATH=/usr/bin:/bin"},
		Dir:   dir,
		Stdin: stdinR,
		Extra: []*os.File{fd3W},
	})
	stdinR.Close()
	fd3W.Close()
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	io.WriteString(stdinW, "typed\n")
	stdinW.Close()

	out, _ := io.ReadAll(w.Output)
	three, _ := io.ReadAll(fd3R)
	st, err := w.Process.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if want := "out:typed:" + dir + ":this:unset\n"; !strings.Contains(string(out), want) || !strings.Contains(string(out), "err\n") {
		t.Errorf("Output = %q, want %q and %q in it", out, want, "err\n")
	}
	if string(three) != "three\n" {
		t.Errorf("fd 3 got %q, want %q", three, "three\n")
	}
	if st.ExitCode() != 7 {
		t.Errorf("the reaper exited with %v, want the program's exit status 7", st)
	}
}

// A reaper let go without a job ends, quietly, and Abandon waits for it.
func TestAbandon(t *testing.T) {
	w, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	out := w.Output
	done := make(chan struct{})
	go func() {
		w.Abandon()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		w.Process.Kill()
		t.Fatal("a reaper let go without a job did not end")
	}
	if err := w.Process.Signal(syscall.Signal(0)); err != os.ErrProcessDone {
		t.Errorf("signal 0 to the reaper after Abandon: %v, want %v (Abandon waits for it)", err, os.ErrProcessDone)
	}
	if _, err := out.Read(make([]byte, 1)); err == nil {
		t.Error("Abandon left Output open")
	}
}

// A job sent to a reaper that has died is an error, not a hang.
func TestSendToADeadReaper(t *testing.T) {
	w, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	w.Process.Kill()
	w.Process.Wait()
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	err = w.Send(Job{Path: "/bin/true", Argv: []string{"true"}, Stdin: null})
	if err == nil || !strings.Contains(err.Error(), "sending job to "+Name) {
		t.Errorf("Send to a dead reaper = %v, want an error naming the reaper", err)
	}
	w.Output.Close()
}

// Take gives the reaper Prestart started once; Release lets it go.
func TestPrestartTakeRelease(t *testing.T) {
	Prestart()
	w := Take()
	if w == nil {
		t.Fatal("Take gave nothing after Prestart")
	}
	if again := Take(); again != nil {
		t.Error("Take gave the prestarted reaper twice")
	}
	w.Abandon()

	Prestart()
	Release()
	if w := Take(); w != nil {
		t.Error("Take gave a reaper after Release")
	}
	Release() // nothing to let go: no effect
}

// A job with more descriptors than a reaper takes is refused, by name,
// and starts nothing.
func TestJobWithTooManyFiles(t *testing.T) {
	w, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	extra := make([]*os.File, maxJobFiles+4)
	for i := range extra {
		extra[i] = null
	}
	dir := t.TempDir()
	err = w.Send(Job{Path: "/bin/sh", Argv: []string{"sh", "-c", "touch started"}, Dir: dir, Stdin: null, Extra: extra})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	out, _ := io.ReadAll(w.Output)
	st, _ := w.Process.Wait()
	if st.ExitCode() != 1 || !strings.Contains(string(out), "descriptors") {
		t.Errorf("a job of %d descriptors: exit %v, output %q; want exit 1 and a reason", len(extra)+1, st, out)
	}
	if _, err := os.Stat(dir + "/started"); err == nil {
		t.Error("the reaper started the job anyway")
	}
}

// The parent-death signal also comes when the thread of the shell that
// forked the reaper ends. That one ends nothing while the shell lives:
// before the reaper handles signals (it waits for its job then) as
// after; nor does a hangup once it handles them.
func TestStraySignalsEndNothing(t *testing.T) {
	w, err := Start()
	if err != nil {
		t.Fatal(err)
	}
	// The reaper names itself first thing in its run, before it reads
	// its job: from then on, its signals are Go's.
	comm := "/proc/" + strconv.Itoa(w.Process.Pid) + "/comm"
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		if b, _ := os.ReadFile(comm); strings.TrimSpace(string(b)) == Name {
			break
		}
		if time.Now().After(deadline) {
			w.Abandon()
			t.Fatal("the reaper did not start")
		}
	}
	if err := w.Process.Signal(deathSignal); err != nil {
		t.Fatal(err)
	}
	null, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	defer null.Close()
	// The program waits before it signals its parent, the reaper, so
	// that the reaper handles signals by then.
	err = w.Send(Job{Path: "/bin/sh", Argv: []string{"sh", "-c", "sleep 0.3; kill -" + strconv.Itoa(int(deathSignal)) + " $PPID; kill -HUP $PPID; sleep 0.3; echo alive"}, Stdin: null})
	if err != nil {
		t.Fatalf("Send: %v", err)
	}
	out, _ := io.ReadAll(w.Output)
	st, err := w.Process.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if st.ExitCode() != 0 || !strings.Contains(string(out), "alive") {
		t.Errorf("the reaper, sent its parent-death signal before its job and that and SIGHUP after: %v, output %q; want exit 0 and the program's %q", st, out, "alive")
	}
}
