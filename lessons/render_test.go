package lessons

import (
	"strings"
	"testing"
)

func TestRenderPlain(t *testing.T) {
	md := "Some *emphasis* and `code` in a paragraph that is long enough to wrap at the width we give it here.\n\n" +
		"- one\n- two\n\n```go example\nfmt.Println(1)\n```\n\n| A | B |\n| --- | --- |\n| x | longer |\n"
	got := Render(md, Style{Width: 40})
	want := "Some emphasis and code in a paragraph\n" +
		"that is long enough to wrap at the width\n" +
		"we give it here.\n" +
		"\n" +
		"  • one\n" +
		"  • two\n" +
		"\n" +
		"  (:run runs this example)\n" +
		"    fmt.Println(1)\n" +
		"\n" +
		"A  B\n" +
		"x  longer\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderColourMarksCodeAndEmphasis(t *testing.T) {
	got := Render("Use `pg.Go` for **tasks**.", Style{Colour: true, Width: 80})
	if !strings.Contains(got, "\x1b[33mpg.Go\x1b[0m") || !strings.Contains(got, "\x1b[1mtasks\x1b[22m.") {
		t.Errorf("got %q", got)
	}
	if plain := stripANSI(got); plain != "Use pg.Go for tasks.\n" {
		t.Errorf("without colour codes: %q", plain)
	}
}

// A code span and the punctuation glued to it move to the next line
// together, and no line is wider than the style's width.
func TestRenderWrapsGluedWordsTogether(t *testing.T) {
	got := Render("Each step has a check that runs after each input (`:check` runs it now).", Style{Width: 52})
	want := "Each step has a check that runs after each input\n(:check runs it now).\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	for _, line := range strings.Split(Render(strings.Repeat("word `code`, ", 40), Style{Width: 30}), "\n") {
		if n := len([]rune(line)); n > 30 {
			t.Errorf("a line of %d columns: %q", n, line)
		}
	}
}

func TestWrapPlainText(t *testing.T) {
	got := Wrap("not yet: after.Goroutines is 106, only 0 more than before\nsecond line", Style{Width: 30})
	want := "not yet: after.Goroutines is\n  106, only 0 more than before\nsecond line"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestRenderCodeBlockWithoutLanguage(t *testing.T) {
	got := Render("Before.\n\n```\n$ ls /proc/self/fd\n```\n\n    indented code\n", Style{Width: 40})
	want := "Before.\n\n    $ ls /proc/self/fd\n\n    indented code\n"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
}
