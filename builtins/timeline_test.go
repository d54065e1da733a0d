package builtins

import (
	"context"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestTimelineRecordsWhatRan runs a task that waits on a channel, a
// process and a connection, and reads them back from :timeline.
func TestTimelineRecordsWhatRan(t *testing.T) {
	resetTasks(t)
	ch := make(chan int)
	waiter := Go("waiter", func(ctx context.Context) { <-ch })
	// The sampler logs the wait within a few of its periods.
	deadline := time.Now().Add(5 * time.Second)
	for !tlLogged(waiter.ID, tlWaiting, "chan receive") {
		if time.Now().After(deadline) {
			t.Fatalf("the sampler never logged t%d waiting on a channel; log: %v", waiter.ID, tlEvents()[waiter.ID])
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(ch)
	waiter.Wait()
	crash := Go("crash", func(ctx context.Context) { panic("boom") })
	crash.Wait()
	if _, err := Run("true"); err != nil {
		t.Fatal(err)
	}
	_, c, _ := connPair(t)
	c.Close()

	out, err := RunMetaIn(MetaContext{Width: 100}, "timeline", "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"timeline: the session so far", "waiter", "done", "crash", "panicked: boom", "p", "true", "exited 0", "tcp dial", "closed", "tcp listen", "listening", "█ running"} {
		if !strings.Contains(out, want) {
			t.Errorf(":timeline lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf(":timeline without colour has escape sequences:\n%q", out)
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 100 {
			t.Errorf("a line is %d runes wide, more than 100: %q", n, line)
		}
	}

	// One task by name, in colour.
	one, err := RunMetaIn(MetaContext{Width: 60, Colour: true}, "timeline", "waiter")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(one, "waiter") || strings.Contains(one, "crash") || !strings.Contains(one, "\x1b[") {
		t.Errorf(":timeline waiter should show that task alone, in colour:\n%s", one)
	}
	// The last 5 seconds.
	if recent, err := RunMetaIn(MetaContext{Width: 80}, "timeline", "5s"); err != nil || !strings.Contains(recent, "last 5s") {
		t.Errorf(":timeline 5s = %q, %v", recent, err)
	}
	for _, bad := range []string{"nosuchthing", "-3s", "1s 2s 3s", "a b"} {
		if _, err := RunMetaIn(MetaContext{}, "timeline", bad); err == nil {
			t.Errorf(":timeline %s should fail", bad)
		}
	}
}

// tlLogged reports whether the log holds a change of task id to state.
func tlLogged(id int, state tlState, reason string) bool {
	for _, e := range tlEvents()[id] {
		if e.state == state && e.reason == reason {
			return true
		}
	}
	return false
}

func TestTimelineRingKeepsTheLatest(t *testing.T) {
	tlLog.mu.Lock()
	saved, savedN := tlLog.ev, tlLog.n
	tlLog.ev, tlLog.n = make([]tlEvent, 4), 0
	tlLog.mu.Unlock()
	t.Cleanup(func() {
		tlLog.mu.Lock()
		tlLog.ev, tlLog.n = saved, savedN
		tlLog.mu.Unlock()
	})
	for i := 1; i <= 6; i++ {
		tlRecord(tlEvent{task: 1000 + i%2, reason: string(rune('a' + i))})
	}
	var got []string
	for _, task := range []int{1000, 1001} {
		for _, e := range tlEvents()[task] {
			got = append(got, e.reason)
		}
	}
	if strings.Join(got, "") != "egdf" {
		t.Fatalf("the ring of 4 after 6 events holds %q, want the last four by task: egdf", strings.Join(got, ""))
	}
}

// TestTimelineSamplesProcesses: on Linux the sampler sees a process that
// sleeps as waiting, and :timeline says so.
func TestTimelineSamplesProcesses(t *testing.T) {
	if runtime.GOOS != "linux" {
		return // only /proc tells; elsewhere a process shows as running while it lives
	}
	p, err := Start("sleep", "30")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Wait()
	defer p.Kill()
	deadline := time.Now().Add(5 * time.Second)
	for !tlLogged(-p.id, tlWaiting, "sleeping") {
		if time.Now().After(deadline) {
			t.Fatalf("the sampler never logged %s sleeping; log: %v", p.ID(), tlEvents()[-p.id])
		}
		time.Sleep(10 * time.Millisecond)
	}
	out, err := RunMetaIn(MetaContext{Width: 120}, "timeline", p.ID())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "░sleeping░") && !strings.Contains(out, "├sleeping░") {
		t.Errorf(":timeline %s should show it sleeping:\n%s", p.ID(), out)
	}
}

// "sampling off" (lessons check's sandboxes) keeps no timeline: a task
// that waits is not sampled. Off is for good, so it runs in a process of
// its own.
func TestTimelineSamplingOff(t *testing.T) {
	if os.Getenv("PG_TEST_SAMPLING_OFF") == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^TestTimelineSamplingOff$", "-test.count=1", "-test.v")
		cmd.Env = append(os.Environ(), "PG_TEST_SAMPLING_OFF=1")
		out, err := cmd.CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestTimelineSamplingOff") {
			t.Fatalf("%v\n%s", err, out)
		}
		return
	}
	if _, err := RunMeta("sampling", "on"); err == nil {
		t.Error(`"sampling on" was accepted: only off is`)
	}
	if _, err := RunMeta("sampling", "off"); err != nil {
		t.Fatal(err)
	}
	ch := make(chan int)
	waiter := Go("waiter", func(ctx context.Context) { <-ch })
	// Ten of the sampler's shortest periods, and more: it would have
	// logged the wait by now (TestTimelineRecordsWhatRan).
	time.Sleep(20 * tlMinPeriod)
	close(ch)
	waiter.Wait()
	if events := tlEvents(); len(events) != 0 {
		t.Errorf("with sampling off, the timeline logged %v", events)
	}
}
