package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A command line that asks for a session starts the session's reaper
// during init (internal/reaper/prestart). When no session takes it (the
// program to run cannot be read), the playground lets it go and reaps
// it: nothing it started outlives it. This test process is made a child
// subreaper meanwhile, so that what the playground left would come to it.
func TestUnusedReaperEndsWithThePlayground(t *testing.T) {
	const prSetChildSubreaper = 36
	if _, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0); errno != 0 {
		t.Fatalf("PR_SET_CHILD_SUBREAPER: %v", errno)
	}
	defer syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 0, 0)
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	// TestMain runs the playground when this binary is named so.
	dir := t.TempDir()
	bin := filepath.Join(dir, "playground")
	if err := os.Symlink(self, bin); err != nil {
		t.Fatal(err)
	}
	mark := "PLAYGROUND_TEST_MARK=" + strconv.FormatInt(time.Now().UnixNano(), 36)
	for i := 0; i < 5; i++ {
		cmd := exec.Command(bin, "run", filepath.Join(dir, "missing.go"))
		cmd.Env = append(os.Environ(), mark)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		if code := cmd.ProcessState.ExitCode(); code != 1 || !strings.Contains(stderr.String(), "missing.go") {
			t.Fatalf("playground run missing.go: %v, exit %d, stderr %q; want exit 1 and an error naming the file", err, code, stderr.String())
		}
		if left := processesWith(mark); len(left) > 0 {
			t.Fatalf("after the playground exited, processes it started are left: %v", left)
		}
		var ws syscall.WaitStatus
		if pid, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil); err != syscall.ECHILD {
			t.Fatalf("after the playground exited, a process it started came to this one to reap (pid %d, %v)", pid, err)
		}
	}
}

// processesWith lists the processes whose environment holds kv.
func processesWith(kv string) []string {
	var found []string
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		env, err := os.ReadFile(filepath.Join("/proc", e.Name(), "environ"))
		if err != nil {
			continue
		}
		for _, entry := range bytes.Split(env, []byte{0}) {
			if string(entry) == kv {
				cmdline, _ := os.ReadFile(filepath.Join("/proc", e.Name(), "cmdline"))
				found = append(found, e.Name()+" "+strings.ReplaceAll(string(cmdline), "\x00", " "))
			}
		}
	}
	return found
}
