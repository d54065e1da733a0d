package interp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// TestSessionTermRequests: a pg.App asks the shell for the terminal
// through the session, raw and back, and draws at the width the shell
// answers; a session without SetTerminal has no terminal to give.
func TestSessionTermRequests(t *testing.T) {
	s := startSession(t, Options{})
	var mu sync.Mutex
	var asked []bool
	s.SetTerminal(func(raw bool) TermReply {
		mu.Lock()
		asked = append(asked, raw)
		mu.Unlock()
		return TermReply{Terminal: true, Width: 40, Height: 20}
	})
	var out collector
	res, err := s.Eval(context.Background(), `pg.NewApp("framed").RunFor(50 * time.Millisecond)`, out.add)
	if err != nil || res.Err != nil {
		t.Fatalf("eval: %v, %v", err, res.Err)
	}
	mu.Lock()
	got := fmt.Sprint(asked)
	mu.Unlock()
	if got != "[true false]" {
		t.Errorf("the App asked for the terminal %s; want raw, then back", got)
	}
	if !strings.Contains(out.String(), "╭─ framed ──") || !strings.Contains(out.String(), "\x1b[?25h") {
		t.Errorf("the App drew no window:\n%q", out.String())
	}
	for _, line := range strings.Split(out.String(), "\n") {
		if i := strings.Index(line, "╭─ framed"); i >= 0 && len([]rune(line[i:])) > 39+len("\x1b[K") {
			t.Errorf("the window is wider than the 40 columns the shell gave, less one: %q", line)
		}
	}

	s.SetTerminal(nil)
	out = collector{}
	if _, err := s.Eval(context.Background(), `pg.NewApp("headless").RunFor(50 * time.Millisecond)`, out.add); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "╭─") || !strings.Contains(out.String(), `pg.App "headless" closed:`) {
		t.Errorf("without a terminal the App should draw nothing and say it closed:\n%q", out.String())
	}
}
