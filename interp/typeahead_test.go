package interp

import (
	"context"
	"testing"
)

// What the shell forwards to standard input and learner code leaves
// unread is taken back, counted, and gone from standard input; what
// learner code reads is its own.
func TestTakeUnreadInput(t *testing.T) {
	s := startSession(t, Options{})
	ctx := context.Background()
	if err := s.Input([]byte("first\nsecond\n")); err != nil {
		t.Fatal(err)
	}
	res, err := s.Eval(ctx, `var line string; fmt.Scanln(&line); line`, nil)
	if err != nil || res.Err != nil {
		t.Fatalf("Scanln: %v %+v", err, res.Err)
	}
	if res.Value != `"first"` {
		t.Errorf("Scanln read %s, want \"first\"", res.Value)
	}
	n, err := s.TakeUnreadInput(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if want := len("second\n"); n != want {
		t.Errorf("took back %d bytes, want %d (\"second\\n\")", n, want)
	}
	if n, err := s.TakeUnreadInput(ctx); err != nil || n != 0 {
		t.Errorf("a second take: %d, %v; want 0, nil", n, err)
	}
}
