package termdraw

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/creack/pty"
)

func TestRenderBar(t *testing.T) {
	tests := []struct {
		width, done, total int
		label              string
		colour             bool
		want               string
	}{
		{40, 0, 20, "checking", false, "checking ····················· 0/20   0%"},
		{40, 12, 20, "checking", false, "checking ████████████········ 12/20  60%"},
		{40, 20, 20, "checking", false, "checking ████████████████████ 20/20 100%"},
		{40, 7, 20, "checking", false, "checking ███████▎············· 7/20  35%"},
		{20, 5, 10, "a long label here", false, "█████····· 5/10  50%"},
		{8, 5, 10, "label", false, "████····"},
		{30, 3, 0, "", false, "···························· 3"},
		{24, 1, 2, "x", true, "x \x1b[32m██████▌\x1b[0m\x1b[2m░░░░░░\x1b[22m 1/2  50%"},
	}
	for _, tt := range tests {
		got := RenderBar(tt.width, tt.done, tt.total, tt.label, tt.colour)
		if got != tt.want {
			t.Errorf("RenderBar(%d, %d, %d, %q, %v) =\n%q, want\n%q", tt.width, tt.done, tt.total, tt.label, tt.colour, got, tt.want)
		}
		if w := Width(got); w > tt.width {
			t.Errorf("RenderBar(%d, ...) is %d columns wide", tt.width, w)
		}
	}
}

func TestBarOffTerminalPassesWritesThrough(t *testing.T) {
	var buf bytes.Buffer
	b := NewBar(&buf, 3, "work")
	b.Add(1)
	fmt.Fprintln(b, "a line")
	b.Add(2)
	b.Done()
	if got := buf.String(); got != "a line\n" {
		t.Fatalf("a Bar off a terminal wrote %q, want only the line written through it", got)
	}
}

func TestBarOnTerminalDrawsAndClears(t *testing.T) {
	ptmx, tty, err := pty.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer ptmx.Close()
	if err := pty.Setsize(ptmx, &pty.Winsize{Rows: 24, Cols: 50}); err != nil {
		t.Fatal(err)
	}
	t.Setenv("NO_COLOR", "1")
	out := make(chan string)
	go func() {
		b, _ := io.ReadAll(ptmx)
		out <- string(b)
	}()
	b := NewBar(tty, 2, "work")
	b.Add(1)
	fmt.Fprintln(b, "said above")
	b.Add(1)
	b.Done()
	b.Add(1) // after Done: nothing
	tty.Close()
	got := <-out
	for _, want := range []string{"work ", "1/2  50%", "said above", "2/2 100%", "\r\x1b[2K"} {
		if !strings.Contains(got, want) {
			t.Errorf("the terminal got %q; it lacks %q", got, want)
		}
	}
	if strings.Contains(got, "3/2") {
		t.Errorf("the bar was drawn after Done: %q", got)
	}
	// Each drawing fits the 50 columns, less one.
	for _, line := range strings.Split(got, "\r") {
		if w := Width(strings.TrimSuffix(strings.TrimSuffix(line, "\x1b[K"), "\n")); w > 49 {
			t.Errorf("a drawing is %d columns wide: %q", w, line)
		}
	}
}
