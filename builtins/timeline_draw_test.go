package builtins

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/learn-concurrency/playground/internal/termdraw"
)

// update rewrites the golden files of the renderers' tests:
// go test ./builtins -run 'Draw' -update
var update = flag.Bool("update", false, "rewrite testdata/*.golden from the renderers' output")

// golden compares got with testdata/name.golden, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run %s -update writes it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from %s; got:\n%s\nwant:\n%s", t.Name(), path, got, want)
	}
}

// recordedTimeline is a session as :timeline recorded it: a worker that
// waits on a channel and is done, a sleeper cancelled by :kill, a task
// that panics, a process that exits 1, an echo server with a connection.
func recordedTimeline() tlData {
	t0 := time.Date(2026, 11, 28, 5, 0, 0, 0, time.UTC)
	at := func(ms int) time.Time { return t0.Add(time.Duration(ms) * time.Millisecond) }
	return tlData{
		From: t0, To: at(6000), Title: "the session so far",
		Lanes: []tlLane{
			{ID: "t1", Name: "worker", Start: at(100), End: at(4200), How: tlDone, Status: "done",
				Spans: []tlSpan{{At: at(120), State: tlRunning}, {At: at(700), State: tlWaiting, Reason: "chan receive"}, {At: at(3600), State: tlRunning}}},
			{ID: "t2", Name: "sleeper", Start: at(300), End: at(5100), How: tlCancelled, Status: "cancelled",
				Spans: []tlSpan{{At: at(320), State: tlWaiting, Reason: "sleep"}}},
			{ID: "t3", Name: "crash", Start: at(1500), End: at(1520), How: tlPanicked, Status: "panicked: boom"},
			{ID: "p1", Name: "sh -c 'sleep 2; exit 1'", Start: at(2000), End: at(4010), How: tlFailed, Status: "exited 1",
				Spans: []tlSpan{{At: at(2010), State: tlRunning}, {At: at(2030), State: tlWaiting, Reason: "sleeping"}, {At: at(4000), State: tlRunning}}},
			{ID: "s1", Name: "tcp echo 127.0.0.1:40123", Start: at(2500), Status: "listening",
				Spans: []tlSpan{{At: at(2500), State: tlListening}}},
			{ID: "s2", Name: "tcp dial 127.0.0.1:40123", Start: at(2600), End: at(5800), How: tlClosed, Status: "closed"},
			{ID: "t4", Name: "a task with a very long name indeed", Start: at(5000), Status: "waiting (select)",
				Spans: []tlSpan{{At: at(5010), State: tlWaiting, Reason: "select"}}},
		},
	}
}

func TestDrawTimelineGolden(t *testing.T) {
	goldenWidths(t, "timeline", func(t *testing.T, width int, colour bool) string {
		return drawTimeline(recordedTimeline(), width, colour)
	})
}

// goldenWidths compares what draw draws at 40, 80 and 120 columns, with
// and without colour, with testdata/PREFIX_WIDTH[_colour].golden; no line
// may be wider than the width, and without colour there are no escapes.
func goldenWidths(t *testing.T, prefix string, draw func(t *testing.T, width int, colour bool) string) {
	for _, width := range []int{40, 80, 120} {
		for _, colour := range []bool{false, true} {
			name := fmt.Sprintf("%s_%d", prefix, width)
			if colour {
				name += "_colour"
			}
			t.Run(name, func(t *testing.T) {
				got := draw(t, width, colour)
				for i, line := range strings.Split(got, "\n") {
					if w := termdraw.Width(line); w > width {
						t.Errorf("line %d is %d columns wide, more than %d: %q", i+1, w, width, line)
					}
				}
				if !colour && strings.Contains(got, "\x1b") {
					t.Errorf("escape sequences without colour:\n%q", got)
				}
				golden(t, name, got)
			})
		}
	}
}
