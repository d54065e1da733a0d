package interp

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// ansiEscape matches the colour sequences a drawn answer may hold.
var ansiEscape = regexp.MustCompile("\x1b\\[[0-9;]*m")

// widestLine is the widest line of s in runes, colour sequences left out.
func widestLine(s string) int {
	widest := 0
	for line := range strings.SplitSeq(ansiEscape.ReplaceAllString(s, ""), "\n") {
		widest = max(widest, utf8.RuneCountInString(line))
	}
	return widest
}

// RunMeta's MetaView reaches the meta command in the evaluator: :timeline
// fits the width it is given, and is coloured only when asked.
func TestSessionRunMetaDrawsForTheView(t *testing.T) {
	s := startSession(t, Options{})
	ctx := context.Background()
	res, err := s.Eval(ctx, `pg.Go("worker", func(ctx context.Context) { time.Sleep(20 * time.Millisecond) }).Wait()`, nil)
	if err != nil || res.Err != nil {
		t.Fatalf("eval: %v, %v", err, res.Err)
	}
	narrow, err := s.RunMeta(ctx, "timeline", "", MetaView{Width: 40})
	if err != nil || narrow.Err != nil {
		t.Fatalf(":timeline at 40 columns: %v, %v", err, narrow.Err)
	}
	if !strings.Contains(narrow.Text, "worker") {
		t.Fatalf(":timeline does not show the task:\n%s", narrow.Text)
	}
	if w := widestLine(narrow.Text); w > 40 {
		t.Errorf(":timeline at 40 columns drew a line of %d:\n%s", w, narrow.Text)
	}
	if ansiEscape.MatchString(narrow.Text) {
		t.Errorf(":timeline without colour is coloured: %q", narrow.Text)
	}
	wide, err := s.RunMeta(ctx, "timeline", "", MetaView{Width: 120, Colour: true})
	if err != nil || wide.Err != nil {
		t.Fatalf(":timeline at 120 columns: %v, %v", err, wide.Err)
	}
	if w := widestLine(wide.Text); w <= 40 || w > 120 {
		t.Errorf(":timeline at 120 columns drew its widest line at %d:\n%s", w, wide.Text)
	}
	if !ansiEscape.MatchString(wide.Text) {
		t.Errorf(":timeline with colour has no colour: %q", wide.Text)
	}
}
